import { afterEach, describe, expect, it, vi } from 'vitest';

// The README's "Step-up before sensitive changes" example (examples/node/stepUp.mjs, quoted byte for byte by
// test/examples/readme.test.ts), run here on the sources; test/examples runs it again on the packed package.

afterEach(() => vi.restoreAllMocks());

describe('examples/node/stepUp.mjs', () => {
  it('asks an old sign-in to sign in again; a cancel sends nothing; signed in again, TOTP is turned off without asking again', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    const example = new URL('../../examples/node/stepUp.mjs', import.meta.url).href;
    await import(/* @vite-ignore */ example);
    expect(lines).toEqual([
      'reauthenticating as ada@example.com, holding {"kind":"save","change":{"totp":"DISABLED"}}',
      'cancelled: ready, REAUTH_CANCELLED, sent []',
      'signed in again: ready, sent [{"totp":"DISABLED"}], TOTP on: false',
    ]);
  });
});
