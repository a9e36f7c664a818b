// The draft editor page (loaded on demand: it carries CodeMirror). The text is co-edited through
// net/draftSync.ts; the panels around it (status, versions, comments, export) use plain
// requests and the draft's events.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { DRAFT_PREVIEW_DELAY_MS } from '../../../config';
import { createDraftEditor, type DraftEditorHandle } from '../../../editor/draftEditor';
import { colorClass } from '../../../editor/colors';
import { DraftSync, type DraftProblem, type DraftSyncState } from '../../../net/draftSync';
import { isEditable, type AuthorshipAnswer, type StatusChange } from '../../../protocol/drafts';
import { isApiError } from '../../../protocol/errors';
import { Button } from '../../components/Button';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { markdown } from '../../markdown';
import { DRAFT_CATEGORY_KEYS, DRAFT_KIND_KEYS } from '../../labels';
import { DraftComments } from './DraftComments';
import { StatusBadge } from './DraftList';
import { DraftExport, DraftStatusPanel } from './DraftStatusPanel';
import { DraftTopics } from './DraftTopics';
import { DraftVersions } from './DraftVersions';
import { editorPhrases } from './editorPhrases';

function useSyncState(sync: DraftSync): DraftSyncState {
  return useSyncExternalStore(sync.state.subscribe, sync.state.get);
}

export default function DraftScreen({ teamId, draftId }: { teamId: number; draftId: number }) {
  const t = useT();
  const { api, socket } = useServices();
  const { user } = useSession();
  const team = useAsync(() => api.request('team.get', { team_id: teamId }).then((a) => a.team), [api, teamId]);
  const info = useAsync(() => api.request('draft.get', { team_id: teamId, draft_id: draftId }), [api, teamId, draftId]);
  const sync = useMemo(() => new DraftSync(socket, teamId, draftId), [socket, teamId, draftId]);
  const state = useSyncState(sync);
  const [history, setHistory] = useState<StatusChange[] | null>(null);
  const [problem, setProblem] = useState<DraftProblem | null>(null);
  const [text, setText] = useState('');
  const [authorship, setAuthorship] = useState<AuthorshipAnswer | null>(null);
  const [showAuthors, setShowAuthors] = useState(false);
  const [activeComment, setActiveComment] = useState<number | null>(null);
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const editorRef = useRef<DraftEditorHandle | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => sync.onProblem(setProblem), [sync]);
  useEffect(() => () => void sync.close(), [sync]);
  useSocketEvent('draft.updated', (ev) => {
    if (ev.draft.id === draftId) info.reload();
  });

  const draft = state.draft ?? info.data?.draft ?? null;
  const role = team.data?.my_role ?? null;
  const isAdmin = user?.is_admin === true;
  const canWrite = isAdmin || role === 'member' || role === 'facilitator';
  const isFacilitator = isAdmin || role === 'facilitator';
  const editable = canWrite && draft !== null && isEditable(draft.status);

  useEffect(() => {
    if (info.data) setHistory(info.data.status_history);
  }, [info.data]);

  // The editor: created once the host element exists, then the sync opens into it.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return undefined;
    let timer: number | undefined;
    const handle = createDraftEditor({
      parent: host,
      sync,
      label: t('drafts.editor_label'),
      phrases: editorPhrases(t),
      readOnly: true,
      onText: (read) => {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => setText(read()), DRAFT_PREVIEW_DELAY_MS);
      },
      onSelection: () => {
        const sel = editorRef.current?.selection() ?? null;
        setSelection(sel && sel.end > sel.start ? sel : null);
      },
    });
    editorRef.current = handle;
    void sync.open().catch(() => {});
    return () => {
      window.clearTimeout(timer);
      handle.destroy();
      editorRef.current = null;
    };
    // The editor lives as long as the sync; a change of language is the effect below.
  }, [sync]);

  useEffect(() => editorRef.current?.setLanguage(t('drafts.editor_label'), editorPhrases(t)), [t]);

  useEffect(() => editorRef.current?.setReadOnly(!editable || state.phase !== 'open'), [editable, state.phase]);
  useEffect(() => editorRef.current?.setCursors(state.cursors), [state.cursors]);
  useEffect(() => editorRef.current?.setComments(state.comments, activeComment), [state.comments, activeComment]);
  useEffect(() => editorRef.current?.setAuthorship(showAuthors ? authorship : null), [showAuthors, authorship]);

  // Authorship: fetched when shown, and again after the text settles.
  useEffect(() => {
    if (!showAuthors || !state.synced || state.phase !== 'open') return undefined;
    if (authorship && authorship.version === state.version) return undefined;
    const timer = window.setTimeout(() => {
      api.request('draft.authorship', { team_id: teamId, draft_id: draftId })
        .then((a) => {
          if (a.version === sync.state.get().version) setAuthorship(a);
        })
        .catch(() => {});
    }, authorship ? 1500 : 0);
    return () => window.clearTimeout(timer);
  }, [showAuthors, state.synced, state.version, state.phase]);

  const previewHtml = useMemo(() => markdown().render(text), [text]);

  if (team.error || info.error || state.phase === 'failed') {
    const error = team.error ?? info.error ?? state.error;
    return (
      <Page title={t('drafts.editor_title_fallback')}>
        {isApiError(error, 'unknown_op') ? <Notice kind="info">{t('drafts.unavailable')}</Notice> : <LoadError error={error} onRetry={() => { team.reload(); info.reload(); }} />}
        <p><Link href={`/teams/${teamId}`}>{t('drafts.back')}</Link></p>
      </Page>
    );
  }

  const problemText = problem === null ? null
    : problem.kind === 'rejected' ? t('drafts.problem_rejected', { reason: t(errorKey(problem.error)) })
      : problem.kind === 'reloaded' ? (problem.lost ? t('drafts.problem_reloaded_lost') : t('drafts.problem_reloaded')) : t(errorKey(problem.error));

  return (
    <Page
      title={draft ? `${draft.identifier} ${draft.title}` : t('drafts.editor_title_fallback')}
      eyebrow={<Link href={`/teams/${teamId}`}>{team.data ? team.data.name : t('drafts.back')}</Link>}
      actions={draft ? <StatusBadge draft={draft} /> : null}
    >
      {draft ? (
        <p className="draft-meta">
          {t(DRAFT_KIND_KEYS[draft.kind])}
          {draft.category ? ` · ${t(DRAFT_CATEGORY_KEYS[draft.category])}` : ''}
          {draft.tags.length > 0 ? ` · ${draft.tags.join(', ')}` : ''}
          {draft.source ? ` · ${t('drafts.copied_from', { identifier: draft.source.identifier, team: draft.source.team_name, version: draft.source.version })}` : ''}
        </p>
      ) : null}
      {problemText ? (
        <div className="notice notice--warning" role="alert">
          <p>{problemText}</p>
          <Button small onClick={() => setProblem(null)}>{t('drafts.dismiss')}</Button>
        </div>
      ) : null}
      {draft && !isEditable(draft.status) ? <Notice kind="info">{t('drafts.read_only_status')}</Notice> : null}
      {draft && !canWrite && isEditable(draft.status) && role !== null ? <Notice kind="info">{t('drafts.read_only_role')}</Notice> : null}
      <div className="draft-toolbar" role="toolbar" aria-label={t('drafts.toolbar')}>
        <Button small ariaPressed={showAuthors} onClick={() => setShowAuthors((v) => !v)}>{t('drafts.show_authors')}</Button>
        <span className="draft-sync" role="status" data-synced={state.synced ? 'yes' : 'no'}>
          {state.phase === 'opening' ? t('common.loading') : state.synced ? t('drafts.saved', { version: state.version }) : t('drafts.saving')}
        </span>
      </div>
      {showAuthors && authorship ? (
        <ul className="draft-authors" aria-label={t('drafts.authors')}>
          {authorship.authors.map((a) => (
            <li key={a.user_id}><span className={`author-swatch ${colorClass(a.color)}`} aria-hidden="true" /> {a.display_name}</li>
          ))}
        </ul>
      ) : null}
      {state.cursors.length > 0 ? (
        <p className="draft-present">{t('drafts.present', { names: [...new Set(state.cursors.map((c) => c.name))].join(', ') })}</p>
      ) : null}
      <div className="draft-layout">
        <div className="draft-main">
          <div className="draft-panes">
            <section aria-labelledby="draft-editor-heading" className="draft-pane">
              <h2 id="draft-editor-heading" className="subsection-title">{t('drafts.text')}</h2>
              <div ref={hostRef} className="draft-editor" data-testid="draft-editor" />
            </section>
            <section aria-labelledby="draft-preview-heading" className="draft-pane">
              <h2 id="draft-preview-heading" className="subsection-title">{t('drafts.preview')}</h2>
              <div className="draft-preview markdown" data-testid="draft-preview" dangerouslySetInnerHTML={{ __html: previewHtml }} />
            </section>
          </div>
          {draft ? (
            <DraftVersions teamId={teamId} draft={draft} current={state.version} canWrite={editable} />
          ) : null}
        </div>
        <aside className="draft-side" aria-label={t('drafts.side')}>
          {draft ? (
            <DraftStatusPanel
              teamId={teamId} draft={draft} canWrite={canWrite} isFacilitator={isFacilitator}
              history={history} onChanged={(d) => { sync.state.update((s) => ({ ...s, draft: d })); info.reload(); }}
            />
          ) : null}
          {state.phase === 'open' ? (
            <DraftComments
              teamId={teamId} draftId={draftId} sync={sync} comments={state.comments} canWrite={canWrite}
              canModerate={isFacilitator} myId={user?.id ?? 0} selection={selection}
              quote={(s, e) => editorRef.current?.slice(s, e) ?? ''}
              active={activeComment}
              onActivate={(id, start, end) => {
                setActiveComment(id);
                if (start !== null && end !== null) editorRef.current?.select(start, end);
              }}
            />
          ) : state.phase === 'opening' ? <Loading /> : null}
          {info.data ? <DraftTopics teamId={teamId} topics={info.data.topics} /> : null}
          {draft ? <DraftExport teamId={teamId} draftId={draftId} /> : null}
        </aside>
      </div>
    </Page>
  );
}
