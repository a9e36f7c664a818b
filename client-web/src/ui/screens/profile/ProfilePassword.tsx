import { useState } from 'react';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../config';
import {
  collectErrors, hasErrors, validateNewPassword, validatePasswordConfirm, validateRequired, type FieldErrors,
} from '../../../state/validation';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { focusFirstError, Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';

type PasswordField = 'currentPassword' | 'newPassword' | 'newPasswordConfirm';
const FIELDS: readonly PasswordField[] = ['currentPassword', 'newPassword', 'newPasswordConfirm'];

export function ProfilePassword() {
  const t = useT();
  const { api } = useServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<PasswordField>>({});
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    setSaved(false);
    const found = collectErrors<PasswordField>({
      currentPassword: validateRequired(current, PASSWORD_MAX_LENGTH),
      newPassword: validateNewPassword(next),
      newPasswordConfirm: validatePasswordConfirm(next, confirm),
    });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(found, FIELDS);
      return;
    }
    await api.request('profile.password', { current_password: current, new_password: next });
    setCurrent('');
    setNext('');
    setConfirm('');
    setSaved(true);
  });

  return (
    <section className="panel" aria-labelledby="profile-password">
      <h2 id="profile-password" className="section-title">{t('profile.password_title')}</h2>
      <p className="muted">{t('profile.password_intro')}</p>
      <Form
        onSubmit={onSubmit}
        error={submit.error ? t(errorKey(submit.error, { unauthorized: 'profile.wrong_current' })) : null}
        success={saved ? t('profile.password_changed') : null}
      >
        <TextField
          id="currentPassword" label={t('field.current_password')} type="password"
          autoComplete="current-password" value={current} onChange={setCurrent} required
          error={errors.currentPassword && t(errors.currentPassword)}
        />
        <TextField
          id="newPassword" label={t('field.new_password')} type="password" autoComplete="new-password"
          value={next} onChange={setNext} required hint={t('field.password_hint', { min: PASSWORD_MIN_LENGTH })}
          error={errors.newPassword && t(errors.newPassword, { min: PASSWORD_MIN_LENGTH })}
        />
        <TextField
          id="newPasswordConfirm" label={t('field.password_confirm')} type="password"
          autoComplete="new-password" value={confirm} onChange={setConfirm} required
          error={errors.newPasswordConfirm && t(errors.newPasswordConfirm)}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('profile.change_password')}</Button>
        </div>
      </Form>
    </section>
  );
}
