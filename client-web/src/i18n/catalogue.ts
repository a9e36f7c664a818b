// The message catalogues. nb.ts is the reference: its keys are the MessageKey type, and en.ts
// is typed Record<MessageKey, string>, so a key missing from (or extra in) en.ts fails the type
// check; tests/unit/i18n.test.ts also compares keys and {placeholders} at run time.
import type { Language } from '../protocol/types';
import { en } from './en';
import { nb } from './nb';

export type MessageKey = keyof typeof nb;
export type Catalogue = Record<MessageKey, string>;
export type MessageParams = Record<string, string | number>;

export const CATALOGUES: Record<Language, Catalogue> = { nb, en };

/** The message for key in language, with {name} placeholders filled from params. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template = CATALOGUES[language][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Placeholder names in a template, sorted (for the completeness test). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
