import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/diagram/models.js';
import { catalogueFor } from '../../src/diagram/pathsCli.js';

// The committed path catalogues must be what the machines generate now.
describe('docs/paths is in sync with the machines', () => {
  for (const entry of MODELS) {
    it(`docs/paths/${entry.name}.md`, async () => {
      const { markdown, coverage } = catalogueFor(entry);
      expect(coverage.states.missing).toEqual([]);
      expect(coverage.transitions.missing).toEqual([]);
      const committed = await readFile(new URL(`../../docs/paths/${entry.name}.md`, import.meta.url), 'utf8');
      expect(committed, `docs/paths/${entry.name}.md is stale: run npm run paths and commit it`).toBe(markdown);
      // The sign-in graph (about 6,700 paths before the cover is chosen) takes about 30 s to walk on a loaded 2-core machine.
    }, 180_000);
  }
});
