// @vitest-environment jsdom
// The supplier and case pages rendered in jsdom against a fake API: sharing organisations, the
// refused reliance with the server's Norwegian reasons, a live case.updated, and the findings
// form flagging a "no" as a breach and sending only answered steps, the new-case form refusing a
// completion date after today, the document form offering "the team" only on a team's case,
// findings refused before sending when nothing (or not every worded step) is answered, and a
// document of a type the server refuses kept back, with the server's reasons in Norwegian.
// The answers are the shapes of docs/PROTOCOL.md "Suppliers and follow-up"; no server.
import { act, createElement, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, EventName, Op } from '../../src/protocol/ops';
import type { CaseSummary, FollowUpCase, Supplier, SupplierGetAnswer, Vocabulary } from '../../src/protocol/suppliers';
import type { User } from '../../src/protocol/types';
import { createStore } from '../../src/state/store';
import type { SessionState } from '../../src/state/session';
import { ServicesContext, type AppServices } from '../../src/ui/context';
import type { LocationState } from '../../src/ui/navigation';
import CaseScreen from '../../src/ui/screens/suppliers/CaseScreen';
import SupplierListScreen from '../../src/ui/screens/suppliers/SupplierListScreen';
import SupplierScreen from '../../src/ui/screens/suppliers/SupplierScreen';
import { EMPTY_SUPPLIER_FILTER } from '../../src/state/suppliers';
import { formatLocalDate, todayInOslo } from '../../src/state/calendar';
import { NewCaseScreen } from '../../src/ui/screens/suppliers/CaseForm';
import { errorFromWire } from '../../src/protocol/errors';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const OLA: User = {
  id: 2, email: 'ola@oslo.test', display_name: 'Ola', org_id: 20, org_name: 'Oslo kommune', language: 'nb', is_admin: false,
  disabled: false, created_at: '2026-01-01T00:00:00.000Z',
};

const SUPPLIER: Supplier = {
  id: 5, name: 'Tekstil AS', orgnr: '974760673', foreign_id: null, country: 'NO', transparency_act: 'yes', statement_url: '',
  statement_year: null, categories: ['tekstil'], risk_level: 'high', notes: '', created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-02T00:00:00.000Z', sharing: [{ org_id: 10, org_name: 'Helse Vest RHF' }, { org_id: 20, org_name: 'Oslo kommune' }],
  sharing_count: 2, lead: { org_id: 10, org_name: 'Helse Vest RHF', on_behalf: [{ org_id: 20, org_name: 'Oslo kommune' }], since: '2026-01-03T00:00:00.000Z' },
  open_actions: 1, overdue_actions: 0,
};

const CASE: CaseSummary = {
  id: 9, supplier_id: 5, supplier_name: 'Tekstil AS', method: 'contract_meeting', status: 'completed', org_id: 10, org_name: 'Helse Vest RHF',
  on_behalf: [], team_id: null, visibility: 'sharing', exempt_reason: '', started_on: '2026-01-05', completed_on: '2026-01-06', answer_due: null,
  escalation: 'none', breaches: 0, created_by_name: 'Anne', created_at: '2026-01-05T00:00:00.000Z', updated_at: '2026-01-06T00:00:00.000Z',
  can_edit: false,
};

const GET: SupplierGetAnswer = {
  supplier: SUPPLIER, sites: [], contracts: [], cases: [CASE], reliances: [], topics: [], meetings: [], drafts: [], timeline: [], can_edit: true,
};

const VOCAB: Vocabulary = {
  categories: [], methods: [], themes: [{ code: 'forced_labour', nb: 'Tvangsarbeid', en: 'Forced labour' }],
  steps: ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6'].map((step) => ({
    step: step as '2.1', nb: `Steg ${step}`, en: `Step ${step}`, question_nb: `Spørsmål ${step}?`, question_en: `Question ${step}?`,
  })),
  settings: { self_assessment_days: 42, reliance_max_age_days: 1095 },
};

const FULL_CASE: FollowUpCase = {
  ...CASE, id: 11, method: 'self_assessment_full', status: 'ongoing', org_id: 20, org_name: 'Oslo kommune', completed_on: null,
  answer_due: '2026-02-16', can_edit: true, findings: [], actions: [], escalations: [], documents: [],
};

function harness(handlers: Partial<Record<Op, (fields: Record<string, unknown>) => unknown>>, language: 'nb' | 'en' = 'nb') {
  const calls: { op: string; fields: Record<string, unknown> }[] = [];
  const listeners = new Map<string, Set<(v: unknown) => void>>();
  const services = {
    session: {
      store: createStore<SessionState>({
        phase: 'signed_in', user: OLA, memberships: [{ team_id: 3, role: 'member' }], needsSetup: false, ended: false, language, loadError: false,
      }),
    },
    api: {
      request(op: Op, fields: Record<string, unknown>) {
        calls.push({ op, fields });
        const h = handlers[op];
        if (!h) return Promise.reject(new Error(`unexpected ${op}`));
        try {
          return Promise.resolve(h(fields));
        } catch (e) {
          return Promise.reject(e);
        }
      },
    },
    socket: {
      status: 'online',
      onStatus: () => () => {},
      on(event: string, fn: (v: unknown) => void) {
        let set = listeners.get(event);
        if (!set) listeners.set(event, (set = new Set()));
        set.add(fn);
        return () => set.delete(fn);
      },
      request: () => Promise.reject(new Error('not used')),
    },
    navigator: { store: createStore<LocationState>({ route: { name: 'teams' }, href: '/', count: 0 }), navigate() {} },
    chat: {},
    clipboard: async () => {},
    fetch: async () => new Response('{}'),
  } as unknown as AppServices;
  const emit = <K extends EventName>(event: K, data: EventMap[K]) => {
    for (const fn of listeners.get(event) ?? []) fn(data);
  };
  return { services, calls, emit };
}

let root: Root | null = null;
let host: HTMLElement | null = null;

async function settle() {
  for (let i = 0; i < 6; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

async function render(services: AppServices, element: ReactElement): Promise<HTMLElement> {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  await act(async () => {
    root!.render(createElement(ServicesContext.Provider, { value: services }, element));
  });
  await settle();
  return host;
}

async function click(el: Element | null) {
  expect(el).not.toBeNull();
  await act(async () => {
    (el as HTMLElement).click();
  });
  await settle();
}

afterEach(async () => {
  await act(async () => root?.unmount());
  host?.remove();
  root = null;
  host = null;
});

const TEAMS = { teams: [{ id: 3, slug: 'tekstil', name: 'Tekstil', description: '', archived: false, my_role: 'member', member_count: 2 }] };

describe('supplier screens (jsdom)', () => {
  it('shows the register a page at a time: the total, then the next page after the last shown', async () => {
    const named = (id: number, name: string): Supplier => ({ ...SUPPLIER, id, name });
    const { services, calls } = harness({
      'supplier.vocabulary': () => VOCAB,
      'supplier.list': (f) => (f.after
        ? { suppliers: [named(3, 'Gamma AS')], next: null, total: 3 }
        : { suppliers: [named(1, 'Alfa AS'), named(2, 'Beta AS')], next: { name: 'Beta AS', id: 2 }, total: 3 }),
    });
    const el = await render(services, createElement(SupplierListScreen, { filter: { ...EMPTY_SUPPLIER_FILTER, q: 'AS' } }));
    expect(el.querySelector('#supplier-list-heading')!.textContent).toContain('(3)');
    expect(el.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(el.textContent).toContain('Viser 2 av 3');
    const more = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Vis flere leverandører') ?? null;
    await click(more);
    expect(calls.filter((c) => c.op === 'supplier.list').map((c) => c.fields)).toEqual([
      { q: 'AS', limit: 100 },
      { q: 'AS', limit: 100, after: { name: 'Beta AS', id: 2 } },
    ]);
    expect([...el.querySelectorAll('tbody tr th a')].map((a) => a.textContent)).toEqual(['Alfa AS', 'Beta AS', 'Gamma AS']);
    expect(el.textContent).not.toContain('Vis flere leverandører');
  });

  it('tells an empty register from a filter that matches nothing', async () => {
    const text = async (filter: typeof EMPTY_SUPPLIER_FILTER) => {
      const { services } = harness({
        'supplier.vocabulary': () => VOCAB,
        'supplier.list': () => ({ suppliers: [], next: null, total: 0 }),
      });
      const el = await render(services, createElement(SupplierListScreen, { filter }));
      const shown = el.textContent ?? '';
      await act(async () => root?.unmount());
      host?.remove();
      return shown;
    };
    expect(await text(EMPTY_SUPPLIER_FILTER)).toContain('Registeret er tomt. Registrer den første leverandøren');
    expect(await text({ ...EMPTY_SUPPLIER_FILTER, country: 'CN' })).toContain('Ingen leverandører passer med filteret.');
  });

  it('shows the sharing organisations and the lead, and the reasons of a refused reliance', async () => {
    const { services, calls } = harness({
      'supplier.get': () => GET,
      'team.list': () => TEAMS,
      'supplier.reliance_check': () => ({ valid: false, reasons: ['method_too_weak'], reasons_nb: ['Metoden er for svak for kontraktene deres.'], max_age_days: 1095 }),
    });
    const el = await render(services, createElement(SupplierScreen, { supplierId: 5 }));
    expect(el.querySelector('[data-testid="sharing-orgs"]')!.textContent).toContain('Helse Vest RHF');
    expect(el.querySelector('[data-testid="sharing-orgs"]')!.textContent).toContain('Oslo kommune');
    expect(el.querySelector('[data-testid="lead"]')!.textContent).toContain('Helse Vest RHF leder oppfølgingen');
    await click(el.querySelector('[data-testid="rely-9"] button'));
    expect(calls.find((c) => c.op === 'supplier.reliance_check')?.fields).toEqual({ supplier_id: 5, case_id: 9 });
    expect(calls.some((c) => c.op === 'supplier.rely')).toBe(false);
    expect(el.querySelector('[data-testid="reliance-reasons"]')!.textContent).toBe('Metoden er for svak for kontraktene deres.');
  });

  it('words the timeline and the reasons of a lapsed reliance in the reader\'s language', async () => {
    const answer: SupplierGetAnswer = {
      ...GET,
      reliances: [{
        id: 1, supplier_id: 5, org_id: 20, org_name: 'Oslo kommune', case_id: 9, recorded_by_name: 'Ola', created_at: '2026-01-07T00:00:00.000Z',
        valid: false, reasons: ['Oppfølgingen ble fullført 06.01.2026, mer enn 3 år siden.'], reason_codes: ['too_old'], max_age_days: 1095,
      }, {
        id: 2, supplier_id: 5, org_id: 21, org_name: 'Bergen kommune', case_id: 9, recorded_by_name: 'Kari', created_at: '2026-01-07T00:00:00.000Z',
        valid: false, reasons: ['Oppfølgingen ble fullført 06.01.2026, mer enn 500 dager siden.'], reason_codes: ['too_old'], max_age_days: 500,
      }],
      timeline: [
        { at: '2026-01-08T00:00:00.000Z', kind: 'contract', action: 'update', detail: 'K-1', by_name: 'Ola' },
        { at: '2026-01-05T00:00:00.000Z', kind: 'case', method: 'contract_meeting', org_name: 'Helse Vest RHF', status: 'completed', by_name: 'Anne' },
      ],
    };
    const texts = (el: HTMLElement, sel: string) => [...el.querySelectorAll(sel)].map((x) => x.textContent);
    const nb = await render(harness({ 'supplier.get': () => answer, 'team.list': () => TEAMS }).services, createElement(SupplierScreen, { supplierId: 5 }));
    expect(texts(nb, '.timeline__text')).toEqual(['Endret kontrakt: K-1', 'Oppfølgingssak (Kontraktsmøte, Helse Vest RHF): Fullført']);
    expect(texts(nb, '.reliance-reasons li')).toEqual(['Oppfølgingen ble fullført 06.01.2026, mer enn 3 år siden.', 'Oppfølgingen ble fullført 06.01.2026, mer enn 500 dager siden.']);
    const en = await render(harness({ 'supplier.get': () => answer, 'team.list': () => TEAMS }, 'en').services, createElement(SupplierScreen, { supplierId: 5 }));
    expect(texts(en, '.timeline__text')[0]).toBe('Changed contract: K-1');
    expect(texts(en, '.timeline__text')[1]).toMatch(/^Follow-up case \(.+, Helse Vest RHF\): Completed$/);
    // The age limit as set (1,095 days: three years; 500 days), not a fixed "three years".
    expect(texts(en, '.reliance-reasons li')).toEqual(['The case was completed more than 3 years ago.', 'The case was completed more than 500 days ago.']);
  });

  it('relies when the check allows it, and reloads on case.updated', async () => {
    const { services, calls, emit } = harness({
      'supplier.get': () => GET,
      'team.list': () => TEAMS,
      'supplier.reliance_check': () => ({ valid: true, reasons: [], reasons_nb: [] }),
      'supplier.rely': () => ({ reliance: {} }),
    });
    const el = await render(services, createElement(SupplierScreen, { supplierId: 5 }));
    await click(el.querySelector('[data-testid="rely-9"] button'));
    expect(calls.filter((c) => c.op === 'supplier.rely')).toHaveLength(1);
    expect(el.textContent).toContain('Tilliten er registrert.');
    const before = calls.filter((c) => c.op === 'supplier.get').length;
    await act(async () => emit('case.updated', { case: { ...FULL_CASE, supplier_id: 5 } }));
    await settle();
    expect(calls.filter((c) => c.op === 'supplier.get').length).toBe(before + 1);
  });

  it('says in Norwegian when the follow-up was refused meanwhile (a conflict after the check passed)', async () => {
    const { services } = harness({
      'supplier.get': () => GET,
      'team.list': () => TEAMS,
      'supplier.reliance_check': () => ({ valid: true, reasons: [], reasons_nb: [] }),
      'supplier.rely': () => {
        throw errorFromWire({ code: 'conflict', message: 'cannot rely on this follow-up: Oppfølgingen er ikke fullført.' });
      },
    });
    const el = await render(services, createElement(SupplierScreen, { supplierId: 5 }));
    await click(el.querySelector('[data-testid="rely-9"] button'));
    expect(el.querySelector('[data-testid="rely-9"]')!.textContent).toContain('Oppfølgingen kan ikke lenger brukes');
    expect(el.textContent).not.toContain('cannot rely');
  });

  it('flags a "no" as a breach and sends the answered steps', async () => {
    let current = FULL_CASE;
    const { services, calls } = harness({
      'case.get': () => ({ case: current }),
      'supplier.vocabulary': () => VOCAB,
      'team.list': () => TEAMS,
      'supplier.get': () => GET,
      'case.findings': (f) => {
        current = {
          ...current, breaches: 1,
          findings: (f.findings as { step: '2.2'; answer: 'no' }[]).map((x) => ({ ...x, breach: x.answer === 'no', comment: '', themes: [], severity: null })),
        };
        return { case: current };
      },
    });
    const el = await render(services, createElement(CaseScreen, { caseId: 11 }));
    const step = el.querySelector('[data-step="2.2"]')!;
    expect(step.textContent).toContain('Spørsmål 2.2?');
    expect(step.querySelector('[data-testid="breach-flag"]')).toBeNull();
    await click(step.querySelector('input[type="radio"][value="no"]'));
    expect(step.querySelector('[data-testid="breach-flag"]')!.textContent).toContain('Brudd på kontrakten');
    await click([...el.querySelectorAll('button')].find((b) => b.textContent === 'Lagre funnene') ?? null);
    expect(calls.find((c) => c.op === 'case.findings')?.fields).toEqual({
      case_id: 11, findings: [{ step: '2.2', answer: 'no', comment: '', themes: [], severity: null }],
    });
    expect(el.querySelector('[data-testid="case-breaches"]')!.getAttribute('data-breaches')).toBe('1');
    expect(el.textContent).toContain('Funnene er lagret.');
  });

  it('refuses a completion date after today in the form, before asking the server', async () => {
    const { services, calls } = harness({
      'supplier.get': () => GET,
      'team.list': () => TEAMS,
      'supplier.vocabulary': () => VOCAB,
      'case.create': () => ({ case: { ...FULL_CASE, id: 12 } }),
    });
    const el = await render(services, createElement(NewCaseScreen, { supplierId: 5 }));
    const type = async (id: string, value: string) => {
      const node = el.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
      const proto = node instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      await act(async () => {
        Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(node, value);
        node.dispatchEvent(new Event(node instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
      });
    };
    const submit = async () => {
      await act(async () => el.querySelector<HTMLFormElement>('form.case-form')!.requestSubmit());
      await settle();
    };
    const today = todayInOslo();
    const tomorrow = new Date(`${today}T12:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    await type('case-method', 'contract_meeting');
    await type('case-status', 'completed');
    await type('case-started', formatLocalDate(today));
    await type('case-completed', formatLocalDate(tomorrow.toISOString().slice(0, 10)));
    await submit();
    expect(calls.some((c) => c.op === 'case.create')).toBe(false);
    expect(el.textContent).toContain('Fullført dato kan ikke være senere enn i dag.');
    expect(document.activeElement?.id).toBe('case-completed');
    // Today is accepted.
    await type('case-completed', formatLocalDate(today));
    await submit();
    expect(calls.find((c) => c.op === 'case.create')?.fields).toMatchObject({ supplier_id: 5, status: 'completed', completed_on: today });
  });

  it('offers "the team" for a document only on a case that belongs to a team', async () => {
    const options = async (c: FollowUpCase) => {
      const { services } = harness({
        'case.get': () => ({ case: c }),
        'supplier.vocabulary': () => VOCAB,
        'team.list': () => TEAMS,
        'supplier.get': () => GET,
      });
      const el = await render(services, createElement(CaseScreen, { caseId: c.id }));
      const values = [...el.querySelectorAll<HTMLOptionElement>('#doc-visibility option')].map((o) => o.value);
      await act(async () => root?.unmount());
      host?.remove();
      return values;
    };
    expect(await options(FULL_CASE)).toEqual(['sharing', 'all']);
    expect(await options({ ...FULL_CASE, team_id: 3, visibility: 'team' })).toEqual(['team', 'sharing', 'all']);
  });
  it('refuses findings with nothing answered, or words on a step without an answer, before asking the server', async () => {
    const { services, calls } = harness({
      'case.get': () => ({ case: FULL_CASE }),
      'supplier.vocabulary': () => VOCAB,
      'team.list': () => TEAMS,
      'supplier.get': () => GET,
      'case.findings': () => ({ case: FULL_CASE }),
    });
    const el = await render(services, createElement(CaseScreen, { caseId: 11 }));
    const save = () => click([...el.querySelectorAll('button')].find((b) => b.textContent === 'Lagre funnene') ?? null);
    await save();
    expect(calls.some((c) => c.op === 'case.findings')).toBe(false);
    expect(el.textContent).toContain('Svar på minst ett punkt før du lagrer.');
    expect(document.activeElement?.getAttribute('name')).toBe('finding-2-1-answer');
    // A comment on 2.3 with no answer would be dropped: said, and not sent.
    const comment = el.querySelector<HTMLTextAreaElement>('#finding-2-3-comment')!;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(comment, 'Mangler dokumentasjon');
      comment.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(el.querySelector('[data-step="2.1"] input[type="radio"][value="yes"]'));
    await save();
    expect(calls.some((c) => c.op === 'case.findings')).toBe(false);
    expect(el.textContent).toContain('Punkt 2.3 har kommentar, temaer eller alvorlighet, men ikke noe svar.');
    expect(document.activeElement?.getAttribute('name')).toBe('finding-2-3-answer');
    await click(el.querySelector('[data-step="2.3"] input[type="radio"][value="yes"]'));
    await save();
    expect(calls.find((c) => c.op === 'case.findings')?.fields).toMatchObject({ findings: [{ step: '2.1' }, { step: '2.3', comment: 'Mangler dokumentasjon' }] });
  });

  it('refuses a document of a type the server does not take, and words the server\'s reason in Norwegian', async () => {
    const { services, calls } = harness({
      'case.get': () => ({ case: FULL_CASE }),
      'supplier.vocabulary': () => VOCAB,
      'team.list': () => TEAMS,
      'supplier.get': () => GET,
      'document.upload': () => {
        throw errorFromWire({ code: 'bad_request', message: 'filename: no slashes, quotes or control characters', reason: 'filename_chars' });
      },
    });
    const el = await render(services, createElement(CaseScreen, { caseId: 11 }));
    const input = el.querySelector<HTMLInputElement>('#doc-file')!;
    expect(input.accept.split(',')).toContain('.docx');
    expect(input.accept.split(',')).not.toContain('.pptx');
    const choose = async (file: File) => {
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      await act(async () => input.dispatchEvent(new Event('change', { bubbles: true })));
      await act(async () => el.querySelector<HTMLFormElement>('#doc-file')!.form!.requestSubmit());
      await settle();
    };
    await choose(new File(['x'], 'bilde.heic', { type: 'image/heic' }));
    expect(calls.some((c) => c.op === 'document.upload')).toBe(false);
    expect(el.querySelector('#doc-file-error')!.textContent).toBe('«bilde.heic» kan ikke lastes opp: velg en PDF, et PNG- eller JPEG-bilde, et Word-, Excel- eller OpenDocument-dokument, tekst eller CSV.');
    // A type the browser does not name goes with the one its extension names.
    await choose(new File(['x'], 'rapport.csv', { type: '' }));
    expect(calls.find((c) => c.op === 'document.upload')?.fields).toMatchObject({ filename: 'rapport.csv', content_type: 'text/csv' });
    expect(el.textContent).toContain('Filnavnet kan ikke ha skråstrek');
    expect(el.textContent).not.toContain('no slashes');
  });
});
