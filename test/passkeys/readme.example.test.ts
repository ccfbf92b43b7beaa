import { afterEach, describe, expect, it, vi } from 'vitest';

// The README's "Passkeys" example (examples/node/passkeys.mjs, quoted byte for byte by
// test/examples/readme.test.ts), run here on the sources.

afterEach(() => vi.restoreAllMocks());

describe('examples/node/passkeys.mjs', () => {
  it('lists none, adds one, a closed prompt changes nothing, deletes it after naming it', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    const example = new URL('../../examples/node/passkeys.mjs', import.meta.url).href;
    await import(/* @vite-ignore */ example);
    expect(lines).toEqual([
      'ready: none',
      'added: This device',
      'prompt closed: PASSKEY_CANCELLED, still This device',
      'confirmingDelete: delete "This device"?',
      'deleted: none',
    ]);
  });
});
