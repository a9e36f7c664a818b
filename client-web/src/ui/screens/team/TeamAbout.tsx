import { useState } from 'react';
import { TEAM_DESCRIPTION_MAX_LENGTH } from '../../../config';
import type { Team } from '../../../protocol/types';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';

interface TeamAboutProps {
  team: Team;
  canEdit: boolean;
  onSaved: (team: Team) => void;
}

/** The team's description; facilitators and admins can edit it. */
export function TeamAbout({ team, canEdit, onSaved }: TeamAboutProps) {
  const t = useT();
  const { api } = useServices();
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState(team.description);
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    const answer = await api.request('team.update', { team_id: team.id, description: description.trim() });
    onSaved(answer.team);
    setEditing(false);
  });

  return (
    <section className="panel" aria-labelledby="team-about">
      <div className="panel__head">
        <h2 id="team-about" className="section-title">{t('team.about')}</h2>
        {canEdit && !editing ? (
          <Button small onClick={() => { setDescription(team.description); setEditing(true); }}>
            {t('team.edit_description')}
          </Button>
        ) : null}
      </div>
      {editing ? (
        <Form onSubmit={onSubmit} error={submit.error ? t(errorKey(submit.error)) : null}>
          <TextAreaField
            id="team-description"
            label={t('field.description')}
            value={description}
            onChange={setDescription}
            maxLength={TEAM_DESCRIPTION_MAX_LENGTH}
            rows={5}
          />
          <div className="form__actions">
            <Button type="submit" variant="primary" busy={submit.busy}>{t('common.save')}</Button>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </div>
        </Form>
      ) : (
        <p className="prose">{team.description || t('team.no_description')}</p>
      )}
    </section>
  );
}
