import { describe, expect, it } from 'vitest';
import { createTranslator, de, en, es } from 'amplify-mfa-flow/messages';
import { PASSKEY_ERROR_MESSAGES, toPasskeyError } from 'amplify-mfa-flow/passkeys';
import { PASSWORDLESS_ERROR_MESSAGES, toPasskeyError as toSignInPasskeyError } from 'amplify-mfa-flow/passwordless';

describe('passkey messages', () => {
  it('every passkey error code has a message in every shipped language, translated, and English is the flow’s own', () => {
    const codes = Object.keys(PASSKEY_ERROR_MESSAGES).sort();
    expect(en.passkeyErrors).toBe(PASSKEY_ERROR_MESSAGES);
    for (const catalogue of [es, de]) {
      expect(Object.keys(catalogue.passkeyErrors).sort(), catalogue.locale).toEqual(codes);
      for (const [code, text] of Object.entries(catalogue.passkeyErrors)) {
        expect(text.trim(), `${catalogue.locale} ${code}`).not.toBe('');
        expect(text, `${catalogue.locale} ${code} left in English`).not.toBe(en.passkeyErrors[code as keyof typeof en.passkeyErrors]);
      }
    }
  });

  it('the translator reads passkey errors by code, with an app’s own wording over them', () => {
    const closed = toPasskeyError({ name: 'NotAllowedError' })!;
    expect(createTranslator(de).error(closed)).toBe(de.passkeyErrors.PASSKEY_CANCELLED);
    expect(createTranslator(es, { passkeyErrors: { PASSKEY_CANCELLED: 'Cerrado.' } }).error(closed)).toBe('Cerrado.');
    expect(createTranslator(de).step('passkeys', 'confirmingDelete')).toBe(de.steps.passkeys.confirmingDelete);
  });
});

describe('one vocabulary for passkey failures', () => {
  // Every name a passkey ceremony fails with in either flow (aws-amplify's, the browser's) and what it is.
  const NAMES: readonly [string, string][] = [
    ['PasskeyAuthenticationCanceled', 'PASSKEY_CANCELLED'],
    ['PasskeyOperationAborted', 'PASSKEY_CANCELLED'],
    ['NotAllowedError', 'PASSKEY_CANCELLED'],
    ['AbortError', 'PASSKEY_CANCELLED'],
    ['TimeoutError', 'PASSKEY_TIMEOUT'],
    ['PasskeyNotSupported', 'PASSKEY_UNSUPPORTED'],
    ['NotSupportedError', 'PASSKEY_UNSUPPORTED'],
    ['RelyingPartyMismatch', 'PASSKEY_WRONG_SITE'],
    ['SecurityError', 'PASSKEY_WRONG_SITE'],
    ['PasskeyRetrievalFailed', 'PASSKEY_FAILED'],
    ['InvalidPasskeyAuthenticationOptions', 'PASSKEY_FAILED'],
    ['UnknownError', 'PASSKEY_FAILED'],
  ];
  // What only a registration or Cognito's passkey calls fail with: passkey management's alone.
  const REGISTRATION: readonly [string, string][] = [
    ['PasskeyRegistrationCanceled', 'PASSKEY_CANCELLED'],
    ['WebAuthnOriginNotAllowedException', 'PASSKEY_WRONG_SITE'],
    ['WebAuthnRelyingPartyMismatchException', 'PASSKEY_WRONG_SITE'],
    ['PasskeyAlreadyExists', 'PASSKEY_EXISTS'],
    ['InvalidStateError', 'PASSKEY_EXISTS'],
    ['WebAuthnNotEnabledException', 'PASSKEY_NOT_ENABLED'],
    ['WebAuthnConfigurationMissingException', 'PASSKEY_NOT_ENABLED'],
    ['WebAuthnChallengeNotFoundException', 'PASSKEY_EXPIRED'],
    ['PasskeyRegistrationFailed', 'PASSKEY_FAILED'],
    ['InvalidPasskeyRegistrationOptions', 'PASSKEY_FAILED'],
    ['WebAuthnCredentialNotSupportedException', 'PASSKEY_FAILED'],
    ['WebAuthnClientMismatchException', 'PASSKEY_FAILED'],
  ];

  it.each(NAMES)('%s is %s in the passkey sign-in and in passkey management', (name, code) => {
    const e = Object.assign(new Error('failed'), { name });
    expect(toPasskeyError(e)?.code, 'management').toBe(code);
    expect(toSignInPasskeyError(e).code, 'sign-in').toBe(code);
    // aws-amplify's wrapper around a browser error it does not know.
    const wrapped = Object.assign(new Error('wrapped'), { name: 'Unknown', underlyingError: e });
    expect([toPasskeyError(wrapped)?.code, toSignInPasskeyError(wrapped).code]).toEqual([code, code]);
  });

  it.each(REGISTRATION)('%s is %s in passkey management', (name, code) => {
    expect(toPasskeyError(Object.assign(new Error('failed'), { name }))?.code).toBe(code);
  });

  it('a code only a registration meets is PASSKEY_FAILED should it ever reach a sign-in', () => {
    expect(toSignInPasskeyError({ name: 'InvalidStateError' })).toMatchObject({ code: 'PASSKEY_FAILED', name: 'InvalidStateError' });
  });

  it('a code both flows meet has one text in every language, and is retryable alike', () => {
    const shared = Object.keys(PASSWORDLESS_ERROR_MESSAGES).filter((code) => Object.hasOwn(PASSKEY_ERROR_MESSAGES, code));
    expect(shared.sort()).toEqual(['PASSKEY_CANCELLED', 'PASSKEY_FAILED', 'PASSKEY_TIMEOUT', 'PASSKEY_UNSUPPORTED', 'PASSKEY_WRONG_SITE']);
    for (const catalogue of [en, es, de])
      for (const code of shared)
        expect(catalogue.errors[code as keyof typeof catalogue.errors], `${catalogue.locale} ${code}`).toBe(
          catalogue.passkeyErrors[code as keyof typeof catalogue.passkeyErrors],
        );
    for (const [name, code] of NAMES) {
      const e = { name };
      expect(toSignInPasskeyError(e).retryable, code).toBe(toPasskeyError(e)!.retryable);
    }
  });

  it('what is not a passkey failure is left to the usual mapping in both', () => {
    const network = Object.assign(new Error('down'), { name: 'NetworkError' });
    expect(toPasskeyError(network)).toBeNull();
    expect(toSignInPasskeyError(network).code).toBe('NETWORK');
    // Only management reads an Unknown it cannot see into as a passkey failure: every call it makes is a passkey call.
    const unknown = Object.assign(new Error('?'), { name: 'Unknown' });
    expect(toPasskeyError(unknown)?.code).toBe('PASSKEY_FAILED');
    expect(toSignInPasskeyError(unknown).code).toBe('UNKNOWN');
  });
});
