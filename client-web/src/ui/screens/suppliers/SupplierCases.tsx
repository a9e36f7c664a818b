// The supplier page's follow-up: who leads it on behalf of whom ("we lead this for …"), the
// follow-up cases, and reliance on another organisation's case (checked first with
// supplier.reliance_check; the reasons are shown when it is not allowed).
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import type { CaseSummary, Reliance, RelianceCheck, Supplier } from '../../../protocol/suppliers';
import type { Language } from '../../../protocol/types';
import { formatLocalDate } from '../../../state/calendar';
import { routeHref } from '../../../state/router';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CheckboxField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Badge, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useSession, useT, type Translate } from '../../hooks/useStores';
import { caseHref, formErrorText, type ActingOrg } from './common';
import { CASE_STATUS_KEYS, ESCALATION_KEYS, METHOD_KEYS, RELIANCE_REASON_KEYS, labelOf } from './labels';

export function LeadPanel({ supplier, acting, onChanged }: { supplier: Supplier; acting: ActingOrg; onChanged: (s: Supplier) => void }) {
  const t = useT();
  const { api } = useServices();
  const { user } = useSession();
  const lead = supplier.lead;
  const others = supplier.sharing.filter((o) => o.org_id !== acting.orgId);
  const weLead = !!lead && acting.orgId !== null && lead.org_id === acting.orgId;
  const mayLead = acting.orgId !== null && (!lead || weLead || !!user?.is_admin);
  const initial = () => new Set(weLead ? lead!.on_behalf.map((o) => o.org_id) : others.map((o) => o.org_id));
  const [chosen, setChosen] = useState<Set<number>>(initial);
  // The lead or the sharing organisations changed (here or elsewhere): start from the new state.
  const signature = JSON.stringify([lead?.org_id ?? null, lead?.on_behalf.map((o) => o.org_id) ?? [], others.map((o) => o.org_id), acting.orgId]);
  useEffect(() => setChosen(initial()), [signature]);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const clear = useSubmit();
  const save = () => submit.run(async () => {
    setSaved(false);
    const ans = await api.request('supplier.set_lead', { supplier_id: supplier.id, ...acting.asOrg, on_behalf: [...chosen] });
    setSaved(true);
    onChanged(ans.supplier);
  });
  const end = () => clear.run(async () => {
    const ans = await api.request('supplier.set_lead', { supplier_id: supplier.id, clear: true });
    setSaved(false);
    onChanged(ans.supplier);
  });
  return (
    <section className="panel" aria-labelledby="lead-heading">
      <h2 id="lead-heading" className="section-title">{t('lead.heading')}</h2>
      {lead ? (
        <div data-testid="lead">
          <p>
            <strong>{t('lead.leads', { org: lead.org_name })}</strong>{' '}
            <span className="muted">{t('lead.since', { date: formatDateTime(lead.since) })}</span>
          </p>
          {lead.on_behalf.length > 0 ? (
            <>
              <p className="field__label">{t('lead.on_behalf')}</p>
              <ul className="name-list" data-testid="lead-on-behalf">
                {lead.on_behalf.map((o) => <li key={o.org_id}>{o.org_name}</li>)}
              </ul>
            </>
          ) : <p className="muted">{t('lead.on_behalf_none')}</p>}
        </div>
      ) : <Notice kind="warning">{t('lead.none')}</Notice>}
      {mayLead ? (
        <Form onSubmit={save} error={formErrorText(t, submit.error, { conflict: 'lead.taken_meanwhile' })} success={saved ? t('lead.saved') : null} labelledBy="lead-form-legend">
          <fieldset className="fieldset">
            <legend id="lead-form-legend" className="fieldset__legend">
              {t('lead.we_lead_for', { org: acting.orgName ?? t('lead.my_org') })}
            </legend>
            {others.length === 0 ? <p className="muted">{t('lead.no_others')}</p> : (
              <div className="checkbox-row">
                {others.map((o) => (
                  <CheckboxField
                    key={o.org_id} id={`lead-org-${o.org_id}`} label={o.org_name} checked={chosen.has(o.org_id)}
                    onChange={(on) => setChosen((cur) => {
                      const next = new Set(cur);
                      if (on) next.add(o.org_id);
                      else next.delete(o.org_id);
                      return next;
                    })}
                  />
                ))}
              </div>
            )}
          </fieldset>
          <div className="form__actions">
            <Button type="submit" variant="primary" busy={submit.busy}>{weLead ? t('lead.update_submit') : t('lead.take_submit')}</Button>
            {weLead || (lead && user?.is_admin) ? (
              <ConfirmButton label={t('lead.clear')} question={t('lead.clear_question')} confirmLabel={t('lead.clear')} onConfirm={end} />
            ) : null}
          </div>
          {clear.error ? <p className="notice notice--error" role="alert">{formErrorText(t, clear.error, { conflict: 'lead.ended_meanwhile' })}</p> : null}
        </Form>
      ) : null}
    </section>
  );
}

/** Why a reliance does not hold: Norwegian text from the server, or our labels in English. */
/** The reliance age limit in words: whole years as years, anything else in days (as the server's Norwegian text). */
export function relianceAgeText(t: Translate, days: number): string {
  if (days > 0 && days % 365 === 0) return days === 365 ? t('reliance.age_year') : t('reliance.age_years', { count: days / 365 });
  return days === 1 ? t('reliance.age_day') : t('reliance.age_days', { count: days });
}

function relianceReasonTexts(t: Translate, language: Language, codes: readonly string[], nb: readonly string[], maxAgeDays: number): string[] {
  if (language === 'nb' && nb.length > 0) return [...nb];
  return codes.map((code, i) => {
    const key = labelOf(RELIANCE_REASON_KEYS, code);
    return key ? t(key, { age: relianceAgeText(t, maxAgeDays) }) : (nb[i] ?? code);
  });
}

/** The reasons of a refused reliance check. */
export function RelianceReasons({ check }: { check: RelianceCheck }) {
  const t = useT();
  const { language } = useSession();
  const texts = relianceReasonTexts(t, language, check.reasons, check.reasons_nb, check.max_age_days);
  return (
    <ul className="reliance-reasons" data-testid="reliance-reasons">
      {texts.map((r, i) => <li key={i}>{r}</li>)}
    </ul>
  );
}

function RelyControl({ supplierId, c, acting, onRelied }: { supplierId: number; c: CaseSummary; acting: ActingOrg; onRelied: () => void }) {
  const t = useT();
  const { api } = useServices();
  const [refused, setRefused] = useState<RelianceCheck | null>(null);
  const [done, setDone] = useState(false);
  const submit = useSubmit();
  const run = () => submit.run(async () => {
    setRefused(null);
    setDone(false);
    const fields = { supplier_id: supplierId, case_id: c.id, ...acting.asOrg };
    const check = await api.request('supplier.reliance_check', fields);
    if (!check.valid) {
      setRefused(check);
      return;
    }
    await api.request('supplier.rely', fields);
    setDone(true);
    onRelied();
  });
  return (
    <div className="rely" data-testid={`rely-${c.id}`}>
      <Button small busy={submit.busy} onClick={() => void run()} ariaLabel={t('reliance.rely_named', { org: c.org_name, method: t(METHOD_KEYS[c.method]) })}>
        {t('reliance.rely')}
      </Button>
      {refused ? (
        <div className="notice notice--warning" role="alert">
          <p>{t('reliance.not_allowed')}</p>
          <RelianceReasons check={refused} />
        </div>
      ) : null}
      {done ? <p className="notice notice--success" role="status">{t('reliance.recorded')}</p> : null}
      {submit.error ? <p className="notice notice--error" role="alert">{formErrorText(t, submit.error, { conflict: 'reliance.refused_meanwhile' })}</p> : null}
    </div>
  );
}

export function CasesPanel({ supplierId, cases, acting, onChanged }: { supplierId: number; cases: CaseSummary[]; acting: ActingOrg; onChanged: () => void }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="cases-heading">
      <div className="panel__head">
        <h2 id="cases-heading" className="section-title">{t('cases.heading')}</h2>
        {acting.orgId !== null ? (
          <Link className="button button--small button--primary" href={routeHref({ name: 'case_new', supplierId })}>{t('cases.new')}</Link>
        ) : null}
      </div>
      {cases.length === 0 ? <p className="muted">{t('cases.none')}</p> : (
        <div className="table-wrap">
          <table className="table" data-testid="cases">
            <caption className="visually-hidden">{t('cases.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.method')}</th>
                <th scope="col">{t('cases.status')}</th>
                <th scope="col">{t('cases.organisation')}</th>
                <th scope="col">{t('cases.dates')}</th>
                <th scope="col">{t('cases.breaches')}</th>
                <th scope="col">{t('cases.escalation')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id} data-case={c.id} data-status={c.status} data-method={c.method}>
                  <th scope="row"><Link href={caseHref(c.id)}>{t(METHOD_KEYS[c.method])}</Link></th>
                  <td><span className={`case-status case-status--${c.status}`}>{t(CASE_STATUS_KEYS[c.status])}</span></td>
                  <td>
                    {c.org_name}
                    {c.on_behalf.length > 0 ? <span className="cell-sub">{t('cases.on_behalf_list', { orgs: c.on_behalf.map((o) => o.org_name).join(', ') })}</span> : null}
                  </td>
                  <td>
                    {c.started_on ? <span className="cell-sub">{t('cases.started_short', { date: formatLocalDate(c.started_on) })}</span> : null}
                    {c.completed_on ? <span className="cell-sub">{t('cases.completed_short', { date: formatLocalDate(c.completed_on) })}</span> : null}
                  </td>
                  <td>{c.breaches > 0 ? <Badge tone="warning">{t('cases.breach_count', { count: c.breaches })}</Badge> : <span className="muted">0</span>}</td>
                  <td>{t(ESCALATION_KEYS[c.escalation])}</td>
                  <td>
                    {acting.orgId !== null && c.org_id !== acting.orgId ? (
                      <RelyControl supplierId={supplierId} c={c} acting={acting} onRelied={onChanged} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ReliancesPanel({ supplierId, reliances, acting, onChanged }: { supplierId: number; reliances: Reliance[]; acting: ActingOrg; onChanged: () => void }) {
  const t = useT();
  const { language } = useSession();
  const { api } = useServices();
  const [error, setError] = useState<unknown>(null);
  const unrely = async () => {
    setError(null);
    try {
      await api.request('supplier.unrely', { supplier_id: supplierId, ...acting.asOrg });
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="reliances-heading">
      <h2 id="reliances-heading" className="section-title">{t('reliance.heading')}</h2>
      <p className="muted">{t('reliance.explain')}</p>
      {reliances.length === 0 ? <p className="muted">{t('reliance.none')}</p> : (
        <ul className="reliances" data-testid="reliances">
          {reliances.map((r) => (
            <li key={r.id} className={r.valid ? 'reliance reliance--valid' : 'reliance reliance--invalid'} data-org={r.org_name} data-valid={r.valid ? 'yes' : 'no'}>
              <p>
                <strong>{r.org_name}</strong>{' '}
                {t('reliance.relies_on')} <Link href={caseHref(r.case_id)}>{t('reliance.case_n', { id: r.case_id })}</Link>{' '}
                {r.valid ? <Badge tone="accent">{t('reliance.valid')}</Badge> : <Badge tone="warning">{t('reliance.invalid')}</Badge>}
              </p>
              <p className="cell-sub">{t('reliance.recorded_by', { name: r.recorded_by_name, at: formatDateTime(r.created_at) })}</p>
              {!r.valid && r.reasons.length > 0 ? (
                <ul className="reliance-reasons">
                  {relianceReasonTexts(t, language, r.reason_codes, r.reasons, r.max_age_days).map((x, i) => <li key={i}>{x}</li>)}
                </ul>
              ) : null}
              {acting.orgId !== null && r.org_id === acting.orgId ? (
                <ConfirmButton label={t('reliance.unrely')} question={t('reliance.unrely_question')} confirmLabel={t('reliance.unrely')} onConfirm={unrely} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {error ? <p className="notice notice--error" role="alert">{t(errorKey(error))}</p> : null}
    </section>
  );
}
