// Ephemeral things: who is typing, and reporting our own activity for presence.
import { useEffect, useRef, useState } from 'react';
import { PRESENCE_IDLE_MS, TYPING_SEND_INTERVAL_MS, TYPING_SHOW_MS } from '../../../config';
import { useServices } from '../../context';
import { useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession } from '../../hooks/useStores';
import type { ChatView } from './chatContext';

interface Typist {
  name: string;
  topic: string;
  channelId: number;
  until: number;
}

/** Names of the people typing in the view (each shown until TYPING_SHOW_MS after their last event). */
export function useTyping(view: ChatView | null): string[] {
  const { user } = useSession();
  const [typists, setTypists] = useState<Map<number, Typist>>(new Map());
  useSocketEvent('typing', (ev) => {
    if (ev.user_id === user?.id) return;
    setTypists((cur) => new Map(cur).set(ev.user_id, { name: ev.display_name, topic: ev.topic, channelId: ev.channel_id, until: Date.now() + TYPING_SHOW_MS }));
  });
  // A message from someone ends their typing.
  useSocketEvent('message.new', (ev) => {
    setTypists((cur) => {
      if (!cur.has(ev.message.author_id)) return cur;
      const next = new Map(cur);
      next.delete(ev.message.author_id);
      return next;
    });
  });
  useEffect(() => {
    if (typists.size === 0) return;
    const soonest = Math.min(...[...typists.values()].map((x) => x.until));
    const timer = window.setTimeout(() => {
      const now = Date.now();
      setTypists((cur) => new Map([...cur].filter(([, x]) => x.until > now)));
    }, Math.max(0, soonest - Date.now()) + 50);
    return () => window.clearTimeout(timer);
  }, [typists]);
  if (!view) return [];
  const lower = view.topic?.toLocaleLowerCase('nb');
  return [...typists.values()]
    .filter((x) => x.channelId === view.channelId && (lower === undefined || x.topic.toLocaleLowerCase('nb') === lower))
    .map((x) => x.name);
}

/** A function to call on every keystroke; sends chat.typing at most once per interval. */
export function useTypingSender(teamId: number, channelId: number): (topic: string) => void {
  const { api } = useServices();
  const last = useRef(0);
  return (topic: string) => {
    const now = Date.now();
    if (topic.trim() === '' || now - last.current < TYPING_SEND_INTERVAL_MS) return;
    last.current = now;
    api.request('chat.typing', { team_id: teamId, channel_id: channelId, topic: topic.trim() }).catch(() => {});
  };
}

/** Reports online/idle from page visibility and input activity. */
export function usePresenceReporter(): void {
  const { api } = useServices();
  useEffect(() => {
    let state: 'online' | 'idle' = 'online';
    let timer = 0;
    const report = (next: 'online' | 'idle') => {
      if (next === state) return;
      state = next;
      api.request('presence.set', { state: next }).catch(() => {});
    };
    const active = () => {
      window.clearTimeout(timer);
      if (document.visibilityState === 'visible') report('online');
      timer = window.setTimeout(() => report('idle'), PRESENCE_IDLE_MS);
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? active() : report('idle'));
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('keydown', active);
    window.addEventListener('pointerdown', active);
    active();
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('keydown', active);
      window.removeEventListener('pointerdown', active);
    };
  }, [api]);
}
