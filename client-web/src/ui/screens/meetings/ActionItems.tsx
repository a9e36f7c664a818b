// Action items: task lines ("- [ ] text @Name dd.mm.yyyy") of the minutes, one list for the
// meeting page (of an occurrence) and one for the team (meeting.actions, open ones first).
import { useState } from 'react';
import type { ActionItem } from '../../../protocol/meetings';
import { formatLocalDate } from '../../../state/calendar';
import { Button } from '../../components/Button';
import { Link } from '../../components/Link';
import { LoadError, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useT } from '../../hooks/useStores';
import { draftHref } from '../drafts/DraftList';
import { isUnavailable, meetingHref } from './common';

export function ActionItemList({ teamId, items, withSource }: { teamId: number; items: ActionItem[]; withSource: boolean }) {
  const t = useT();
  return (
    <ul className="action-items" data-testid="action-items">
      {items.map((a, i) => (
        <li key={`${a.draft_id}-${a.occurrence}-${i}`} className={a.overdue && !a.done ? 'action-item action-item--overdue' : 'action-item'}>
          <span aria-hidden="true">{a.done ? '☑' : '☐'} </span>
          <span className="visually-hidden">{a.done ? t('meetings.action_done') : t('meetings.action_open')}: </span>
          {a.done ? <s>{a.text}</s> : a.text}
          <span className="cell-sub">
            {[
              a.owner_name ? t('meetings.agenda_owner', { name: a.owner_name }) : null,
              a.due ? t('meetings.action_due', { date: formatLocalDate(a.due) }) : null,
              a.overdue && !a.done ? t('meetings.action_overdue') : null,
            ].filter(Boolean).join(' · ')}
          </span>
          {withSource ? (
            <span className="cell-sub">
              <Link href={meetingHref(teamId, a.meeting_id, a.occurrence)}>{t('meetings.action_meeting', { date: formatLocalDate(a.occurrence) })}</Link>
              {' · '}
              <Link href={draftHref({ team_id: teamId, id: a.draft_id })}>{t('meetings.action_minutes')}</Link>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function TeamActionItems({ teamId }: { teamId: number }) {
  const t = useT();
  const { api } = useServices();
  const [all, setAll] = useState(false);
  const list = useAsync(
    () => api.request('meeting.actions', { team_id: teamId, open_only: !all }).then((a) => a.actions),
    [api, teamId, all],
  );
  useOnReconnect(list.reload);
  // Minutes are drafts of the team (kind annet, linked from the meeting): reload when one changes.
  useSocketEvent('draft.updated', (ev) => {
    if (ev.draft.team_id === teamId) list.reload();
  });
  if (isUnavailable(list.error)) return null;
  return (
    <section className="panel" aria-labelledby="team-actions">
      <div className="panel__head">
        <h2 id="team-actions" className="section-title">{t('meetings.action_items')}</h2>
        <Button small ariaPressed={all} onClick={() => setAll((v) => !v)}>{t('meetings.action_show_done')}</Button>
      </div>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p className="muted">{t('meetings.action_items_none')}</p> : null}
      {list.data && list.data.length > 0 ? <ActionItemList teamId={teamId} items={list.data} withSource /> : null}
    </section>
  );
}
