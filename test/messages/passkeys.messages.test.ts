import { describe, expect, it } from 'vitest';
import { createTranslator, de, en, es } from 'amplify-mfa-flow/messages';
import { PASSKEY_ERROR_MESSAGES, toPasskeyError } from 'amplify-mfa-flow/passkeys';

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
    expect(createTranslator(de).error(closed)).toBe(de.passkeyErrors.PASSKEY_NOT_ALLOWED);
    expect(createTranslator(es, { passkeyErrors: { PASSKEY_NOT_ALLOWED: 'Cerrado.' } }).error(closed)).toBe('Cerrado.');
    expect(createTranslator(de).step('passkeys', 'confirmingDelete')).toBe(de.steps.passkeys.confirmingDelete);
  });
});
