// Pieces shared by the supplier, case and note screens: links, the section's sub-navigation,
// the vocabulary (steps, themes), who may write, the organisation an action is done for, and
// the server's refusals next to the forms.
import { useState, type ReactNode } from 'react';
import type { MessageKey } from '../../../i18n/catalogue';
import { isApiError } from '../../../protocol/errors';
import type { Org } from '../../../protocol/types';
import type { RiskLevel, Supplier, SupplierListPosition, Vocabulary } from '../../../protocol/suppliers';
import type { Api } from '../../../net/api';
import type { Res } from '../../../protocol/ops';
import { EMPTY_NOTE_FILTER, EMPTY_SUPPLIER_FILTER } from '../../../state/suppliers';
import type { Translator } from '../../../state/calendar';
import { routeHref, type Route } from '../../../state/router';
import { SelectField } from '../../components/Field';
import { Link } from '../../components/Link';
import { Badge, LoadError, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey, reasonText } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useLocationState, useSession, useT } from '../../hooks/useStores';
import { RISK_KEYS } from './labels';

export const suppliersHref = (): string => routeHref({ name: 'suppliers', filter: EMPTY_SUPPLIER_FILTER });
export const supplierHref = (id: number): string => routeHref({ name: 'supplier', id });
export const caseHref = (id: number): string => routeHref({ name: 'case', id });
export const notesHref = (): string => routeHref({ name: 'notes', filter: EMPTY_NOTE_FILTER });
export const noteHref = (id: number): string => routeHref({ name: 'note', id });
export const topicHref = (teamId: number, channelId: number, name: string): string =>
  `/teams/${teamId}?channel=${channelId}&topic=${encodeURIComponent(name)}`;

/** Every supplier of the register, by name: supplier.list page after page (for the pickers). */
export async function allSuppliers(api: Api): Promise<Supplier[]> {
  const out: Supplier[] = [];
  let after: SupplierListPosition | null = null;
  for (;;) {
    const page: Res<'supplier.list'> = await api.request('supplier.list', { after });
    out.push(...page.suppliers);
    // An empty page with a `next` would be a server fault; stop rather than ask for ever.
    if (!page.next || page.suppliers.length === 0) return out;
    after = page.next;
  }
}

type Section = 'suppliers' | 'priorities' | 'notes' | 'import';

/** The section's list page, when the route is one (aria-current="page" marks only those). */
function listPage(route: Route): Section | null {
  switch (route.name) {
    case 'suppliers': return 'suppliers';
    case 'supplier_priorities': return 'priorities';
    case 'supplier_import': return 'import';
    case 'notes': return 'notes';
    default: return null;
  }
}

/** Register, priorities, notes and (for participants) import. */
export function SupplierSubnav() {
  const t = useT();
  const { route } = useLocationState();
  const participant = useIsParticipant();
  const current = listPage(route);
  const items: { section: Section; href: string; key: MessageKey }[] = [
    { section: 'suppliers', href: suppliersHref(), key: 'suppliers.nav_register' },
    { section: 'priorities', href: routeHref({ name: 'supplier_priorities' }), key: 'suppliers.nav_priorities' },
    { section: 'notes', href: notesHref(), key: 'suppliers.nav_notes' },
  ];
  if (participant) items.push({ section: 'import', href: routeHref({ name: 'supplier_import' }), key: 'suppliers.nav_import' });
  return (
    <nav className="subnav" aria-label={t('suppliers.nav_label')}>
      <ul>
        {items.map((i) => (
          <li key={i.section}>
            <Link href={i.href} ariaCurrent={current === i.section ? 'page' : undefined}>{t(i.key)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Writes the register: members who are not only observers anywhere, and administrators. */
export function useIsParticipant(): boolean {
  const { user, memberships } = useSession();
  if (!user) return false;
  return user.is_admin || memberships.some((m) => m.role !== 'observer');
}

/** The vocabulary (steps with their leading questions, risk themes, settings), loaded once per screen. */
export function useVocabulary() {
  const { api } = useServices();
  return useAsync<Vocabulary>(() => api.request('supplier.vocabulary', {}), [api]);
}

/** A vocabulary label in the current language. */
export function vocabLabel(entry: { nb: string; en: string }, language: 'nb' | 'en'): string {
  return language === 'en' ? entry.en : entry.nb;
}

/** The administrator's last choice, kept while the page is open (supplier page → new case). */
let lastPickedOrg = '';

export interface ActingOrg {
  /** The organisation the organisation actions are done for (null: none chosen yet). */
  orgId: number | null;
  orgName: string | null;
  /** Fields to add to an organisation operation: an administrator without an organisation names it. */
  asOrg: { org_id?: number };
  /** The picker for an administrator without an organisation (null otherwise). */
  picker: ReactNode;
}

/**
 * The caller's organisation; an administrator without one picks the organisation to act for
 * (the operations then carry org_id). A user without an organisation cannot act (forbidden).
 */
export function useActingOrg(idPrefix: string): ActingOrg {
  const t = useT();
  const { api } = useServices();
  const { user } = useSession();
  const needsPick = !!user?.is_admin && user.org_id === null;
  const orgs = useAsync<Org[]>(
    () => (needsPick ? api.request('org.list', {}).then((a) => a.organisations) : Promise.resolve([])),
    [api, needsPick],
  );
  const [picked, setPickedState] = useState(lastPickedOrg);
  const setPicked = (v: string) => {
    lastPickedOrg = v;
    setPickedState(v);
  };
  if (!user) return { orgId: null, orgName: null, asOrg: {}, picker: null };
  if (!needsPick) return { orgId: user.org_id, orgName: user.org_name, asOrg: {}, picker: null };
  const id = picked === '' ? null : Number(picked);
  const org = orgs.data?.find((o) => o.id === id) ?? null;
  const picker = (
    <div className="acting-org">
      <SelectField
        id={`${idPrefix}acting-org`} label={t('suppliers.acting_org')} hint={t('suppliers.acting_org_hint')} value={picked}
        onChange={setPicked}
        options={[{ value: '', label: t('common.choose') }, ...(orgs.data ?? []).map((o) => ({ value: String(o.id), label: o.name }))]}
      />
    </div>
  );
  return { orgId: id, orgName: org?.name ?? null, asOrg: id === null ? {} : { org_id: id }, picker };
}

/**
 * A failed operation as a sentence for the form: a bad_request's `reason` in the reader's words
 * when the client knows it; otherwise a bad_request or conflict shows the server's message
 * ("contract_ref: 0..100 characters"), which is what a person needs.
 */
export function formErrorText(t: Translator, error: unknown, overrides: Parameters<typeof errorKey>[1] = {}): string | null {
  if (!error) return null;
  if (isApiError(error) && overrides[error.code]) return t(overrides[error.code]!);
  const byReason = reasonText(t, error);
  if (byReason) return byReason;
  if ((isApiError(error, 'bad_request') || isApiError(error, 'conflict')) && error.message.trim() !== '') {
    return t('suppliers.error_server', { message: error.message });
  }
  return t(errorKey(error));
}

/** The field a bad_request names ("orgnr: not a valid …" → "orgnr"), if any. */
export function errorField(error: unknown): string | null {
  if (!isApiError(error, 'bad_request')) return null;
  const m = /^([a-z_]+)(?:\[\d+\])?(?:\.[a-z_]+)?:/.exec(error.message);
  return m ? m[1]! : null;
}

/** The server has no supplier operations yet. */
export function isUnavailable(error: unknown): boolean {
  return isApiError(error, 'unknown_op');
}

/** A load failure: "not available yet", "not found", or the ordinary error with a retry. */
export function LoadProblem({ error, onRetry, notFound }: { error: unknown; onRetry: () => void; notFound?: MessageKey }) {
  const t = useT();
  if (isUnavailable(error)) return <Notice kind="info">{t('suppliers.unavailable')}</Notice>;
  if (isApiError(error, 'not_found')) return <Notice kind="error">{t(notFound ?? 'error.not_found')}</Notice>;
  return <LoadError error={error} onRetry={onRetry} />;
}

export function RiskBadge({ risk }: { risk: RiskLevel }) {
  const t = useT();
  return <span className={`risk risk--${risk}`} data-risk={risk}>{t(RISK_KEYS[risk])}</span>;
}

/** "983 974 880" or "SE5560000001 (SE)". */
export function supplierIdentity(s: Pick<Supplier, 'orgnr' | 'foreign_id' | 'country'>): string {
  if (s.orgnr) return s.orgnr.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
  if (s.foreign_id) return `${s.foreign_id} (${s.country})`;
  return s.country;
}

export function LeadBadge({ supplier }: { supplier: Pick<Supplier, 'lead'> }) {
  const t = useT();
  return supplier.lead
    ? <span className="cell-sub">{t('suppliers.lead_by', { org: supplier.lead.org_name })}</span>
    : <Badge tone="warning">{t('suppliers.needs_lead')}</Badge>;
}
