/**
 * `amplify-mfa-flow/messages`: what the flows say, in English, Spanish and
 * German, keyed by error code and by step, and a translator that takes an
 * app's own wording over any of them. Each language is its own module, so an
 * app bundles only the ones it imports.
 */
import type { FlowError } from '../../machines/shared/errors.js';
import type { PasskeysError } from '../../machines/passkeys/passkeys.errors.js';
import type { Flow, MessageCatalogue, MessageOverrides, StepTitles, Translator } from './types.js';

export { en } from './en.js';
export { es } from './es.js';
export { de } from './de.js';
export type { Flow, MessageCatalogue, MessageOverrides, StepTitles, Translator } from './types.js';

/**
 * A translator over one catalogue, with the app's overrides on top. Unknown
 * codes (from a newer version of the library, say) fall back to the
 * catalogue's UNKNOWN text rather than to anything raw.
 */
export function createTranslator(catalogue: MessageCatalogue, overrides: MessageOverrides = {}): Translator {
  const errors: Readonly<Record<string, string>> = {
    ...catalogue.errors,
    ...catalogue.passkeyErrors,
    ...overrides.errors,
    ...overrides.passkeyErrors,
  };
  const steps = (flow: Flow): Readonly<Record<string, string | undefined>> => ({ ...catalogue.steps[flow], ...overrides.steps?.[flow] });
  return {
    locale: catalogue.locale,
    error: (error: FlowError | PasskeysError | null | undefined) => {
      if (!error) return '';
      return (Object.hasOwn(errors, error.code) ? errors[error.code] : undefined) ?? errors.UNKNOWN ?? '';
    },
    step: <F extends Flow>(flow: F, step: keyof StepTitles[F]) => steps(flow)[step as string] ?? String(step),
  };
}
