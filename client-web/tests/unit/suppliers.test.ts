// The pure helpers of the supplier screens: list filters in the address bar, the orgnr hint,
// the priority arithmetic, methods, reading CSV as UTF-8, form dates, and the upload paths.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentContentType, documentFilename, uploadContentType, uploadDocument, uploadImport } from '../../src/net/upload';
import {
  defaultRequiredMethod, documentHref, documentUploadPath, FOLLOW_UP_METHODS, IMPORT_ERROR_CODES, IMPORT_ERROR_DETAILS, importUploadPath, methodRank, methodSatisfies,
} from '../../src/protocol/suppliers';
import { IMPORT_DETAIL_KEYS, IMPORT_ERROR_KEYS } from '../../src/ui/screens/suppliers/labels';
import { importDetailText } from '../../src/ui/screens/suppliers/ImportScreen';
import { relianceAgeText } from '../../src/ui/screens/suppliers/SupplierCases';
import { translate } from '../../src/i18n/catalogue';
import type { MessageKey } from '../../src/i18n/catalogue';
import type { Language } from '../../src/protocol/types';
import { dateFromField } from '../../src/state/calendar';
import { parseRoute, routeHref } from '../../src/state/router';
import {
  csvLineCount, dateField, decodeUtf8, EMPTY_NOTE_FILTER, EMPTY_SUPPLIER_FILTER, formatBytes, isHttpUrl, largestValueBand,
  noteFilterFromQuery, noteFilterQuery, noteListRequest, NotUtf8Error, orgnrHint, orgnrHintMessage, priorityScore,
  readUtf8File, riskWeight, statementYearFromField, supplierFilterFromQuery, supplierFilterQuery, supplierListRequest,
  utf8Length, valueBandWeight,
} from '../../src/state/suppliers';
import { ApiError, errorFromWire } from '../../src/protocol/errors';
import { formErrorText } from '../../src/ui/screens/suppliers/common';
import { findingInputs } from '../../src/ui/screens/suppliers/CaseFindings';

describe('supplier list filter', () => {
  it('round-trips through the query string and drops junk', () => {
    const f = { ...EMPTY_SUPPLIER_FILTER, q: 'tekstil as', category: 'tekstil' as const, country: 'CN', risk: 'high' as const, shared: true, needsLead: true };
    const q = supplierFilterQuery(f);
    expect(q.toString()).toBe('q=tekstil+as&category=tekstil&country=CN&risk=high&shared=1&needs_lead=1');
    expect(supplierFilterFromQuery(q)).toEqual(f);
    expect(supplierFilterFromQuery(new URLSearchParams('category=weapons&risk=extreme&country=Norway&mine=yes'))).toEqual(EMPTY_SUPPLIER_FILTER);
    expect(supplierFilterFromQuery(new URLSearchParams('country=se&mine=1'))).toEqual({ ...EMPTY_SUPPLIER_FILTER, country: 'SE', mine: true });
  });

  it('becomes supplier.list fields with only what is set', () => {
    expect(supplierListRequest(EMPTY_SUPPLIER_FILTER)).toEqual({});
    expect(supplierListRequest({ ...EMPTY_SUPPLIER_FILTER, q: '  abc ', risk: 'low', shared: true, mine: true, needsLead: true })).toEqual({
      q: 'abc', risk_level: 'low', shared_only: true, mine: true, needs_lead: true,
    });
  });

  it('is part of the route', () => {
    const route = parseRoute('/suppliers', '?q=x&shared=1', '');
    expect(route).toEqual({ name: 'suppliers', filter: { ...EMPTY_SUPPLIER_FILTER, q: 'x', shared: true } });
    expect(routeHref(route)).toBe('/suppliers?q=x&shared=1');
  });
});

describe('note list filter', () => {
  it('round-trips and defaults to newest first', () => {
    const f = { ...EMPTY_NOTE_FILTER, q: 'tvangsarbeid', teamId: 3, theme: 'forced_labour', sort: 'useful' as const };
    expect(noteFilterFromQuery(noteFilterQuery(f))).toEqual(f);
    expect(noteFilterFromQuery(new URLSearchParams('sort=random&team=0&theme=DROP TABLE'))).toEqual(EMPTY_NOTE_FILTER);
    expect(noteListRequest(f, 50)).toEqual({ q: 'tvangsarbeid', team_id: 3, theme: 'forced_labour', sort: 'useful', limit: 50 });
  });
});

describe('supplier routes', () => {
  it('parses and builds every page', () => {
    const cases: [string, string][] = [
      ['/suppliers/priorities', ''], ['/suppliers/new', ''], ['/suppliers/import', ''], ['/suppliers/12', ''],
      ['/suppliers/12/edit', ''], ['/suppliers/12/cases/new', ''], ['/cases/7', ''], ['/notes', ''], ['/notes/new', '?supplier_id=12&case_id=7'],
      ['/notes/5', ''], ['/notes/5/edit', ''], ['/admin/suppliers', ''],
    ];
    for (const [path, search] of cases) {
      const route = parseRoute(path, search, '');
      expect(route.name, path).not.toBe('not_found');
      expect(routeHref(route)).toBe(path + search);
    }
    expect(parseRoute('/suppliers/0', '', '')).toEqual({ name: 'not_found' });
    expect(parseRoute('/cases/abc', '', '')).toEqual({ name: 'not_found' });
    expect(parseRoute('/notes/new', '?supplier_id=x', '')).toEqual({ name: 'note_new', supplierId: null, caseId: null });
  });
});

describe('orgnr hint', () => {
  it('says how far the typing has come and which check digit fits', () => {
    expect(orgnrHint('')).toEqual({ kind: 'empty' });
    expect(orgnrHint('983 974')).toEqual({ kind: 'incomplete', digits: 6 });
    expect(orgnrHint('98397488O')).toEqual({ kind: 'format' });
    expect(orgnrHint('9839748801')).toEqual({ kind: 'format' });
    expect(orgnrHint('983 974 880')).toEqual({ kind: 'ok' });
    expect(orgnrHint('983974881')).toEqual({ kind: 'check_digit', expected: 0 });
    expect(orgnrHintMessage(orgnrHint('983974881'))).toEqual({ key: 'suppliers.orgnr_check_digit', params: { expected: 0 } });
    expect(orgnrHintMessage(orgnrHint('983974880'))).toBeNull();
  });

  it('knows when no check digit can work', () => {
    // 11 - (sum mod 11) = 10 for these eight digits: no valid number starts with them.
    const hint = orgnrHint('000000060');
    expect(hint.kind).toBe('check_digit');
    expect(hint).toEqual({ kind: 'check_digit', expected: null });
    expect(orgnrHintMessage(hint)).toEqual({ key: 'suppliers.orgnr_no_check_digit' });
  });
});

describe('priorities', () => {
  it('weighs risk and value bands as PROTOCOL.md says', () => {
    expect([riskWeight('low'), riskWeight('medium'), riskWeight('high')]).toEqual([1, 2, 3]);
    expect([valueBandWeight('under_1m'), valueBandWeight('1m_10m'), valueBandWeight('10m_50m'), valueBandWeight('over_50m'), valueBandWeight(null)]).toEqual([1, 2, 3, 4, 0]);
    expect(priorityScore('high', 2, '10m_50m')).toBe(18);
    expect(priorityScore('medium', 3, null)).toBe(0);
    expect(largestValueBand(['1m_10m', 'over_50m', 'under_1m'])).toBe('over_50m');
    expect(largestValueBand([])).toBeNull();
  });
});

describe('methods', () => {
  it('orders by thoroughness with a re-audit as a factory audit', () => {
    expect(methodRank('label_certification')).toBe(0);
    expect(methodRank('re_audit')).toBe(methodRank('factory_audit'));
    expect(methodSatisfies('self_assessment_full', 'self_assessment_simplified')).toBe(true);
    expect(methodSatisfies('self_assessment_full', 'factory_audit')).toBe(false);
    expect(methodSatisfies('re_audit', 'factory_audit')).toBe(true);
    expect(defaultRequiredMethod('basic')).toBe('self_assessment_simplified');
    expect(defaultRequiredMethod('advanced')).toBe('factory_audit');
  });
});

describe('CSV files', () => {
  it('reads UTF-8 (dropping a BOM) and refuses anything else', async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('navn;land\nBlåbær AS;NO\n')]);
    expect(decodeUtf8(withBom)).toBe('navn;land\nBlåbær AS;NO\n');
    // "Blåbær" in Windows-1252: å = 0xE5, æ = 0xE6.
    expect(decodeUtf8(new Uint8Array([0x42, 0x6c, 0xe5, 0x62, 0xe6, 0x72]))).toBeNull();
    await expect(readUtf8File(new Blob([withBom]))).resolves.toBe('navn;land\nBlåbær AS;NO\n');
    await expect(readUtf8File(new Blob([new Uint8Array([0xe5, 0x0a])]))).rejects.toBeInstanceOf(NotUtf8Error);
  });

  it('counts data lines and bytes', () => {
    expect(csvLineCount('\uFEFFnavn\r\nA\r\n\r\nB\n')).toBe(2);
    expect(csvLineCount('')).toBe(0);
    expect(utf8Length('æøå')).toBe(6);
  });
});

describe('form values', () => {
  it('converts dates between dd.mm.yyyy and the wire', () => {
    expect(dateField('2026-03-01')).toBe('01.03.2026');
    expect(dateField(null)).toBe('');
    expect(dateFromField(' ')).toBeNull();
    expect(dateFromField('1.3.2026')).toBe('2026-03-01');
    expect(dateFromField('31.02.2026')).toBeUndefined();
  });

  it('checks the statement year against 2022..next year', () => {
    expect(statementYearFromField('', '2026-11-26')).toBeNull();
    expect(statementYearFromField('2027', '2026-11-26')).toBe(2027);
    expect(statementYearFromField('2028', '2026-11-26')).toBeUndefined();
    expect(statementYearFromField('2021', '2026-11-26')).toBeUndefined();
    expect(statementYearFromField('20x6', '2026-11-26')).toBeUndefined();
  });

  it('formats sizes by language', () => {
    expect(formatBytes(512, 'nb')).toBe('512 B');
    expect(formatBytes(2048, 'en')).toBe('2 kB');
    expect(formatBytes(1.5 * 1024 * 1024, 'nb')).toBe('1,5 MB');
    expect(formatBytes(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
  });

  it('sends only the answered steps of the findings form', () => {
    const empty = { answer: '' as const, comment: '', themes: [], severity: '' as const };
    const rows = {
      '2.1': { ...empty, answer: 'yes' as const }, '2.2': { answer: 'no' as const, comment: ' Mangler risikovurdering ', themes: ['forced_labour'], severity: 'high' as const },
      '2.3': empty, '2.4': empty, '2.5': empty, '2.6': empty,
    };
    expect(findingInputs(rows)).toEqual([
      { step: '2.1', answer: 'yes', comment: '', themes: [], severity: null },
      { step: '2.2', answer: 'no', comment: 'Mangler risikovurdering', themes: ['forced_labour'], severity: 'high' },
    ]);
  });
});

describe('uploads', () => {
  it('builds the paths of PROTOCOL.md', () => {
    expect(documentHref(9)).toBe('/api/documents/9');
    expect(documentUploadPath({ case_id: 4, title: 'Revisjon & rapport', visibility: 'sharing', filename: 'rapport 1.pdf' }))
      .toBe('/api/upload/document?case_id=4&title=Revisjon+%26+rapport&visibility=sharing&filename=rapport+1.pdf');
    expect(importUploadPath(true)).toBe('/api/upload/import?dry_run=1');
    expect(uploadContentType({ type: '' })).toBe('application/octet-stream');
    expect(uploadContentType({ type: 'application/pdf' })).toBe('application/pdf');
  });

  it('sends a document with a type the server takes, and a filename it takes', () => {
    expect(documentContentType({ type: 'application/pdf', name: 'a.bin' })).toBe('application/pdf');
    // Windows calls CSV files Excel's; an empty type is common.
    expect(documentContentType({ type: 'application/vnd.ms-excel', name: 'liste.csv' })).toBe('application/vnd.ms-excel');
    expect(documentContentType({ type: '', name: 'Rapport.DOCX' })).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(documentContentType({ type: 'image/heic', name: 'bilde.heic' })).toBeNull();
    expect(documentContentType({ type: '', name: 'melding.msg' })).toBeNull();
    expect(documentContentType({ type: 'image/gif', name: 'logo.gif' })).toBeNull();
    expect(documentFilename('rapport "endelig" 1/2.pdf')).toBe('rapport _endelig_ 1_2.pdf');
    expect(documentFilename('a\\b\u0007.txt')).toBe('a_b_.txt');
    const long = `${'ø'.repeat(250)}.pdf`;
    expect([...documentFilename(long)].length).toBe(200);
    expect(documentFilename(long).endsWith('ø.pdf')).toBe(true);
    expect(documentFilename('  ')).toBe('dokument');
  });

  it('posts the file as the body and returns the answer', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetchFn = async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ ok: true, document: { id: 1, title: 'Rapport' } }), { status: 200 });
    };
    const file = new File(['%PDF-1.4'], 'rapport.pdf', { type: 'application/pdf' });
    const ans = await uploadDocument(fetchFn, { caseId: 4, title: 'Rapport', visibility: 'team', exemptReason: 'Offl. § 13', file });
    expect(ans.document.id).toBe(1);
    expect(seen[0]!.url).toBe('/api/upload/document?case_id=4&title=Rapport&visibility=team&exempt_reason=Offl.+%C2%A7+13&filename=rapport.pdf');
    expect(seen[0]!.init.body).toBe(file);
    expect((seen[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/pdf');
  });

  it('turns refusals into ApiError', async () => {
    const fetchFn = async () => new Response(JSON.stringify({ ok: false, error: { code: 'bad_request', message: 'csv: empty' } }), { status: 400 });
    await expect(uploadImport(fetchFn, '', true)).rejects.toMatchObject({ code: 'bad_request', message: 'csv: empty' });
    const tooBig = async () => new Response('<html>413</html>', { status: 413 });
    const err = await uploadImport(tooBig, 'x', false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('too_large');
  });
});

describe('overdue action notifications', () => {
  it('lead to the case (or the supplier)', async () => {
    const { notificationHref } = await import('../../src/ui/screens/chat/NotificationMenu');
    const base = {
      id: 1, kind: 'action_overdue' as const, team_id: 0, channel_id: null, topic: '', message_id: null, seq: null, actor_name: null,
      excerpt: 'Kartlegg risiko', created_at: '2026-11-26T07:00:00.000Z', read: false,
    };
    expect(notificationHref({ ...base, supplier_id: 5, case_id: 9, action_id: 3 })).toBe('/cases/9');
    expect(notificationHref({ ...base, supplier_id: 5, case_id: null })).toBe('/suppliers/5');
  });
});

describe('withoutEmpty', () => {
  it('drops empty optional fields unless they clear a value', async () => {
    const { withoutEmpty } = await import('../../src/state/suppliers');
    expect(withoutEmpty({ name: 'A', statement_url: '', statement_year: null, notes: 'x' })).toEqual({ name: 'A', notes: 'x' });
    expect(withoutEmpty({ name: 'A', statement_url: '', statement_year: null }, { statement_url: 'https://x', statement_year: null }))
      .toEqual({ name: 'A', statement_url: '' });
    expect(withoutEmpty({ comment: '' }, null, ['comment'])).toEqual({ comment: '' });
  });
});

describe('small documents', () => {
  it('go as document.upload with base64 content', async () => {
    const { inlineDocumentFields, toBase64, sendDocument, INLINE_DOCUMENT_MAX_BYTES } = await import('../../src/net/upload');
    expect(toBase64(new TextEncoder().encode('Egenerklæring'))).toBe(Buffer.from('Egenerklæring').toString('base64'));
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
    const file = new File(['hei'], 'a.txt', { type: 'text/plain' });
    expect(await inlineDocumentFields({ caseId: 4, title: 'T', visibility: 'sharing', exemptReason: '', file })).toEqual({
      case_id: 4, title: 'T', filename: 'a.txt', content_type: 'text/plain', visibility: 'sharing', content_base64: 'aGVp',
    });
    const ops: string[] = [];
    const api = { request: async (op: string) => { ops.push(op); return { document: { id: 1 } }; } } as never;
    const fetched: string[] = [];
    const fetchFn = async (url: string) => { fetched.push(url); return new Response(JSON.stringify({ ok: true, document: { id: 2 } })); };
    await sendDocument(api, fetchFn, { caseId: 4, title: 'T', visibility: 'sharing', exemptReason: '', file });
    const large = new File([new Uint8Array(INLINE_DOCUMENT_MAX_BYTES + 1)], 'b.pdf', { type: 'application/pdf' });
    await sendDocument(api, fetchFn, { caseId: 4, title: 'T', visibility: 'sharing', exemptReason: '', file: large });
    expect(ops).toEqual(['document.upload']);
    expect(fetched).toHaveLength(1);
  });
});

describe('import error codes', () => {
  it('are the ones docs/PROTOCOL.md lists for supplier.import, each with a label', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/PROTOCOL.md', import.meta.url)), 'utf8');
    const list = /"code"\s*\(([^]*?)\), "detail"/.exec(doc);
    expect(list, 'the import error list in PROTOCOL.md').not.toBeNull();
    const documented = [...list![1]!.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!).sort();
    expect(documented).toEqual([...IMPORT_ERROR_CODES].sort());
    for (const code of IMPORT_ERROR_CODES) expect(IMPORT_ERROR_KEYS[code], code).toMatch(/^import\.error_/);
  });
});

describe('follow-up method names', () => {
  it('are the same in the server\'s Norwegian reliance reasons (suppliers::method_nb) as in the client\'s catalogue', () => {
    const src = readFileSync(fileURLToPath(new URL('../../../server/suppliers/vocabulary.cpp', import.meta.url)), 'utf8');
    const body = /method_nb\(std::string_view method\)[^]*?\{\{([^]*?)\}\};/.exec(src);
    expect(body, 'the name table of suppliers::method_nb').not.toBeNull();
    const server = [...body![1]!.matchAll(/\{"([a-z_]+)", "([^"]+)"\}/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(server.map(([code]) => code)).toEqual([...FOLLOW_UP_METHODS]);
    for (const [code, name] of server) expect(translate('nb', `cases.method_${code}` as MessageKey), code).toBe(name);
  });
});

describe('the reliance age limit in words', () => {
  const tr = (language: Language) => (key: MessageKey, params?: Parameters<typeof translate>[2]) => translate(language, key, params);
  it('says whole years as years and anything else in days, as the server does', () => {
    expect(relianceAgeText(tr('nb'), 1095)).toBe('3 år');
    expect(relianceAgeText(tr('nb'), 365)).toBe('ett år');
    expect(relianceAgeText(tr('nb'), 500)).toBe('500 dager');
    expect(relianceAgeText(tr('nb'), 1)).toBe('én dag');
    expect(relianceAgeText(tr('en'), 730)).toBe('2 years');
    expect(relianceAgeText(tr('en'), 366)).toBe('366 days');
  });
});

describe('import error details', () => {
  const tr = (language: Language) => (key: MessageKey, params?: Parameters<typeof translate>[2]) => translate(language, key, params);
  it('are the ones docs/PROTOCOL.md lists for supplier.import, each worded in both languages', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/PROTOCOL.md', import.meta.url)), 'utf8');
    const list = /"detail" \(which check failed, for a\s+client to word: ([^]*?)\),\s+"value"/.exec(doc);
    expect(list, 'the import detail list in PROTOCOL.md').not.toBeNull();
    const documented = [...list![1]!.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!).sort();
    expect(documented).toEqual([...IMPORT_ERROR_DETAILS].sort());
    for (const detail of IMPORT_ERROR_DETAILS) {
      expect(IMPORT_DETAIL_KEYS[detail], detail).toMatch(/^import\.detail_/);
      for (const language of ['nb', 'en'] as const) expect(translate(language, IMPORT_DETAIL_KEYS[detail], { value: 'X' }), detail).not.toContain('{value}');
    }
  });

  it('word the check with the cell, and show the server\'s text only for a check the client does not know', () => {
    const e = { detail: 'not_a_date', value: '31.02.2026', message: '"31.02.2026" is not a date (YYYY-MM-DD or dd.mm.yyyy)' };
    expect(importDetailText(tr('nb'), e)).toBe('«31.02.2026» er ikke en dato. Bruk dd.mm.åååå eller ÅÅÅÅ-MM-DD.');
    expect(importDetailText(tr('en'), e)).toBe('“31.02.2026” is not a date. Use dd.mm.yyyy or YYYY-MM-DD.');
    expect(importDetailText(tr('nb'), { detail: 'a_future_check', value: '', message: 'something new' })).toBe('something new');
  });
});

describe('statement addresses', () => {
  it('takes what the server takes', () => {
    expect(isHttpUrl('https://etiskhandel.no/redegjørelse-2025.pdf')).toBe(true);
    expect(isHttpUrl('http://x.no')).toBe(true);
    for (const bad of ['HTTPS://x.no', 'ftp://x.no', 'https://x.no/"a"', 'https://x.no/<a>', 'https://x.no\\a', 'https://x .no', 'https://x.no/\u0001']) {
      expect(isHttpUrl(bad), bad).toBe(false);
    }
  });
});

describe('server reasons in supplier forms', () => {
  const nb = (key: MessageKey, params?: Record<string, string | number>) => translate('nb', key, params);
  it('words a reason with the line the server names, and falls back to the message for a rule it does not know', () => {
    const quote = errorFromWire({ code: 'bad_request', message: 'CSV line 7: unterminated quote: the quoted cell starting on this line has no closing "', reason: 'csv_unterminated_quote' });
    expect(formErrorText(nb, quote)).toBe('Et anførselstegn på linje 7 lukkes aldri, så resten av filen blir én celle. Sjekk anførselstegnene på den linjen.');
    const country = errorFromWire({ code: 'bad_request', message: 'country: an ISO 3166-1 code such as NO or SE', reason: 'country_unknown' });
    expect(formErrorText(nb, country)).toMatch(/^Landkoden finnes ikke/);
    expect(formErrorText((k, p) => translate('en', k, p), country)).toMatch(/^There is no such country code/);
    expect(formErrorText(nb, errorFromWire({ code: 'bad_request', message: 'contract_ref: 0..100 characters' }))).toBe('Ikke godtatt: contract_ref: 0..100 characters');
  });
});
