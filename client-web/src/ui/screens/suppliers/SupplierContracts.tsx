// The supplier page's contracts of my organisation (add, edit, delete; other organisations'
// contracts read-only) and production sites (add, edit, delete).
import { useState } from 'react';
import {
  CLAUSE_LEVELS, FOLLOW_UP_METHODS, SITE_TIERS, VALUE_BANDS, defaultRequiredMethod, type ClauseLevel, type Contract,
  type FollowUpMethod, type Site, type SiteTier, type ValueBand,
} from '../../../protocol/suppliers';
import { dateFromField, formatLocalDate } from '../../../state/calendar';
import { countryFromField, dateField, withoutEmpty } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { RadioGroup, SelectField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { errorField, formErrorText, type ActingOrg } from './common';
import { CLAUSE_KEYS, METHOD_KEYS, TIER_KEYS, VALUE_BAND_KEYS } from './labels';

const TEXT_MAX = 500;
/** The server's limit on a contract reference, in characters. */
const CONTRACT_REF_MAX = 100;

function period(c: Contract): string {
  if (!c.period_start && !c.period_end) return '';
  return `${c.period_start ? formatLocalDate(c.period_start) : '…'}–${c.period_end ? formatLocalDate(c.period_end) : '…'}`;
}

function ContractForm({ supplierId, contract, acting, onSaved, onCancel }: {
  supplierId: number; contract: Contract | null; acting: ActingOrg; onSaved: (c: Contract) => void; onCancel: () => void;
}) {
  const t = useT();
  const { api } = useServices();
  const p = contract ? `ct-${contract.id}-` : 'ct-new-';
  const [products, setProducts] = useState(contract?.products ?? '');
  const [ref, setRef] = useState(contract?.contract_ref ?? '');
  const [start, setStart] = useState(dateField(contract?.period_start));
  const [end, setEnd] = useState(dateField(contract?.period_end));
  const [band, setBand] = useState<ValueBand | ''>(contract?.value_band ?? '');
  const [clause, setClause] = useState<ClauseLevel>(contract?.clause_level ?? 'basic');
  const [method, setMethod] = useState<FollowUpMethod | ''>(contract?.required_method ?? '');
  const [errors, setErrors] = useState<Partial<Record<'start' | 'end' | 'band', string>>>({});
  const submit = useSubmit();
  const serverField = errorField(submit.error);
  const run = () => submit.run(async () => {
    const found: typeof errors = {};
    const s = dateFromField(start);
    const e = dateFromField(end);
    if (s === undefined) found.start = t('meetings.invalid_date');
    if (e === undefined) found.end = t('meetings.invalid_date');
    else if (s && e && e < s) found.end = t('suppliers.period_end_before_start');
    if (band === '') found.band = t('validation.choose');
    setErrors(found);
    const first = (['start', 'end', 'band'] as const).find((k) => found[k]);
    if (first) {
      document.getElementById(`${p}${first}`)?.focus();
      return;
    }
    const fields = withoutEmpty({ products: products.trim(), contract_ref: ref.trim(), period_start: s ?? null, period_end: e ?? null }, contract);
    // "Default for the clause": left out of a new contract; an edit names the default explicitly.
    const required = method !== '' ? method : contract ? defaultRequiredMethod(clause) : null;
    const ans = await api.request('supplier.contract_save', {
      supplier_id: supplierId, ...(contract ? { contract_id: contract.id } : {}), ...acting.asOrg,
      ...fields, value_band: band as ValueBand, clause_level: clause, ...(required ? { required_method: required } : {}),
    });
    onSaved(ans.contract);
  });
  const fieldError = (name: string, local: string | undefined) => local ?? (serverField === name ? formErrorText(t, submit.error) ?? undefined : undefined);
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} className="form--grid" labelledBy={`${p}legend`}>
      <h3 id={`${p}legend`} className="subsection-title form-heading">{contract ? t('contracts.edit') : t('contracts.add')}</h3>
      <TextField id={`${p}products`} label={t('contracts.products')} optionalText={t('common.optional')} value={products} onChange={setProducts} maxLength={TEXT_MAX} error={fieldError('products', undefined)} />
      <TextField id={`${p}ref`} label={t('contracts.ref')} optionalText={t('common.optional')} value={ref} onChange={setRef} maxLength={CONTRACT_REF_MAX} error={fieldError('contract_ref', undefined)} />
      <TextField id={`${p}start`} label={t('contracts.period_start')} hint={t('meetings.date_hint')} optionalText={t('common.optional')} value={start} onChange={setStart} error={fieldError('period_start', errors.start)} autoComplete="off" />
      <TextField id={`${p}end`} label={t('contracts.period_end')} hint={t('meetings.date_hint')} optionalText={t('common.optional')} value={end} onChange={setEnd} error={fieldError('period_end', errors.end)} autoComplete="off" />
      <SelectField
        id={`${p}band`} label={t('contracts.value_band')} value={band} onChange={(x) => setBand(x as ValueBand | '')} error={fieldError('value_band', errors.band)} required
        options={[{ value: '', label: t('common.choose') }, ...VALUE_BANDS.map((b) => ({ value: b, label: t(VALUE_BAND_KEYS[b]) }))]}
      />
      <RadioGroup
        name={`${p}clause`} legend={t('contracts.clause_level')} value={clause} onChange={(x) => setClause(x as ClauseLevel)}
        options={CLAUSE_LEVELS.map((c) => ({ value: c, label: t(CLAUSE_KEYS[c]) }))}
      />
      <SelectField
        id={`${p}method`} label={t('contracts.required_method')} hint={t('contracts.required_method_hint')} value={method}
        onChange={(x) => setMethod(x as FollowUpMethod | '')} error={fieldError('required_method', undefined)}
        options={[
          { value: '', label: t('contracts.required_default', { method: t(METHOD_KEYS[defaultRequiredMethod(clause)]) }) },
          ...FOLLOW_UP_METHODS.map((m) => ({ value: m, label: t(METHOD_KEYS[m]) })),
        ]}
      />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{contract ? t('common.save') : t('contracts.add_submit')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

function ContractTable({ contracts, caption, editable, onEdit, onDelete }: {
  contracts: Contract[]; caption: string; editable: boolean; onEdit: (c: Contract) => void; onDelete: (c: Contract) => Promise<void>;
}) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="table" data-testid={editable ? 'my-contracts' : 'other-contracts'}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {editable ? null : <th scope="col">{t('field.organisation')}</th>}
            <th scope="col">{t('contracts.products')}</th>
            <th scope="col">{t('contracts.period')}</th>
            <th scope="col">{t('contracts.value_band')}</th>
            <th scope="col">{t('contracts.clause_level')}</th>
            <th scope="col">{t('contracts.required_method')}</th>
            {editable ? <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {contracts.map((c) => (
            <tr key={c.id} data-contract={c.contract_ref || c.id}>
              {editable ? null : <td>{c.org_name}</td>}
              <td>{c.products}{c.contract_ref ? <span className="cell-sub">{t('contracts.ref')}: {c.contract_ref}</span> : null}</td>
              <td>{period(c)}</td>
              <td>{t(VALUE_BAND_KEYS[c.value_band])}</td>
              <td>{t(CLAUSE_KEYS[c.clause_level])}</td>
              <td>{t(METHOD_KEYS[c.required_method])}</td>
              {editable ? (
                <td>
                  <div className="row-actions">
                    <Button small onClick={() => onEdit(c)} ariaLabel={t('contracts.edit_named', { ref: c.contract_ref || c.products || String(c.id) })}>{t('common.edit')}</Button>
                    <ConfirmButton
                      label={t('common.delete')} ariaLabel={t('contracts.delete_named', { ref: c.contract_ref || c.products || String(c.id) })}
                      question={t('contracts.delete_question')} confirmLabel={t('common.delete')} onConfirm={() => onDelete(c)}
                    />
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ContractsPanel({ supplierId, contracts, acting, onChanged }: {
  supplierId: number; contracts: Contract[]; acting: ActingOrg; onChanged: () => void;
}) {
  const t = useT();
  const { api } = useServices();
  const [editing, setEditing] = useState<Contract | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mine = acting.orgId === null ? [] : contracts.filter((c) => c.org_id === acting.orgId);
  const others = contracts.filter((c) => acting.orgId === null || c.org_id !== acting.orgId);
  const remove = async (c: Contract) => {
    setError(null);
    try {
      await api.request('supplier.contract_delete', { supplier_id: supplierId, contract_id: c.id });
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="contracts-heading">
      <div className="panel__head">
        <h2 id="contracts-heading" className="section-title">
          {acting.orgName ? t('contracts.heading_org', { org: acting.orgName }) : t('contracts.heading')}
        </h2>
        {acting.orgId !== null && editing === null ? <Button small variant="primary" onClick={() => setEditing('new')}>{t('contracts.add')}</Button> : null}
      </div>
      {acting.orgId === null && !acting.picker ? <Notice kind="info">{t('suppliers.no_org')}</Notice> : null}
      {acting.orgId !== null && mine.length === 0 ? <p className="muted">{t('contracts.none_mine')}</p> : null}
      {mine.length > 0 ? (
        <ContractTable contracts={mine} caption={t('contracts.heading')} editable onEdit={(c) => setEditing(c)} onDelete={remove} />
      ) : null}
      {error ? <p className="notice notice--error" role="alert">{t(errorKey(error))}</p> : null}
      {editing !== null && acting.orgId !== null ? (
        <div className="subpanel">
          <ContractForm
            key={editing === 'new' ? 'new' : editing.id} supplierId={supplierId} contract={editing === 'new' ? null : editing} acting={acting}
            onSaved={() => { setEditing(null); onChanged(); }} onCancel={() => setEditing(null)}
          />
        </div>
      ) : null}
      {others.length > 0 ? (
        <>
          <h3 className="subsection-title">{t('contracts.others')}</h3>
          <ContractTable contracts={others} caption={t('contracts.others')} editable={false} onEdit={() => {}} onDelete={async () => {}} />
        </>
      ) : null}
    </section>
  );
}

function SiteForm({ supplierId, site, onSaved, onCancel }: { supplierId: number; site: Site | null; onSaved: () => void; onCancel: () => void }) {
  const t = useT();
  const { api } = useServices();
  const p = site ? `site-${site.id}-` : 'site-new-';
  const [name, setName] = useState(site?.name ?? '');
  const [address, setAddress] = useState(site?.address ?? '');
  const [country, setCountry] = useState(site?.country ?? '');
  const [tier, setTier] = useState<SiteTier>(site?.tier ?? 'final_production');
  const [products, setProducts] = useState(site?.products ?? '');
  const [errors, setErrors] = useState<Partial<Record<'name' | 'country', string>>>({});
  const submit = useSubmit();
  const run = () => submit.run(async () => {
    const found: typeof errors = {};
    if (name.trim() === '') found.name = t('validation.required');
    if (!countryFromField(country)) found.country = t('validation.country');
    setErrors(found);
    const first = (['name', 'country'] as const).find((k) => found[k]);
    if (first) {
      document.getElementById(`${p}${first}`)?.focus();
      return;
    }
    await api.request('supplier.site_save', {
      supplier_id: supplierId, ...(site ? { site_id: site.id } : {}), name: name.trim(), address: address.trim(),
      country: countryFromField(country), tier, products: products.trim(),
    });
    onSaved();
  });
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} className="form--grid" labelledBy={`${p}legend`}>
      <h3 id={`${p}legend`} className="subsection-title form-heading">{site ? t('sites.edit') : t('sites.add')}</h3>
      <TextField id={`${p}name`} label={t('sites.name')} value={name} onChange={setName} maxLength={200} error={errors.name} required />
      <TextField id={`${p}address`} label={t('sites.address')} optionalText={t('common.optional')} value={address} onChange={setAddress} maxLength={TEXT_MAX} />
      <TextField id={`${p}country`} label={t('org.country')} hint={t('org.country_hint')} value={country} onChange={(x) => setCountry(x.toUpperCase())} maxLength={2} error={errors.country} required />
      <SelectField id={`${p}tier`} label={t('sites.tier')} value={tier} onChange={(x) => setTier(x as SiteTier)} options={SITE_TIERS.map((x) => ({ value: x, label: t(TIER_KEYS[x]) }))} />
      <TextField id={`${p}products`} label={t('sites.products')} optionalText={t('common.optional')} value={products} onChange={setProducts} maxLength={TEXT_MAX} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{site ? t('common.save') : t('sites.add_submit')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

export function SitesPanel({ supplierId, sites, canEdit, onChanged }: { supplierId: number; sites: Site[]; canEdit: boolean; onChanged: () => void }) {
  const t = useT();
  const { api } = useServices();
  const [editing, setEditing] = useState<Site | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const remove = async (s: Site) => {
    setError(null);
    try {
      await api.request('supplier.site_delete', { supplier_id: supplierId, site_id: s.id });
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="sites-heading">
      <div className="panel__head">
        <h2 id="sites-heading" className="section-title">{t('sites.heading')}</h2>
        {canEdit && editing === null ? <Button small onClick={() => setEditing('new')}>{t('sites.add')}</Button> : null}
      </div>
      {sites.length === 0 ? <p className="muted">{t('sites.none')}</p> : (
        <div className="table-wrap">
          <table className="table" data-testid="sites">
            <caption className="visually-hidden">{t('sites.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sites.name')}</th>
                <th scope="col">{t('org.country')}</th>
                <th scope="col">{t('sites.tier')}</th>
                <th scope="col">{t('sites.products')}</th>
                {canEdit ? <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {sites.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}{s.address ? <span className="cell-sub">{s.address}</span> : null}</th>
                  <td>{s.country}</td>
                  <td>{t(TIER_KEYS[s.tier])}</td>
                  <td>{s.products}</td>
                  {canEdit ? (
                    <td>
                      <div className="row-actions">
                        <Button small onClick={() => setEditing(s)} ariaLabel={t('sites.edit_named', { name: s.name })}>{t('common.edit')}</Button>
                        <ConfirmButton
                          label={t('common.delete')} ariaLabel={t('sites.delete_named', { name: s.name })} question={t('sites.delete_question')}
                          confirmLabel={t('common.delete')} onConfirm={() => remove(s)}
                        />
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error ? <p className="notice notice--error" role="alert">{t(errorKey(error))}</p> : null}
      {editing !== null ? (
        <div className="subpanel">
          <SiteForm key={editing === 'new' ? 'new' : editing.id} supplierId={supplierId} site={editing === 'new' ? null : editing} onSaved={() => { setEditing(null); onChanged(); }} onCancel={() => setEditing(null)} />
        </div>
      ) : null}
    </section>
  );
}
