import { useState, type FormEvent } from 'react';
import { CHANNEL_NAME_MAX_LENGTH, CHAT_TOPIC_MAX_LENGTH } from '../../../config';
import type { Channel, ChatMessage } from '../../../protocol/chat';
import { formatDateTime } from '../../../i18n/format';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { useChat } from './chatContext';
import { Link } from '../../components/Link';
import type { Draft } from '../../../protocol/drafts';
import type { Topic } from '../../../protocol/chat';
import { addDays, todayInOslo } from '../../../state/calendar';
import { formatDate } from '../../../i18n/format';
import { allSuppliers } from '../suppliers/common';

/** A draft or a meeting of the team that a topic can be about. */
interface BindTarget {
  kind: 'draft' | 'meeting' | 'supplier';
  id: number;
  label: string;
}

/** What the topic is about: a link to the bound draft or meeting, and (for members) link or unlink. */
function TopicBindingControl({ channel, topic, canWrite }: { channel: Channel; topic: Topic; canWrite: boolean }) {
  const t = useT();
  const { api } = useServices();
  const { teamId } = useChat();
  const [choosing, setChoosing] = useState(false);
  const [targets, setTargets] = useState<BindTarget[] | null>(null);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const bind = async (bound: { kind: 'draft' | 'meeting' | 'supplier'; id: number } | null) => {
    setError(null);
    try {
      await api.request('topic.bind', { team_id: teamId, channel_id: channel.id, topic_id: topic.id, bound });
      setChoosing(false);
    } catch (err) {
      setError(t(errorKey(err)));
    }
  };
  const open = () => {
    setChoosing(true);
    const today = todayInOslo();
    Promise.all([
      api.request('draft.list', { team_id: teamId }),
      // Meetings from a month back to a year ahead (meeting.list spans at most 400 days), one entry per meeting.
      api.request('meeting.list', { team_id: teamId, from: addDays(today, -30), to: addDays(today, 365) }),
      allSuppliers(api),
    ]).then(([d, m, sup]) => {
      const list: BindTarget[] = d.drafts.map((x: Draft) => ({ kind: 'draft' as const, id: x.id, label: `${x.identifier} ${x.title}` }));
      const seen = new Set<number>();
      for (const o of m.occurrences) {
        if (seen.has(o.meeting_id)) continue;
        seen.add(o.meeting_id);
        list.push({ kind: 'meeting', id: o.meeting_id, label: `${o.title} (${formatDate(o.start_utc)})` });
      }
      for (const x of sup) list.push({ kind: 'supplier', id: x.id, label: x.name });
      setTargets(list);
      setChoice(list[0] ? `${list[0].kind}:${list[0].id}` : '');
    }, (err: unknown) => setError(t(errorKey(err))));
  };
  const href = (kind: string, id: number) =>
    kind === 'meeting' ? `/teams/${teamId}/meetings/${id}`
      : kind === 'supplier' ? `/suppliers/${id}`
        : kind === 'case' ? `/cases/${id}`
          : `/teams/${teamId}/drafts/${id}`;
  return (
    <div className="chat-topic-binding">
      {topic.bound ? (
        <p>
          {t('chat.topic_about')}: <Link href={href(topic.bound.kind, topic.bound.id)}>{topic.bound.label}</Link>
          {canWrite ? <> <Button small variant="link" onClick={() => void bind(null)}>{t('chat.topic_unbind')}</Button></> : null}
        </p>
      ) : canWrite && !choosing ? (
        <Button small variant="link" onClick={open}>{t('chat.topic_bind')}</Button>
      ) : null}
      {choosing ? (
        targets === null ? null : targets.length === 0 ? <p>{t('chat.topic_bind_none')}</p> : (
          <form className="chat-form chat-form--inline" noValidate onSubmit={(e: FormEvent) => {
            e.preventDefault();
            const [kind, id] = choice.split(':');
            if (kind === 'draft' || kind === 'meeting' || kind === 'supplier') void bind({ kind, id: Number(id) });
          }}>
            <label htmlFor="topic-bind-draft">{t('chat.topic_bind_label')}</label>
            <select id="topic-bind-draft" value={choice} onChange={(e) => setChoice(e.target.value)}>
              {(['draft', 'meeting', 'supplier'] as const).map((kind) => {
                const group = targets.filter((x) => x.kind === kind);
                return group.length === 0 ? null : (
                  <optgroup key={kind} label={t(kind === 'draft' ? 'chat.topic_bind_drafts' : kind === 'meeting' ? 'chat.topic_bind_meetings' : 'chat.topic_bind_suppliers')}>
                    {group.map((x) => <option key={`${x.kind}:${x.id}`} value={`${x.kind}:${x.id}`}>{x.label}</option>)}
                  </optgroup>
                );
              })}
            </select>
            <Button type="submit" small variant="primary">{t('common.save')}</Button>
            <Button small onClick={() => setChoosing(false)}>{t('common.cancel')}</Button>
          </form>
        )
      ) : null}
      {error ? <p className="field__error" role="alert">{error}</p> : null}
    </div>
  );
}

function RenameForm({ id, label, initial, max, onSave, onCancel }: {
  id: string; label: string; initial: string; max: number; onSave: (name: string) => Promise<void>; onCancel: () => void;
}) {
  const t = useT();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (value.trim() === '') return setError(t('validation.required'));
    setBusy(true);
    try {
      await onSave(value.trim());
    } catch (err) {
      setError(t(errorKey(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="chat-form chat-form--inline" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} maxLength={max} onChange={(e) => setValue(e.target.value)} autoFocus
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      <Button type="submit" small variant="primary" busy={busy}>{t('common.save')}</Button>
      <Button small onClick={onCancel}>{t('common.cancel')}</Button>
      {error ? <p id={`${id}-error`} className="field__error" role="alert">{error}</p> : null}
    </form>
  );
}

function Pins({ channel }: { channel: Channel }) {
  const t = useT();
  const { api } = useServices();
  const { teamId } = useChat();
  const [pins, setPins] = useState<ChatMessage[] | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = () => {
    if (!open) api.request('channel.pins', { team_id: teamId, channel_id: channel.id }).then((a) => setPins(a.messages), () => setPins([]));
    setOpen(!open);
  };
  return (
    <div className="chat-pins">
      <Button small variant="link" ariaExpanded={open} ariaControls="chat-pins-list" onClick={toggle}>{t('chat.pins')}</Button>
      <div id="chat-pins-list" hidden={!open}>
        {open && pins ? (pins.length === 0 ? <p>{t('chat.pins_none')}</p> : (
          <ul>{pins.map((m) => <li key={m.id}><strong>{m.author_name}</strong> ({formatDateTime(m.created_at)}, {m.topic}): {m.body.slice(0, 200)}</li>)}</ul>
        )) : null}
      </div>
    </div>
  );
}

export function TopicHeader({ channel }: { channel: Channel }) {
  const t = useT();
  const { api } = useServices();
  const { teamId, view, setView, canManage, canWrite, topics } = useChat();
  const [renaming, setRenaming] = useState<'channel' | 'topic' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const topic = view.topic !== null ? topics.find((tp) => tp.name.toLocaleLowerCase('nb') === view.topic!.toLocaleLowerCase('nb')) ?? null : null;

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(t(errorKey(err)));
    }
  };

  return (
    <div className="chat-topic-head">
      <div className="chat-topic-head__title">
        <h3>
          {view.topic === null ? `# ${channel.name}` : (
            <>
              <button type="button" className="chat-crumb" onClick={() => setView({ channelId: channel.id, topic: null })}># {channel.name}</button>
              <span aria-hidden="true"> › </span>
              {view.topic}
              {topic?.resolved ? <span className="chat-resolved"> ✓ {t('chat.topic_resolved')}</span> : null}
            </>
          )}
        </h3>
        {view.topic === null && channel.description ? <p className="chat-topic-head__description">{channel.description}</p> : null}
        {topic ? <TopicBindingControl channel={channel} topic={topic} canWrite={canWrite} /> : null}
      </div>
      <div className="chat-topic-head__actions">
        <Pins channel={channel} />
        {canManage && view.topic === null ? (
          <>
            <Button small variant="link" onClick={() => setRenaming('channel')}>{t('chat.channel_rename')}</Button>
            {channel.archived ? (
              <Button small variant="link" onClick={() => void act(() => api.request('channel.update', { team_id: teamId, channel_id: channel.id, archived: false }))}>
                {t('chat.channel_unarchive')}
              </Button>
            ) : (
              <ConfirmButton
                label={t('chat.channel_archive')}
                question={t('chat.channel_archive_question', { name: channel.name })}
                confirmLabel={t('chat.channel_archive')}
                onConfirm={() => act(() => api.request('channel.update', { team_id: teamId, channel_id: channel.id, archived: true }))}
              />
            )}
          </>
        ) : null}
        {canManage && topic ? (
          <>
            <Button small variant="link" onClick={() => void act(() => api.request('topic.update', {
              team_id: teamId, channel_id: channel.id, topic_id: topic.id, resolved: !topic.resolved,
            }))}>
              {t(topic.resolved ? 'chat.topic_reopen' : 'chat.topic_resolve')}
            </Button>
            <Button small variant="link" onClick={() => setRenaming('topic')}>{t('chat.topic_rename')}</Button>
          </>
        ) : null}
      </div>
      {renaming === 'channel' ? (
        <RenameForm id="rename-channel" label={t('chat.channel_name')} initial={channel.name} max={CHANNEL_NAME_MAX_LENGTH}
          onCancel={() => setRenaming(null)}
          onSave={async (name) => {
            await api.request('channel.update', { team_id: teamId, channel_id: channel.id, name });
            setRenaming(null);
          }} />
      ) : null}
      {renaming === 'topic' && topic ? (
        <RenameForm id="rename-topic" label={t('chat.topic_name')} initial={topic.name} max={CHAT_TOPIC_MAX_LENGTH}
          onCancel={() => setRenaming(null)}
          onSave={async (name) => {
            const { topic: next } = await api.request('topic.update', { team_id: teamId, channel_id: channel.id, topic_id: topic.id, name });
            setRenaming(null);
            setView({ channelId: channel.id, topic: next.name });
          }} />
      ) : null}
      {error ? <p className="field__error" role="alert">{error}</p> : null}
    </div>
  );
}
