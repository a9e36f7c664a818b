// Which suppliers to follow up first (/suppliers/priorities): the score of PROTOCOL.md
// ("risk × sharing × value band"), with its parts and the needs-lead flag.
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useT } from '../../hooks/useStores';
import { LoadProblem, RiskBadge, SupplierSubnav, supplierHref, supplierIdentity } from './common';
import { VALUE_BAND_KEYS, labelOf } from './labels';

const PRIORITY_LIMIT = 50;

export default function PrioritiesScreen() {
  const t = useT();
  const { api } = useServices();
  const list = useAsync(() => api.request('supplier.priorities', { limit: PRIORITY_LIMIT }).then((a) => a.suppliers), [api]);
  useOnReconnect(list.reload);
  useSocketEvent('supplier.updated', () => list.reload());
  return (
    <Page title={t('priorities.title')}>
      <SupplierSubnav />
      <section className="panel" aria-labelledby="priorities-heading">
        <h2 id="priorities-heading" className="section-title">{t('priorities.heading')}</h2>
        <p className="muted">{t('priorities.explain')}</p>
        {list.error ? <LoadProblem error={list.error} onRetry={list.reload} /> : null}
        {!list.data && !list.error ? <Loading /> : null}
        {list.data && list.data.length === 0 ? <p className="muted">{t('suppliers.none')}</p> : null}
        {list.data && list.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="priorities-table">
              <caption className="visually-hidden">{t('priorities.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('priorities.rank')}</th>
                  <th scope="col">{t('suppliers.name')}</th>
                  <th scope="col">{t('priorities.score')}</th>
                  <th scope="col">{t('suppliers.risk')}</th>
                  <th scope="col">{t('suppliers.sharing')}</th>
                  <th scope="col">{t('priorities.value_band')}</th>
                  <th scope="col">{t('suppliers.lead')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((s, i) => {
                  const band = s.max_value_band ? labelOf(VALUE_BAND_KEYS, s.max_value_band) : null;
                  return (
                    <tr key={s.id} data-supplier={s.name} data-needs-lead={s.needs_lead ? 'yes' : 'no'}>
                      <td>{i + 1}</td>
                      <th scope="row">
                        <Link href={supplierHref(s.id)} className="cell-title">{s.name}</Link>
                        <span className="cell-sub">{supplierIdentity(s)}</span>
                      </th>
                      <td className="priority-score" data-testid="priority-score">{s.score}</td>
                      <td><RiskBadge risk={s.risk_level} /></td>
                      <td>{s.sharing_count}</td>
                      <td>{band ? t(band) : s.max_value_band ?? t('priorities.no_contract')}</td>
                      <td>
                        {s.needs_lead ? <Badge tone="warning">{t('suppliers.needs_lead')}</Badge>
                          : s.lead ? <span className="cell-sub">{t('suppliers.lead_by', { org: s.lead.org_name })}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </Page>
  );
}
