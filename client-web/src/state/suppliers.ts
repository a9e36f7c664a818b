// Pure helpers of the supplier screens: list filters in the address bar, the orgnr hint, the
// priority arithmetic, value bands and risk as numbers, reading a CSV file as UTF-8, and the
// dates of the forms (dd.mm.yyyy in, YYYY-MM-DD on the wire).
import type { MessageKey } from '../i18n/catalogue';
import {
  RISK_LEVELS, SUPPLIER_CATEGORIES, VALUE_BANDS, type NoteFilter, type RiskLevel, type SupplierCategory,
  type SupplierFilter, type ValueBand,
} from '../protocol/suppliers';
import { formatLocalDate } from './calendar';
import { normaliseOrgnr, orgnrCheckDigit } from './validation';

// ---- The list filters, as query parameters ----

export interface SupplierListFilter {
  q: string;
  category: SupplierCategory | '';
  country: string;
  risk: RiskLevel | '';
  shared: boolean;
  mine: boolean;
  needsLead: boolean;
}

export const EMPTY_SUPPLIER_FILTER: SupplierListFilter = {
  q: '', category: '', country: '', risk: '', shared: false, mine: false, needsLead: false,
};

function oneOf<T extends string>(values: readonly T[], v: string | null): T | '' {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : '';
}

function flag(q: URLSearchParams, name: string): boolean {
  return q.get(name) === '1';
}

function countryParam(v: string | null): string {
  const c = (v ?? '').trim().toUpperCase();
  return /^[A-Z]{2}$/.test(c) ? c : '';
}

export function supplierFilterFromQuery(q: URLSearchParams): SupplierListFilter {
  return {
    q: (q.get('q') ?? '').slice(0, 200),
    category: oneOf(SUPPLIER_CATEGORIES, q.get('category')),
    country: countryParam(q.get('country')),
    risk: oneOf(RISK_LEVELS, q.get('risk')),
    shared: flag(q, 'shared'),
    mine: flag(q, 'mine'),
    needsLead: flag(q, 'needs_lead'),
  };
}

export function supplierFilterQuery(f: SupplierListFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (f.q.trim()) q.set('q', f.q.trim());
  if (f.category) q.set('category', f.category);
  if (f.country) q.set('country', f.country);
  if (f.risk) q.set('risk', f.risk);
  if (f.shared) q.set('shared', '1');
  if (f.mine) q.set('mine', '1');
  if (f.needsLead) q.set('needs_lead', '1');
  return q;
}

/** The list filter as supplier.list's fields (only what is set). */
export function supplierListRequest(f: SupplierListFilter): SupplierFilter {
  const out: SupplierFilter = {};
  if (f.q.trim()) out.q = f.q.trim();
  if (f.category) out.category = f.category;
  if (f.country) out.country = f.country;
  if (f.risk) out.risk_level = f.risk;
  if (f.shared) out.shared_only = true;
  if (f.mine) out.mine = true;
  if (f.needsLead) out.needs_lead = true;
  return out;
}

export const NOTE_SORTS = ['newest', 'useful'] as const;
export type NoteSort = (typeof NOTE_SORTS)[number];

export interface NoteListFilter {
  q: string;
  teamId: number | null;
  category: SupplierCategory | '';
  country: string;
  theme: string;
  sort: NoteSort;
}

export const EMPTY_NOTE_FILTER: NoteListFilter = { q: '', teamId: null, category: '', country: '', theme: '', sort: 'newest' };

export function noteFilterFromQuery(q: URLSearchParams): NoteListFilter {
  const team = q.get('team');
  const theme = q.get('theme') ?? '';
  return {
    q: (q.get('q') ?? '').slice(0, 200),
    teamId: team !== null && /^[1-9][0-9]{0,15}$/.test(team) ? Number(team) : null,
    category: oneOf(SUPPLIER_CATEGORIES, q.get('category')),
    country: countryParam(q.get('country')),
    theme: /^[a-z_]{1,40}$/.test(theme) ? theme : '',
    sort: oneOf(NOTE_SORTS, q.get('sort')) || 'newest',
  };
}

export function noteFilterQuery(f: NoteListFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (f.q.trim()) q.set('q', f.q.trim());
  if (f.teamId !== null) q.set('team', String(f.teamId));
  if (f.category) q.set('category', f.category);
  if (f.country) q.set('country', f.country);
  if (f.theme) q.set('theme', f.theme);
  if (f.sort !== 'newest') q.set('sort', f.sort);
  return q;
}

export function noteListRequest(f: NoteListFilter, limit: number): NoteFilter {
  const out: NoteFilter = { sort: f.sort, limit };
  if (f.q.trim()) out.q = f.q.trim();
  if (f.teamId !== null) out.team_id = f.teamId;
  if (f.category) out.category = f.category;
  if (f.country) out.country = f.country;
  if (f.theme) out.theme = f.theme;
  return out;
}

// ---- Organisation numbers ----

export type OrgnrHint =
  | { kind: 'empty' }
  | { kind: 'ok' }
  | { kind: 'incomplete'; digits: number }
  | { kind: 'format' }
  | { kind: 'check_digit'; expected: number | null };

/**
 * What to tell someone typing a Norwegian organisation number, before the server checks it:
 * still typing (fewer than nine digits), not digits, or a wrong check digit with the one the
 * first eight digits call for (null: no valid number starts with them).
 */
export function orgnrHint(value: string): OrgnrHint {
  const v = normaliseOrgnr(value);
  if (v === '') return { kind: 'empty' };
  if (!/^\d+$/.test(v) || v.length > 9) return { kind: 'format' };
  if (v.length < 9) return { kind: 'incomplete', digits: v.length };
  const expected = orgnrCheckDigit(v.slice(0, 8));
  return expected !== null && expected === Number(v[8]) ? { kind: 'ok' } : { kind: 'check_digit', expected };
}

/** The message of a hint, or null when there is nothing to say. */
export function orgnrHintMessage(hint: OrgnrHint): { key: MessageKey; params?: Record<string, number> } | null {
  switch (hint.kind) {
    case 'empty':
    case 'ok':
      return null;
    case 'incomplete':
      return { key: 'suppliers.orgnr_incomplete', params: { digits: hint.digits } };
    case 'format':
      return { key: 'validation.orgnr_format' };
    case 'check_digit':
      return hint.expected === null
        ? { key: 'suppliers.orgnr_no_check_digit' }
        : { key: 'suppliers.orgnr_check_digit', params: { expected: hint.expected } };
  }
}

// ---- Priorities ----

/** low 1, medium 2, high 3. */
export function riskWeight(risk: RiskLevel): number {
  return RISK_LEVELS.indexOf(risk) + 1;
}

/** under_1m 1 … over_50m 4; no contract 0. */
export function valueBandWeight(band: ValueBand | null | undefined): number {
  return band ? VALUE_BANDS.indexOf(band) + 1 : 0;
}

/** The priority score of PROTOCOL.md: risk × sharing organisations × the largest value band. */
export function priorityScore(risk: RiskLevel, sharing: number, band: ValueBand | null): number {
  return riskWeight(risk) * sharing * valueBandWeight(band);
}

/** The largest value band among contracts, or null without contracts. */
export function largestValueBand(bands: readonly ValueBand[]): ValueBand | null {
  let best: ValueBand | null = null;
  for (const b of bands) if (valueBandWeight(b) > valueBandWeight(best)) best = b;
  return best;
}

// ---- Files ----

/** UTF-8 bytes to text; null when the bytes are not UTF-8 (e.g. a Windows-1252 export). A BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export class NotUtf8Error extends Error {
  constructor() {
    super('not UTF-8');
    this.name = 'NotUtf8Error';
  }
}

/** Reads a picked file as UTF-8 text (throws NotUtf8Error otherwise). */
export async function readUtf8File(file: Blob): Promise<string> {
  const text = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
  if (text === null) throw new NotUtf8Error();
  return text;
}

/** The length of a string in UTF-8 bytes. */
export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The data lines of a CSV text (non-empty lines after the header), for the wizard's summary. */
export function csvLineCount(text: string): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  return Math.max(0, lines.length - 1);
}

/** "12 kB", "1,4 MB" (a comma in Norwegian, a point in English). */
export function formatBytes(size: number, language: 'nb' | 'en'): string {
  const sep = (s: string) => (language === 'nb' ? s.replace('.', ',') : s);
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} kB`;
  return `${sep((size / (1024 * 1024)).toFixed(1))} MB`;
}

// ---- Dates of the forms ----

/** A wire date for a form field: "2026-03-01" → "01.03.2026"; null → "". */
export function dateField(value: string | null | undefined): string {
  return value ? formatLocalDate(value) : '';
}

/** "2027" → 2027 when in 2022..next year; "" → null; otherwise undefined (invalid). */
export function statementYearFromField(input: string, today: string): number | null | undefined {
  const s = input.trim();
  if (s === '') return null;
  if (!/^\d{4}$/.test(s)) return undefined;
  const y = Number(s);
  const next = Number(today.slice(0, 4)) + 1;
  return y >= 2022 && y <= next ? y : undefined;
}

export function isHttpUrl(value: string): boolean {
  // As the server's check_web_url: a lower-case http(s) scheme, then no space, control
  // character, quote, angle bracket or backslash.
  return /^https?:\/\/[^\s/$.?#"<>\\\u0000-\u001f\u007f][^\s"<>\\\u0000-\u001f\u007f]*$/.test(value.trim());
}

/** "se" → "SE"; a two-letter code or "" (invalid). */
export function countryFromField(input: string): string {
  const c = input.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(c) ? c : '';
}

// ---- Requests ----

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

/**
 * Leaves out optional fields that are empty (null or ""), so a new object is not sent values a
 * strict server might refuse; an empty field is kept only when `before` had a value there (it
 * clears it). `keep` names fields that are always sent.
 */
export function withoutEmpty<T extends object>(fields: T, before: Partial<Record<keyof T, unknown>> | null = null, keep: readonly (keyof T)[] = []): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const v = fields[key];
    if (keep.includes(key) || !isBlank(v) || (before !== null && !isBlank(before[key]))) out[key] = v;
  }
  return out;
}
