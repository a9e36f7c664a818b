import { useState } from 'react';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, RATE_LIMIT_FALLBACK_SECONDS } from '../../config';
import { formatTime } from '../../i18n/format';
import { isApiError } from '../../protocol/errors';
import { collectErrors, hasErrors, validateEmail, validateRequired, type FieldErrors } from '../../state/validation';
import { Button } from '../components/Button';
import { TextField } from '../components/Field';
import { focusFirstError, Form, useSubmit } from '../components/Form';
import { Page } from '../components/Page';
import { Notice } from '../components/Status';
import { useServices } from '../context';
import { errorKey } from '../errors';
import { useCountdown } from '../hooks/useCountdown';
import { useSession, useT } from '../hooks/useStores';

type LoginField = 'email' | 'password';
const FIELDS: readonly LoginField[] = ['email', 'password'];

export function LoginScreen({ next }: { next: string | null }) {
  const t = useT();
  const { session, navigator } = useServices();
  const { ended, needsSetup, loadError } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<LoginField>>({});
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const submit = useSubmit();
  const secondsLeft = useCountdown(retryAt);
  const limited = retryAt !== null && secondsLeft > 0;

  const onSubmit = () => submit.run(async () => {
    const found = collectErrors<LoginField>({
      email: validateEmail(email),
      password: validateRequired(password, PASSWORD_MAX_LENGTH),
    });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(found, FIELDS);
      return;
    }
    try {
      await session.login(email.trim(), password);
    } catch (e) {
      if (isApiError(e, 'rate_limited')) setRetryAt(Date.now() + (e.retryAfter ?? RATE_LIMIT_FALLBACK_SECONDS) * 1000);
      if (isApiError(e, 'unauthorized')) setPassword('');
      throw e;
    }
    navigator.navigate(next ?? '/', { replace: true });
  });

  let formError: string | null = null;
  if (isApiError(submit.error, 'rate_limited')) {
    const time = formatTime(new Date(retryAt ?? Date.now()));
    formError = !limited ? t('login.rate_limit_over')
      : secondsLeft === 1 ? t('login.rate_limited_one', { time })
      : t('login.rate_limited', { seconds: secondsLeft, time });
  } else if (submit.error) {
    formError = t(errorKey(submit.error, { unauthorized: 'login.wrong_credentials' }));
  }

  return (
    <Page title={t('login.title')} narrow>
      <p className="lead">{t('login.intro')}</p>
      {ended ? <Notice kind="info">{t('login.session_ended')}</Notice> : null}
      {needsSetup ? <Notice kind="warning">{t('login.needs_setup')}</Notice> : null}
      {loadError ? <Notice kind="error">{t('error.network')}</Notice> : null}
      <Form onSubmit={onSubmit} error={formError} className="card">
        <TextField
          id="email"
          label={t('field.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          maxLength={EMAIL_MAX_LENGTH}
          error={errors.email && t(errors.email)}
          required
          spellCheck={false}
        />
        <TextField
          id="password"
          label={t('field.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={errors.password && t(errors.password)}
          required
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy} disabled={limited}>
            {t('login.submit')}
          </Button>
        </div>
      </Form>
      <p className="muted">{t('login.no_account')}</p>
    </Page>
  );
}
