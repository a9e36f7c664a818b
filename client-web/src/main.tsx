// Entry point: builds the browser instances and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, http, socketClient } from './net/browser';
import { ChatSync } from './net/chatSync';
import { createSession } from './state/session';
import { App } from './ui/App';
import { ServicesContext, type AppServices } from './ui/context';
import { createNavigator } from './ui/navigation';
import './ui/styles/index.css';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const session = createSession({ api, http, socket: socketClient, storage: localStorageOrNull() });
const services: AppServices = {
  session,
  api,
  socket: socketClient,
  navigator: createNavigator(),
  chat: new ChatSync(socketClient),
  clipboard: async (text) => {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
  },
  fetch: (input, init) => window.fetch(input, init),
};

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
void session.init();
