// The team's live channels: sidebar (channels, topics, people), the message list of the
// chosen channel or topic, and the composer. Every non-archived channel of the team is
// subscribed while the page is open, so unread and mention badges move live.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Channel, ChatMessage, PresenceState, Topic } from '../../../protocol/chat';
import { isApiError } from '../../../protocol/errors';
import type { Member } from '../../../protocol/types';
import { addMessages } from '../../../state/messageStore';
import { Link } from '../../components/Link';
import { LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useLocationState, useT } from '../../hooks/useStores';
import { ChatContext, type ChatEnv, type ChatView } from './chatContext';
import { ChatSidebar } from './ChatSidebar';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { TopicHeader } from './TopicHeader';
import { usePresenceReporter, useTyping } from './useLive';

interface Props {
  teamId: number;
  myId: number;
  canWrite: boolean;
  canManage: boolean;
  members: Member[];
}

function viewFromLocation(search: string): Partial<ChatView> {
  const q = new URLSearchParams(search);
  const channel = Number(q.get('channel'));
  const topic = q.get('topic');
  return Number.isInteger(channel) && channel > 0 ? { channelId: channel, topic: topic && topic.length > 0 ? topic : null } : {};
}

/** The read marker of a channel: the server sends counts, not the marker (see the report). */
function readSeqOf(c: Channel): number {
  return Math.max(0, c.last_seq - c.unread);
}

export function ChatPanel({ teamId, myId, canWrite, canManage, members }: Props) {
  const t = useT();
  const { api, chat } = useServices();
  const { href } = useLocationState();
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [view, setViewState] = useState<ChatView | null>(null);
  const [presence, setPresence] = useState<Map<number, PresenceState>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const [atBottom, setAtBottom] = useState(true);
  const [focusTick, setFocusTick] = useState(0);
  const [readMarkers, setReadMarkers] = useState<Map<number, number>>(new Map());
  const [reload, setReload] = useState(0);
  const viewRef = useRef<ChatView | null>(null);
  viewRef.current = view;
  const atBottomRef = useRef(true);
  atBottomRef.current = atBottom;
  const sentRead = useRef(new Map<number, number>());

  // Channels, then a subscription to each open one.
  useEffect(() => {
    let live = true;
    setLoadError(null);
    api.request('channel.list', { team_id: teamId }).then(async ({ channels: list }) => {
      if (!live) return;
      setChannels(list);
      setReadMarkers(new Map(list.map((c) => [c.id, readSeqOf(c)])));
      setViewState((cur) => {
        const wanted = viewFromLocation(window.location.search);
        if (wanted.channelId && list.some((c) => c.id === wanted.channelId)) return { channelId: wanted.channelId, topic: wanted.topic ?? null };
        if (cur && list.some((c) => c.id === cur.channelId)) return cur;
        const first = list.find((c) => !c.archived) ?? list[0];
        return first ? { channelId: first.id, topic: null } : null;
      });
      await Promise.all(list.filter((c) => !c.archived).map((c) => chat.subscribe(teamId, c.id)));
    }).catch((e: unknown) => {
      if (live) setLoadError(e);
    });
    return () => {
      live = false;
      void chat.unsubscribeAll();
    };
  }, [api, chat, teamId, reload]);

  // Links like /teams/3?channel=5&topic=… (from notifications and search) choose the view.
  useEffect(() => {
    const wanted = viewFromLocation(window.location.search);
    if (wanted.channelId) setViewState({ channelId: wanted.channelId, topic: wanted.topic ?? null });
  }, [href]);

  const topics = useAsync<Topic[]>(
    () => (view ? api.request('topic.list', { team_id: teamId, channel_id: view.channelId }).then((a) => a.topics) : Promise.resolve([])),
    [api, teamId, view?.channelId],
  );

  const presenceList = useAsync(
    () => api.request('presence.list', { team_id: teamId }).then((a) => a.presence).catch(() => []),
    [api, teamId],
  );
  useEffect(() => {
    if (presenceList.data) setPresence(new Map(presenceList.data.map((p) => [p.user_id, p.state])));
  }, [presenceList.data]);
  usePresenceReporter();

  useOnReconnect(() => {
    presenceList.reload();
    topics.reload();
    api.request('channel.list', { team_id: teamId }).then(({ channels: list }) => setChannels(list), () => {});
  });

  const setView = useCallback((next: ChatView, focusComposer = false) => {
    setViewState(next);
    if (focusComposer) setFocusTick((n) => n + 1);
  }, []);

  const channel = channels?.find((c) => c.id === view?.channelId) ?? null;
  const emptyLog = useMemo(() => chat.log(-1), [chat]);
  const logStore = view ? chat.log(view.channelId) : emptyLog;
  const log = useSyncExternalStore(logStore.subscribe, logStore.get);

  const applyMessage = useCallback((m: ChatMessage) => {
    const store = chat.log(m.channel_id);
    store.set(addMessages(store.get(), [m]));
  }, [chat]);

  // Live: new messages from others bump the counts of what is not being read, and are announced.
  useEffect(() => chat.onNewMessage((m) => {
    const mentioned = m.mentions_team || m.mentions.includes(myId);
    setChannels((list) => list?.map((c) => (c.id === m.channel_id ? { ...c, last_seq: Math.max(c.last_seq, m.seq) } : c)) ?? list);
    if (m.author_id === myId) return;
    const v = viewRef.current;
    const visible = v !== null && v.channelId === m.channel_id && (v.topic === null || v.topic.toLocaleLowerCase('nb') === m.topic.toLocaleLowerCase('nb'))
      && atBottomRef.current && document.visibilityState === 'visible';
    if (!visible) {
      setChannels((list) => list?.map((c) => (c.id === m.channel_id ? { ...c, unread: c.unread + 1, mentions: c.mentions + (mentioned ? 1 : 0) } : c)) ?? list);
    }
    if (v?.channelId === m.channel_id) {
      topics.setData((list) => {
        if (!list) return list;
        if (!list.some((tp) => tp.id === m.topic_id)) {
          topics.reload();
          return list;
        }
        return list.map((tp) => (tp.id === m.topic_id
          ? { ...tp, message_count: tp.message_count + 1, last_activity_at: m.created_at, unread: visible ? tp.unread : tp.unread + 1 }
          : tp));
      });
    }
    const channelName = channels?.find((c) => c.id === m.channel_id)?.name ?? '';
    setAnnouncement(t('chat.announce', { author: m.author_name, channel: channelName, topic: m.topic }));
  }), [chat, myId, t, channels, topics]);

  useEffect(() => chat.onResync(() => setAnnouncement(t('chat.resynced'))), [chat, t]);

  useSocketEvent('channel.updated', (ev) => {
    if (ev.channel.team_id !== teamId) return;
    setChannels((list) => {
      if (!list) return list;
      const known = list.find((c) => c.id === ev.channel.id);
      // The event carries the sender's counts, not ours: keep our own.
      const merged = known ? { ...ev.channel, unread: known.unread, mentions: known.mentions } : ev.channel;
      if (!known && !ev.channel.archived) void chat.subscribe(teamId, ev.channel.id).catch(() => {});
      return known ? list.map((c) => (c.id === ev.channel.id ? merged : c)) : [...list, merged];
    });
  });
  useSocketEvent('topic.updated', (ev) => {
    if (ev.channel_id !== view?.channelId) return;
    topics.setData((list) => {
      const known = list?.some((tp) => tp.id === ev.topic.id);
      return known ? list!.map((tp) => (tp.id === ev.topic.id ? { ...ev.topic, unread: tp.unread } : tp)) : [ev.topic, ...(list ?? [])];
    });
    if (view.topic !== null && ev.topic.id > 0) {
      const old = topics.data?.find((tp) => tp.id === ev.topic.id);
      if (old && old.name === view.topic && old.name !== ev.topic.name) setViewState({ channelId: ev.channel_id, topic: ev.topic.name });
    }
  });
  useSocketEvent('channel.read', (ev) => {
    setChannels((list) => list?.map((c) => (c.id === ev.channel_id ? { ...c, unread: ev.unread, mentions: ev.mentions } : c)) ?? list);
  });
  useSocketEvent('presence', (ev) => {
    setPresence((cur) => new Map(cur).set(ev.user_id, ev.state));
  });

  // Reading: at the bottom of a visible channel, the marker moves to the newest held message.
  const top = log.messages.length > 0 ? log.messages[log.messages.length - 1]!.seq : 0;
  useEffect(() => {
    if (!view || !atBottom || top === 0 || document.visibilityState !== 'visible') return;
    if ((sentRead.current.get(view.channelId) ?? 0) >= top) return;
    sentRead.current.set(view.channelId, top);
    setChannels((list) => list?.map((c) => (c.id === view.channelId ? { ...c, unread: 0, mentions: 0 } : c)) ?? list);
    if (view.topic !== null) topics.setData((list) => list?.map((tp) => (tp.name === view.topic ? { ...tp, unread: 0 } : tp)));
    else topics.setData((list) => list?.map((tp) => ({ ...tp, unread: 0 })));
    api.request('channel.read', { team_id: teamId, channel_id: view.channelId, seq: top }).catch(() => {});
  }, [api, teamId, view, atBottom, top]);

  const typing = useTyping(view);

  if (loadError) {
    if (isApiError(loadError, 'unknown_op')) return <Notice kind="info">{t('chat.unavailable')}</Notice>;
    return <LoadError error={loadError} onRetry={() => setReload((n) => n + 1)} />;
  }
  if (!channels) return <Loading />;

  const env: ChatEnv = {
    teamId, myId, canWrite, canManage, members, presence, channels, topics: topics.data ?? [],
    view: view ?? { channelId: 0, topic: null }, setView, applyMessage,
  };
  const readSeq = view ? readMarkers.get(view.channelId) ?? 0 : 0;
  return (
    <ChatContext.Provider value={env}>
      <section className="chat" aria-labelledby="chat-heading">
        <div className="chat__head">
          <h2 id="chat-heading">{t('chat.heading')}</h2>
          <Link href={`/teams/${teamId}/search`}>{t('chat.search_link')}</Link>
        </div>
        <div className="chat__grid">
          <ChatSidebar />
          <div className="chat__main">
            {channel && view ? (
              <>
                <TopicHeader channel={channel} />
                <MessageList
                  key={`${view.channelId}:${view.topic ?? ''}`}
                  log={log}
                  readSeq={readSeq}
                  onAtBottom={setAtBottom}
                />
                <p className="chat__typing" aria-live="off">
                  {typing.length > 0 ? t(typing.length === 1 ? 'chat.typing_one' : 'chat.typing_many', { names: typing.join(', ') }) : '\u00a0'}
                </p>
                {canWrite && !channel.archived ? <Composer channel={channel} focusTick={focusTick} /> : (
                  <p className="chat__readonly">{t(channel.archived ? 'chat.archived_readonly' : 'chat.observer_readonly')}</p>
                )}
              </>
            ) : <Notice kind="info">{t('chat.no_channel')}</Notice>}
          </div>
        </div>
        <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="chat-announcer">{announcement}</div>
      </section>
    </ChatContext.Provider>
  );
}
