// The supplier page's connections to the rest of Arena (chat topics, meetings and requirement
// drafts of my teams, with linking a draft), its timeline, and the audit trail (who read and
// changed what) for the sharing organisations and administrators.
import { useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import type { Team } from '../../../protocol/types';
import type { AuditEntry, SupplierGetAnswer, TimelineEntry } from '../../../protocol/suppliers';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { LoadError, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useSession, useT, type Translate } from '../../hooks/useStores';
import { draftHref } from '../drafts/DraftList';
import { meetingHref } from '../meetings/common';
import { caseHref, formErrorText, topicHref } from './common';
import { AUDIT_ACTION_KEYS, AUDIT_KIND_KEYS, CASE_STATUS_KEYS, ESCALATION_KEYS, labelOf, labelText, METHOD_KEYS } from './labels';

function LinkDraftForm({ supplierId, teams, onLinked }: { supplierId: number; teams: Team[]; onLinked: () => void }) {
  const t = useT();
  const { api } = useServices();
  const [teamId, setTeamId] = useState(teams.length === 1 ? String(teams[0]!.id) : '');
  const [draftId, setDraftId] = useState('');
  const [missing, setMissing] = useState(false);
  const drafts = useAsync(
    () => (teamId === '' ? Promise.resolve([]) : api.request('draft.list', { team_id: Number(teamId) }).then((a) => a.drafts)),
    [api, teamId],
  );
  const submit = useSubmit();
  const run = () => submit.run(async () => {
    if (teamId === '' || draftId === '') {
      setMissing(true);
      document.getElementById(teamId === '' ? 'link-team' : 'link-draft')?.focus();
      return;
    }
    setMissing(false);
    await api.request('supplier.link', { supplier_id: supplierId, kind: 'draft', team_id: Number(teamId), id: Number(draftId), on: true });
    setDraftId('');
    onLinked();
  });
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} className="form--inline" labelledBy="link-draft-heading">
      <h3 id="link-draft-heading" className="subsection-title form-heading">{t('links.link_draft')}</h3>
      <SelectField
        id="link-team" label={t('links.team')} value={teamId} onChange={(x) => { setTeamId(x); setDraftId(''); }}
        error={missing && teamId === '' ? t('validation.choose') : undefined}
        options={[{ value: '', label: t('common.choose') }, ...teams.map((tm) => ({ value: String(tm.id), label: tm.name }))]}
      />
      <SelectField
        id="link-draft" label={t('links.draft')} value={draftId} onChange={setDraftId} disabled={teamId === '' || !drafts.data}
        error={missing && draftId === '' && teamId !== '' ? t('validation.choose') : undefined}
        options={[{ value: '', label: t('common.choose') }, ...(drafts.data ?? []).map((d) => ({ value: String(d.id), label: `${d.identifier} ${d.title}` }))]}
      />
      <div className="form__actions">
        <Button type="submit" busy={submit.busy}>{t('links.link_submit')}</Button>
      </div>
    </Form>
  );
}

export function LinksPanel({ data, onChanged }: { data: SupplierGetAnswer; onChanged: () => void }) {
  const t = useT();
  const { api } = useServices();
  const { memberships, user } = useSession();
  const teams = useAsync(() => api.request('team.list', {}).then((a) => a.teams), [api]);
  const [error, setError] = useState<unknown>(null);
  const teamName = (id: number) => teams.data?.find((tm) => tm.id === id)?.name ?? '';
  const writable = (teams.data ?? []).filter((tm) => !tm.archived && memberships.some((m) => m.team_id === tm.id && m.role !== 'observer'));
  const unlink = async (teamId: number, draftId: number) => {
    setError(null);
    try {
      await api.request('supplier.link', { supplier_id: data.supplier.id, kind: 'draft', team_id: teamId, id: draftId, on: false });
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="links-heading">
      <h2 id="links-heading" className="section-title">{t('links.heading')}</h2>
      <p className="muted">{t('links.explain')}</p>
      <div className="supplier-links">
        <div>
          <h3 className="subsection-title">{t('links.topics')}</h3>
          {data.topics.length === 0 ? <p className="muted">{t('links.topics_none')}</p> : (
            <ul data-testid="supplier-topics">
              {data.topics.map((tp) => (
                <li key={tp.topic_id}>
                  <Link href={topicHref(tp.team_id, tp.channel_id, tp.name)}>{tp.name}</Link>
                  <span className="cell-sub">
                    {teamName(tp.team_id)}
                    {tp.case_id !== null ? <> · <Link href={caseHref(tp.case_id)}>{t('reliance.case_n', { id: tp.case_id })}</Link></> : null}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="subsection-title">{t('links.meetings')}</h3>
          {data.meetings.length === 0 ? <p className="muted">{t('links.meetings_none')}</p> : (
            <ul data-testid="supplier-meetings">
              {data.meetings.map((m) => (
                <li key={m.meeting_id}>
                  <Link href={meetingHref(m.team_id, m.meeting_id)}>{m.title}</Link>
                  <span className="cell-sub">{formatDateTime(m.start_utc)} · {teamName(m.team_id)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="subsection-title">{t('links.drafts')}</h3>
          {data.drafts.length === 0 ? <p className="muted">{t('links.drafts_none')}</p> : (
            <ul data-testid="supplier-drafts">
              {data.drafts.map((d) => (
                <li key={`${d.team_id}-${d.draft_id}`} className="supplier-links__draft">
                  <Link href={draftHref({ team_id: d.team_id, id: d.draft_id })}>{d.identifier} {d.title}</Link>
                  {data.can_edit && (user?.is_admin || memberships.some((m) => m.team_id === d.team_id)) ? (
                    <Button small variant="link" onClick={() => void unlink(d.team_id, d.draft_id)} ariaLabel={t('links.unlink_named', { draft: d.identifier })}>
                      {t('links.unlink')}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {error ? <p className="notice notice--error" role="alert">{t(errorKey(error))}</p> : null}
      {data.can_edit && writable.length > 0 ? <LinkDraftForm supplierId={data.supplier.id} teams={writable} onLinked={onChanged} /> : null}
    </section>
  );
}

export function TimelinePanel({ data }: { data: SupplierGetAnswer }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="section-title">{t('timeline.heading')}</h2>
      {data.timeline.length === 0 ? <p className="muted">{t('timeline.none')}</p> : (
        <ol className="timeline" data-testid="timeline">
          {data.timeline.map((e, i) => (
            <li key={i} className="timeline__item" data-kind={e.kind}>
              <time dateTime={e.at} className="timeline__time">{formatDateTime(e.at)}</time>
              <span className="timeline__text">{timelineText(t, e)}</span>
              {e.by_name ? <span className="cell-sub">{e.by_name}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A timeline line in the reader's language; a code the client does not know is shown as it is. */
export function timelineText(t: Translate, e: TimelineEntry): string {
  if (e.kind === 'case') {
    return t('timeline.case', {
      method: labelText(t, METHOD_KEYS, e.method),
      org: e.org_name,
      status: labelText(t, CASE_STATUS_KEYS, e.status),
    });
  }
  const params = { action: labelText(t, AUDIT_ACTION_KEYS, e.action), what: labelText(t, AUDIT_KIND_KEYS, e.kind) };
  return e.detail ? t('timeline.change_detail', { ...params, detail: e.detail }) : t('timeline.change', params);
}

/**
 * An audit entry's detail in the reader's language. The server writes codes for what it sets
 * itself (a case's method or status, "escalation <from> -> <to>") and people's own words for the
 * rest (names, contract references, file names, action texts), which stay as written.
 */
export function auditDetailText(t: Translate, e: Pick<AuditEntry, 'action' | 'kind' | 'detail'>): string {
  if (e.kind === 'case') {
    const code = labelOf(METHOD_KEYS, e.detail) ?? labelOf(CASE_STATUS_KEYS, e.detail);
    if (code) return t(code);
    const esc = /^escalation ([a-z_]+) -> ([a-z_]+)$/.exec(e.detail);
    if (esc) return t('audit.detail_escalation', { from: labelText(t, ESCALATION_KEYS, esc[1]!), to: labelText(t, ESCALATION_KEYS, esc[2]!) });
  }
  return e.detail;
}

function AuditTable({ supplierId }: { supplierId: number }) {
  const t = useT();
  const { api } = useServices();
  const audit = useAsync(() => api.request('supplier.audit', { supplier_id: supplierId, limit: 200 }).then((a) => a.entries), [api, supplierId]);
  if (audit.error) return <LoadError error={audit.error} onRetry={audit.reload} />;
  if (!audit.data) return <Loading />;
  if (audit.data.length === 0) return <p className="muted">{t('audit.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="audit">
        <caption className="visually-hidden">{t('audit.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.what')}</th>
            <th scope="col">{t('audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.data.map((e, i) => (
              <tr key={i}>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.user_name}{e.org_name ? <span className="cell-sub">{e.org_name}</span> : null}</td>
                <td>{labelText(t, AUDIT_ACTION_KEYS, e.action)} · {labelText(t, AUDIT_KIND_KEYS, e.kind)}{e.object_id !== null ? ` #${e.object_id}` : ''}</td>
                <td>{auditDetailText(t, e)}</td>
              </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Shown to administrators and users of a sharing organisation; loaded when opened. */
export function AuditPanel({ supplierId }: { supplierId: number }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <div className="panel__head">
        <h2 id="audit-heading" className="section-title">{t('audit.heading')}</h2>
        <Button small ariaExpanded={open} ariaControls="audit-body" onClick={() => setOpen((o) => !o)}>
          {open ? t('audit.hide') : t('audit.show')}
        </Button>
      </div>
      <div id="audit-body" hidden={!open}>{open ? <AuditTable supplierId={supplierId} /> : null}</div>
    </section>
  );
}
