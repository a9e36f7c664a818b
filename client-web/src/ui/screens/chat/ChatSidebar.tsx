import { useState, type FormEvent } from 'react';
import { CHANNEL_DESCRIPTION_MAX_LENGTH, CHANNEL_NAME_MAX_LENGTH } from '../../../config';
import type { Channel, PresenceState } from '../../../protocol/chat';
import { Button } from '../../components/Button';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { useChat } from './chatContext';

const PRESENCE_KEYS = { online: 'chat.presence_online', idle: 'chat.presence_idle', offline: 'chat.presence_offline' } as const;

function Counts({ unread, mentions }: { unread: number; mentions: number }) {
  const t = useT();
  return (
    <>
      {mentions > 0 ? (
        <span className="chat-badge chat-badge--mention" data-mentions={mentions}>
          @{mentions}<span className="visually-hidden"> {t('chat.mentions_count', { count: mentions })}</span>
        </span>
      ) : null}
      {unread > 0 ? (
        <span className="chat-badge" data-unread={unread}>
          {unread}<span className="visually-hidden"> {t('chat.unread_count', { count: unread })}</span>
        </span>
      ) : null}
    </>
  );
}

function NewChannelForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const { api } = useServices();
  const { teamId, setView } = useChat();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') {
      setError(t('validation.required'));
      return;
    }
    setBusy(true);
    try {
      const { channel } = await api.request('channel.create', { team_id: teamId, name: name.trim(), description: description.trim() });
      setView({ channelId: channel.id, topic: null });
      onDone();
    } catch (err) {
      setError(t(errorKey(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="chat-form" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor="new-channel-name">{t('chat.channel_name')}</label>
      <input id="new-channel-name" value={name} maxLength={CHANNEL_NAME_MAX_LENGTH} onChange={(e) => setName(e.target.value)}
        aria-invalid={error ? true : undefined} aria-describedby={error ? 'new-channel-error' : undefined} />
      <label htmlFor="new-channel-description">{t('field.description')}</label>
      <input id="new-channel-description" value={description} maxLength={CHANNEL_DESCRIPTION_MAX_LENGTH} onChange={(e) => setDescription(e.target.value)} />
      {error ? <p id="new-channel-error" className="field__error" role="alert">{error}</p> : null}
      <div className="chat-form__actions">
        <Button type="submit" variant="primary" small busy={busy}>{t('chat.channel_create')}</Button>
        <Button small onClick={onDone}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

function ChannelItem({ channel }: { channel: Channel }) {
  const t = useT();
  const { view, setView, topics } = useChat();
  const current = view.channelId === channel.id;
  return (
    <li className={current ? 'chat-channel chat-channel--current' : 'chat-channel'}>
      <button
        type="button"
        className="chat-nav-item"
        aria-current={current && view.topic === null ? 'page' : undefined}
        data-channel={channel.name}
        onClick={() => setView({ channelId: channel.id, topic: null })}
      >
        <span className="chat-nav-item__name"># {channel.name}</span>
        {channel.archived ? <span className="chat-nav-item__meta">{t('teams.archived_badge')}</span> : null}
        <Counts unread={channel.unread} mentions={channel.mentions} />
      </button>
      {current && topics.length > 0 ? (
        <ul className="chat-topics" aria-label={t('chat.topics_of', { channel: channel.name })}>
          {topics.map((tp) => (
            <li key={tp.id}>
              <button
                type="button"
                className="chat-nav-item chat-nav-item--topic"
                aria-current={view.topic?.toLocaleLowerCase('nb') === tp.name.toLocaleLowerCase('nb') ? 'page' : undefined}
                data-topic={tp.name}
                onClick={() => setView({ channelId: channel.id, topic: tp.name })}
              >
                <span className="chat-nav-item__name">
                  {tp.resolved ? <span aria-hidden="true">✓ </span> : null}
                  {tp.name}
                  {tp.resolved ? <span className="visually-hidden"> ({t('chat.topic_resolved')})</span> : null}
                </span>
                <Counts unread={tp.unread} mentions={0} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function ChatSidebar() {
  const t = useT();
  const { channels, canManage, members, presence } = useChat();
  const [creating, setCreating] = useState(false);
  const open = channels.filter((c) => !c.archived);
  const archived = channels.filter((c) => c.archived);
  const order: Record<PresenceState, number> = { online: 0, idle: 1, offline: 2 };
  const people = [...members].sort((a, b) => order[presence.get(a.user_id) ?? 'offline'] - order[presence.get(b.user_id) ?? 'offline']
    || a.display_name.localeCompare(b.display_name, 'nb'));
  return (
    <nav className="chat__sidebar" aria-label={t('chat.channels')}>
      <h3 className="chat__sidebar-heading">{t('chat.channels')}</h3>
      <ul className="chat-channels">
        {open.map((c) => <ChannelItem key={c.id} channel={c} />)}
      </ul>
      {archived.length > 0 ? (
        <>
          <h3 className="chat__sidebar-heading">{t('chat.archived_channels')}</h3>
          <ul className="chat-channels">{archived.map((c) => <ChannelItem key={c.id} channel={c} />)}</ul>
        </>
      ) : null}
      {canManage ? (
        creating ? <NewChannelForm onDone={() => setCreating(false)} /> : (
          <Button small ariaExpanded={false} onClick={() => setCreating(true)}>{t('chat.channel_new')}</Button>
        )
      ) : null}
      <h3 className="chat__sidebar-heading">{t('chat.people')}</h3>
      <ul className="chat-people">
        {people.map((m) => {
          const state = presence.get(m.user_id) ?? 'offline';
          return (
            <li key={m.user_id} data-presence={state} data-person={m.display_name}>
              <span className={`presence-dot presence-dot--${state}`} aria-hidden="true" />
              {m.display_name}
              <span className="visually-hidden"> ({t(PRESENCE_KEYS[state])})</span>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
