import { useState, type ReactNode } from 'react';
import { Button } from './Button';

interface DisclosureProps {
  id: string;
  label: string;
  children: (close: () => void) => ReactNode;
  variant?: 'primary' | 'secondary';
}

/** A button that shows and hides a region below it (aria-expanded/aria-controls). */
export function Disclosure({ id, label, children, variant }: DisclosureProps) {
  const [open, setOpen] = useState(false);
  return (
    <div className="disclosure">
      <Button
        variant={variant ?? 'primary'}
        ariaExpanded={open}
        ariaControls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </Button>
      <div id={id} hidden={!open} className="disclosure__body">
        {open ? children(() => setOpen(false)) : null}
      </div>
    </div>
  );
}
