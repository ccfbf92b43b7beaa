import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderMutationReport } from '../mutation/report.js';

// docs/mutation.md is written from test/mutation/results.json and the current sources of machines/: a file changed
// since its last run is listed as not scored, so changing a machine without `npm run mutation:report` shows here.
describe('docs/mutation.md', () => {
  it('is what test/mutation/results.json says of the current sources (run `npm run mutation:report`)', async () => {
    const { text, unexplained } = await renderMutationReport();
    expect(unexplained, 'survivors with no reason in test/mutation/survivors.ts').toBe(0);
    expect(await readFile(new URL('../../docs/mutation.md', import.meta.url), 'utf8')).toBe(text);
  });
});
