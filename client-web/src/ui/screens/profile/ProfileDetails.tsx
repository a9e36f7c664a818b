import { useState } from 'react';
import { DISPLAY_NAME_MAX_LENGTH } from '../../../config';
import { formatDate } from '../../../i18n/format';
import { LANGUAGES, type Language } from '../../../protocol/types';
import { validateDisplayName } from '../../../state/validation';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useSession, useT } from '../../hooks/useStores';
import { LANGUAGE_KEYS } from '../../labels';
import type { MessageKey } from '../../../i18n/catalogue';

export function ProfileDetails() {
  const t = useT();
  const { api, session } = useServices();
  const { user } = useSession();
  const [displayName, setDisplayName] = useState(user?.display_name ?? '');
  const [language, setLanguage] = useState<Language>(user?.language ?? 'nb');
  const [nameError, setNameError] = useState<MessageKey | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  if (!user) return null;

  const onSubmit = () => submit.run(async () => {
    setSaved(false);
    const problem = validateDisplayName(displayName);
    setNameError(problem);
    if (problem) {
      document.getElementById('profile-name')?.focus();
      return;
    }
    const answer = await api.request('profile.update', { display_name: displayName.trim(), language });
    session.setUser(answer.user);
    setSaved(true);
  });

  return (
    <section className="panel" aria-labelledby="profile-details">
      <h2 id="profile-details" className="section-title">{t('profile.details')}</h2>
      <dl className="facts">
        <div><dt>{t('field.email')}</dt><dd>{user.email}</dd></div>
        <div><dt>{t('field.organisation')}</dt><dd>{user.org_name ?? t('profile.no_org')}</dd></div>
        <div><dt>{t('profile.member_since')}</dt><dd>{formatDate(user.created_at)}</dd></div>
        {user.is_admin ? <div><dt>{t('profile.access')}</dt><dd>{t('profile.admin')}</dd></div> : null}
      </dl>
      <Form
        onSubmit={onSubmit}
        error={submit.error ? t(errorKey(submit.error)) : null}
        success={saved ? t('profile.saved') : null}
      >
        <TextField
          id="profile-name" label={t('field.display_name')} value={displayName} onChange={setDisplayName}
          autoComplete="name" maxLength={DISPLAY_NAME_MAX_LENGTH} required
          error={nameError ? t(nameError) : undefined}
        />
        <SelectField
          id="profile-language"
          label={t('field.language')}
          value={language}
          onChange={(v) => setLanguage(v === 'en' ? 'en' : 'nb')}
          options={LANGUAGES.map((l) => ({ value: l, label: t(LANGUAGE_KEYS[l]) }))}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('common.save')}</Button>
        </div>
      </Form>
    </section>
  );
}
