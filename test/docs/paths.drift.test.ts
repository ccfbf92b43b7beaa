import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { catalogueFor } from '../../src/diagram/catalogue.js';
import { MODELS } from '../../src/diagram/models.js';
import { catalogueIds } from '../support/catalogue.js';

// The committed path catalogues and the testing kit's data must be what the machines make now.
describe('docs/paths and src/testing/data are in sync with the machines', () => {
  for (const entry of MODELS) {
    it(`docs/paths/${entry.name}.md and src/testing/data/${entry.name}.ts`, async () => {
      const { markdown, module, coverage } = catalogueFor(entry, catalogueIds(entry.name));
      expect(coverage.states.missing).toEqual([]);
      expect(coverage.transitions.missing).toEqual([]);
      const committed = (file: string) => readFile(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(await committed(`docs/paths/${entry.name}.md`), `docs/paths/${entry.name}.md is stale: run npm run paths and commit it`).toBe(
        markdown,
      );
      expect(
        await committed(`src/testing/data/${entry.name}.ts`),
        `src/testing/data/${entry.name}.ts is stale: run npm run paths and commit it`,
      ).toBe(module);
      // The sign-in graph (about 6,800 paths before the cover is chosen) takes about 30 s to walk on a loaded 2-core machine.
    }, 180_000);
  }
});
