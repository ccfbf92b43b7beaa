import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { createTranslator, de, en, es } from 'amplify-mfa-flow/messages';
import type { FlowError } from 'amplify-mfa-flow';
import type { PasskeysError } from 'amplify-mfa-flow/passkeys';
import type { Translator } from 'amplify-mfa-flow/messages';

export const LANGUAGES = { en: 'English', es: 'Español', de: 'Deutsch' } as const;
export type Language = keyof typeof LANGUAGES;

const CATALOGUES = { en, es, de } as const;

/** The page's language, from `?lang=` (English by default), so a reload keeps it. */
export function languageFromUrl(): Language {
  const lang = new URLSearchParams(window.location.search).get('lang');
  return lang === 'es' || lang === 'de' ? lang : 'en';
}

const I18n = createContext<Translator>(createTranslator(en));

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  return <I18n.Provider value={createTranslator(CATALOGUES[language])}>{children}</I18n.Provider>;
}

export function useT(): Translator {
  return useContext(I18n);
}

/** In English the flow's own message (it can be more specific, e.g. the identifier a pool wants); elsewhere the catalogue's. */
export function errorText(t: Translator, error: FlowError | PasskeysError): string {
  return t.locale === 'en' ? error.message : t.error(error);
}
