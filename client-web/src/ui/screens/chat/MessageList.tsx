// The messages of a channel or a topic, oldest at the top. Scrolling near the top (or the
// "older messages" button) loads the page before; a day separator starts each Oslo day; a
// "new messages" line sits at the read marker as it was when the view opened; "jump to latest"
// shows while scrolled up. New messages keep the list at the bottom only when it was there.
import { Fragment, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { CHAT_SCROLL_EDGE_PX } from '../../../config';
import { formatDate } from '../../../i18n/format';
import { topicMessages, type ChannelLog } from '../../../state/messageStore';
import { Button } from '../../components/Button';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { useChat } from './chatContext';
import { MessageItem } from './MessageItem';

interface Props {
  log: ChannelLog;
  readSeq: number;
  onAtBottom: (atBottom: boolean) => void;
}

export function MessageList({ log, readSeq, onAtBottom }: Props) {
  const t = useT();
  const { chat } = useServices();
  const { view, myId, topics } = useChat();
  const scroller = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<unknown>(null);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const stick = useRef(true);
  // The marker as it was when this view opened: the line stays while reading.
  const [markerAtOpen] = useState(readSeq);

  const topic = view.topic !== null ? topics.find((tp) => tp.name.toLocaleLowerCase('nb') === view.topic!.toLocaleLowerCase('nb')) : undefined;
  const messages = view.topic === null ? log.messages : topicMessages(log.messages, { id: topic?.id, name: view.topic });

  const loadOlder = async () => {
    if (loadingOlder || !log.hasMoreBefore) return;
    const el = scroller.current;
    if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    setLoadingOlder(true);
    setOlderError(null);
    try {
      await chat.loadOlder(view.channelId);
    } catch (e) {
      setOlderError(e);
    } finally {
      setLoadingOlder(false);
    }
  };

  // Keep the position when older messages arrive above; follow the bottom when stuck to it.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
      anchor.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages.length, log.messages]);

  useEffect(() => onAtBottom(atBottom), [atBottom, onAtBottom]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= CHAT_SCROLL_EDGE_PX;
    stick.current = bottom;
    if (bottom !== atBottom) setAtBottom(bottom);
    if (el.scrollTop <= CHAT_SCROLL_EDGE_PX && log.hasMoreBefore && !loadingOlder) void loadOlder();
  };

  const jumpToLatest = () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = true;
    el.scrollTop = el.scrollHeight;
    setAtBottom(true);
    el.focus();
  };

  const firstUnread = messages.find((m) => m.seq > markerAtOpen && m.author_id !== myId)?.seq;
  let lastDay = '';
  return (
    <div className="chat-list-wrap">
      <div
        ref={scroller}
        className="chat-list"
        tabIndex={0}
        role="region"
        aria-label={view.topic === null ? t('chat.messages_in_channel') : t('chat.messages_in_topic', { topic: view.topic })}
        onScroll={onScroll}
        data-testid="message-list"
      >
        {log.hasMoreBefore ? (
          <div className="chat-list__older">
            <Button small variant="link" busy={loadingOlder} onClick={() => void loadOlder()}>{t('chat.load_older')}</Button>
            {olderError ? <p className="field__error" role="alert">{t(errorKey(olderError))}</p> : null}
          </div>
        ) : <p className="chat-list__start">{t('chat.start_of_channel')}</p>}
        {messages.length === 0 ? <p className="chat-list__empty">{t('chat.no_messages')}</p> : null}
        <ol className="chat-messages">
          {messages.map((m) => {
            const day = formatDate(m.created_at);
            const newDay = day !== lastDay;
            lastDay = day;
            return (
              <Fragment key={m.seq}>
                {newDay ? <li className="chat-day"><span>{day}</span></li> : null}
                {m.seq === firstUnread ? <li className="chat-new-line" data-testid="new-messages-line"><span>{t('chat.new_messages')}</span></li> : null}
                <MessageItem message={m} showTopic={view.topic === null} />
              </Fragment>
            );
          })}
        </ol>
      </div>
      {!atBottom ? (
        <div className="chat-jump">
          <Button small variant="primary" onClick={jumpToLatest}>{t('chat.jump_latest')}</Button>
        </div>
      ) : null}
    </div>
  );
}
