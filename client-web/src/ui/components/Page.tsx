import { useEffect, useRef, type ReactNode } from 'react';
import { useLocationState, useT } from '../hooks/useStores';

interface PageProps {
  title: string;
  /** Text above the heading (e.g. the section). */
  eyebrow?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  narrow?: boolean;
}

/**
 * A screen: sets the document title and, after an in-app navigation, moves focus to the
 * heading so that screen reader and keyboard users start at the new content.
 */
export function Page({ title, eyebrow, actions, children, narrow }: PageProps) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const { count, href } = useLocationState();
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (count > 0) heading.current?.focus();
  }, [count, href]);
  return (
    <div className={narrow ? 'page page--narrow' : 'page'}>
      <div className="page__head">
        <div>
          {eyebrow ? <p className="page__eyebrow">{eyebrow}</p> : null}
          <h1 ref={heading} tabIndex={-1} className="page__title">{title}</h1>
        </div>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}
