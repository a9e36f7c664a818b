import { describe, expect, it } from 'vitest';
import {
  isValidOrgnr, orgnrCheckDigit, slugFromName, validateCountry, validateEmail, validateInviteHours,
  validateNewPassword, validateOrgnr, validatePasswordConfirm, validateSlug,
} from '../../src/state/validation';
import { toOrgFields, validateOrgForm } from '../../src/state/orgForm';

describe('Norwegian organisation number (mod 11)', () => {
  it('accepts valid numbers', () => {
    expect(isValidOrgnr('123456785')).toBe(true);
    expect(isValidOrgnr('111111111')).toBe(true);
  });

  it('maps check 11 to 0', () => {
    // 9*3+8*2+3*7+9*6+7*5+4*4+8*3+8*2 = 209 = 19*11 -> 11 - 0 = 11 -> 0
    expect(orgnrCheckDigit('98397488')).toBe(0);
    expect(isValidOrgnr('983974880')).toBe(true);
    expect(isValidOrgnr('983974881')).toBe(false);
  });

  it('treats check 10 as invalid for every last digit', () => {
    expect(orgnrCheckDigit('91234567')).toBeNull();
    for (let d = 0; d <= 9; d++) expect(isValidOrgnr(`91234567${d}`)).toBe(false);
  });

  it('rejects a wrong check digit, wrong length and non-digits', () => {
    expect(isValidOrgnr('123456789')).toBe(false);
    expect(isValidOrgnr('12345678')).toBe(false);
    expect(isValidOrgnr('1234567850')).toBe(false);
    expect(isValidOrgnr('12345678A')).toBe(false);
  });

  it('allows the spaces people type', () => {
    expect(isValidOrgnr('983 974 880')).toBe(true);
  });

  it('names the problem', () => {
    expect(validateOrgnr('')).toBe('validation.required');
    expect(validateOrgnr('12345')).toBe('validation.orgnr_format');
    expect(validateOrgnr('123456789')).toBe('validation.orgnr_checksum');
    expect(validateOrgnr('123 456 785')).toBeNull();
  });
});

describe('organisation form', () => {
  it('sends orgnr without spaces for a Norwegian organisation', () => {
    const value = { kind: 'norwegian' as const, name: ' Helse Vest RHF ', orgnr: '983 974 880', foreignId: '', country: '' };
    expect(validateOrgForm(value)).toEqual({});
    expect(toOrgFields(value)).toEqual({ name: 'Helse Vest RHF', orgnr: '983974880' });
  });

  it('needs a foreign id and a two-letter country for a foreign organisation', () => {
    const value = { kind: 'foreign' as const, name: 'Region Skåne', orgnr: '', foreignId: '', country: 'Sverige' };
    expect(validateOrgForm(value)).toEqual({ foreignId: 'validation.required', country: 'validation.country' });
    expect(toOrgFields({ ...value, foreignId: 'SE5560000001', country: 'se' })).toEqual({
      name: 'Region Skåne', foreign_id: 'SE5560000001', country: 'SE',
    });
  });
});

describe('other rules', () => {
  it('checks email addresses loosely', () => {
    expect(validateEmail('kari@helse-vest.no')).toBeNull();
    expect(validateEmail(' kari@helse-vest.no ')).toBeNull();
    expect(validateEmail('kari')).toBe('validation.email');
    expect(validateEmail('kari@localhost')).toBe('validation.email');
    expect(validateEmail('')).toBe('validation.required');
  });

  it('needs at least 10 characters in a new password, and a matching confirmation', () => {
    expect(validateNewPassword('123456789')).toBe('validation.password_short');
    expect(validateNewPassword('1234567890')).toBeNull();
    expect(validatePasswordConfirm('abcdefghij', 'abcdefghiJ')).toBe('validation.password_mismatch');
    expect(validatePasswordConfirm('abcdefghij', 'abcdefghij')).toBeNull();
  });

  it('keeps invitation validity within 1..720 hours', () => {
    expect(validateInviteHours('0')).toBe('validation.invite_hours');
    expect(validateInviteHours('1')).toBeNull();
    expect(validateInviteHours('720')).toBeNull();
    expect(validateInviteHours('721')).toBe('validation.invite_hours');
    expect(validateInviteHours('1.5')).toBe('validation.whole_number');
  });

  it('makes and checks team slugs', () => {
    expect(slugFromName('Bygg og anlegg')).toBe('bygg-og-anlegg');
    expect(slugFromName('Medisinsk materiell – Sør')).toBe('medisinsk-materiell-sor');
    expect(slugFromName('Kjøretøy og båter')).toBe('kjoretoy-og-bater');
    expect(validateSlug('ikt')).toBeNull();
    expect(validateSlug('IKT')).toBe('validation.slug');
    expect(validateSlug('-ikt')).toBe('validation.slug');
  });

  it('checks country codes', () => {
    expect(validateCountry('SE')).toBeNull();
    expect(validateCountry('se')).toBeNull();
    expect(validateCountry('SWE')).toBe('validation.country');
  });
});
