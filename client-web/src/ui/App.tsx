import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { isPublicRoute, routeHref, type Route } from '../state/router';
import { useServices } from './context';
import { Header } from './Header';
import { Loading } from './components/Status';
import { useLocationState, useSession, useT } from './hooks/useStores';
import { AdminScreen } from './screens/AdminScreen';
import { InviteScreen } from './screens/InviteScreen';
import { LoginScreen } from './screens/LoginScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { ProfileScreen } from './screens/ProfileScreen';
import { SetupScreen } from './screens/SetupScreen';
import { TeamListScreen } from './screens/TeamListScreen';
import { TeamScreen } from './screens/TeamScreen';
import { ChatSearchScreen } from './screens/chat/ChatSearchScreen';

// The draft editor carries CodeMirror: loaded only when a draft is opened.
const DraftScreen = lazy(() => import('./screens/drafts/DraftScreen'));
const LibraryScreen = lazy(() => import('./screens/drafts/LibraryScreen'));
// The meeting screens: loaded when a calendar, meeting or poll page is opened.
const CalendarScreen = lazy(() => import('./screens/meetings/CalendarScreen'));
const MeetingScreen = lazy(() => import('./screens/meetings/MeetingScreen'));
const NewMeetingScreen = lazy(() => import('./screens/meetings/MeetingFormScreen').then((m) => ({ default: m.NewMeetingScreen })));
const EditMeetingScreen = lazy(() => import('./screens/meetings/MeetingFormScreen').then((m) => ({ default: m.EditMeetingScreen })));
const PollScreen = lazy(() => import('./screens/meetings/PollScreens').then((m) => ({ default: m.PollScreen })));
const NewPollScreen = lazy(() => import('./screens/meetings/PollScreens').then((m) => ({ default: m.NewPollScreen })));

// The supplier register, follow-up cases and experience notes.
const SupplierListScreen = lazy(() => import('./screens/suppliers/SupplierListScreen'));
const PrioritiesScreen = lazy(() => import('./screens/suppliers/PrioritiesScreen'));
const SupplierScreen = lazy(() => import('./screens/suppliers/SupplierScreen'));
const NewSupplierScreen = lazy(() => import('./screens/suppliers/SupplierFormScreen').then((m) => ({ default: m.NewSupplierScreen })));
const EditSupplierScreen = lazy(() => import('./screens/suppliers/SupplierFormScreen').then((m) => ({ default: m.EditSupplierScreen })));
const ImportScreen = lazy(() => import('./screens/suppliers/ImportScreen'));
const NewCaseScreen = lazy(() => import('./screens/suppliers/CaseForm').then((m) => ({ default: m.NewCaseScreen })));
const CaseScreen = lazy(() => import('./screens/suppliers/CaseScreen'));
const NoteListScreen = lazy(() => import('./screens/notes/NoteListScreen'));
const NoteScreen = lazy(() => import('./screens/notes/NoteScreen'));
const NewNoteScreen = lazy(() => import('./screens/notes/NoteFormScreen').then((m) => ({ default: m.NewNoteScreen })));
const EditNoteScreen = lazy(() => import('./screens/notes/NoteFormScreen').then((m) => ({ default: m.EditNoteScreen })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Replaces the current history entry (for redirects), then renders nothing. */
function Redirect({ to }: { to: string }) {
  const { navigator } = useServices();
  useEffect(() => navigator.navigate(to, { replace: true }), [navigator, to]);
  return <Loading />;
}

function signedInScreen(route: Route): ReactNode {
  switch (route.name) {
    case 'teams': return <TeamListScreen />;
    case 'team': return <TeamScreen key={route.id} teamId={route.id} />;
    case 'team_search': return <ChatSearchScreen key={route.id} teamId={route.id} />;
    case 'draft': return <Suspense fallback={<Loading />}><DraftScreen key={`${route.teamId}/${route.draftId}`} teamId={route.teamId} draftId={route.draftId} /></Suspense>;
    case 'library': return <Suspense fallback={<Loading />}><LibraryScreen /></Suspense>;
    case 'meetings': return <Lazy><CalendarScreen key={route.teamId} teamId={route.teamId} view={route.view} date={route.date} /></Lazy>;
    case 'meeting': return <Lazy><MeetingScreen key={`${route.teamId}/${route.meetingId}`} teamId={route.teamId} meetingId={route.meetingId} occurrence={route.occurrence} /></Lazy>;
    case 'meeting_new': return <Lazy><NewMeetingScreen key={route.teamId} teamId={route.teamId} date={route.date} /></Lazy>;
    case 'meeting_edit': return <Lazy><EditMeetingScreen key={`${route.teamId}/${route.meetingId}/${route.scope}/${route.occurrence ?? ''}`} teamId={route.teamId} meetingId={route.meetingId} scope={route.scope} occurrence={route.occurrence} /></Lazy>;
    case 'poll': return <Lazy><PollScreen key={`${route.teamId}/${route.pollId}`} teamId={route.teamId} pollId={route.pollId} /></Lazy>;
    case 'poll_new': return <Lazy><NewPollScreen key={route.teamId} teamId={route.teamId} /></Lazy>;
    case 'suppliers': return <Lazy><SupplierListScreen filter={route.filter} /></Lazy>;
    case 'supplier_priorities': return <Lazy><PrioritiesScreen /></Lazy>;
    case 'supplier_new': return <Lazy><NewSupplierScreen /></Lazy>;
    case 'supplier_import': return <Lazy><ImportScreen /></Lazy>;
    case 'supplier': return <Lazy><SupplierScreen key={route.id} supplierId={route.id} /></Lazy>;
    case 'supplier_edit': return <Lazy><EditSupplierScreen key={route.id} supplierId={route.id} /></Lazy>;
    case 'case_new': return <Lazy><NewCaseScreen key={route.supplierId} supplierId={route.supplierId} /></Lazy>;
    case 'case': return <Lazy><CaseScreen key={route.id} caseId={route.id} /></Lazy>;
    case 'notes': return <Lazy><NoteListScreen filter={route.filter} /></Lazy>;
    case 'note_new': return <Lazy><NewNoteScreen key={`${route.supplierId ?? ''}/${route.caseId ?? ''}`} supplierId={route.supplierId} caseId={route.caseId} /></Lazy>;
    case 'note': return <Lazy><NoteScreen key={route.id} noteId={route.id} /></Lazy>;
    case 'note_edit': return <Lazy><EditNoteScreen key={route.id} noteId={route.id} /></Lazy>;
    case 'admin': return <AdminScreen tab={route.tab} />;
    case 'profile': return <ProfileScreen />;
    case 'setup': return <SetupScreen token={route.token} />;
    case 'invite': return <InviteScreen token={route.token} />;
    case 'login': return <Redirect to={route.next ?? '/'} />;
    case 'not_found': return <NotFoundScreen />;
  }
}

function Screen() {
  const { phase } = useSession();
  const { route, href } = useLocationState();
  if (phase === 'loading') return <Loading />;
  if (phase === 'signed_in') return signedInScreen(route);
  if (route.name === 'login') return <LoginScreen next={route.next} />;
  if (route.name === 'setup') return <SetupScreen token={route.token} />;
  if (route.name === 'invite') return <InviteScreen token={route.token} />;
  if (!isPublicRoute(route)) return <Redirect to={routeHref({ name: 'login', next: href === '/' ? null : href })} />;
  return <NotFoundScreen />;
}

export function App() {
  const t = useT();
  const { language } = useSession();
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // Focus without touching the fragment: on /setup and /invite it holds the token.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('nav.skip')}
      </a>
      <Header />
      <main id="main" className="site-main" tabIndex={-1}>
        <Screen />
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
      </footer>
    </>
  );
}
