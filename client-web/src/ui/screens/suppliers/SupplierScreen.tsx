// One supplier (/suppliers/<id>): facts, the organisations that share it, who leads the
// follow-up on behalf of whom, my organisation's contracts, production sites, follow-up cases
// with reliance, connected topics, meetings and drafts, the timeline and the audit trail.
// Follows supplier.updated and case.updated live, and reloads after a reconnect.
import { formatDateTime } from '../../../i18n/format';
import { routeHref } from '../../../state/router';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS } from '../../labels';
import {
  LoadProblem, RiskBadge, SupplierSubnav, supplierIdentity, suppliersHref, useActingOrg,
} from './common';
import { TRANSPARENCY_KEYS } from './labels';
import { CasesPanel, LeadPanel, ReliancesPanel } from './SupplierCases';
import { ContractsPanel, SitesPanel } from './SupplierContracts';
import { AuditPanel, LinksPanel, TimelinePanel } from './SupplierLinks';

export default function SupplierScreen({ supplierId }: { supplierId: number }) {
  const t = useT();
  const { api } = useServices();
  const { user } = useSession();
  const acting = useActingOrg('supplier-');
  const info = useAsync(() => api.request('supplier.get', { supplier_id: supplierId }), [api, supplierId]);
  useOnReconnect(info.reload);
  useSocketEvent('supplier.updated', (ev) => {
    if (ev.supplier.id === supplierId) info.reload();
  });
  useSocketEvent('case.updated', (ev) => {
    if (ev.case.supplier_id === supplierId) info.reload();
  });

  const back = <Link href={suppliersHref()}>{t('suppliers.title')}</Link>;
  if (info.error) {
    return (
      <Page title={t('suppliers.title_fallback')} eyebrow={back}>
        <LoadProblem error={info.error} onRetry={info.reload} notFound="suppliers.not_found" />
      </Page>
    );
  }
  if (!info.data) return <Loading />;
  const data = info.data;
  const s = data.supplier;
  const mayAudit = data.can_see_audit ?? (!!user?.is_admin || (user?.org_id != null && s.sharing.some((o) => o.org_id === user.org_id)));
  const actions = data.can_edit ? (
    <Link className="button button--secondary" href={routeHref({ name: 'supplier_edit', id: s.id })}>{t('suppliers.edit')}</Link>
  ) : null;

  return (
    <Page title={s.name} eyebrow={back} actions={actions}>
      <SupplierSubnav />
      {acting.picker ? <section className="panel" aria-label={t('suppliers.acting_org')}>{acting.picker}</section> : null}
      <section className="panel" aria-labelledby="facts-heading">
        <h2 id="facts-heading" className="section-title">{t('suppliers.facts')}</h2>
        <dl className="facts" data-testid="supplier-facts">
          <div><dt>{s.orgnr ? t('org.orgnr') : t('org.foreign_id')}</dt><dd>{supplierIdentity(s)}</dd></div>
          <div><dt>{t('org.country')}</dt><dd>{s.country}</dd></div>
          <div><dt>{t('suppliers.risk')}</dt><dd><RiskBadge risk={s.risk_level} /></dd></div>
          <div><dt>{t('suppliers.transparency_act')}</dt><dd>{t(TRANSPARENCY_KEYS[s.transparency_act])}</dd></div>
          <div>
            <dt>{t('suppliers.statement')}</dt>
            <dd>
              {s.statement_url ? (
                <a href={s.statement_url} target="_blank" rel="noopener noreferrer">
                  {s.statement_year !== null ? t('suppliers.statement_link_year', { year: s.statement_year }) : t('suppliers.statement_link')}
                </a>
              ) : s.statement_year !== null ? String(s.statement_year) : t('suppliers.statement_none')}
            </dd>
          </div>
          <div>
            <dt>{t('suppliers.categories')}</dt>
            <dd>{s.categories.length === 0 ? '–' : s.categories.map((c) => t(DRAFT_CATEGORY_KEYS[c])).join(', ')}</dd>
          </div>
          <div>
            <dt>{t('suppliers.actions_col')}</dt>
            <dd>
              {t('suppliers.open_actions', { count: s.open_actions })}
              {s.overdue_actions > 0 ? <> <Badge tone="warning">{t('suppliers.overdue_actions', { count: s.overdue_actions })}</Badge></> : null}
            </dd>
          </div>
          <div><dt>{t('suppliers.updated')}</dt><dd>{formatDateTime(s.updated_at)}</dd></div>
        </dl>
        {s.notes ? <p className="prose supplier-notes">{s.notes}</p> : null}
        <p>
          <Link href={routeHref({ name: 'note_new', supplierId: s.id, caseId: null })}>{t('notes.write_about')}</Link>
        </p>
      </section>

      <section className="panel" aria-labelledby="sharing-heading">
        <h2 id="sharing-heading" className="section-title">
          {t('suppliers.sharing_heading')} <span className="count">({s.sharing_count})</span>
        </h2>
        {s.sharing.length === 0 ? <p className="muted">{t('suppliers.sharing_none')}</p> : (
          <ul className="name-list" data-testid="sharing-orgs">
            {s.sharing.map((o) => <li key={o.org_id}>{o.org_name}</li>)}
          </ul>
        )}
      </section>

      <LeadPanel supplier={s} acting={acting} onChanged={(next) => info.setData((cur) => (cur ? { ...cur, supplier: next } : cur))} />
      <ContractsPanel supplierId={s.id} contracts={data.contracts} acting={acting} onChanged={info.reload} />
      <SitesPanel supplierId={s.id} sites={data.sites} canEdit={data.can_edit} onChanged={info.reload} />
      <CasesPanel supplierId={s.id} cases={data.cases} acting={acting} onChanged={info.reload} />
      <ReliancesPanel supplierId={s.id} reliances={data.reliances} acting={acting} onChanged={info.reload} />
      <LinksPanel data={data} onChanged={info.reload} />
      <TimelinePanel data={data} />
      {mayAudit ? <AuditPanel supplierId={s.id} /> : null}
    </Page>
  );
}
