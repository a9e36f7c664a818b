import type { ReactNode } from 'react';
import { useT } from '../hooks/useStores';
import { errorKey } from '../errors';
import { Button } from './Button';

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return <p className="loading" role="status">{label ?? t('common.loading')}</p>;
}

/** A failed load, with a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <div className="notice notice--error" role="alert">
      <p>{t(errorKey(error))}</p>
      {onRetry ? <Button small onClick={onRetry}>{t('common.retry')}</Button> : null}
    </div>
  );
}

export function Notice({ kind, children }: { kind: 'info' | 'success' | 'warning' | 'error'; children: ReactNode }) {
  const role = kind === 'error' ? 'alert' : 'status';
  return <div className={`notice notice--${kind}`} role={role}>{children}</div>;
}

export function Badge({ children, tone }: { children: ReactNode; tone?: 'neutral' | 'accent' | 'warning' | 'muted' }) {
  return <span className={`badge badge--${tone ?? 'neutral'}`}>{children}</span>;
}
