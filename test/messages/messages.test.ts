import { describe, expect, it } from 'vitest';
import { createTranslator, de, en, es } from 'amplify-mfa-flow/messages';
import type { MessageCatalogue } from 'amplify-mfa-flow/messages';
import { flowError, toFlowError } from 'amplify-mfa-flow/machines';
import { PASSWORDLESS_ERROR_MESSAGES } from '../../machines/passwordless/passwordless.errors.js';
import { RECOVERY_ERROR_MESSAGES } from '../../machines/recovery/recovery.errors.js';
import { ERROR_MESSAGES } from '../../machines/shared/errors.js';

const SHIPPED: readonly MessageCatalogue[] = [en, es, de];
const keysOf = (o: object) => Object.keys(o).sort();

describe('message catalogues', () => {
  it('every error code and every step of every flow has a message in every shipped language', () => {
    // Every entry's codes: the passwordless and recovery ones have their default text in their own entries.
    const codes = keysOf({ ...ERROR_MESSAGES, ...PASSWORDLESS_ERROR_MESSAGES, ...RECOVERY_ERROR_MESSAGES });
    for (const catalogue of SHIPPED) {
      expect(keysOf(catalogue.errors), `${catalogue.locale} errors`).toEqual(codes);
      for (const [code, text] of Object.entries(catalogue.errors)) expect(text.trim(), `${catalogue.locale} ${code}`).not.toBe('');
      for (const flow of Object.keys(en.steps) as (keyof typeof en.steps)[]) {
        expect(keysOf(catalogue.steps[flow]), `${catalogue.locale} ${flow} steps`).toEqual(keysOf(en.steps[flow]));
        for (const [step, text] of Object.entries(catalogue.steps[flow]))
          expect(text.trim(), `${catalogue.locale} ${flow}.${step}`).not.toBe('');
      }
    }
  });

  it('the other languages are translations, not copies of the English', () => {
    for (const catalogue of [es, de]) {
      const same = Object.entries(catalogue.errors).filter(([code, text]) => text === en.errors[code as keyof typeof en.errors]);
      expect(same, `${catalogue.locale} errors left in English`).toEqual([]);
    }
  });

  it("translates errors and steps, takes an app's own wording over them, and never shows developer detail", () => {
    const t = createTranslator(de, {
      errors: { WRONG_CODE: 'Falscher Code, bitte nochmal.' },
      steps: { signIn: { credentials: 'Willkommen zurück' } },
    });
    expect(t.locale).toBe('de');
    expect(t.error(flowError('LOCKED_OUT'))).toBe(de.errors.LOCKED_OUT);
    expect(t.error(flowError('WRONG_CODE'))).toBe('Falscher Code, bitte nochmal.');
    expect(t.step('signIn', 'credentials')).toBe('Willkommen zurück');
    expect(t.step('totpEnrollment', 'enrolled')).toBe(de.steps.totpEnrollment.enrolled);
    expect(t.error(null)).toBe('');
    const raw = toFlowError(Object.assign(new Error('stack trace: secret internals'), { name: 'WeirdException' }));
    expect(t.error(raw)).toBe(de.errors.UNKNOWN);
    expect(createTranslator(es).error({ ...raw, code: 'NOT_A_CODE' as never })).toBe(es.errors.UNKNOWN);
  });
});
