import { useState } from 'react';
import { formatDate } from '../../../i18n/format';
import { TEAM_ROLES, type Member, type TeamRole } from '../../../protocol/types';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Notice, LoadError, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { ROLE_KEYS } from '../../labels';
import { AddMemberForm } from './AddMemberForm';

interface TeamMembersProps {
  teamId: number;
  members: Member[] | undefined;
  error: unknown;
  onRetry: () => void;
  canManage: boolean;
  isAdmin: boolean;
  myId: number | null;
  onChanged: (member: Member) => void;
  onRemoved: (userId: number) => void;
}

export function TeamMembers(props: TeamMembersProps) {
  const t = useT();
  const [actionError, setActionError] = useState<unknown>(null);
  const { members } = props;
  return (
    <section className="panel" aria-labelledby="team-members">
      <div className="panel__head">
        <h2 id="team-members" className="section-title">
          {t('members.title')}
          {members ? <span className="count"> ({members.length})</span> : null}
        </h2>
      </div>
      {props.error ? <LoadError error={props.error} onRetry={props.onRetry} /> : null}
      {!members && !props.error ? <Loading /> : null}
      {actionError ? <Notice kind="error">{t(errorKey(actionError))}</Notice> : null}
      {members && members.length === 0 ? <p className="muted">{t('members.none')}</p> : null}
      {members && members.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('members.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.display_name')}</th>
                <th scope="col">{t('field.organisation')}</th>
                <th scope="col">{t('field.role')}</th>
                <th scope="col">{t('members.since')}</th>
                {props.canManage ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <MemberRow
                  key={m.user_id}
                  teamId={props.teamId}
                  member={m}
                  canManage={props.canManage}
                  isMe={m.user_id === props.myId}
                  onChanged={props.onChanged}
                  onRemoved={props.onRemoved}
                  onError={setActionError}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {props.isAdmin && members ? (
        <AddMemberForm teamId={props.teamId} members={members} onAdded={props.onChanged} />
      ) : null}
    </section>
  );
}

interface MemberRowProps {
  teamId: number;
  member: Member;
  canManage: boolean;
  isMe: boolean;
  onChanged: (member: Member) => void;
  onRemoved: (userId: number) => void;
  onError: (e: unknown) => void;
}

function MemberRow({ teamId, member, canManage, isMe, onChanged, onRemoved, onError }: MemberRowProps) {
  const t = useT();
  const { api } = useServices();
  const [role, setRole] = useState<TeamRole>(member.role);
  const [busy, setBusy] = useState(false);
  const selectId = `role-${member.user_id}`;

  const saveRole = async () => {
    setBusy(true);
    onError(null);
    try {
      const answer = await api.request('team.set_role', { team_id: teamId, user_id: member.user_id, role });
      onChanged(answer.member);
    } catch (e) {
      onError(e);
      setRole(member.role);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    onError(null);
    try {
      await api.request('team.remove_member', { team_id: teamId, user_id: member.user_id });
      onRemoved(member.user_id);
    } catch (e) {
      onError(e);
    }
  };

  return (
    <tr data-user-id={member.user_id}>
      <th scope="row">
        <span className="cell-title">{member.display_name}</span>
        {isMe ? <span className="muted"> ({t('members.you')})</span> : null}
        <span className="cell-sub">{member.email}</span>
      </th>
      <td>{member.org_name ?? '–'}</td>
      <td>
        {canManage ? (
          <div className="inline-edit">
            <label htmlFor={selectId} className="visually-hidden">
              {t('members.role_for', { name: member.display_name })}
            </label>
            <select
              id={selectId}
              className="input input--select input--compact"
              value={role}
              onChange={(e) => setRole(e.target.value as TeamRole)}
            >
              {TEAM_ROLES.map((r) => <option key={r} value={r}>{t(ROLE_KEYS[r])}</option>)}
            </select>
            {role !== member.role ? (
              <Button
                small
                variant="primary"
                busy={busy}
                onClick={() => void saveRole()}
                ariaLabel={t('members.save_role_for', { name: member.display_name })}
              >
                {t('common.save')}
              </Button>
            ) : null}
          </div>
        ) : t(ROLE_KEYS[member.role])}
      </td>
      <td>{formatDate(member.since)}</td>
      {canManage ? (
        <td>
          <ConfirmButton
            label={t('members.remove')}
            ariaLabel={t('members.remove_named', { name: member.display_name })}
            question={t('members.remove_question', { name: member.display_name })}
            confirmLabel={t('members.remove_confirm')}
            onConfirm={remove}
          />
        </td>
      ) : null}
    </tr>
  );
}
