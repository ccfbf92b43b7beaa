import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/diagram/models.js';

const root = new URL('../../machines/', import.meta.url).pathname;

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

function nodes(n: AnyStateNode): AnyStateNode[] {
  return [n, ...Object.values(n.states).flatMap((c) => nodes(c as AnyStateNode))];
}

describe('machines/ stays pure', () => {
  it('imports nothing but xstate and its own files', async () => {
    const offenders: string[] = [];
    for (const file of await files(root)) {
      const source = await readFile(file, 'utf8');
      for (const [, spec] of source.matchAll(/from '([^']+)'/g)) {
        if (spec !== 'xstate' && !spec!.startsWith('.')) offenders.push(`${file.slice(root.length)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  for (const { name, model } of MODELS) {
    it(`every state of ${name} has a description`, () => {
      const missing = nodes((model.machine as AnyStateMachine).root)
        .filter((n) => !n.description)
        .map((n) => n.id);
      expect(missing).toEqual([]);
    });
  }
});
