// The corrective action plan of a case (per step: the action, its owner at the supplier, the
// deadline, status and evidence; verifying a done action; overdue actions highlighted) and the
// escalation ladder with its history.
import { useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import {
  ESCALATIONS, SAVABLE_ACTION_STATUSES, STEPS, type ActionStatus, type CorrectiveAction, type Escalation, type FollowUpCase,
  type Step,
} from '../../../protocol/suppliers';
import { dateFromField, formatLocalDate } from '../../../state/calendar';
import { dateField, withoutEmpty } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Badge } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { errorField, formErrorText } from './common';
import { ACTION_STATUS_KEYS, ESCALATION_KEYS } from './labels';

export const ACTION_TEXT_MAX = 2_000;
const OWNER_MAX = 200;
const EVIDENCE_MAX = 5_000;
const ESCALATION_COMMENT_MAX = 2_000;

function ActionForm({ caseId, action, defaultStep, onSaved, onCancel }: {
  caseId: number; action: CorrectiveAction | null; defaultStep: Step | null; onSaved: (a: CorrectiveAction) => void; onCancel: () => void;
}) {
  const t = useT();
  const { api } = useServices();
  const p = action ? `act-${action.id}-` : 'act-new-';
  const [step, setStep] = useState<Step | ''>(action ? action.step ?? '' : defaultStep ?? '');
  const [text, setText] = useState(action?.action ?? '');
  const [owner, setOwner] = useState(action?.owner ?? '');
  const [deadline, setDeadline] = useState(dateField(action?.deadline));
  const [status, setStatus] = useState<ActionStatus>(action?.status ?? 'open');
  const [evidence, setEvidence] = useState(action?.evidence ?? '');
  const [errors, setErrors] = useState<Partial<Record<'text' | 'deadline', string>>>({});
  const submit = useSubmit();
  const serverField = errorField(submit.error);
  const run = () => submit.run(async () => {
    const found: typeof errors = {};
    if (text.trim() === '') found.text = t('validation.required');
    else if ([...text.trim()].length > ACTION_TEXT_MAX) found.text = t('validation.too_long');
    const d = dateFromField(deadline);
    if (!d) found.deadline = deadline.trim() === '' ? t('validation.required') : t('meetings.invalid_date');
    setErrors(found);
    const first = (['text', 'deadline'] as const).find((k) => found[k]);
    if (first) {
      document.getElementById(`${p}${first}`)?.focus();
      return;
    }
    const optional = withoutEmpty({ step: step === '' ? null : step, owner: owner.trim(), evidence: evidence.trim() }, action);
    const ans = await api.request('action.save', {
      case_id: caseId, ...(action ? { action_id: action.id } : {}), ...optional, action: text.trim(), deadline: d!,
      ...(status === 'verified' ? {} : { status }),
    });
    onSaved(ans.action);
  });
  const server = (name: string) => (serverField === name ? formErrorText(t, submit.error) ?? undefined : undefined);
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} className="form--grid" labelledBy={`${p}title`}>
      <h3 id={`${p}title`} className="subsection-title form-heading">{action ? t('actions.edit') : t('actions.add')}</h3>
      <SelectField
        id={`${p}step`} label={t('actions.step')} value={step} onChange={(x) => setStep(x as Step | '')}
        options={[{ value: '', label: t('actions.step_none') }, ...STEPS.map((s) => ({ value: s, label: t('actions.step_n', { step: s }) }))]}
      />
      <TextAreaField id={`${p}text`} label={t('actions.action')} value={text} onChange={setText} maxLength={ACTION_TEXT_MAX} error={errors.text ?? server('action')} rows={2} />
      <TextField id={`${p}owner`} label={t('actions.owner')} hint={t('actions.owner_hint')} optionalText={t('common.optional')} value={owner} onChange={setOwner} maxLength={OWNER_MAX} error={server('owner')} />
      <TextField id={`${p}deadline`} label={t('actions.deadline')} hint={t('meetings.date_hint')} value={deadline} onChange={setDeadline} error={errors.deadline ?? server('deadline')} autoComplete="off" required />
      {action?.status === 'verified' ? <p className="muted">{t('actions.verified_locked')}</p> : (
        <SelectField
          id={`${p}status`} label={t('actions.status')} value={status} onChange={(x) => setStatus(x as ActionStatus)}
          options={SAVABLE_ACTION_STATUSES.map((s) => ({ value: s, label: t(ACTION_STATUS_KEYS[s]) }))}
        />
      )}
      <TextAreaField id={`${p}evidence`} label={t('actions.evidence')} hint={t('actions.evidence_hint')} optionalText={t('common.optional')} value={evidence} onChange={setEvidence} maxLength={EVIDENCE_MAX} error={server('evidence')} rows={2} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{action ? t('common.save') : t('actions.add_submit')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

function upsertAction(list: readonly CorrectiveAction[], a: CorrectiveAction): CorrectiveAction[] {
  const at = list.findIndex((x) => x.id === a.id);
  return at < 0 ? [...list, a] : list.map((x, i) => (i === at ? a : x));
}

export function ActionsPanel({ c, onChange }: { c: FollowUpCase; onChange: (update: (c: FollowUpCase) => FollowUpCase) => void }) {
  const t = useT();
  const { api } = useServices();
  const [editing, setEditing] = useState<CorrectiveAction | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const breachSteps = c.findings.filter((f) => f.breach).map((f) => f.step);
  const saved = (a: CorrectiveAction) => onChange((cur) => ({ ...cur, actions: upsertAction(cur.actions, a) }));
  const verify = async (a: CorrectiveAction) => {
    setError(null);
    setBusy(a.id);
    try {
      saved((await api.request('action.verify', { action_id: a.id })).action);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const remove = async (a: CorrectiveAction) => {
    setError(null);
    try {
      await api.request('action.delete', { action_id: a.id });
      onChange((cur) => ({ ...cur, actions: cur.actions.filter((x) => x.id !== a.id) }));
    } catch (e) {
      setError(e);
    }
  };
  const sorted = [...c.actions].sort((a, b) => (a.step ?? '9').localeCompare(b.step ?? '9') || a.deadline.localeCompare(b.deadline));
  const overdue = c.actions.filter((a) => a.overdue).length;
  return (
    <section className="panel" aria-labelledby="actions-heading">
      <div className="panel__head">
        <h2 id="actions-heading" className="section-title">
          {t('actions.heading')} {overdue > 0 ? <Badge tone="warning">{t('suppliers.overdue_actions', { count: overdue })}</Badge> : null}
        </h2>
        {c.can_edit && editing === null ? <Button small variant="primary" onClick={() => setEditing('new')}>{t('actions.add')}</Button> : null}
      </div>
      {breachSteps.length > 0 && c.actions.length === 0 ? <p className="notice notice--warning">{t('actions.breach_needs_plan', { steps: breachSteps.join(', ') })}</p> : null}
      {c.actions.length === 0 ? <p className="muted">{t('actions.none')}</p> : (
        <div className="table-wrap">
          <table className="table action-plan" data-testid="action-plan">
            <caption className="visually-hidden">{t('actions.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('actions.step')}</th>
                <th scope="col">{t('actions.action')}</th>
                <th scope="col">{t('actions.owner')}</th>
                <th scope="col">{t('actions.deadline')}</th>
                <th scope="col">{t('actions.status')}</th>
                {c.can_edit ? <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {sorted.map((a) => (
                <tr key={a.id} className={a.overdue ? 'action-row action-row--overdue' : 'action-row'} data-action={a.action} data-status={a.status} data-overdue={a.overdue ? 'yes' : 'no'}>
                  <td>{a.step ?? '–'}</td>
                  <th scope="row">
                    {a.action}
                    {a.evidence ? <span className="cell-sub">{t('actions.evidence')}: {a.evidence}</span> : null}
                  </th>
                  <td>{a.owner}</td>
                  <td>
                    {formatLocalDate(a.deadline)}
                    {a.overdue ? <> <Badge tone="warning">{t('actions.overdue')}</Badge></> : null}
                  </td>
                  <td>
                    {t(ACTION_STATUS_KEYS[a.status])}
                    {a.verified_by_name ? <span className="cell-sub">{t('actions.verified_by', { name: a.verified_by_name, at: a.verified_at ? formatDateTime(a.verified_at) : '' })}</span> : null}
                  </td>
                  {c.can_edit ? (
                    <td>
                      <div className="row-actions">
                        {a.status === 'done' ? (
                          <Button small busy={busy === a.id} onClick={() => void verify(a)} ariaLabel={t('actions.verify_named', { action: a.action })}>{t('actions.verify')}</Button>
                        ) : null}
                        <Button small onClick={() => setEditing(a)} ariaLabel={t('actions.edit_named', { action: a.action })}>{t('common.edit')}</Button>
                        <ConfirmButton
                          label={t('common.delete')} ariaLabel={t('actions.delete_named', { action: a.action })} question={t('actions.delete_question')}
                          confirmLabel={t('common.delete')} onConfirm={() => remove(a)}
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
          <ActionForm
            key={editing === 'new' ? 'new' : editing.id} caseId={c.id} action={editing === 'new' ? null : editing}
            defaultStep={breachSteps[0] ?? null} onSaved={(a) => { saved(a); setEditing(null); }} onCancel={() => setEditing(null)}
          />
        </div>
      ) : null}
    </section>
  );
}

export function EscalationPanel({ c, onSaved }: { c: FollowUpCase; onSaved: (c: FollowUpCase) => void }) {
  const t = useT();
  const { api } = useServices();
  const next = ESCALATIONS.filter((e) => e !== c.escalation);
  const [to, setTo] = useState<Escalation | ''>('');
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = useSubmit();
  const run = () => submit.run(async () => {
    if (to === '') {
      setMissing(true);
      document.getElementById('escalate-to')?.focus();
      return;
    }
    setMissing(false);
    const ans = await api.request('case.escalate', { case_id: c.id, to, comment: comment.trim() });
    setTo('');
    setComment('');
    onSaved(ans.case);
  });
  return (
    <section className="panel" aria-labelledby="escalation-heading">
      <h2 id="escalation-heading" className="section-title">{t('escalation.heading')}</h2>
      <p>
        {t('escalation.current')}{' '}
        <strong className={`escalation escalation--${c.escalation}`} data-testid="escalation-state" data-escalation={c.escalation}>{t(ESCALATION_KEYS[c.escalation])}</strong>
      </p>
      {c.escalations.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="escalation-history">
            <caption className="visually-hidden">{t('escalation.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('escalation.change')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('escalation.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {c.escalations.map((e, i) => (
                <tr key={i}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{t('escalation.from_to', { from: t(ESCALATION_KEYS[e.from]), to: t(ESCALATION_KEYS[e.to]) })}</td>
                  <td>{e.by_name}</td>
                  <td>{e.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p className="muted">{t('escalation.none')}</p>}
      {c.can_edit ? (
        <Form onSubmit={run} error={formErrorText(t, submit.error, { conflict: 'escalation.already' })} className="form--inline" labelledBy="escalate-title">
          <h3 id="escalate-title" className="subsection-title form-heading">{t('escalation.escalate')}</h3>
          <SelectField
            id="escalate-to" label={t('escalation.to')} value={to} onChange={(x) => setTo(x as Escalation | '')}
            error={missing ? t('validation.choose') : undefined}
            options={[{ value: '', label: t('common.choose') }, ...next.map((e) => ({ value: e, label: t(ESCALATION_KEYS[e]) }))]}
          />
          <TextAreaField id="escalate-comment" label={t('escalation.comment')} optionalText={t('common.optional')} value={comment} onChange={setComment} maxLength={ESCALATION_COMMENT_MAX} rows={2} />
          <div className="form__actions">
            <Button type="submit" busy={submit.busy}>{t('escalation.submit')}</Button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
