import { afterEach, describe, expect, it, vi } from 'vitest';

// The README's "Passwordless and passkeys" example (examples/node/passwordless.mjs, quoted byte for byte by
// test/examples/readme.test.ts), run here on the sources.

afterEach(() => vi.restoreAllMocks());

describe('examples/node/passwordless.mjs', () => {
  it('offers the listed factors, types the passkey failure, goes back to another method and signs in with a code', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    const example = new URL('../../examples/node/passwordless.mjs', import.meta.url).href;
    await import(/* @vite-ignore */ example);
    expect(lines).toEqual([
      'factorSelection: EMAIL_OTP, WEB_AUTHN',
      'passkeyFailed: PASSKEY_WRONG_SITE',
      'emailCode: code sent to a***@e***',
      'signedIn as ada@example.com',
    ]);
  });
});
