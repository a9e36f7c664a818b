// Form rules that mirror the server's, so a person sees a mistake before a round trip.
// Each validator returns the catalogue key of the message, or null when the value is fine.
import {
  DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, INVITE_HOURS_MAX, INVITE_HOURS_MIN,
  ORG_NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, TEAM_NAME_MAX_LENGTH,
  TEAM_SLUG_MAX_LENGTH,
} from '../config';
import type { MessageKey } from '../i18n/catalogue';

export type Problem = MessageKey | null;

const ORGNR_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** Removes the spaces people type in organisation numbers ("983 974 880"). */
export function normaliseOrgnr(value: string): string {
  return value.replace(/\s+/g, '');
}

/**
 * The check digit of the first 8 digits by the mod-11 rule (weights 3 2 7 6 5 4 3 2;
 * check = 11 - sum mod 11; 11 gives 0; 10 means no valid number has these digits).
 * REQUIRES: digits has exactly 8 decimal digits.
 */
export function orgnrCheckDigit(digits: string): number | null {
  let sum = 0;
  for (let i = 0; i < ORGNR_WEIGHTS.length; i++) sum += Number(digits[i]) * ORGNR_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function isValidOrgnr(value: string): boolean {
  const orgnr = normaliseOrgnr(value);
  if (!/^\d{9}$/.test(orgnr)) return false;
  const check = orgnrCheckDigit(orgnr.slice(0, 8));
  return check !== null && check === Number(orgnr[8]);
}

export function validateOrgnr(value: string): Problem {
  const orgnr = normaliseOrgnr(value);
  if (orgnr === '') return 'validation.required';
  if (!/^\d{9}$/.test(orgnr)) return 'validation.orgnr_format';
  return isValidOrgnr(orgnr) ? null : 'validation.orgnr_checksum';
}

export function validateRequired(value: string, maxLength: number): Problem {
  const trimmed = value.trim();
  if (trimmed === '') return 'validation.required';
  if (trimmed.length > maxLength) return 'validation.too_long';
  return null;
}

export function validateEmail(value: string): Problem {
  const email = value.trim();
  if (email === '') return 'validation.required';
  if (email.length > EMAIL_MAX_LENGTH) return 'validation.too_long';
  // Deliberately loose: one @, something on both sides, a dot in the domain, no spaces.
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : 'validation.email';
}

export function validateDisplayName(value: string): Problem {
  return validateRequired(value, DISPLAY_NAME_MAX_LENGTH);
}

export function validateOrgName(value: string): Problem {
  return validateRequired(value, ORG_NAME_MAX_LENGTH);
}

export function validateTeamName(value: string): Problem {
  return validateRequired(value, TEAM_NAME_MAX_LENGTH);
}

export function validateSlug(value: string): Problem {
  if (value === '') return 'validation.required';
  if (value.length > TEAM_SLUG_MAX_LENGTH) return 'validation.too_long';
  return /^[a-z0-9][a-z0-9-]*$/.test(value) ? null : 'validation.slug';
}

export function validateNewPassword(value: string): Problem {
  if (value === '') return 'validation.required';
  if (value.length < PASSWORD_MIN_LENGTH) return 'validation.password_short';
  if (value.length > PASSWORD_MAX_LENGTH) return 'validation.too_long';
  return null;
}

export function validatePasswordConfirm(password: string, confirm: string): Problem {
  if (confirm === '') return 'validation.required';
  return password === confirm ? null : 'validation.password_mismatch';
}

export function validateCountry(value: string): Problem {
  return /^[A-Z]{2}$/.test(value.trim().toUpperCase()) ? null : 'validation.country';
}

export function validateInviteHours(value: string): Problem {
  if (!/^\d+$/.test(value.trim())) return 'validation.whole_number';
  const hours = Number(value.trim());
  return hours >= INVITE_HOURS_MIN && hours <= INVITE_HOURS_MAX ? null : 'validation.invite_hours';
}

/** A slug suggestion from a team name: lower case ASCII letters and digits. */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, TEAM_SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
}

/** The errors of a form: field name -> message key (absent when the field is fine). */
export type FieldErrors<F extends string> = Partial<Record<F, MessageKey>>;

/** Runs each rule; returns only the failing fields. */
export function collectErrors<F extends string>(rules: Record<F, Problem>): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const key of Object.keys(rules) as F[]) {
    const problem = rules[key];
    if (problem !== null) errors[key] = problem;
  }
  return errors;
}

export function hasErrors<F extends string>(errors: FieldErrors<F>): boolean {
  return Object.keys(errors).length > 0;
}
