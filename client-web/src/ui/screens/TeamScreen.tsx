import { useState } from 'react';
import { isApiError } from '../../protocol/errors';
import type { Member } from '../../protocol/types';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { Badge, LoadError, Loading, Notice } from '../components/Status';
import { useServices } from '../context';
import { useAsync } from '../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../hooks/useSocketEvent';
import { useSession, useT } from '../hooks/useStores';
import { ROLE_KEYS } from '../labels';
import { ChatPanel } from './chat/ChatPanel';
import { DraftList } from './drafts/DraftList';
import { UpcomingMeetings } from './meetings/UpcomingMeetings';
import { TeamActionItems } from './meetings/ActionItems';
import { TeamAbout } from './team/TeamAbout';
import { TeamInvitations } from './team/TeamInvitations';
import { TeamMembers } from './team/TeamMembers';

/** Replaces or adds a member, keeping the list order. */
function upsertMember(list: Member[] | undefined, member: Member): Member[] {
  const current = list ?? [];
  const at = current.findIndex((m) => m.user_id === member.user_id);
  if (at < 0) return [...current, member];
  return current.map((m, i) => (i === at ? member : m));
}

export function TeamScreen({ teamId }: { teamId: number }) {
  const t = useT();
  const { api } = useServices();
  const { user } = useSession();
  const [removedMe, setRemovedMe] = useState(false);
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const canSeeMembers = team.data !== undefined && (team.data.my_role !== null || user?.is_admin === true);
  const members = useAsync(
    () => (canSeeMembers
      ? api.request('team.members', { team_id: teamId }).then((a) => a.members)
      : Promise.resolve(undefined)),
    [api, teamId, canSeeMembers],
  );

  useOnReconnect(() => {
    team.reload();
    members.reload();
  });
  useSocketEvent('team.updated', (ev) => {
    if (ev.team.id !== teamId) return;
    // The event's my_role is null by design; keep ours.
    team.setData((cur) => (cur ? { ...ev.team, my_role: cur.my_role } : cur));
  });
  useSocketEvent('team.member_added', (ev) => {
    if (ev.team_id !== teamId) return;
    if (ev.member.user_id === user?.id) {
      team.reload();
      setRemovedMe(false);
    }
    members.setData((cur) => upsertMember(cur, ev.member));
  });
  useSocketEvent('team.member_updated', (ev) => {
    if (ev.team_id !== teamId) return;
    members.setData((cur) => upsertMember(cur, ev.member));
    if (ev.member.user_id === user?.id) team.reload();
  });
  useSocketEvent('team.member_removed', (ev) => {
    if (ev.team_id !== teamId) return;
    members.setData((cur) => cur?.filter((m) => m.user_id !== ev.user_id));
    if (ev.user_id === user?.id) {
      setRemovedMe(true);
      team.reload();
    }
  });

  if (team.error) {
    const title = isApiError(team.error, 'not_found') ? t('team.not_found') : t('team.title_fallback');
    return (
      <Page title={title}>
        <LoadError error={team.error} onRetry={team.reload} />
        <p><Link href="/">{t('team.back')}</Link></p>
      </Page>
    );
  }
  if (!team.data) return <Loading />;

  const info = team.data;
  const canManage = user?.is_admin === true || info.my_role === 'facilitator';
  return (
    <Page
      title={info.name}
      eyebrow={<Link href="/">{t('team.back')}</Link>}
      actions={
        <>
          {info.archived ? <Badge tone="muted">{t('teams.archived_badge')}</Badge> : null}
          {info.my_role ? <Badge tone="accent">{t(ROLE_KEYS[info.my_role])}</Badge> : null}
        </>
      }
    >
      {removedMe ? <Notice kind="warning">{t('team.removed_me')}</Notice> : null}
      {canSeeMembers && !removedMe && user && members.data ? (
        <ChatPanel
          teamId={teamId}
          myId={user.id}
          canWrite={!info.archived && (info.my_role === 'member' || info.my_role === 'facilitator' || user.is_admin)}
          canManage={canManage}
          members={members.data}
        />
      ) : null}
      {canSeeMembers && !removedMe ? <UpcomingMeetings teamId={teamId} /> : null}
      {canSeeMembers && !removedMe ? <TeamActionItems teamId={teamId} /> : null}
      {canSeeMembers && !removedMe ? (
        <DraftList
          teamId={teamId}
          canWrite={!info.archived && (info.my_role === 'member' || info.my_role === 'facilitator' || user?.is_admin === true)}
        />
      ) : null}
      <TeamAbout team={info} canEdit={canManage} onSaved={(next) => team.setData((cur) => ({ ...next, my_role: cur?.my_role ?? next.my_role }))} />
      {!canSeeMembers ? <Notice kind="info">{t('team.not_member_notice')}</Notice> : (
        <TeamMembers
          teamId={teamId}
          members={members.data}
          error={members.error}
          onRetry={members.reload}
          canManage={canManage}
          isAdmin={user?.is_admin === true}
          myId={user?.id ?? null}
          onChanged={(m) => members.setData((cur) => upsertMember(cur, m))}
          onRemoved={(id) => members.setData((cur) => cur?.filter((m) => m.user_id !== id))}
        />
      )}
      {canManage ? <TeamInvitations teamId={teamId} /> : null}
    </Page>
  );
}
