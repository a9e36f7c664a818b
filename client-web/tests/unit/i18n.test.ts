import { describe, expect, it } from 'vitest';
import { CATALOGUES, placeholders, translate, type MessageKey } from '../../src/i18n/catalogue';
import { en } from '../../src/i18n/en';
import { nb } from '../../src/i18n/nb';

describe('message catalogues', () => {
  const nbKeys = Object.keys(nb).sort();
  const enKeys = Object.keys(en).sort();

  it('have the same keys in nb and en', () => {
    expect(enKeys.filter((k) => !(k in nb))).toEqual([]);
    expect(nbKeys.filter((k) => !(k in en))).toEqual([]);
  });

  it('have no empty messages', () => {
    for (const catalogue of Object.values(CATALOGUES)) {
      for (const [key, text] of Object.entries(catalogue)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of nbKeys as MessageKey[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(nb[key]));
    }
  });

  it('differ between languages for ordinary text', () => {
    expect(translate('nb', 'login.title')).toBe('Logg inn');
    expect(translate('en', 'login.title')).toBe('Sign in');
  });

  it('fill placeholders and leave unknown ones alone', () => {
    expect(translate('nb', 'validation.password_short', { min: 10 })).toBe('Passordet må ha minst 10 tegn.');
    expect(translate('en', 'invite.join', {})).toBe('Join {team}');
  });
});
