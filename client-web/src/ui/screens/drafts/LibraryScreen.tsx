// The library: published requirements of every team, searchable, each viewable and copyable
// into a team where the caller may write.
import { useMemo, useState } from 'react';
import { LIBRARY_LIMIT } from '../../../config';
import { formatDate } from '../../../i18n/format';
import {
  DRAFT_CATEGORIES, DRAFT_KINDS, type Draft, type DraftCategory, type DraftKind, type LibraryResult,
} from '../../../protocol/drafts';
import { isApiError } from '../../../protocol/errors';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Page } from '../../components/Page';
import { Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useSession, useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS, DRAFT_KIND_KEYS } from '../../labels';
import { markdown } from '../../markdown';
import { draftHref } from './DraftList';

function Viewer({ draftId, onClose }: { draftId: number; onClose: () => void }) {
  const t = useT();
  const { api, navigator } = useServices();
  const { user } = useSession();
  const item = useAsync(() => api.request('library.get', { draft_id: draftId }), [api, draftId]);
  const teams = useAsync(() => api.request('team.list', {}).then((a) => a.teams), [api]);
  const writable = (teams.data ?? []).filter((tm) => !tm.archived && (tm.my_role === 'member' || tm.my_role === 'facilitator' || (user?.is_admin === true && tm.my_role !== 'observer')));
  const [target, setTarget] = useState('');
  const copy = useSubmit();
  const html = useMemo(() => (item.data ? markdown().render(item.data.text) : ''), [item.data]);
  if (item.error) return <p className="notice notice--error" role="alert">{t(errorKey(item.error))}</p>;
  if (!item.data) return <Loading />;
  const d = item.data.draft;
  return (
    <section className="panel" aria-labelledby="library-view-heading">
      <h2 id="library-view-heading" className="section-title">{d.identifier} {d.title}</h2>
      <p className="draft-meta">{d.team_name} · {t(DRAFT_KIND_KEYS[d.kind])}{d.category ? ` · ${t(DRAFT_CATEGORY_KEYS[d.category])}` : ''} · {formatDate(d.updated_at)}</p>
      <div className="markdown draft-preview" data-testid="library-text" dangerouslySetInnerHTML={{ __html: html }} />
      {writable.length > 0 ? (
        <Form
          onSubmit={() => copy.run(async () => {
            if (!target) return;
            const ans = await api.request('library.copy', { team_id: Number(target), draft_id: d.id });
            navigator.navigate(draftHref(ans.draft));
          })}
          error={copy.error ? t(errorKey(copy.error)) : null}
        >
          <SelectField
            id="library-target" label={t('library.copy_target')} value={target} onChange={setTarget}
            options={[{ value: '', label: t('common.choose') }, ...writable.map((tm) => ({ value: String(tm.id), label: tm.name }))]}
          />
          <Button type="submit" variant="primary" busy={copy.busy} disabled={!target}>{t('library.copy')}</Button>
        </Form>
      ) : null}
      <Button small onClick={onClose}>{t('library.close')}</Button>
    </section>
  );
}

export default function LibraryScreen() {
  const t = useT();
  const { api } = useServices();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [category, setCategory] = useState('');
  const [results, setResults] = useState<LibraryResult[] | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const search = useSubmit();

  const run = () => search.run(async () => {
    const ans = await api.request('library.search', {
      ...(q.trim() ? { q: q.trim() } : {}),
      ...(kind ? { kind: kind as DraftKind } : {}),
      ...(category ? { category: category as DraftCategory } : {}),
      limit: LIBRARY_LIMIT,
    });
    setResults(ans.results);
  });
  const first = useAsync(() => api.request('library.search', { limit: LIBRARY_LIMIT }).then((a) => a.results), [api]);
  const shown = results ?? first.data ?? null;
  const unavailable = isApiError(first.error, 'unknown_op');

  return (
    <Page title={t('library.title')}>
      <p className="lead">{t('library.lead')}</p>
      {unavailable ? <Notice kind="info">{t('drafts.unavailable')}</Notice> : (
        <>
          <Form onSubmit={run} error={search.error ? t(errorKey(search.error)) : null} className="library-search">
            <TextField id="library-q" label={t('library.query')} value={q} onChange={setQ} />
            <SelectField
              id="library-kind" label={t('drafts.field_kind')} value={kind} onChange={setKind}
              options={[{ value: '', label: t('library.any') }, ...DRAFT_KINDS.map((k) => ({ value: k, label: t(DRAFT_KIND_KEYS[k]) }))]}
            />
            <SelectField
              id="library-category" label={t('drafts.field_category')} value={category} onChange={setCategory}
              options={[{ value: '', label: t('library.any') }, ...DRAFT_CATEGORIES.map((c) => ({ value: c, label: t(DRAFT_CATEGORY_KEYS[c]) }))]}
            />
            <div className="form__actions"><Button type="submit" variant="primary" busy={search.busy}>{t('library.search')}</Button></div>
          </Form>
          {viewing !== null ? <Viewer key={viewing} draftId={viewing} onClose={() => setViewing(null)} /> : null}
          {shown === null ? <Loading /> : shown.length === 0 ? <p className="muted">{t('library.empty')}</p> : (
            <ul className="library-results" aria-label={t('library.results')}>
              {shown.map((r) => <ResultItem key={r.draft.id} draft={r.draft} snippet={r.snippet} onView={() => setViewing(r.draft.id)} />)}
            </ul>
          )}
        </>
      )}
    </Page>
  );
}

function ResultItem({ draft, snippet, onView }: { draft: Draft; snippet: string; onView: () => void }) {
  const t = useT();
  return (
    <li className="library-result">
      <h3 className="subsection-title">{draft.identifier} {draft.title}</h3>
      <p className="draft-meta">{draft.team_name} · {t(DRAFT_KIND_KEYS[draft.kind])}{draft.category ? ` · ${t(DRAFT_CATEGORY_KEYS[draft.category])}` : ''}</p>
      {snippet ? <p className="search-result__snippet" dangerouslySetInnerHTML={{ __html: markdown().snippet(snippet) }} /> : null}
      <Button small onClick={onView} ariaLabel={t('library.view_n', { title: draft.title })}>{t('library.view')}</Button>
    </li>
  );
}
