import { useEffect, useRef, useState } from 'react';
import { COPIED_NOTICE_MS } from '../../config';
import { useServices } from '../context';
import { useT } from '../hooks/useStores';
import { Button } from './Button';

interface CopyFieldProps {
  id: string;
  label: string;
  value: string;
  hint?: string;
}

/**
 * A read-only value (invitation link, API token) with a copy button. When the clipboard is
 * refused the text is selected instead, so Ctrl+C still works.
 */
export function CopyField({ id, label, value, hint }: CopyFieldProps) {
  const t = useT();
  const { clipboard } = useServices();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), COPIED_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await clipboard(value);
      setState('copied');
    } catch {
      input.current?.focus();
      input.current?.select();
      setState('manual');
    }
  };

  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field copy-field">
      <label htmlFor={id} className="field__label">{label}</label>
      {hint ? <p id={hintId} className="field__hint">{hint}</p> : null}
      <div className="copy-field__row">
        <input
          ref={input}
          id={id}
          className="input input--mono"
          readOnly
          value={value}
          aria-describedby={hintId}
          onFocus={(e) => e.target.select()}
        />
        <Button onClick={() => void copy()}>{t('common.copy')}</Button>
      </div>
      <p className="copy-field__status" role="status">
        {state === 'copied' ? t('common.copied') : state === 'manual' ? t('common.copy_manual') : ''}
      </p>
    </div>
  );
}
