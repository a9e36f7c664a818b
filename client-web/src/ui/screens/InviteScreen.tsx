import { useState } from 'react';
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../config';
import { formatDateTime } from '../../i18n/format';
import { isApiError } from '../../protocol/errors';
import type { InviteInfo } from '../../protocol/types';
import { routeHref } from '../../state/router';
import {
  collectErrors, hasErrors, validateDisplayName, validateEmail, validateNewPassword,
  validatePasswordConfirm, type FieldErrors,
} from '../../state/validation';
import { Button } from '../components/Button';
import { SelectField, TextField } from '../components/Field';
import { focusFirstError, Form, useSubmit } from '../components/Form';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { LoadError, Loading, Notice } from '../components/Status';
import { useServices } from '../context';
import { errorKey } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useSession, useT } from '../hooks/useStores';
import { ROLE_KEYS } from '../labels';

export function InviteScreen({ token }: { token: string | null }) {
  const t = useT();
  const { api } = useServices();
  const info = useAsync(
    () => (token ? api.request('invite.info', { token }) : Promise.resolve(null)),
    [api, token],
  );

  if (!token) {
    return (
      <Page title={t('invite.title')} narrow>
        <Notice kind="error">{t('invite.no_token')}</Notice>
      </Page>
    );
  }
  if (info.error) {
    const key = isApiError(info.error, 'gone') ? 'invite.gone'
      : isApiError(info.error, 'not_found') ? 'invite.not_found' : null;
    return (
      <Page title={t('invite.title')} narrow>
        {key ? <Notice kind="error">{t(key)}</Notice> : <LoadError error={info.error} onRetry={info.reload} />}
      </Page>
    );
  }
  if (!info.data) return <Loading />;
  return <InviteDetails token={token} info={info.data} />;
}

function InviteDetails({ token, info }: { token: string; info: InviteInfo }) {
  const t = useT();
  const { phase, user } = useSession();
  return (
    <Page title={t('invite.title_team', { team: info.team.name })} narrow>
      <div className="card invite-summary">
        <p className="lead">{t('invite.summary', { team: info.team.name, role: t(ROLE_KEYS[info.role]) })}</p>
        <dl className="facts">
          <div><dt>{t('invite.team')}</dt><dd>{info.team.name}</dd></div>
          <div><dt>{t('field.role')}</dt><dd>{t(ROLE_KEYS[info.role])}</dd></div>
          {info.email ? <div><dt>{t('invite.for_email')}</dt><dd>{info.email}</dd></div> : null}
          <div><dt>{t('invite.expires')}</dt><dd>{formatDateTime(info.expires_at)}</dd></div>
        </dl>
      </div>
      {phase === 'signed_in' && user
        ? <JoinAsUser token={token} info={info} />
        : <CreateAccount token={token} info={info} />}
    </Page>
  );
}

function JoinAsUser({ token, info }: { token: string; info: InviteInfo }) {
  const t = useT();
  const { session, navigator } = useServices();
  const { user } = useSession();
  const submit = useSubmit();
  const onJoin = () => submit.run(async () => {
    const teamId = await session.acceptInvite({ token });
    navigator.navigate(`/teams/${teamId}`, { replace: true });
  });
  return (
    <section className="card" aria-labelledby="join-title">
      <h2 id="join-title" className="section-title">{t('invite.join_title')}</h2>
      <p>{t('invite.signed_in_as', { name: user?.display_name ?? '', email: user?.email ?? '' })}</p>
      <Form
        onSubmit={onJoin}
        error={submit.error ? t(errorKey(submit.error, { gone: 'invite.gone', conflict: 'invite.already_member' })) : null}
      >
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>
            {t('invite.join', { team: info.team.name })}
          </Button>
        </div>
      </Form>
    </section>
  );
}

type AccountField = 'displayName' | 'email' | 'password' | 'passwordConfirm';
const ACCOUNT_FIELDS: readonly AccountField[] = ['displayName', 'email', 'password', 'passwordConfirm'];

function CreateAccount({ token, info }: { token: string; info: InviteInfo }) {
  const t = useT();
  const { session, navigator } = useServices();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState(info.email ?? '');
  const [password, setPassword] = useState('');
  const [passwordConfirm, setPasswordConfirm] = useState('');
  const [orgId, setOrgId] = useState('');
  const [errors, setErrors] = useState<FieldErrors<AccountField>>({});
  const submit = useSubmit();
  // The organisations come with the invitation (invite.info): a newcomer has no session, and
  // org.list needs one.
  const orgs = info.organisations ?? [];

  const onSubmit = () => submit.run(async () => {
    const found = collectErrors<AccountField>({
      displayName: validateDisplayName(displayName),
      email: validateEmail(email),
      password: validateNewPassword(password),
      passwordConfirm: validatePasswordConfirm(password, passwordConfirm),
    });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(found, ACCOUNT_FIELDS);
      return;
    }
    const teamId = await session.acceptInvite({
      token,
      email: email.trim(),
      display_name: displayName.trim(),
      password,
      ...(orgId ? { org_id: Number(orgId) } : {}),
    });
    navigator.navigate(`/teams/${teamId}`, { replace: true });
  });

  const loginHref = routeHref({ name: 'login', next: routeHref({ name: 'invite', token }) });
  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title" className="section-title">{t('invite.account_title')}</h2>
      <p>
        {t('invite.have_account')} <Link href={loginHref}>{t('invite.sign_in_first')}</Link>
      </p>
      <Form
        onSubmit={onSubmit}
        error={submit.error ? t(errorKey(submit.error, { gone: 'invite.gone', conflict: 'invite.email_in_use' })) : null}
      >
        <TextField
          id="displayName" label={t('field.display_name')} autoComplete="name" value={displayName}
          onChange={setDisplayName} maxLength={DISPLAY_NAME_MAX_LENGTH} required
          error={errors.displayName && t(errors.displayName)}
        />
        <TextField
          id="email" label={t('field.email')} type="email" autoComplete="email" value={email}
          onChange={setEmail} maxLength={EMAIL_MAX_LENGTH} spellCheck={false} required
          error={errors.email && t(errors.email)}
        />
        <TextField
          id="password" label={t('field.new_password')} type="password" autoComplete="new-password"
          value={password} onChange={setPassword} required
          hint={t('field.password_hint', { min: PASSWORD_MIN_LENGTH })}
          error={errors.password && t(errors.password, { min: PASSWORD_MIN_LENGTH })}
        />
        <TextField
          id="passwordConfirm" label={t('field.password_confirm')} type="password"
          autoComplete="new-password" value={passwordConfirm} onChange={setPasswordConfirm} required
          error={errors.passwordConfirm && t(errors.passwordConfirm)}
        />
        {orgs.length > 0 ? (
          <SelectField
            id="orgId"
            label={t('field.organisation')}
            optionalText={t('common.optional')}
            value={orgId}
            onChange={setOrgId}
            options={[
              { value: '', label: t('invite.org_later') },
              ...orgs.map((o) => ({ value: String(o.id), label: o.name })),
            ]}
          />
        ) : (
          <p className="field__hint">{t('invite.org_by_admin')}</p>
        )}
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('invite.create_account')}</Button>
        </div>
      </Form>
    </section>
  );
}
