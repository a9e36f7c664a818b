import { useEffect, useState } from 'react';
import { COUNTDOWN_TICK_MS } from '../../config';

/** Seconds left until `until` (a Date.now() value), updated every second; 0 when past. */
export function useCountdown(until: number | null): number {
  const left = () => (until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    setSeconds(left());
    if (until === null) return;
    const timer = window.setInterval(() => {
      const s = left();
      setSeconds(s);
      if (s === 0) window.clearInterval(timer);
    }, COUNTDOWN_TICK_MS);
    return () => window.clearInterval(timer);
    // `load`/`left` are new closures each render; the listed values decide when to run.
  }, [until]);
  return seconds;
}
