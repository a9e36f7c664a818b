// The browser history, as a store of the current location. Links and code call navigate();
// Back/Forward arrive as popstate. `count` tells a first load from a navigation (focus moves
// to the new page's heading only after a navigation).
import { parseRoute, type Route } from '../state/router';
import { createStore, type Store } from '../state/store';

export interface LocationState {
  route: Route;
  href: string;
  count: number;
}

export interface Navigator {
  store: Store<LocationState>;
  navigate(href: string, options?: { replace?: boolean }): void;
}

function read(count: number): LocationState {
  const { pathname, search, hash } = window.location;
  return { route: parseRoute(pathname, search, hash), href: pathname + search + hash, count };
}

export function createNavigator(): Navigator {
  const store = createStore<LocationState>(read(0));
  const sync = () => store.set(read(store.get().count + 1));
  window.addEventListener('popstate', sync);
  window.addEventListener('hashchange', sync);
  return {
    store,
    navigate(href, options) {
      if (href === store.get().href && !options?.replace) return;
      if (options?.replace) window.history.replaceState(null, '', href);
      else window.history.pushState(null, '', href);
      sync();
      if (!options?.replace) window.scrollTo(0, 0);
    },
  };
}
