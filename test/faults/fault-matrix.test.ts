import { readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../src/diagram/models.js';
import { FAULTS, faultMatrix, renderMatrix, rowsOf } from './matrix.js';
import type { Matrix } from './matrix.js';

const DOC = new URL('../../docs/fault-matrix.md', import.meta.url);

// One test per cell: every call of every machine × every fault leaves the user a typed error and a way on.
describe('fault matrix', () => {
  let matrix: Matrix;
  beforeAll(async () => {
    matrix = await faultMatrix();
    if (process.env.UPDATE_FAULT_MATRIX) await writeFile(DOC, renderMatrix(matrix));
  }, 120_000);

  for (const entry of MODELS) {
    describe(entry.name, () => {
      for (const row of rowsOf(entry.model.machine)) {
        for (const fault of FAULTS) {
          it(`${row.state} (${row.src}) × ${fault.title}`, () => {
            const cell = matrix.cells.find(
              (c) => c.row.machine === row.machine && c.row.state === row.state && c.row.invokeId === row.invokeId && c.fault === fault,
            );
            expect(cell, 'the cell was played').toBeDefined();
            if (cell!.pass !== null) expect(cell!.pass ? 'a typed error and a way on' : cell!.note).toBe('a typed error and a way on');
          });
        }
      }
    });
  }

  it('docs/fault-matrix.md is what the machines do now', async () => {
    const committed = await readFile(DOC, 'utf8').catch(() => '');
    expect(committed, 'docs/fault-matrix.md is stale: run UPDATE_FAULT_MATRIX=1 npx vitest run test/faults and commit it').toBe(
      renderMatrix(matrix),
    );
  });
});
