// Writing a message: topic (in the channel view), Markdown text with a preview, @-mention
// completion from the team's members (a listbox driven from the textarea with
// aria-activedescendant), Enter to send and Shift+Enter for a new line. A failed send keeps
// the text and its client_msg_id, so retrying can never store the message twice.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CHAT_BODY_MAX_BYTES, CHAT_TOPIC_MAX_LENGTH } from '../../../config';
import type { Channel } from '../../../protocol/chat';
import { isApiError } from '../../../protocol/errors';
import { applyCompletion, filterCandidates, mentionQueryAt, parseMentions, type MentionCandidate, type MentionQuery } from '../../../state/mentions';
import { newClientMsgId } from '../../../state/messageStore';
import { Button } from '../../components/Button';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { markdown } from '../../markdown';
import { useChat } from './chatContext';
import { useTypingSender } from './useLive';

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export function Composer({ channel, focusTick }: { channel: Channel; focusTick: number }) {
  const t = useT();
  const { api } = useServices();
  const { teamId, view, members, myId, topics, applyMessage } = useChat();
  const [topicInput, setTopicInput] = useState('');
  const [body, setBody] = useState('');
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const clientMsgId = useRef<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const sendTyping = useTypingSender(teamId, channel.id);

  useEffect(() => {
    if (focusTick > 0) textarea.current?.focus();
  }, [focusTick]);

  const topic = view.topic ?? topicInput;
  const candidates: MentionCandidate[] = useMemo(() => (query
    ? filterCandidates(members.filter((m) => m.user_id !== myId), query.query)
    : []), [query, members, myId]);
  const listOpen = query !== null && candidates.length > 0;

  const updateQuery = (text: string, caret: number) => {
    const q = mentionQueryAt(text, caret);
    setQuery(q);
    setActive(0);
  };

  const choose = (c: MentionCandidate) => {
    const el = textarea.current;
    if (!el || !query) return;
    const next = applyCompletion(body, el.selectionStart, query, c);
    setBody(next.text);
    setQuery(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const send = async () => {
    setError(null);
    if (topic.trim() === '') return setError(t('chat.topic_required'));
    if (body.trim() === '') return setError(t('chat.body_required'));
    if (utf8Length(body) > CHAT_BODY_MAX_BYTES) return setError(t('chat.body_too_long'));
    clientMsgId.current ??= newClientMsgId();
    setBusy(true);
    try {
      const { message } = await api.request('message.send', {
        team_id: teamId, channel_id: channel.id, topic: topic.trim(), body, client_msg_id: clientMsgId.current,
      });
      applyMessage(message);
      clientMsgId.current = null;
      setBody('');
      setPreview(false);
      if (view.topic === null) setTopicInput(message.topic);
    } catch (e) {
      if (isApiError(e, 'rate_limited')) setError(t('chat.rate_limited', { seconds: e.retryAfter ?? 1 }));
      else setError(t(errorKey(e)));
    } finally {
      setBusy(false);
      textarea.current?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (listOpen) {
      if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => (a + 1) % candidates.length); return; }
      if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => (a - 1 + candidates.length) % candidates.length); return; }
      if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); choose(candidates[active]!); return; }
      if (e.key === 'Escape') { e.preventDefault(); setQuery(null); return; }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (!busy) void send();
    }
  };

  const bodyId = `composer-body-${channel.id}`;
  const listId = `composer-mentions-${channel.id}`;
  const previewHtml = useMemo(() => {
    if (!preview) return '';
    const found = parseMentions(body, members);
    return markdown().render(body, { members, userIds: found.userIds, team: found.team, selfId: myId });
  }, [preview, body, members, myId]);
  return (
    <form className="composer" onSubmit={(e) => { e.preventDefault(); void send(); }} aria-label={t('chat.composer')}>
      {view.topic === null ? (
        <div className="composer__topic">
          <label htmlFor={`composer-topic-${channel.id}`}>{t('chat.topic_name')}</label>
          <input id={`composer-topic-${channel.id}`} value={topicInput} maxLength={CHAT_TOPIC_MAX_LENGTH} list={`composer-topics-${channel.id}`}
            onChange={(e) => setTopicInput(e.target.value)} autoComplete="off" />
          <datalist id={`composer-topics-${channel.id}`}>{topics.map((tp) => <option key={tp.id} value={tp.name} />)}</datalist>
        </div>
      ) : <p className="composer__to">{t('chat.reply_in', { topic: view.topic })}</p>}
      <div className="composer__tabs" role="group" aria-label={t('chat.composer_mode')}>
        <Button small variant="link" ariaPressed={!preview} onClick={() => setPreview(false)}>{t('chat.write')}</Button>
        <Button small variant="link" ariaPressed={preview} onClick={() => setPreview(true)}>{t('chat.preview')}</Button>
      </div>
      <label htmlFor={bodyId} className="visually-hidden">{t('chat.message')}</label>
      <textarea
        ref={textarea}
        id={bodyId}
        className="composer__body"
        hidden={preview}
        rows={3}
        value={body}
        placeholder={t('chat.placeholder')}
        aria-describedby={`${bodyId}-hint${error ? ` ${bodyId}-error` : ''}`}
        aria-autocomplete="list"
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          setBody(e.target.value);
          updateQuery(e.target.value, e.target.selectionStart);
          sendTyping(topic);
        }}
        onKeyDown={onKeyDown}
        onClick={(e) => updateQuery(body, e.currentTarget.selectionStart)}
        onBlur={() => setQuery(null)}
      />
      {listOpen ? (
        <ul id={listId} role="listbox" className="composer__mentions" aria-label={t('chat.mention_suggestions')}>
          {candidates.map((c, i) => (
            <li key={c.user_id} id={`${listId}-${i}`} role="option" aria-selected={i === active}
              onMouseDown={(e) => { e.preventDefault(); choose(c); }}>
              {c.user_id === 0 ? t('chat.mention_team') : c.display_name}
            </li>
          ))}
        </ul>
      ) : null}
      {preview ? (
        <div className="composer__preview markdown" aria-live="polite" data-testid="composer-preview"
          dangerouslySetInnerHTML={{ __html: previewHtml || `<p>${t('chat.preview_empty')}</p>` }} />
      ) : null}
      <p id={`${bodyId}-hint`} className="composer__hint">{t('chat.composer_hint')}</p>
      {error ? <p id={`${bodyId}-error`} className="field__error" role="alert">{error}</p> : null}
      <Button type="submit" variant="primary" busy={busy}>{t('chat.send')}</Button>
    </form>
  );
}
