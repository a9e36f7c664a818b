import { useState } from 'react';
import { TEAM_ROLES, type Member, type TeamRole } from '../../../protocol/types';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';
import { ROLE_KEYS } from '../../labels';

interface AddMemberFormProps {
  teamId: number;
  members: Member[];
  onAdded: (member: Member) => void;
}

/** Administrators add an existing user directly (team.add_member). */
export function AddMemberForm({ teamId, members, onAdded }: AddMemberFormProps) {
  const t = useT();
  const { api } = useServices();
  const users = useAsync(() => api.request('user.list', {}).then((a) => a.users), [api]);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const submit = useSubmit();

  const memberIds = new Set(members.map((m) => m.user_id));
  const candidates = (users.data ?? []).filter((u) => !u.disabled && !memberIds.has(u.id));
  if (users.data && candidates.length === 0) return null;

  const onSubmit = () => submit.run(async () => {
    if (userId === '') {
      setFieldError(t('validation.choose'));
      document.getElementById('add-member-user')?.focus();
      return;
    }
    setFieldError(undefined);
    const answer = await api.request('team.add_member', { team_id: teamId, user_id: Number(userId), role });
    onAdded(answer.member);
    setUserId('');
  });

  return (
    <div className="subpanel">
      <h3 className="subsection-title" id="add-member-title">{t('members.add_title')}</h3>
      <Form
        onSubmit={onSubmit}
        labelledBy="add-member-title"
        className="form--inline"
        error={submit.error ? t(errorKey(submit.error, { conflict: 'members.already_member' })) : null}
      >
        <SelectField
          id="add-member-user"
          label={t('members.add_user')}
          value={userId}
          onChange={setUserId}
          error={fieldError}
          options={[
            { value: '', label: t('common.choose') },
            ...candidates.map((u) => ({ value: String(u.id), label: `${u.display_name} (${u.email})` })),
          ]}
        />
        <SelectField
          id="add-member-role"
          label={t('field.role')}
          value={role}
          onChange={(v) => setRole(v as TeamRole)}
          options={TEAM_ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))}
        />
        <div className="form__actions">
          <Button type="submit" busy={submit.busy}>{t('members.add_submit')}</Button>
        </div>
      </Form>
    </div>
  );
}
