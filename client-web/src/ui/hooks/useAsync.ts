import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (keeps the old data visible meanwhile). */
  reload: () => void;
  /** Replaces the data locally, e.g. from an operation's answer or an event. */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/** Runs `load` when `deps` change and on reload(); ignores answers of superseded loads. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const sequence = useRef(0);

  useEffect(() => {
    const mine = ++sequence.current;
    setLoading(true);
    load().then(
      (value) => {
        if (mine !== sequence.current) return;
        setDataState(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== sequence.current) return;
        setError(e);
        setLoading(false);
      },
    );
    // `load`/`left` are new closures each render; the listed values decide when to run.
  }, [...deps, tick]);

  useEffect(() => () => {
    sequence.current++;
  }, []);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => {
    setDataState(update);
  }, []);
  return { data, error, loading, reload, setData };
}
