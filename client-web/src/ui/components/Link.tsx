import type { MouseEvent, ReactNode } from 'react';
import { useServices } from '../context';

interface LinkProps {
  href: string;
  children: ReactNode;
  className?: string;
  ariaCurrent?: 'page' | undefined;
}

/** An ordinary link that navigates inside the app without reloading the page. */
export function Link({ href, children, className, ariaCurrent }: LinkProps) {
  const { navigator } = useServices();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigator.navigate(href);
  };
  return (
    <a href={href} className={className} aria-current={ariaCurrent} onClick={onClick}>
      {children}
    </a>
  );
}
