// Link a chat topic of one of my teams to this follow-up case (topic.bind with kind "case"): the
// topic's header then names the case, and the supplier's page lists the topic with it.
import { useState } from 'react';
import type { FollowUpCase } from '../../../protocol/suppliers';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';
import { formErrorText, topicHref } from './common';

export function CaseTopicPanel({ c, teams }: { c: FollowUpCase; teams: { id: number; name: string }[] }) {
  const t = useT();
  const { api } = useServices();
  const [picked, setTeamId] = useState('');
  // The teams arrive after the first render: until one is picked, the first.
  const teamId = picked !== '' ? picked : teams[0] ? String(teams[0].id) : '';
  const [topicKey, setTopicKey] = useState('');
  const [linked, setLinked] = useState<{ teamId: number; channelId: number; name: string } | null>(null);
  const submit = useSubmit();
  // Every topic of the team's channels, as "channel:topic" choices.
  const topics = useAsync(async () => {
    if (teamId === '') return [];
    const team = Number(teamId);
    const { channels } = await api.request('channel.list', { team_id: team });
    const lists = await Promise.all(channels.map((ch) => api.request('topic.list', { team_id: team, channel_id: ch.id })
      .then((a) => a.topics.map((tp) => ({ value: `${ch.id}:${tp.id}`, label: `#${ch.name} › ${tp.name}`, channelId: ch.id, name: tp.name })))));
    return lists.flat();
  }, [api, teamId]);
  const choices = topics.data ?? [];
  const chosen = choices.find((x) => x.value === topicKey) ?? choices[0];
  const run = () => submit.run(async () => {
    if (!chosen) return;
    const [channelId, topicId] = chosen.value.split(':').map(Number);
    await api.request('topic.bind', { team_id: Number(teamId), channel_id: channelId!, topic_id: topicId!, bound: { kind: 'case', id: c.id } });
    setLinked({ teamId: Number(teamId), channelId: channelId!, name: chosen.name });
  });
  if (teams.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="case-topic-heading">
      <h2 id="case-topic-heading" className="section-title">{t('cases.topic_heading')}</h2>
      <Form onSubmit={run} error={formErrorText(t, submit.error)} success={null} labelledBy="case-topic-heading">
        <SelectField id="case-topic-team" label={t('cases.topic_team')} value={teamId}
          onChange={(v) => { setTeamId(v); setTopicKey(''); setLinked(null); }}
          options={teams.map((tm) => ({ value: String(tm.id), label: tm.name }))} />
        {choices.length === 0 ? <p className="muted">{t('cases.topic_none')}</p> : (
          <SelectField id="case-topic-topic" label={t('cases.topic_topic')} value={chosen?.value ?? ''}
            onChange={(v) => { setTopicKey(v); setLinked(null); }} options={choices.map((x) => ({ value: x.value, label: x.label }))} />
        )}
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy} disabled={!chosen}>{t('cases.topic_link')}</Button>
        </div>
      </Form>
      {linked ? (
        <p role="status">{t('cases.topic_linked')} <Link href={topicHref(linked.teamId, linked.channelId, linked.name)}>{linked.name}</Link></p>
      ) : null}
    </section>
  );
}
