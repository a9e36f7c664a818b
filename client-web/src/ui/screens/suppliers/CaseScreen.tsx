// One follow-up case (/cases/<id>): its facts (method, status, dates, answer due, organisation
// and those it acts for, visibility and exemption), the six-step findings, the corrective action
// plan, escalation and documents. The case's organisation edits; others read. Follows
// case.updated live and reloads after a reconnect.
import { useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import { isSelfAssessment, type CaseFields, type FollowUpCase } from '../../../protocol/suppliers';
import { formatLocalDate, todayInOslo } from '../../../state/calendar';
import { routeHref } from '../../../state/router';
import { withoutEmpty } from '../../../state/suppliers';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { CaseTopicPanel } from './CaseTopic';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useT } from '../../hooks/useStores';
import { CaseForm, caseValues, useMyTeams } from './CaseForm';
import { ActionsPanel, EscalationPanel } from './CaseActions';
import { DocumentsPanel } from './CaseDocuments';
import { FindingsPanel } from './CaseFindings';
import { LoadProblem, supplierHref, suppliersHref, useVocabulary } from './common';
import { CASE_STATUS_KEYS, CASE_VISIBILITY_KEYS, ESCALATION_KEYS, METHOD_KEYS } from './labels';

function CaseFacts({ c, teamName }: { c: FollowUpCase; teamName: string | null }) {
  const t = useT();
  const dueOverdue = c.answer_due !== null && c.status !== 'completed' && c.status !== 'cancelled' && c.answer_due < todayInOslo();
  return (
    <dl className="facts" data-testid="case-facts">
      <div><dt>{t('cases.method')}</dt><dd data-testid="case-method">{t(METHOD_KEYS[c.method])}</dd></div>
      <div><dt>{t('cases.status')}</dt><dd data-testid="case-status" data-status={c.status}><span className={`case-status case-status--${c.status}`}>{t(CASE_STATUS_KEYS[c.status])}</span></dd></div>
      <div><dt>{t('cases.organisation')}</dt><dd>{c.org_name}</dd></div>
      <div>
        <dt>{t('cases.on_behalf')}</dt>
        <dd data-testid="case-on-behalf">{c.on_behalf.length === 0 ? '–' : c.on_behalf.map((o) => o.org_name).join(', ')}</dd>
      </div>
      <div><dt>{t('cases.started_on')}</dt><dd>{c.started_on ? formatLocalDate(c.started_on) : '–'}</dd></div>
      <div><dt>{t('cases.completed_on')}</dt><dd data-testid="case-completed">{c.completed_on ? formatLocalDate(c.completed_on) : '–'}</dd></div>
      {c.answer_due || isSelfAssessment(c.method) ? (
        <div>
          <dt>{t('cases.answer_due')}</dt>
          <dd data-testid="case-answer-due">
            {c.answer_due ? formatLocalDate(c.answer_due) : '–'}
            {dueOverdue ? <> <Badge tone="warning">{t('cases.answer_overdue')}</Badge></> : null}
          </dd>
        </div>
      ) : null}
      <div><dt>{t('cases.visibility')}</dt><dd>{t(CASE_VISIBILITY_KEYS[c.visibility])}</dd></div>
      {c.team_id !== null ? <div><dt>{t('cases.team')}</dt><dd>{teamName ?? `#${c.team_id}`}</dd></div> : null}
      <div>
        <dt>{t('cases.breaches')}</dt>
        <dd data-testid="case-breaches" data-breaches={c.breaches}>
          {c.breaches > 0 ? <Badge tone="warning">{t('cases.breach_count', { count: c.breaches })}</Badge> : t('cases.no_breaches')}
        </dd>
      </div>
      <div><dt>{t('cases.escalation')}</dt><dd>{t(ESCALATION_KEYS[c.escalation])}</dd></div>
      <div><dt>{t('cases.created')}</dt><dd>{t('cases.created_by', { name: c.created_by_name, at: formatDateTime(c.created_at) })}</dd></div>
    </dl>
  );
}

export default function CaseScreen({ caseId }: { caseId: number }) {
  const t = useT();
  const { api } = useServices();
  const info = useAsync(() => api.request('case.get', { case_id: caseId }).then((a) => a.case), [api, caseId]);
  const vocab = useVocabulary();
  const teams = useMyTeams();
  // The supplier's sharing organisations: the choices for "on behalf of" when editing (only
  // then: supplier.get is recorded in the supplier's audit trail as a read).
  const supplierId = info.data?.can_edit ? info.data.supplier_id : null;
  const supplier = useAsync(
    () => (supplierId === null ? Promise.resolve(null) : api.request('supplier.get', { supplier_id: supplierId }).then((a) => a.supplier)),
    [api, supplierId],
  );
  const [metaSaved, setMetaSaved] = useState(false);
  useOnReconnect(info.reload);
  // An event is encoded once for everyone: its can_edit is not ours, so ours is kept.
  useSocketEvent('case.updated', (ev) => {
    if (ev.case.id === caseId) info.setData((cur) => ({ ...ev.case, can_edit: cur?.can_edit ?? false }));
  });
  useSocketEvent('supplier.updated', (ev) => {
    if (ev.supplier.id === supplierId) supplier.setData(() => ev.supplier);
  });

  if (info.error) {
    return (
      <Page title={t('cases.title_fallback')} eyebrow={<Link href={suppliersHref()}>{t('suppliers.title')}</Link>}>
        <LoadProblem error={info.error} onRetry={info.reload} notFound="cases.not_found" />
      </Page>
    );
  }
  if (!info.data) return <Loading />;
  const c = info.data;
  const update = (fn: (cur: FollowUpCase) => FollowUpCase) => info.setData((cur) => (cur ? fn(cur) : cur));
  const saveMeta = async (fields: CaseFields) => {
    setMetaSaved(false);
    const ans = await api.request('case.update', { case_id: c.id, ...withoutEmpty(fields, c, ['method', 'status', 'on_behalf']) });
    info.setData(() => ans.case);
    setMetaSaved(true);
  };
  const behalf = (supplier.data?.sharing ?? c.on_behalf.map((o) => ({ ...o }))).filter((o) => o.org_id !== c.org_id);
  const teamName = teams.data?.find((tm) => tm.id === c.team_id)?.name ?? null;
  const title = t('cases.title', { method: t(METHOD_KEYS[c.method]), supplier: c.supplier_name });

  return (
    <Page title={title} eyebrow={<Link href={supplierHref(c.supplier_id)}>{c.supplier_name}</Link>}>
      {c.status === 'completed' ? <Notice kind="success">{t('cases.completed_notice', { date: c.completed_on ? formatLocalDate(c.completed_on) : '' })}</Notice> : null}
      {c.status === 'cancelled' ? <Notice kind="info">{t('cases.cancelled_notice')}</Notice> : null}
      <section className="panel" aria-labelledby="case-facts-heading">
        <h2 id="case-facts-heading" className="section-title">{t('cases.facts')}</h2>
        <CaseFacts c={c} teamName={teamName} />
        {c.exempt_reason ? <p><span className="field__label">{t('cases.exempt_reason')}:</span> {c.exempt_reason}</p> : null}
        <p><Link href={routeHref({ name: 'note_new', supplierId: c.supplier_id, caseId: c.id })}>{t('notes.write_about_case')}</Link></p>
      </section>
      {c.can_edit ? (
        <section className="panel" aria-labelledby="case-edit-heading">
          <h2 id="case-edit-heading" className="section-title">{t('cases.edit')}</h2>
          <CaseForm
            initial={caseValues(c)} behalfChoices={behalf} teams={teams.data ?? []}
            selfAssessmentDays={vocab.data?.settings.self_assessment_days ?? null} submitLabel={t('cases.save')}
            onSubmit={saveMeta} success={metaSaved ? t('cases.saved') : null}
          />
        </section>
      ) : null}
      <FindingsPanel c={c} vocab={vocab.data} onSaved={(next) => info.setData(() => next)} />
      <ActionsPanel c={c} onChange={update} />
      <EscalationPanel c={c} onSaved={(next) => info.setData(() => next)} />
      <DocumentsPanel c={c} onChange={update} />
      <CaseTopicPanel c={c} teams={teams.data ?? []} />
    </Page>
  );
}
