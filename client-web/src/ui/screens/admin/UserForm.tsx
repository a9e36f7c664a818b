import { useState } from 'react';
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../config';
import { LANGUAGES, type Language, type Org, type User } from '../../../protocol/types';
import {
  collectErrors, hasErrors, validateDisplayName, validateEmail, validateNewPassword, type FieldErrors,
} from '../../../state/validation';
import { Button } from '../../components/Button';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { focusFirstError, Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { LANGUAGE_KEYS } from '../../labels';

type UserField = 'email' | 'displayName' | 'password';
const FIELDS: readonly UserField[] = ['email', 'displayName', 'password'];

interface UserFormProps {
  /** Absent: create a user. */
  user?: User;
  orgs: Org[];
  onDone: (user: User) => void;
  onCancel: () => void;
}

/** Create a user (email, name, password, organisation, language, admin) or edit one. */
export function UserForm({ user, orgs, onDone, onCancel }: UserFormProps) {
  const t = useT();
  const { api } = useServices();
  const prefix = user ? `user-${user.id}-` : 'new-user-';
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState(user?.display_name ?? '');
  const [password, setPassword] = useState('');
  const [orgId, setOrgId] = useState(user?.org_id ? String(user.org_id) : '');
  const [language, setLanguage] = useState<Language>(user?.language ?? 'nb');
  const [isAdmin, setIsAdmin] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<UserField>>({});
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    const found = collectErrors<UserField>({
      email: user ? null : validateEmail(email),
      displayName: validateDisplayName(displayName),
      password: user ? null : validateNewPassword(password),
    });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(found, FIELDS, prefix);
      return;
    }
    const org_id = orgId ? Number(orgId) : null;
    const answer = user
      ? await api.request('user.update', { id: user.id, display_name: displayName.trim(), org_id, language })
      : await api.request('user.create', {
        email: email.trim(), display_name: displayName.trim(), password, language, is_admin: isAdmin,
        ...(org_id !== null ? { org_id } : {}),
      });
    onDone(answer.user);
  });

  return (
    <Form
      onSubmit={onSubmit}
      className="form--grid"
      error={submit.error ? t(errorKey(submit.error, { conflict: 'admin.email_exists' })) : null}
    >
      {user ? null : (
        <TextField
          id={`${prefix}email`} label={t('field.email')} type="email" value={email} onChange={setEmail}
          autoComplete="off" maxLength={EMAIL_MAX_LENGTH} spellCheck={false} required
          error={errors.email && t(errors.email)}
        />
      )}
      <TextField
        id={`${prefix}displayName`} label={t('field.display_name')} value={displayName} onChange={setDisplayName}
        autoComplete="off" maxLength={DISPLAY_NAME_MAX_LENGTH} required
        error={errors.displayName && t(errors.displayName)}
      />
      {user ? null : (
        <TextField
          id={`${prefix}password`} label={t('admin.initial_password')} type="password" value={password}
          onChange={setPassword} autoComplete="new-password" required
          hint={t('field.password_hint', { min: PASSWORD_MIN_LENGTH })}
          error={errors.password && t(errors.password, { min: PASSWORD_MIN_LENGTH })}
        />
      )}
      <SelectField
        id={`${prefix}org`}
        label={t('field.organisation')}
        value={orgId}
        onChange={setOrgId}
        options={[
          { value: '', label: t('admin.no_org') },
          ...orgs.map((o) => ({ value: String(o.id), label: o.name })),
        ]}
      />
      <SelectField
        id={`${prefix}language`}
        label={t('field.language')}
        value={language}
        onChange={(v) => setLanguage(v === 'en' ? 'en' : 'nb')}
        options={LANGUAGES.map((l) => ({ value: l, label: t(LANGUAGE_KEYS[l]) }))}
      />
      {user ? null : (
        <CheckboxField id={`${prefix}admin`} label={t('admin.is_admin')} checked={isAdmin} onChange={setIsAdmin} />
      )}
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>
          {user ? t('common.save') : t('admin.create_user')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}
