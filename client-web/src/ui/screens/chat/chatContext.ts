// What the chat components of one team page share.
import { createContext, useContext } from 'react';
import type { Channel, ChatMessage, PresenceState, Topic } from '../../../protocol/chat';
import type { Member } from '../../../protocol/types';

export interface ChatView {
  channelId: number;
  /** null: the whole channel; otherwise one topic. */
  topic: string | null;
}

export interface ChatEnv {
  teamId: number;
  myId: number;
  canWrite: boolean;
  canManage: boolean;
  members: Member[];
  presence: ReadonlyMap<number, PresenceState>;
  channels: Channel[];
  topics: Topic[];
  view: ChatView;
  setView: (view: ChatView, focusComposer?: boolean) => void;
  /** Replaces a message in the log after an operation's answer. */
  applyMessage: (message: ChatMessage) => void;
}

export const ChatContext = createContext<ChatEnv | null>(null);

export function useChat(): ChatEnv {
  const env = useContext(ChatContext);
  if (!env) throw new Error('ChatContext missing');
  return env;
}
