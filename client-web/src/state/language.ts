// Which language the UI speaks: the signed-in user's profile language, otherwise the last
// choice kept in local storage, otherwise Norwegian bokmål.
import { LANGUAGE_STORAGE_KEY } from '../config';
import { LANGUAGES, type Language } from '../protocol/types';

export const DEFAULT_LANGUAGE: Language = 'nb';

/** The part of the Web Storage API used here (so tests can pass a Map-backed fake). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function storedLanguage(storage: KeyValueStorage | null): Language {
  try {
    const value = storage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE; // storage disabled by the browser
  }
}

export function storeLanguage(storage: KeyValueStorage | null, language: Language): void {
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage full or disabled: the choice lasts for this page only.
  }
}
