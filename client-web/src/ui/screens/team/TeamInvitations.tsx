import { useState } from 'react';
import { EMAIL_MAX_LENGTH, INVITE_HOURS_DEFAULT, INVITE_HOURS_MAX, INVITE_HOURS_MIN } from '../../../config';
import { formatDateTime } from '../../../i18n/format';
import { TEAM_ROLES, type Invitation, type TeamRole } from '../../../protocol/types';
import {
  collectErrors, hasErrors, validateEmail, validateInviteHours, type FieldErrors,
} from '../../../state/validation';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyField } from '../../components/CopyField';
import { SelectField, TextField } from '../../components/Field';
import { focusFirstError, Form, useSubmit } from '../../components/Form';
import { Badge, LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';
import { INVITATION_STATE_KEYS, invitationState, ROLE_KEYS } from '../../labels';

type InviteField = 'inviteEmail' | 'inviteHours';
const FIELDS: readonly InviteField[] = ['inviteEmail', 'inviteHours'];

/** Invitation links for the team: create (the link is shown once), list, revoke. */
export function TeamInvitations({ teamId }: { teamId: number }) {
  const t = useT();
  const { api } = useServices();
  const list = useAsync(() => api.request('invite.list', { team_id: teamId }).then((a) => a.invitations), [api, teamId]);
  const [role, setRole] = useState<TeamRole>('member');
  const [email, setEmail] = useState('');
  const [hours, setHours] = useState(String(INVITE_HOURS_DEFAULT));
  const [errors, setErrors] = useState<FieldErrors<InviteField>>({});
  const [created, setCreated] = useState<{ link: string; invitation: Invitation } | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    const found = collectErrors<InviteField>({
      inviteEmail: email.trim() === '' ? null : validateEmail(email),
      inviteHours: validateInviteHours(hours),
    });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(found, FIELDS);
      return;
    }
    const answer = await api.request('invite.create', {
      team_id: teamId,
      role,
      ...(email.trim() ? { email: email.trim() } : {}),
      valid_hours: Number(hours),
    });
    setCreated({ link: window.location.origin + answer.path, invitation: answer.invitation });
    list.setData((cur) => [answer.invitation, ...(cur ?? [])]);
    setEmail('');
  });

  const revoke = async (id: number) => {
    setRevokeError(null);
    try {
      await api.request('invite.revoke', { id });
      list.reload();
    } catch (e) {
      setRevokeError(e);
    }
  };

  const now = Date.now();
  return (
    <section className="panel" aria-labelledby="team-invitations">
      <div className="panel__head">
        <h2 id="team-invitations" className="section-title">{t('invitations.title')}</h2>
      </div>
      <p className="muted">{t('invitations.intro')}</p>
      <Form
        onSubmit={onSubmit}
        className="form--inline"
        labelledBy="team-invitations"
        error={submit.error ? t(errorKey(submit.error)) : null}
      >
        <SelectField
          id="inviteRole"
          label={t('field.role')}
          value={role}
          onChange={(v) => setRole(v as TeamRole)}
          options={TEAM_ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))}
        />
        <TextField
          id="inviteEmail"
          label={t('invitations.email')}
          optionalText={t('common.optional')}
          hint={t('invitations.email_hint')}
          type="email"
          value={email}
          onChange={setEmail}
          maxLength={EMAIL_MAX_LENGTH}
          spellCheck={false}
          error={errors.inviteEmail && t(errors.inviteEmail)}
        />
        <TextField
          id="inviteHours"
          label={t('invitations.valid_hours')}
          hint={t('invitations.valid_hours_hint', { min: INVITE_HOURS_MIN, max: INVITE_HOURS_MAX })}
          inputMode="numeric"
          value={hours}
          onChange={setHours}
          error={errors.inviteHours && t(errors.inviteHours, { min: INVITE_HOURS_MIN, max: INVITE_HOURS_MAX })}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('invitations.create')}</Button>
        </div>
      </Form>
      {created ? (
        <div className="created-secret" role="region" aria-label={t('invitations.created_title')}>
          <Notice kind="success">{t('invitations.created', { date: formatDateTime(created.invitation.expires_at) })}</Notice>
          <CopyField id="invite-link" label={t('invitations.link')} value={created.link} hint={t('invitations.link_hint')} />
        </div>
      ) : null}

      <h3 className="subsection-title">{t('invitations.list_title')}</h3>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {revokeError ? <Notice kind="error">{t(errorKey(revokeError))}</Notice> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p className="muted">{t('invitations.none')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('invitations.list_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.role')}</th>
                <th scope="col">{t('invitations.email')}</th>
                <th scope="col">{t('invitations.created_at')}</th>
                <th scope="col">{t('invitations.expires_at')}</th>
                <th scope="col">{t('invitations.state')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((inv) => {
                const state = invitationState(inv, now);
                return (
                  <tr key={inv.id} data-invitation-id={inv.id}>
                    <td>{t(ROLE_KEYS[inv.role])}</td>
                    <td>{inv.email ?? t('invitations.anyone')}</td>
                    <td>{formatDateTime(inv.created_at)}</td>
                    <td>{formatDateTime(inv.expires_at)}</td>
                    <td><Badge tone={state === 'active' ? 'accent' : 'muted'}>{t(INVITATION_STATE_KEYS[state])}</Badge></td>
                    <td>
                      {state === 'active' ? (
                        <ConfirmButton
                          label={t('invitations.revoke')}
                          ariaLabel={t('invitations.revoke_named', { date: formatDateTime(inv.created_at) })}
                          question={t('invitations.revoke_question')}
                          confirmLabel={t('invitations.revoke_confirm')}
                          onConfirm={() => revoke(inv.id)}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
