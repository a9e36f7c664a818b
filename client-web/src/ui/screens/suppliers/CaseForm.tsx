// The facts of a follow-up case as a form: method, status and dates, the organisations it is
// done on behalf of, the team, visibility and the reason for exemption from public access. Used
// to open a case (/suppliers/<id>/cases/new) and to change one on the case page.
import { useEffect, useState } from 'react';
import {
  CASE_STATUSES, CASE_VISIBILITIES, FOLLOW_UP_METHODS, isSelfAssessment, type CaseFields, type CaseStatus,
  type CaseVisibility, type FollowUpCase, type FollowUpMethod, type OrgRef,
} from '../../../protocol/suppliers';
import type { Team } from '../../../protocol/types';
import { dateFromField, formatLocalDate, todayInOslo } from '../../../state/calendar';
import { routeHref } from '../../../state/router';
import { dateField, withoutEmpty } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useSession, useT } from '../../hooks/useStores';
import { caseHref, errorField, formErrorText, LoadProblem, supplierHref, useActingOrg, useVocabulary } from './common';
import { CASE_STATUS_KEYS, CASE_VISIBILITY_KEYS, METHOD_KEYS } from './labels';

export const EXEMPT_REASON_MAX = 500;

interface Values {
  method: FollowUpMethod | '';
  status: CaseStatus;
  startedOn: string;
  completedOn: string;
  onBehalf: number[];
  teamId: string;
  visibility: CaseVisibility;
  exemptReason: string;
}

type Errors = Partial<Record<'method' | 'startedOn' | 'completedOn' | 'teamId' | 'exemptReason', string>>;
const IDS: Record<keyof Errors, string> = {
  method: 'case-method', startedOn: 'case-started', completedOn: 'case-completed', teamId: 'case-team', exemptReason: 'case-exempt',
};
const SERVER_FIELDS: Record<string, keyof Errors> = {
  method: 'method', started_on: 'startedOn', completed_on: 'completedOn', team_id: 'teamId', exempt_reason: 'exemptReason', status: 'completedOn',
};

export function caseValues(c: FollowUpCase | null, onBehalf: number[] = []): Values {
  if (!c) {
    return {
      method: '', status: 'planned', startedOn: formatLocalDate(todayInOslo()), completedOn: '', onBehalf, teamId: '', visibility: 'sharing',
      exemptReason: '',
    };
  }
  return {
    method: c.method, status: c.status, startedOn: dateField(c.started_on), completedOn: dateField(c.completed_on),
    onBehalf: c.on_behalf.map((o) => o.org_id), teamId: c.team_id === null ? '' : String(c.team_id), visibility: c.visibility,
    exemptReason: c.exempt_reason,
  };
}

interface CaseFormProps {
  initial: Values;
  /** Organisations that may be named as "on behalf of" (those sharing the supplier, less the case's own). */
  behalfChoices: OrgRef[];
  teams: Team[];
  selfAssessmentDays: number | null;
  submitLabel: string;
  onSubmit: (fields: CaseFields) => Promise<void>;
  onCancel?: () => void;
  success?: string | null;
}

export function CaseForm({ initial, behalfChoices, teams, selfAssessmentDays, submitLabel, onSubmit, onCancel, success }: CaseFormProps) {
  const t = useT();
  const [v, setV] = useState<Values>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const submit = useSubmit();
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((cur) => ({ ...cur, [k]: value }));
  useEffect(() => setV(initial), [JSON.stringify(initial)]);

  const serverKey = (() => {
    const f = errorField(submit.error);
    return f ? SERVER_FIELDS[f] : undefined;
  })();
  const shown: Errors = { ...errors };
  if (serverKey && !shown[serverKey]) shown[serverKey] = formErrorText(t, submit.error) ?? undefined;

  const setStatus = (status: CaseStatus) => setV((cur) => ({
    ...cur, status,
    // Completing needs a completion date: offer today.
    completedOn: status === 'completed' && cur.completedOn.trim() === '' ? formatLocalDate(todayInOslo()) : cur.completedOn,
  }));

  const run = () => submit.run(async () => {
    const found: Errors = {};
    if (v.method === '') found.method = t('validation.choose');
    const started = dateFromField(v.startedOn);
    const completed = dateFromField(v.completedOn);
    if (started === undefined) found.startedOn = t('meetings.invalid_date');
    if (completed === undefined) found.completedOn = t('meetings.invalid_date');
    else if (v.status === 'completed' && completed === null) found.completedOn = t('cases.completed_needs_date');
    else if (started && completed && completed < started) found.completedOn = t('cases.completed_before_start');
    else if (completed && completed > todayInOslo()) found.completedOn = t('cases.completed_in_future');
    if (v.visibility === 'team' && v.teamId === '') found.teamId = t('cases.team_needed');
    if (v.exemptReason.length > EXEMPT_REASON_MAX) found.exemptReason = t('validation.too_long');
    setErrors(found);
    const first = (Object.keys(IDS) as (keyof Errors)[]).find((k) => found[k]);
    if (first) {
      document.getElementById(IDS[first])?.focus();
      return;
    }
    await onSubmit({
      method: v.method as FollowUpMethod,
      status: v.status,
      started_on: started ?? null,
      completed_on: completed ?? null,
      on_behalf: v.onBehalf.filter((id) => behalfChoices.some((o) => o.org_id === id)),
      team_id: v.teamId === '' ? null : Number(v.teamId),
      visibility: v.visibility,
      exempt_reason: v.exemptReason.trim(),
    });
  });

  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} success={success} className="form--grid case-form" labelledBy="case-form-title">
      <h3 id="case-form-title" className="visually-hidden">{submitLabel}</h3>
      <SelectField
        id="case-method" label={t('cases.method')} hint={t('cases.method_hint')} value={v.method} onChange={(x) => set('method', x as FollowUpMethod | '')}
        error={shown.method} required
        options={[{ value: '', label: t('common.choose') }, ...FOLLOW_UP_METHODS.map((m) => ({ value: m, label: t(METHOD_KEYS[m]) }))]}
      />
      <SelectField
        id="case-status" label={t('cases.status')} value={v.status} onChange={(x) => setStatus(x as CaseStatus)}
        options={CASE_STATUSES.map((s) => ({ value: s, label: t(CASE_STATUS_KEYS[s]) }))}
      />
      <TextField id="case-started" label={t('cases.started_on')} hint={t('meetings.date_hint')} optionalText={t('common.optional')} value={v.startedOn} onChange={(x) => set('startedOn', x)} error={shown.startedOn} autoComplete="off" />
      <TextField
        id="case-completed" label={t('cases.completed_on')} hint={t('cases.completed_hint')} optionalText={v.status === 'completed' ? undefined : t('common.optional')}
        value={v.completedOn} onChange={(x) => set('completedOn', x)} error={shown.completedOn} autoComplete="off"
      />
      {v.method !== '' && isSelfAssessment(v.method) && selfAssessmentDays !== null ? (
        <p className="field__hint case-form__wide">{t('cases.answer_due_hint', { days: selfAssessmentDays })}</p>
      ) : null}
      {behalfChoices.length > 0 ? (
        <fieldset className="fieldset case-form__wide">
          <legend className="fieldset__legend">{t('cases.on_behalf')}</legend>
          <div className="checkbox-row">
            {behalfChoices.map((o) => (
              <CheckboxField
                key={o.org_id} id={`case-behalf-${o.org_id}`} label={o.org_name} checked={v.onBehalf.includes(o.org_id)}
                onChange={(on) => set('onBehalf', on ? [...v.onBehalf, o.org_id] : v.onBehalf.filter((x) => x !== o.org_id))}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <RadioGroup
        name="case-visibility" legend={t('cases.visibility')} value={v.visibility} onChange={(x) => set('visibility', x as CaseVisibility)}
        options={CASE_VISIBILITIES.map((x) => ({ value: x, label: t(CASE_VISIBILITY_KEYS[x]) }))}
      />
      <SelectField
        id="case-team" label={t('cases.team')} hint={t('cases.team_hint')} optionalText={v.visibility === 'team' ? undefined : t('common.optional')}
        value={v.teamId} onChange={(x) => set('teamId', x)} error={shown.teamId}
        options={[{ value: '', label: t('cases.no_team') }, ...teams.map((tm) => ({ value: String(tm.id), label: tm.name }))]}
      />
      <TextAreaField
        id="case-exempt" label={t('cases.exempt_reason')} hint={t('cases.exempt_hint')} optionalText={t('common.optional')} value={v.exemptReason}
        onChange={(x) => set('exemptReason', x)} maxLength={EXEMPT_REASON_MAX} error={shown.exemptReason} rows={2}
      />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{submitLabel}</Button>
        {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
      </div>
    </Form>
  );
}

/** The teams the caller belongs to (a case's team must be one of them). */
export function useMyTeams() {
  const { api } = useServices();
  const { memberships, user } = useSession();
  return useAsync(
    () => api.request('team.list', {}).then((a) => a.teams.filter((tm) => !tm.archived && (user?.is_admin || memberships.some((m) => m.team_id === tm.id)))),
    [api, memberships.length],
  );
}

export function NewCaseScreen({ supplierId }: { supplierId: number }) {
  const t = useT();
  const { api, navigator } = useServices();
  const acting = useActingOrg('case-');
  const info = useAsync(() => api.request('supplier.get', { supplier_id: supplierId }), [api, supplierId]);
  const teams = useMyTeams();
  const vocab = useVocabulary();
  const back = <Link href={supplierHref(supplierId)}>{info.data?.supplier.name ?? t('suppliers.title')}</Link>;
  if (info.error) return <Page title={t('cases.new')} eyebrow={back}><LoadProblem error={info.error} onRetry={info.reload} notFound="suppliers.not_found" /></Page>;
  if (!info.data || !teams.data) return <Loading />;
  const s = info.data.supplier;
  const choices = s.sharing.filter((o) => o.org_id !== acting.orgId);
  // Leading the follow-up for others: the case is done on their behalf too, unless unticked.
  const defaults = s.lead && s.lead.org_id === acting.orgId ? s.lead.on_behalf.map((o) => o.org_id) : [];
  const submit = async (fields: CaseFields) => {
    const ans = await api.request('case.create', { supplier_id: supplierId, ...acting.asOrg, ...(withoutEmpty(fields, null, ['method']) as CaseFields) });
    navigator.navigate(caseHref(ans.case.id));
  };
  return (
    <Page title={t('cases.new_for', { name: s.name })} eyebrow={back}>
      {acting.picker ? <section className="panel" aria-label={t('suppliers.acting_org')}>{acting.picker}</section> : null}
      {acting.orgId === null && !acting.picker ? <Notice kind="warning">{t('suppliers.no_org')}</Notice> : (
        <section className="panel">
          {acting.orgName ? <p className="muted">{t('cases.done_by', { org: acting.orgName })}</p> : null}
          <CaseForm
            initial={caseValues(null, defaults)} behalfChoices={choices} teams={teams.data}
            selfAssessmentDays={vocab.data?.settings.self_assessment_days ?? null} submitLabel={t('cases.create_submit')}
            onSubmit={submit} onCancel={() => navigator.navigate(routeHref({ name: 'supplier', id: supplierId }))}
          />
        </section>
      )}
    </Page>
  );
}
