import { useEffect, useRef, useState } from 'react';
import { useT } from '../hooks/useStores';
import { Button } from './Button';

interface ConfirmButtonProps {
  /** The first button's text (e.g. "Remove"). */
  label: string;
  /** Accessible name for the first button when its text alone is ambiguous in a list. */
  ariaLabel?: string;
  /** The question shown after the first click. */
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  variant?: 'danger' | 'secondary';
}

/** A destructive action in two steps, without a modal: click, then confirm or cancel. */
export function ConfirmButton({ label, ariaLabel, question, confirmLabel, onConfirm, variant }: ConfirmButtonProps) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const wasAsking = useRef(false);
  const firstRef = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (asking) confirmRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    else if (wasAsking.current) firstRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <span ref={firstRef}>
        <Button small variant={variant ?? 'danger'} ariaLabel={ariaLabel} onClick={() => setAsking(true)}>
          {label}
        </Button>
      </span>
    );
  }
  return (
    <div className="confirm" ref={confirmRef} role="group" aria-label={question}>
      <span className="confirm__question">{question}</span>
      <Button
        small
        variant="danger"
        busy={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </Button>
      <Button small onClick={() => setAsking(false)}>{t('common.cancel')}</Button>
    </div>
  );
}
