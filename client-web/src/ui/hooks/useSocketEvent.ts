import { useEffect, useRef } from 'react';
import type { EventMap, EventName } from '../../protocol/ops';
import { useServices } from '../context';

/** Calls handler for each `event` pushed by the server while the component is mounted. */
export function useSocketEvent<K extends EventName>(event: K, handler: (data: EventMap[K]) => void): void {
  const { socket } = useServices();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => socket.on(event, (data) => latest.current(data)), [socket, event]);
}
