import { useState } from 'react';
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../config';
import {
  EMPTY_ORG_FORM, ORG_FORM_FIELDS, toOrgFields, validateOrgForm, type OrgFormField, type OrgFormValue,
} from '../../state/orgForm';
import {
  collectErrors, hasErrors, validateDisplayName, validateEmail, validateNewPassword,
  validatePasswordConfirm, type FieldErrors,
} from '../../state/validation';
import { Button } from '../components/Button';
import { TextField } from '../components/Field';
import { focusFirstError, Form, useSubmit } from '../components/Form';
import { Link } from '../components/Link';
import { OrgFieldset } from '../components/OrgFieldset';
import { Page } from '../components/Page';
import { Notice } from '../components/Status';
import { useServices } from '../context';
import { errorKey } from '../errors';
import { useSession, useT } from '../hooks/useStores';

type PersonField = 'email' | 'displayName' | 'password' | 'passwordConfirm';
const PERSON_FIELDS: readonly PersonField[] = ['email', 'displayName', 'password', 'passwordConfirm'];
const ORG_PREFIX = 'org-';

export function SetupScreen({ token }: { token: string | null }) {
  const t = useT();
  const { session, navigator } = useServices();
  const { needsSetup, phase } = useSession();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [passwordConfirm, setPasswordConfirm] = useState('');
  const [org, setOrg] = useState<OrgFormValue>(EMPTY_ORG_FORM);
  const [errors, setErrors] = useState<FieldErrors<PersonField>>({});
  const [orgErrors, setOrgErrors] = useState<FieldErrors<OrgFormField>>({});
  const submit = useSubmit();

  if (!token) {
    return (
      <Page title={t('setup.title')} narrow>
        <Notice kind="error">{t('setup.no_token')}</Notice>
      </Page>
    );
  }
  if (!needsSetup || phase === 'signed_in') {
    return (
      <Page title={t('setup.title')} narrow>
        <Notice kind="info">{t('setup.already_done')}</Notice>
        <p><Link href="/">{t('setup.go_on')}</Link></p>
      </Page>
    );
  }

  const onSubmit = () => submit.run(async () => {
    const found = collectErrors<PersonField>({
      email: validateEmail(email),
      displayName: validateDisplayName(displayName),
      password: validateNewPassword(password),
      passwordConfirm: validatePasswordConfirm(password, passwordConfirm),
    });
    const foundOrg = validateOrgForm(org);
    setErrors(found);
    setOrgErrors(foundOrg);
    if (hasErrors(found) || hasErrors(foundOrg)) {
      if (hasErrors(found)) focusFirstError(found, PERSON_FIELDS);
      else focusFirstError(foundOrg, ORG_FORM_FIELDS, ORG_PREFIX);
      return;
    }
    await session.completeSetup({
      token,
      email: email.trim(),
      display_name: displayName.trim(),
      password,
      organisation: toOrgFields(org),
    });
    navigator.navigate('/', { replace: true });
  });

  const formError = submit.error
    ? t(errorKey(submit.error, { gone: 'setup.gone', conflict: 'setup.conflict' }))
    : null;

  return (
    <Page title={t('setup.title')} narrow>
      <p className="lead">{t('setup.intro')}</p>
      <Form onSubmit={onSubmit} error={formError} className="card">
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('setup.admin_legend')}</legend>
          <TextField
            id="email" label={t('field.email')} type="email" autoComplete="email" value={email}
            onChange={setEmail} maxLength={EMAIL_MAX_LENGTH} spellCheck={false} required
            error={errors.email && t(errors.email)}
          />
          <TextField
            id="displayName" label={t('field.display_name')} autoComplete="name" value={displayName}
            onChange={setDisplayName} maxLength={DISPLAY_NAME_MAX_LENGTH} required
            error={errors.displayName && t(errors.displayName)}
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
        </fieldset>
        <OrgFieldset
          idPrefix={ORG_PREFIX}
          legend={t('setup.org_legend')}
          value={org}
          onChange={setOrg}
          errors={orgErrors}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('setup.submit')}</Button>
        </div>
      </Form>
    </Page>
  );
}

