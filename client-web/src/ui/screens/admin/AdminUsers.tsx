import { useState, type ReactNode } from 'react';
import type { User } from '../../../protocol/types';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Disclosure } from '../../components/Disclosure';
import { Badge, LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useSession, useT } from '../../hooks/useStores';
import { LANGUAGE_KEYS } from '../../labels';
import { UserForm } from './UserForm';

function replaceUser(list: User[] | undefined, user: User): User[] {
  const current = list ?? [];
  return current.some((u) => u.id === user.id)
    ? current.map((u) => (u.id === user.id ? user : u))
    : [...current, user];
}

export function AdminUsers() {
  const t = useT();
  const { api, session } = useServices();
  const me = useSession().user;
  const users = useAsync(() => api.request('user.list', {}).then((a) => a.users), [api]);
  const orgs = useAsync(() => api.request('org.list', {}).then((a) => a.organisations), [api]);
  const [editing, setEditing] = useState<number | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [created, setCreated] = useState<User | null>(null);

  const saved = (user: User) => {
    users.setData((cur) => replaceUser(cur, user));
    if (user.id === me?.id) session.setUser(user);
  };
  const update = async (user: User, fields: { is_admin?: boolean; disabled?: boolean }) => {
    setActionError(null);
    try {
      saved((await api.request('user.update', { id: user.id, ...fields })).user);
    } catch (e) {
      setActionError(e);
    }
  };

  const error = users.error ?? orgs.error;
  return (
    <section aria-labelledby="admin-users">
      <div className="panel__head">
        <h2 id="admin-users" className="section-title">{t('admin.users')}</h2>
      </div>
      <Disclosure id="new-user" label={t('admin.new_user')}>
        {(close) => (
          <div className="subpanel">
            <UserForm
              orgs={orgs.data ?? []}
              onDone={(user) => { saved(user); setCreated(user); close(); }}
              onCancel={close}
            />
          </div>
        )}
      </Disclosure>
      {created ? <Notice kind="success">{t('admin.user_created', { name: created.display_name })}</Notice> : null}
      {error ? <LoadError error={error} onRetry={() => { users.reload(); orgs.reload(); }} /> : null}
      {actionError ? <Notice kind="error">{t(errorKey(actionError))}</Notice> : null}
      {!users.data && !error ? <Loading /> : null}
      {users.data ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('admin.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.display_name')}</th>
                <th scope="col">{t('field.organisation')}</th>
                <th scope="col">{t('field.language')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserRows
                  key={u.id}
                  user={u}
                  isMe={u.id === me?.id}
                  editing={editing === u.id}
                  onEdit={() => setEditing(editing === u.id ? null : u.id)}
                  editor={
                    <UserForm
                      user={u}
                      orgs={orgs.data ?? []}
                      onDone={(user) => { saved(user); setEditing(null); }}
                      onCancel={() => setEditing(null)}
                    />
                  }
                  onUpdate={(fields) => update(u, fields)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

interface UserRowsProps {
  user: User;
  isMe: boolean;
  editing: boolean;
  onEdit: () => void;
  editor: ReactNode;
  onUpdate: (fields: { is_admin?: boolean; disabled?: boolean }) => Promise<void>;
}

function UserRows({ user, isMe, editing, onEdit, editor, onUpdate }: UserRowsProps) {
  const t = useT();
  const editorId = `edit-user-${user.id}`;
  return (
    <>
      <tr data-user-id={user.id}>
        <th scope="row">
          <span className="cell-title">{user.display_name}</span>
          <span className="cell-sub">{user.email}</span>
        </th>
        <td>{user.org_name ?? '–'}</td>
        <td>{t(LANGUAGE_KEYS[user.language])}</td>
        <td>
          <span className="badges">
            {user.is_admin ? <Badge tone="accent">{t('admin.admin_badge')}</Badge> : null}
            {user.disabled ? <Badge tone="warning">{t('admin.disabled')}</Badge> : <Badge>{t('admin.active')}</Badge>}
          </span>
        </td>
        <td>
          <div className="row-actions">
            <Button
              small
              ariaExpanded={editing}
              ariaControls={editing ? editorId : undefined}
              ariaLabel={t('admin.edit_named', { name: user.display_name })}
              onClick={onEdit}
            >
              {t('common.edit')}
            </Button>
            {isMe ? null : (
              <>
                <Button
                  small
                  ariaLabel={t(user.is_admin ? 'admin.revoke_admin_named' : 'admin.make_admin_named', { name: user.display_name })}
                  onClick={() => void onUpdate({ is_admin: !user.is_admin })}
                >
                  {user.is_admin ? t('admin.revoke_admin') : t('admin.make_admin')}
                </Button>
                {user.disabled ? (
                  <Button
                    small
                    ariaLabel={t('admin.enable_named', { name: user.display_name })}
                    onClick={() => void onUpdate({ disabled: false })}
                  >
                    {t('admin.enable')}
                  </Button>
                ) : (
                  <ConfirmButton
                    label={t('admin.disable')}
                    ariaLabel={t('admin.disable_named', { name: user.display_name })}
                    question={t('admin.disable_question', { name: user.display_name })}
                    confirmLabel={t('admin.disable_confirm')}
                    onConfirm={() => onUpdate({ disabled: true })}
                  />
                )}
              </>
            )}
          </div>
        </td>
      </tr>
      {editing ? (
        <tr className="table__editor" id={editorId}>
          <td colSpan={5}>{editor}</td>
        </tr>
      ) : null}
    </>
  );
}
