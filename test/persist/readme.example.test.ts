import { afterEach, describe, expect, it, vi } from 'vitest';

// The README's "Surviving a reload" example (examples/node/reload.mjs, quoted
// byte for byte by test/examples/readme.test.ts), run here on the sources;
// test/examples runs it again on the packed package.

afterEach(() => vi.restoreAllMocks());

describe('examples/node/reload.mjs', () => {
  it('stores mid-challenge, restores on the same step, signs in; too late is expired', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    const example = new URL('../../examples/node/reload.mjs', import.meta.url).href;
    await import(/* @vite-ignore */ example);
    expect(lines).toEqual([
      'stored on totpCode; password stored: false',
      'restored on totpCode; same expiresAt: true',
      'then: signedIn as ada@example.com',
      'restored too late: expired, SESSION_EXPIRED',
    ]);
  });
});
