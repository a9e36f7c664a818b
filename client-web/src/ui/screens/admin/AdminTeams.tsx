import { Fragment, useState } from 'react';
import { TEAM_DESCRIPTION_MAX_LENGTH, TEAM_NAME_MAX_LENGTH, TEAM_SLUG_MAX_LENGTH } from '../../../config';
import type { Team } from '../../../protocol/types';
import {
  collectErrors, hasErrors, slugFromName, validateSlug, validateTeamName, type FieldErrors,
} from '../../../state/validation';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Disclosure } from '../../components/Disclosure';
import { TextAreaField, TextField } from '../../components/Field';
import { focusFirstError, Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Badge, LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';

type TeamField = 'name' | 'slug';
const FIELDS: readonly TeamField[] = ['name', 'slug'];

interface TeamFormProps {
  team?: Team;
  onDone: (team: Team) => void;
  onCancel: () => void;
}

function TeamForm({ team, onDone, onCancel }: TeamFormProps) {
  const t = useT();
  const { api } = useServices();
  const prefix = team ? `team-${team.id}-` : 'new-team-';
  const [name, setName] = useState(team?.name ?? '');
  const [slug, setSlug] = useState(team?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(false);
  const [description, setDescription] = useState(team?.description ?? '');
  const [errors, setErrors] = useState<FieldErrors<TeamField>>({});
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    const found = collectErrors<TeamField>({
      name: validateTeamName(name),
      slug: team ? null : validateSlug(slug),
    });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(found, FIELDS, prefix);
      return;
    }
    const answer = team
      ? await api.request('team.update', { team_id: team.id, name: name.trim(), description: description.trim() })
      : await api.request('team.create', { name: name.trim(), slug, description: description.trim() });
    onDone(answer.team);
  });

  return (
    <Form
      onSubmit={onSubmit}
      className="form--grid"
      error={submit.error ? t(errorKey(submit.error, { conflict: 'admin.team_exists' })) : null}
    >
      <TextField
        id={`${prefix}name`} label={t('admin.team_name')} value={name} maxLength={TEAM_NAME_MAX_LENGTH} required
        onChange={(v) => { setName(v); if (!team && !slugTouched) setSlug(slugFromName(v)); }}
        error={errors.name && t(errors.name)}
      />
      {team ? null : (
        <TextField
          id={`${prefix}slug`} label={t('admin.team_slug')} hint={t('admin.team_slug_hint')} value={slug}
          maxLength={TEAM_SLUG_MAX_LENGTH} required spellCheck={false}
          onChange={(v) => { setSlug(v); setSlugTouched(true); }}
          error={errors.slug && t(errors.slug)}
        />
      )}
      <TextAreaField
        id={`${prefix}description`} label={t('field.description')} optionalText={t('common.optional')}
        value={description} onChange={setDescription} maxLength={TEAM_DESCRIPTION_MAX_LENGTH}
      />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>
          {team ? t('common.save') : t('admin.create_team')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

export function AdminTeams() {
  const t = useT();
  const { api } = useServices();
  const teams = useAsync(() => api.request('team.list', {}).then((a) => a.teams), [api]);
  const [editing, setEditing] = useState<number | null>(null);
  const [created, setCreated] = useState<Team | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const saved = (team: Team) =>
    teams.setData((cur) => {
      const list = cur ?? [];
      const old = list.find((x) => x.id === team.id);
      // Keep the caller's role as listed if the answer has none.
      const merged = old ? { ...team, my_role: team.my_role ?? old.my_role } : team;
      return old ? list.map((x) => (x.id === team.id ? merged : x)) : [...list, merged];
    });
  const setArchived = async (team: Team, archived: boolean) => {
    setActionError(null);
    try {
      saved((await api.request('team.update', { team_id: team.id, archived })).team);
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <section aria-labelledby="admin-teams">
      <div className="panel__head">
        <h2 id="admin-teams" className="section-title">{t('admin.teams')}</h2>
      </div>
      <Disclosure id="new-team" label={t('admin.new_team')}>
        {(close) => (
          <div className="subpanel">
            <TeamForm onDone={(team) => { saved(team); setCreated(team); close(); }} onCancel={close} />
          </div>
        )}
      </Disclosure>
      {created ? <Notice kind="success">{t('admin.team_created', { name: created.name })}</Notice> : null}
      {teams.error ? <LoadError error={teams.error} onRetry={teams.reload} /> : null}
      {actionError ? <Notice kind="error">{t(errorKey(actionError))}</Notice> : null}
      {!teams.data && !teams.error ? <Loading /> : null}
      {teams.data ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('admin.teams')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.team_name')}</th>
                <th scope="col">{t('admin.team_slug')}</th>
                <th scope="col">{t('teams.member_count')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {teams.data.map((team) => {
                const editorId = `edit-team-${team.id}`;
                const isEditing = editing === team.id;
                return (
                  <Fragment key={team.id}>
                    <tr data-team-id={team.id}>
                      <th scope="row"><Link href={`/teams/${team.id}`}>{team.name}</Link></th>
                      <td className="mono">{team.slug}</td>
                      <td>{team.member_count}</td>
                      <td>{team.archived ? <Badge tone="muted">{t('teams.archived_badge')}</Badge> : <Badge>{t('admin.active')}</Badge>}</td>
                      <td>
                        <div className="row-actions">
                          <Button
                            small
                            ariaExpanded={isEditing}
                            ariaControls={isEditing ? editorId : undefined}
                            ariaLabel={t('admin.edit_named', { name: team.name })}
                            onClick={() => setEditing(isEditing ? null : team.id)}
                          >
                            {t('common.edit')}
                          </Button>
                          {team.archived ? (
                            <Button
                              small
                              ariaLabel={t('admin.unarchive_named', { name: team.name })}
                              onClick={() => void setArchived(team, false)}
                            >
                              {t('admin.unarchive')}
                            </Button>
                          ) : (
                            <ConfirmButton
                              label={t('admin.archive')}
                              ariaLabel={t('admin.archive_named', { name: team.name })}
                              question={t('admin.archive_question', { name: team.name })}
                              confirmLabel={t('admin.archive_confirm')}
                              onConfirm={() => setArchived(team, true)}
                            />
                          )}
                        </div>
                      </td>
                    </tr>
                    {isEditing ? (
                      <tr className="table__editor" id={editorId}>
                        <td colSpan={5}>
                          <TeamForm team={team} onDone={(x) => { saved(x); setEditing(null); }} onCancel={() => setEditing(null)} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

