import { afterEach, describe, expect, it, vi } from 'vitest';

// The README's "Cancel closes the prompt" example (examples/node/passkeyCancel.mjs, quoted byte for byte by
// test/examples/readme.test.ts), run here on the sources.

afterEach(() => vi.restoreAllMocks());

describe('examples/node/passkeyCancel.mjs', () => {
  it('leaving the passkey step aborts the signal the ceremony was given: the prompt closes before the start is shown', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    const example = new URL('../../examples/node/passkeyCancel.mjs', import.meta.url).href;
    await import(/* @vite-ignore */ example);
    expect(lines).toEqual(['passkey: the prompt is open', 'prompt closed: AbortError', 'credentials: no error']);
  });
});
