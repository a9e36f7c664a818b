import type { ReactNode } from 'react';

interface ButtonProps {
  children: ReactNode;
  onClick?: () => void;
  type?: 'button' | 'submit';
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  busy?: boolean;
  disabled?: boolean;
  small?: boolean;
  id?: string;
  ariaLabel?: string;
  ariaDescribedBy?: string;
  ariaExpanded?: boolean;
  ariaControls?: string;
  ariaPressed?: boolean;
  lang?: string;
}

/** A button; while busy it stays focusable but ignores clicks and says so (aria-busy). */
export function Button(props: ButtonProps) {
  const classes = ['button', `button--${props.variant ?? 'secondary'}`];
  if (props.small) classes.push('button--small');
  if (props.busy) classes.push('button--busy');
  return (
    <button
      id={props.id}
      type={props.type ?? 'button'}
      className={classes.join(' ')}
      disabled={props.disabled}
      aria-busy={props.busy || undefined}
      aria-label={props.ariaLabel}
      aria-describedby={props.ariaDescribedBy}
      aria-expanded={props.ariaExpanded}
      aria-controls={props.ariaControls}
      aria-pressed={props.ariaPressed}
      lang={props.lang}
      onClick={props.busy ? undefined : props.onClick}
    >
      {props.children}
    </button>
  );
}
