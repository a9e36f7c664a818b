import { useMemo, useState } from 'react';
import { QUICK_REACTIONS } from '../../../config';
import { reactedBy, type ChatMessage } from '../../../protocol/chat';
import { formatDateTime, formatTime } from '../../../i18n/format';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { markdown } from '../../markdown';
import { useChat } from './chatContext';

function Edits({ message }: { message: ChatMessage }) {
  const t = useT();
  const { api } = useServices();
  const { teamId } = useChat();
  const [edits, setEdits] = useState<{ body: string; edited_at: string }[] | null>(null);
  const [open, setOpen] = useState(false);
  const id = `edits-${message.channel_id}-${message.seq}`;
  const toggle = () => {
    if (!open && !edits) {
      api.request('message.history_of', { team_id: teamId, channel_id: message.channel_id, message_id: message.id })
        .then((a) => setEdits(a.edits), () => setEdits([]));
    }
    setOpen(!open);
  };
  return (
    <>
      <Button small variant="link" ariaExpanded={open} ariaControls={id} onClick={toggle}>
        {t('chat.edited', { time: formatDateTime(message.edited_at) })}
      </Button>
      <div id={id} hidden={!open} className="chat-edits">
        {open && edits ? (
          <ol>{edits.map((e, i) => <li key={i}><span className="chat-edits__time">{formatDateTime(e.edited_at)}</span> {e.body}</li>)}</ol>
        ) : null}
      </div>
    </>
  );
}

function EditForm({ message, onDone }: { message: ChatMessage; onDone: () => void }) {
  const t = useT();
  const { api } = useServices();
  const { teamId, applyMessage } = useChat();
  const [body, setBody] = useState(message.body);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `edit-${message.channel_id}-${message.seq}`;
  const save = async () => {
    if (body.trim() === '') return setError(t('validation.required'));
    setBusy(true);
    try {
      const { message: next } = await api.request('message.edit', { team_id: teamId, channel_id: message.channel_id, message_id: message.id, body });
      applyMessage(next);
      onDone();
    } catch (e) {
      setError(t(errorKey(e)));
      setBusy(false);
    }
  };
  return (
    <form className="chat-edit" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label htmlFor={id} className="visually-hidden">{t('chat.edit_label')}</label>
      <textarea id={id} value={body} rows={3} autoFocus onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') onDone(); }} />
      {error ? <p className="field__error" role="alert">{error}</p> : null}
      <Button type="submit" small variant="primary" busy={busy}>{t('common.save')}</Button>
      <Button small onClick={onDone}>{t('common.cancel')}</Button>
    </form>
  );
}

export function MessageItem({ message: m, showTopic }: { message: ChatMessage; showTopic: boolean }) {
  const t = useT();
  const { api } = useServices();
  const { teamId, myId, canWrite, canManage, members, setView, applyMessage } = useChat();
  const [actionsOpen, setActionsOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const html = useMemo(() => (m.deleted ? '' : markdown().render(m.body, {
    members, userIds: m.mentions, team: m.mentions_team, selfId: myId,
  })), [m.body, m.deleted, m.mentions, m.mentions_team, members, myId]);
  const mine = m.author_id === myId;
  const mentionsMe = m.mentions.includes(myId) || m.mentions_team;
  const ref = { team_id: teamId, channel_id: m.channel_id, message_id: m.id };
  const actionsId = `actions-${m.channel_id}-${m.seq}`;

  const act = async (fn: () => Promise<{ message: ChatMessage } | Record<string, never>>) => {
    setError(null);
    try {
      const answer = await fn();
      if ('message' in answer) applyMessage(answer.message as ChatMessage);
    } catch (e) {
      setError(t(errorKey(e)));
    }
  };
  const react = (emoji: string, on: boolean) => void act(() => api.request('message.react', { ...ref, emoji, on }));

  const classes = ['chat-message'];
  if (m.deleted) classes.push('chat-message--deleted');
  if (mentionsMe) classes.push('chat-message--mention');
  if (m.pinned) classes.push('chat-message--pinned');
  return (
    <li className={classes.join(' ')} data-seq={m.seq} data-author={m.author_name}>
      <article aria-label={t('chat.message_label', { author: m.author_name, time: formatDateTime(m.created_at) })}>
        <header className="chat-message__head">
          <span className="chat-message__author">{m.author_name}</span>
          {m.org_name ? <span className="chat-message__org">{m.org_name}</span> : null}
          <time dateTime={m.created_at} title={formatDateTime(m.created_at)}>{formatTime(m.created_at)}</time>
          {showTopic ? (
            <button type="button" className="chat-message__topic" onClick={() => setView({ channelId: m.channel_id, topic: m.topic })}>
              {m.topic}
            </button>
          ) : null}
          {m.pinned ? <span className="chat-flag">{t('chat.pinned')}</span> : null}
          {m.archive_worthy ? <span className="chat-flag chat-flag--archive">{t('chat.archive_worthy')}</span> : null}
        </header>
        {m.deleted ? <p className="chat-message__tombstone">{t('chat.deleted')}</p>
          : editing ? <EditForm message={m} onDone={() => setEditing(false)} />
            : <div className="chat-message__body markdown" data-testid="message-body" dangerouslySetInnerHTML={{ __html: html }} />}
        {!m.deleted && m.edited_at ? <Edits message={m} /> : null}
        {!m.deleted && m.reactions.length > 0 ? (
          <ul className="chat-reactions" aria-label={t('chat.reactions')}>
            {m.reactions.map((r) => (
              <li key={r.emoji}>
                <button type="button" className="chat-reaction" aria-pressed={reactedBy(r, myId)} disabled={!canWrite}
                  aria-label={t('chat.reaction_label', { emoji: r.emoji, count: r.count })}
                  onClick={() => react(r.emoji, !reactedBy(r, myId))}>
                  {r.emoji} {r.count}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {!m.deleted ? (
          <div className="chat-message__tools">
            <Button small variant="link" ariaExpanded={actionsOpen} ariaControls={actionsId}
              ariaLabel={t('chat.actions_for', { author: m.author_name, time: formatTime(m.created_at) })}
              onClick={() => setActionsOpen(!actionsOpen)}>
              {t('chat.actions')}
            </Button>
            <div id={actionsId} hidden={!actionsOpen} className="chat-message__actions" role="group" aria-label={t('chat.actions')}>
              {actionsOpen ? (
                <>
                  {canWrite ? QUICK_REACTIONS.map((emoji) => {
                    const found = m.reactions.find((r) => r.emoji === emoji);
                    const mineR = found ? reactedBy(found, myId) : false;
                    return (
                      <Button key={emoji} small variant="link" ariaPressed={mineR} ariaLabel={t('chat.react_with', { emoji })}
                        onClick={() => react(emoji, !mineR)}>{emoji}</Button>
                    );
                  }) : null}
                  {canWrite ? <Button small variant="link" onClick={() => setView({ channelId: m.channel_id, topic: m.topic }, true)}>{t('chat.reply')}</Button> : null}
                  {mine ? <Button small variant="link" onClick={() => { setEditing(true); setActionsOpen(false); }}>{t('common.edit')}</Button> : null}
                  {canManage ? (
                    <Button small variant="link" onClick={() => void act(() => api.request('message.pin', { ...ref, on: !m.pinned }))}>
                      {t(m.pinned ? 'chat.unpin' : 'chat.pin')}
                    </Button>
                  ) : null}
                  {canWrite ? (
                    <Button small variant="link" ariaPressed={m.archive_worthy}
                      onClick={() => void act(() => api.request('message.archive_worthy', { ...ref, on: !m.archive_worthy }))}>
                      {t('chat.mark_archive_worthy')}
                    </Button>
                  ) : null}
                  {mine || canManage ? (
                    <ConfirmButton label={t('chat.delete')} question={t('chat.delete_question')} confirmLabel={t('chat.delete')}
                      onConfirm={() => act(() => api.request('message.delete', ref))} />
                  ) : null}
                </>
              ) : null}
            </div>
          </div>
        ) : null}
        {error ? <p className="field__error" role="alert">{error}</p> : null}
      </article>
    </li>
  );
}
