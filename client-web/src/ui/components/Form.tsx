import { useCallback, useRef, useState, type FormEvent, type ReactNode } from 'react';

interface FormProps {
  onSubmit: () => void | Promise<void>;
  /** A message about the whole form (server refusal); announced when it appears. */
  error?: string | null | undefined;
  /** A quiet confirmation after success. */
  success?: string | null | undefined;
  children: ReactNode;
  className?: string;
  labelledBy?: string;
  id?: string;
}

/** A form with no browser validation popups (ours are tied to the fields) and a status area. */
export function Form({ onSubmit, error, success, children, className, labelledBy, id }: FormProps) {
  return (
    <form
      id={id}
      className={className ? `form ${className}` : 'form'}
      noValidate
      aria-labelledby={labelledBy}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
      <div className="form__status">
        {error ? <p className="notice notice--error" role="alert">{error}</p> : null}
        {success ? <p className="notice notice--success" role="status">{success}</p> : null}
      </div>
    </form>
  );
}

/** Moves focus to the first field, in `order`, that has an error (element id: idPrefix + name). */
export function focusFirstError(
  errors: Partial<Record<string, unknown>>,
  order: readonly string[],
  idPrefix = '',
): void {
  const first = order.find((name) => errors[name] !== undefined);
  if (first) document.getElementById(idPrefix + first)?.focus();
}

export interface SubmitState {
  busy: boolean;
  error: unknown;
  setError: (e: unknown) => void;
  run: (action: () => Promise<void>) => Promise<void>;
}

/** Runs one submission at a time and keeps its failure for display. */
export function useSubmit(): SubmitState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
