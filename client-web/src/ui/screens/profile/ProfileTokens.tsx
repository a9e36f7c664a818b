import { useState } from 'react';
import { TOKEN_NAME_MAX_LENGTH } from '../../../config';
import { formatDateTime } from '../../../i18n/format';
import { validateRequired } from '../../../state/validation';
import type { MessageKey } from '../../../i18n/catalogue';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyField } from '../../components/CopyField';
import { TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';

/** Personal API tokens: the secret is shown once, right after it is made. */
export function ProfileTokens() {
  const t = useT();
  const { api } = useServices();
  const tokens = useAsync(() => api.request('token.list', {}).then((a) => a.tokens), [api]);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<MessageKey | null>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    const problem = validateRequired(name, TOKEN_NAME_MAX_LENGTH);
    setNameError(problem);
    if (problem) {
      document.getElementById('token-name')?.focus();
      return;
    }
    const answer = await api.request('token.create', { name: name.trim() });
    setSecret({ name: answer.info.name, token: answer.token });
    tokens.setData((cur) => [...(cur ?? []), answer.info]);
    setName('');
  });

  const revoke = async (id: number) => {
    setRevokeError(null);
    try {
      await api.request('token.revoke', { id });
      tokens.setData((cur) => cur?.filter((tok) => tok.id !== id));
    } catch (e) {
      setRevokeError(e);
    }
  };

  return (
    <section className="panel" aria-labelledby="profile-tokens">
      <h2 id="profile-tokens" className="section-title">{t('tokens.title')}</h2>
      <p className="muted">{t('tokens.intro')}</p>
      <Form onSubmit={onSubmit} className="form--inline" error={submit.error ? t(errorKey(submit.error)) : null}>
        <TextField
          id="token-name" label={t('tokens.name')} hint={t('tokens.name_hint')} value={name} onChange={setName}
          maxLength={TOKEN_NAME_MAX_LENGTH} error={nameError ? t(nameError) : undefined}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('tokens.create')}</Button>
        </div>
      </Form>
      {secret ? (
        <div className="created-secret" role="region" aria-label={t('tokens.created_title')}>
          <Notice kind="warning">{t('tokens.shown_once', { name: secret.name })}</Notice>
          <CopyField id="token-secret" label={t('tokens.secret')} value={secret.token} />
          <Button small onClick={() => setSecret(null)}>{t('tokens.hide')}</Button>
        </div>
      ) : null}
      {tokens.error ? <LoadError error={tokens.error} onRetry={tokens.reload} /> : null}
      {revokeError ? <Notice kind="error">{t(errorKey(revokeError))}</Notice> : null}
      {!tokens.data && !tokens.error ? <Loading /> : null}
      {tokens.data && tokens.data.length === 0 ? <p className="muted">{t('tokens.none')}</p> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('tokens.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.created_at')}</th>
                <th scope="col">{t('tokens.last_seen')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((tok) => (
                <tr key={tok.id}>
                  <th scope="row">{tok.name}</th>
                  <td>{formatDateTime(tok.created_at)}</td>
                  <td>{tok.last_seen_at ? formatDateTime(tok.last_seen_at) : t('tokens.never_used')}</td>
                  <td>
                    <ConfirmButton
                      label={t('tokens.revoke')}
                      ariaLabel={t('tokens.revoke_named', { name: tok.name })}
                      question={t('tokens.revoke_question', { name: tok.name })}
                      confirmLabel={t('tokens.revoke_confirm')}
                      onConfirm={() => revoke(tok.id)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
