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

/**
 * Calls handler when the socket comes back after a drop: events pushed meanwhile were missed,
 * so screens that follow events reload what they show.
 */
export function useOnReconnect(handler: () => void): void {
  const { socket } = useServices();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    let previous = socket.status;
    return socket.onStatus((status) => {
      if (status === 'online' && previous === 'reconnecting') latest.current();
      previous = status;
    });
  }, [socket]);
}
