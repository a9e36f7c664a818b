// Registering and editing a supplier (/suppliers/new, /suppliers/<id>/edit): name, Norwegian
// organisation number (with a check-digit hint while typing; the server's verdict is shown next
// to the field) or foreign identifier and country, the transparency act, the statement, the
// high-risk categories, the risk level and notes.
import { useEffect, useMemo, useState } from 'react';
import { ORGNR_INPUT_MAX_LENGTH } from '../../../config';
import {
  RISK_LEVELS, SUPPLIER_CATEGORIES, TRANSPARENCY_VALUES, type RiskLevel, type Supplier, type SupplierCategory,
  type SupplierFields, type TransparencyAct,
} from '../../../protocol/suppliers';
import { todayInOslo } from '../../../state/calendar';
import { routeHref } from '../../../state/router';
import {
  countryFromField, isHttpUrl, orgnrHint, utf8Length, orgnrHintMessage, statementYearFromField, withoutEmpty,
} from '../../../state/suppliers';
import { normaliseOrgnr } from '../../../state/validation';
import { Button } from '../../components/Button';
import { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS } from '../../labels';
import { errorField, formErrorText, LoadProblem, supplierHref, suppliersHref, useIsParticipant } from './common';
import { RISK_KEYS, TRANSPARENCY_KEYS } from './labels';

export const SUPPLIER_NAME_MAX = 200;
/** The server's limit on a foreign supplier's id. */
const SUPPLIER_FOREIGN_ID_MAX = 60;
export const SUPPLIER_NOTES_MAX = 10_000;
const URL_MAX = 500;

interface Values {
  name: string;
  kind: 'norwegian' | 'foreign';
  orgnr: string;
  foreignId: string;
  country: string;
  transparency: TransparencyAct;
  statementUrl: string;
  statementYear: string;
  categories: SupplierCategory[];
  risk: RiskLevel;
  notes: string;
}

type Errors = Partial<Record<'name' | 'orgnr' | 'foreignId' | 'country' | 'statementUrl' | 'statementYear' | 'notes' | 'categories', string>>;

const FIELD_IDS: Record<keyof Errors, string> = {
  name: 'su-name', orgnr: 'su-orgnr', foreignId: 'su-foreign', country: 'su-country', statementUrl: 'su-statement-url',
  statementYear: 'su-statement-year', notes: 'su-notes', categories: 'su-categories',
};
/** The server's field names → ours. */
const SERVER_FIELDS: Record<string, keyof Errors> = {
  name: 'name', orgnr: 'orgnr', foreign_id: 'foreignId', country: 'country', statement_url: 'statementUrl',
  statement_year: 'statementYear', notes: 'notes', categories: 'categories',
};

function valuesOf(s: Supplier | null): Values {
  if (!s) {
    return {
      name: '', kind: 'norwegian', orgnr: '', foreignId: '', country: '', transparency: 'unknown', statementUrl: '',
      statementYear: '', categories: [], risk: 'medium', notes: '',
    };
  }
  return {
    name: s.name, kind: s.orgnr ? 'norwegian' : 'foreign', orgnr: s.orgnr ?? '', foreignId: s.foreign_id ?? '',
    country: s.orgnr ? '' : s.country, transparency: s.transparency_act, statementUrl: s.statement_url,
    statementYear: s.statement_year === null ? '' : String(s.statement_year), categories: [...s.categories], risk: s.risk_level,
    notes: s.notes,
  };
}

function SupplierForm({ supplier, onSaved, onCancel }: { supplier: Supplier | null; onSaved: (s: Supplier) => void; onCancel: () => void }) {
  const t = useT();
  const { api } = useServices();
  const [v, setV] = useState<Values>(() => valuesOf(supplier));
  const [errors, setErrors] = useState<Errors>({});
  const submit = useSubmit();
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((cur) => ({ ...cur, [k]: value }));

  const hint = useMemo(() => orgnrHintMessage(orgnrHint(v.orgnr)), [v.orgnr]);
  const serverField = errorField(submit.error);
  const shown: Errors = { ...errors };
  const serverKey = serverField ? SERVER_FIELDS[serverField] : undefined;
  if (serverKey && !shown[serverKey]) shown[serverKey] = formErrorText(t, submit.error) ?? undefined;
  useEffect(() => {
    if (serverKey) document.getElementById(FIELD_IDS[serverKey])?.focus();
  }, [submit.error]);

  const run = () => submit.run(async () => {
    const found: Errors = {};
    const name = v.name.trim();
    if (name === '') found.name = t('validation.required');
    else if ([...name].length > SUPPLIER_NAME_MAX) found.name = t('validation.too_long');
    const orgnr = normaliseOrgnr(v.orgnr);
    if (v.kind === 'norwegian' && orgnr === '') found.orgnr = t('validation.required');
    else if (v.kind === 'norwegian') {
      // The same check the server makes (format, length, check digit), said before sending.
      const wrong = orgnrHintMessage(orgnrHint(orgnr));
      if (wrong) found.orgnr = t(wrong.key, wrong.params);
    }
    if (v.kind === 'foreign') {
      if (v.foreignId.trim() === '') found.foreignId = t('validation.required');
      if (!countryFromField(v.country) || countryFromField(v.country) === 'NO') found.country = t('suppliers.country_foreign');
    }
    const url = v.statementUrl.trim();
    if (url !== '' && (!isHttpUrl(url) || utf8Length(url) > URL_MAX)) found.statementUrl = t('suppliers.invalid_url');
    const year = statementYearFromField(v.statementYear, todayInOslo());
    if (year === undefined) found.statementYear = t('suppliers.invalid_year', { next: Number(todayInOslo().slice(0, 4)) + 1 });
    setErrors(found);
    const first = (Object.keys(FIELD_IDS) as (keyof Errors)[]).find((k) => found[k] !== undefined);
    if (first) {
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    const fields: SupplierFields = {
      name,
      ...(v.kind === 'norwegian'
        ? { orgnr, country: 'NO' }
        : { foreign_id: v.foreignId.trim(), country: countryFromField(v.country) }),
      transparency_act: v.transparency,
      statement_url: url,
      statement_year: year ?? null,
      categories: v.categories,
      risk_level: v.risk,
      notes: v.notes.trim(),
    };
    const body = withoutEmpty(fields, supplier, ['name']) as SupplierFields;
    const ans = supplier
      ? await api.request('supplier.update', { supplier_id: supplier.id, ...body })
      : await api.request('supplier.create', body);
    onSaved(ans.supplier);
  });

  const hintText = hint ? t(hint.key, hint.params) : t('org.orgnr_hint');
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error, { conflict: 'suppliers.exists' })} labelledBy="supplier-form-title" className="supplier-form">
      <h2 id="supplier-form-title" className="visually-hidden">{supplier ? t('suppliers.edit_title') : t('suppliers.new')}</h2>
      <TextField id="su-name" label={t('suppliers.name')} value={v.name} onChange={(x) => set('name', x)} maxLength={SUPPLIER_NAME_MAX} error={shown.name} autoComplete="off" required />
      <RadioGroup
        name="su-kind" legend={t('suppliers.identity')} value={v.kind} onChange={(x) => set('kind', x === 'foreign' ? 'foreign' : 'norwegian')}
        options={[{ value: 'norwegian', label: t('suppliers.kind_norwegian') }, { value: 'foreign', label: t('suppliers.kind_foreign') }]}
      />
      {v.kind === 'norwegian' ? (
        <div aria-live="polite">
          <TextField
            id="su-orgnr" label={t('org.orgnr')} hint={hintText} value={v.orgnr} onChange={(x) => set('orgnr', x)} inputMode="numeric"
            autoComplete="off" maxLength={ORGNR_INPUT_MAX_LENGTH} error={shown.orgnr} required
          />
        </div>
      ) : (
        <div className="field-row">
          <TextField id="su-foreign" label={t('org.foreign_id')} hint={t('org.foreign_id_hint')} value={v.foreignId} onChange={(x) => set('foreignId', x)} maxLength={SUPPLIER_FOREIGN_ID_MAX} autoComplete="off" error={shown.foreignId} required />
          <TextField id="su-country" label={t('org.country')} hint={t('org.country_hint')} value={v.country} onChange={(x) => set('country', x.toUpperCase())} maxLength={2} autoComplete="off" error={shown.country} required />
        </div>
      )}
      <RadioGroup
        name="su-transparency" legend={t('suppliers.transparency_act')} value={v.transparency} onChange={(x) => set('transparency', x as TransparencyAct)}
        options={TRANSPARENCY_VALUES.map((x) => ({ value: x, label: t(TRANSPARENCY_KEYS[x]) }))}
      />
      <div className="field-row">
        <TextField id="su-statement-url" label={t('suppliers.statement_url')} hint={t('suppliers.statement_url_hint')} optionalText={t('common.optional')} type="url" value={v.statementUrl} onChange={(x) => set('statementUrl', x)} maxLength={URL_MAX} error={shown.statementUrl} />
        <TextField id="su-statement-year" label={t('suppliers.statement_year')} optionalText={t('common.optional')} inputMode="numeric" value={v.statementYear} onChange={(x) => set('statementYear', x)} maxLength={4} error={shown.statementYear} autoComplete="off" />
      </div>
      <fieldset className="fieldset" id="su-categories" tabIndex={-1}>
        <legend className="fieldset__legend">{t('suppliers.categories')}</legend>
        <div className="checkbox-row">
          {SUPPLIER_CATEGORIES.map((c) => (
            <CheckboxField
              key={c} id={`su-cat-${c}`} label={t(DRAFT_CATEGORY_KEYS[c])} checked={v.categories.includes(c)}
              onChange={(on) => set('categories', on ? [...v.categories, c] : v.categories.filter((x) => x !== c))}
            />
          ))}
        </div>
        {shown.categories ? <p className="field__error">{shown.categories}</p> : null}
      </fieldset>
      <SelectField
        id="su-risk" label={t('suppliers.risk')} value={v.risk} onChange={(x) => set('risk', x as RiskLevel)}
        options={RISK_LEVELS.map((r) => ({ value: r, label: t(RISK_KEYS[r]) }))}
      />
      <TextAreaField id="su-notes" label={t('suppliers.notes')} optionalText={t('common.optional')} value={v.notes} onChange={(x) => set('notes', x)} maxLength={SUPPLIER_NOTES_MAX} error={shown.notes} rows={4} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{supplier ? t('common.save') : t('suppliers.create_submit')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

export function NewSupplierScreen() {
  const t = useT();
  const { navigator } = useServices();
  const participant = useIsParticipant();
  const back = <Link href={suppliersHref()}>{t('suppliers.title')}</Link>;
  if (!participant) return <Page title={t('suppliers.new')} eyebrow={back}><Notice kind="warning">{t('suppliers.participants_only')}</Notice></Page>;
  return (
    <Page title={t('suppliers.new')} eyebrow={back}>
      <section className="panel">
        <SupplierForm supplier={null} onSaved={(s) => navigator.navigate(supplierHref(s.id))} onCancel={() => navigator.navigate(suppliersHref())} />
      </section>
    </Page>
  );
}

export function EditSupplierScreen({ supplierId }: { supplierId: number }) {
  const t = useT();
  const { api, navigator } = useServices();
  const info = useAsync(() => api.request('supplier.get', { supplier_id: supplierId }), [api, supplierId]);
  const back = <Link href={supplierHref(supplierId)}>{info.data?.supplier.name ?? t('suppliers.title')}</Link>;
  if (info.error) return <Page title={t('suppliers.edit_title')} eyebrow={back}><LoadProblem error={info.error} onRetry={info.reload} notFound="suppliers.not_found" /></Page>;
  if (!info.data) return <Loading />;
  if (!info.data.can_edit) return <Page title={t('suppliers.edit_title')} eyebrow={back}><Notice kind="warning">{t('suppliers.participants_only')}</Notice></Page>;
  return (
    <Page title={t('suppliers.edit_named', { name: info.data.supplier.name })} eyebrow={back}>
      <section className="panel">
        <SupplierForm
          supplier={info.data.supplier} onSaved={(s) => navigator.navigate(supplierHref(s.id))}
          onCancel={() => navigator.navigate(routeHref({ name: 'supplier', id: supplierId }))}
        />
      </section>
    </Page>
  );
}
