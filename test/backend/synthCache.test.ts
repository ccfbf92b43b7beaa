import { cp, mkdir, mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYNTH_CACHE, definitionHash, synthesizeCached } from '../../amplify/local/synth.js';
import { REPO } from '../examples/consumer.js';

// A run that changes nothing in the backend definition skips its synthesis
// (test/globalSetup.ts): the cache is keyed by a hash of the definition files.

const work = await mkdtemp(join(tmpdir(), 'synth-cache-test-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** A copy of what the hash reads, plus a file it must not read. */
async function copyOfDefinition(name: string): Promise<string> {
  const root = join(work, name);
  await mkdir(join(root, 'amplify', 'local'), { recursive: true });
  for (const f of ['amplify/backend.ts', 'amplify/auth', 'amplify/package-lock.json', 'amplify/local/synth.ts', 'amplify/local/server.ts'])
    await cp(join(REPO, f), join(root, f), { recursive: true });
  return root;
}

describe('the synthesis cache', () => {
  it('is keyed by the definition, its toolchain lock and the template reader, not by anything else in amplify/', async () => {
    const root = await copyOfDefinition('a');
    const hash = await definitionHash(root);
    expect(hash).toBe(await definitionHash(REPO));
    await appendFile(join(root, 'amplify/local/server.ts'), '\n// unrelated\n');
    expect(await definitionHash(root)).toBe(hash);
    await appendFile(join(root, 'amplify/auth/resource.ts'), '\n// a change to the auth definition\n');
    expect(await definitionHash(root)).not.toBe(hash);
    const lock = await copyOfDefinition('b');
    await appendFile(join(lock, 'amplify/package-lock.json'), '\n');
    expect(await definitionHash(lock)).not.toBe(hash);
  });

  it('answers from the cache without synthesizing when the definition has not changed', async () => {
    const cacheDir = join(work, 'cache');
    await mkdir(cacheDir, { recursive: true });
    const pool = { mfaConfiguration: 'OPTIONAL', marker: 'from the cache' };
    await writeFile(join(cacheDir, `${await definitionHash()}.json`), JSON.stringify({ pool, templates: {} }));
    const got = await synthesizeCached({
      cacheDir,
      onSynthesize: () => {
        throw new Error('synthesized although the cache holds this definition');
      },
    });
    expect(got).toEqual({ pool, templates: {}, cached: true });
  });

  it('lives outside the repository', () => {
    expect(SYNTH_CACHE.startsWith(REPO)).toBe(false);
  });
});
