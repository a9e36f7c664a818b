// The shared supplier register (/suppliers): filters in the address bar (search, category,
// country, risk, shared only, my organisation, needs a lead), the list with sharing and lead,
// and the import and export buttons. Shows a page of 100 at a time (supplier.list pages by
// position). Follows supplier.updated live.
import { useEffect, useRef, useState } from 'react';
import { SUPPLIER_CATEGORIES, RISK_LEVELS, type Supplier, type SupplierListPosition } from '../../../protocol/suppliers';
import { routeHref } from '../../../state/router';
import { supplierFilterQuery, supplierListRequest, type SupplierListFilter, EMPTY_SUPPLIER_FILTER, countryFromField } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS } from '../../labels';
import { download } from '../drafts/DraftStatusPanel';
import {
  LeadBadge, LoadProblem, RiskBadge, SupplierSubnav, supplierHref, supplierIdentity, useIsParticipant,
} from './common';
import { labelText, RISK_KEYS } from './labels';

function FilterForm({ filter }: { filter: SupplierListFilter }) {
  const t = useT();
  const { navigator } = useServices();
  const [v, setV] = useState(filter);
  useEffect(() => setV(filter), [filter]);
  const set = <K extends keyof SupplierListFilter>(k: K, value: SupplierListFilter[K]) => setV((cur) => ({ ...cur, [k]: value }));
  const apply = (next: SupplierListFilter) =>
    navigator.navigate(routeHref({ name: 'suppliers', filter: { ...next, country: countryFromField(next.country) } }), { replace: true });
  return (
    <section className="panel" aria-labelledby="supplier-filter-heading">
      <h2 id="supplier-filter-heading" className="visually-hidden">{t('suppliers.filter')}</h2>
      <Form onSubmit={() => apply(v)} className="form--grid supplier-filter" labelledBy="supplier-filter-heading">
        <TextField id="sf-q" label={t('suppliers.search')} value={v.q} onChange={(x) => set('q', x)} maxLength={200} autoComplete="off" />
        <SelectField
          id="sf-category" label={t('suppliers.category')} value={v.category} onChange={(x) => set('category', x as SupplierListFilter['category'])}
          options={[{ value: '', label: t('suppliers.all_categories') }, ...SUPPLIER_CATEGORIES.map((c) => ({ value: c, label: t(DRAFT_CATEGORY_KEYS[c]) }))]}
        />
        <TextField id="sf-country" label={t('suppliers.country')} hint={t('suppliers.country_hint')} value={v.country} onChange={(x) => set('country', x.toUpperCase())} maxLength={2} autoComplete="off" />
        <SelectField
          id="sf-risk" label={t('suppliers.risk')} value={v.risk} onChange={(x) => set('risk', x as SupplierListFilter['risk'])}
          options={[{ value: '', label: t('suppliers.all_risks') }, ...RISK_LEVELS.map((r) => ({ value: r, label: t(RISK_KEYS[r]) }))]}
        />
        <div className="checkbox-row supplier-filter__flags">
          <CheckboxField id="sf-shared" label={t('suppliers.shared_only')} checked={v.shared} onChange={(x) => set('shared', x)} />
          <CheckboxField id="sf-mine" label={t('suppliers.mine_only')} checked={v.mine} onChange={(x) => set('mine', x)} />
          <CheckboxField id="sf-needs-lead" label={t('suppliers.needs_lead_only')} checked={v.needsLead} onChange={(x) => set('needsLead', x)} />
        </div>
        <div className="form__actions">
          <Button type="submit" variant="primary">{t('suppliers.apply_filter')}</Button>
          <Button onClick={() => { setV(EMPTY_SUPPLIER_FILTER); apply(EMPTY_SUPPLIER_FILTER); }}>{t('suppliers.clear_filter')}</Button>
        </div>
      </Form>
    </section>
  );
}

export function ExportButtons() {
  const t = useT();
  const { api } = useServices();
  const submit = useSubmit();
  const run = (format: 'csv' | 'json') => submit.run(async () => {
    const ans = await api.request('supplier.export', { format });
    download(ans.filename, new Blob([ans.content], { type: ans.content_type || (format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json') }));
  });
  return (
    <div className="row-actions">
      <Button small busy={submit.busy} onClick={() => void run('csv')}>{t('suppliers.export_csv')}</Button>
      <Button small busy={submit.busy} onClick={() => void run('json')}>{t('suppliers.export_json')}</Button>
      {submit.error ? <span className="field__error" role="alert">{t(errorKey(submit.error))}</span> : null}
    </div>
  );
}

export function SupplierTable({ suppliers, caption }: { suppliers: Supplier[]; caption: string }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="table supplier-table" data-testid="supplier-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('suppliers.name')}</th>
            <th scope="col">{t('suppliers.risk')}</th>
            <th scope="col">{t('suppliers.categories')}</th>
            <th scope="col">{t('suppliers.sharing')}</th>
            <th scope="col">{t('suppliers.lead')}</th>
            <th scope="col">{t('suppliers.actions_col')}</th>
          </tr>
        </thead>
        <tbody>
          {suppliers.map((s) => (
            <tr key={s.id} data-supplier={s.name}>
              <th scope="row">
                <Link href={supplierHref(s.id)} className="cell-title">{s.name}</Link>
                <span className="cell-sub">{supplierIdentity(s)}</span>
              </th>
              <td><RiskBadge risk={s.risk_level} /></td>
              <td>{s.categories.map((c) => labelText(t, DRAFT_CATEGORY_KEYS, c)).join(', ')}</td>
              <td data-testid="sharing-count">{s.sharing_count}</td>
              <td><LeadBadge supplier={s} /></td>
              <td>
                {s.open_actions > 0 ? <span className="cell-sub">{t('suppliers.open_actions', { count: s.open_actions })}</span> : null}
                {s.overdue_actions > 0 ? <Badge tone="warning">{t('suppliers.overdue_actions', { count: s.overdue_actions })}</Badge> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Suppliers per page of the register; "show more" fetches the next page after the last shown. */
export const SUPPLIER_PAGE = 100;

interface ListPages {
  suppliers: Supplier[];
  next: SupplierListPosition | null;
  total: number;
}

export default function SupplierListScreen({ filter }: { filter: SupplierListFilter }) {
  const t = useT();
  const { api } = useServices();
  const participant = useIsParticipant();
  const key = JSON.stringify(filter);
  // How many are shown: a reload (an event, a reconnect) fetches as many again, up to a page's maximum.
  const shown = useRef(SUPPLIER_PAGE);
  useEffect(() => { shown.current = SUPPLIER_PAGE; }, [key]);
  const list = useAsync<ListPages>(
    () => api.request('supplier.list', { ...supplierListRequest(filter), limit: Math.min(1000, Math.max(SUPPLIER_PAGE, shown.current)) }),
    [api, key],
  );
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  useEffect(() => setMore({ loading: false, error: null }), [key]);
  useOnReconnect(list.reload);
  useSocketEvent('supplier.updated', (ev) => {
    if (list.data?.suppliers.some((s) => s.id === ev.supplier.id)) {
      list.setData((cur) => cur && { ...cur, suppliers: cur.suppliers.map((s) => (s.id === ev.supplier.id ? ev.supplier : s)) });
    } else {
      list.reload();
    }
  });
  const showMore = () => {
    const after = list.data?.next;
    if (!after || more.loading) return;
    setMore({ loading: true, error: null });
    api.request('supplier.list', { ...supplierListRequest(filter), limit: SUPPLIER_PAGE, after }).then(
      (page) => {
        list.setData((cur) => {
          // A reload or a new filter since: its answer stands, this page is dropped.
          if (!cur || cur.next?.id !== after.id || cur.next?.name !== after.name) return cur;
          const suppliers = [...cur.suppliers, ...page.suppliers];
          shown.current = suppliers.length;
          return { suppliers, next: page.next, total: page.total };
        });
        setMore({ loading: false, error: null });
      },
      (error: unknown) => setMore({ loading: false, error }),
    );
  };
  const actions = participant ? (
    <div className="row-actions">
      <Link className="button button--primary" href={routeHref({ name: 'supplier_new' })}>{t('suppliers.new')}</Link>
      <Link className="button button--secondary" href={routeHref({ name: 'supplier_import' })}>{t('suppliers.import')}</Link>
    </div>
  ) : null;
  const data = list.data;
  return (
    <Page title={t('suppliers.title')} actions={actions}>
      <SupplierSubnav />
      <FilterForm filter={filter} />
      <section className="panel" aria-labelledby="supplier-list-heading">
        <div className="panel__head">
          <h2 id="supplier-list-heading" className="section-title">
            {t('suppliers.register')} {data ? <span className="count">({data.total})</span> : null}
          </h2>
          <ExportButtons />
        </div>
        {list.error ? <LoadProblem error={list.error} onRetry={list.reload} /> : null}
        {!data && !list.error ? <Loading /> : null}
        {data && data.suppliers.length === 0 ? (
          <p className="muted">{supplierFilterQuery(filter).toString() !== '' ? t('suppliers.none') : participant ? t('suppliers.register_empty') : t('suppliers.register_empty_reader')}</p>
        ) : null}
        {data && data.suppliers.length > 0 ? <SupplierTable suppliers={data.suppliers} caption={t('suppliers.register')} /> : null}
        {data && data.suppliers.length > 0 && data.next ? (
          <div className="list-more">
            <p className="muted" aria-live="polite">{t('suppliers.showing', { shown: data.suppliers.length, total: data.total })}</p>
            <Button busy={more.loading} onClick={showMore}>{t('suppliers.show_more')}</Button>
            {more.error ? <p className="notice notice--error" role="alert">{t(errorKey(more.error))}</p> : null}
          </div>
        ) : null}
      </section>
    </Page>
  );
}
