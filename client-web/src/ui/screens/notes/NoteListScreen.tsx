// Experience notes (/notes): search (title and body), filters (team, category, country, risk
// theme), newest or most useful first. Follows note.updated live.
import { useEffect, useState } from 'react';
import { formatDate } from '../../../i18n/format';
import { SUPPLIER_CATEGORIES } from '../../../protocol/suppliers';
import { routeHref } from '../../../state/router';
import { countryFromField, EMPTY_NOTE_FILTER, NOTE_SORTS, noteListRequest, type NoteListFilter } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { Form } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Badge, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS } from '../../labels';
import { markdown } from '../../markdown';
import { useMyTeams } from '../suppliers/CaseForm';
import { LoadProblem, noteHref, SupplierSubnav, useIsParticipant, useVocabulary, vocabLabel } from '../suppliers/common';

export const NOTE_LIST_LIMIT = 50;

function NoteFilterForm({ filter }: { filter: NoteListFilter }) {
  const t = useT();
  const { navigator } = useServices();
  const { language } = useSession();
  const teams = useMyTeams();
  const vocab = useVocabulary();
  const [v, setV] = useState(filter);
  useEffect(() => setV(filter), [filter]);
  const set = <K extends keyof NoteListFilter>(k: K, value: NoteListFilter[K]) => setV((cur) => ({ ...cur, [k]: value }));
  const apply = (next: NoteListFilter) =>
    navigator.navigate(routeHref({ name: 'notes', filter: { ...next, country: countryFromField(next.country) } }), { replace: true });
  return (
    <section className="panel" aria-labelledby="note-filter-heading">
      <h2 id="note-filter-heading" className="visually-hidden">{t('notes.filter')}</h2>
      <Form onSubmit={() => apply(v)} className="form--grid" labelledBy="note-filter-heading">
        <TextField id="nf-q" label={t('notes.search')} value={v.q} onChange={(x) => set('q', x)} maxLength={200} autoComplete="off" />
        <SelectField
          id="nf-team" label={t('notes.team')} value={v.teamId === null ? '' : String(v.teamId)}
          onChange={(x) => set('teamId', x === '' ? null : Number(x))}
          options={[{ value: '', label: t('notes.all_teams') }, ...(teams.data ?? []).map((tm) => ({ value: String(tm.id), label: tm.name }))]}
        />
        <SelectField
          id="nf-category" label={t('suppliers.category')} value={v.category} onChange={(x) => set('category', x as NoteListFilter['category'])}
          options={[{ value: '', label: t('suppliers.all_categories') }, ...SUPPLIER_CATEGORIES.map((c) => ({ value: c, label: t(DRAFT_CATEGORY_KEYS[c]) }))]}
        />
        <TextField id="nf-country" label={t('suppliers.country')} hint={t('suppliers.country_hint')} value={v.country} onChange={(x) => set('country', x.toUpperCase())} maxLength={2} autoComplete="off" />
        <SelectField
          id="nf-theme" label={t('notes.theme')} value={v.theme} onChange={(x) => set('theme', x)}
          options={[{ value: '', label: t('notes.all_themes') }, ...(vocab.data?.themes ?? []).map((th) => ({ value: th.code, label: vocabLabel(th, language) }))]}
        />
        <SelectField
          id="nf-sort" label={t('notes.sort')} value={v.sort} onChange={(x) => set('sort', x as NoteListFilter['sort'])}
          options={NOTE_SORTS.map((s) => ({ value: s, label: t(s === 'newest' ? 'notes.sort_newest' : 'notes.sort_useful') }))}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary">{t('notes.search_submit')}</Button>
          <Button onClick={() => { setV(EMPTY_NOTE_FILTER); apply(EMPTY_NOTE_FILTER); }}>{t('suppliers.clear_filter')}</Button>
        </div>
      </Form>
    </section>
  );
}

export default function NoteListScreen({ filter }: { filter: NoteListFilter }) {
  const t = useT();
  const { api } = useServices();
  const participant = useIsParticipant();
  const key = JSON.stringify(filter);
  const list = useAsync(() => api.request('note.list', noteListRequest(filter, NOTE_LIST_LIMIT)).then((a) => a.notes), [api, key]);
  useOnReconnect(list.reload);
  useSocketEvent('note.updated', () => list.reload());
  const actions = participant ? <Link className="button button--primary" href={routeHref({ name: 'note_new', supplierId: null, caseId: null })}>{t('notes.new')}</Link> : null;
  return (
    <Page title={t('notes.title')} actions={actions}>
      <SupplierSubnav />
      <NoteFilterForm filter={filter} />
      <section className="panel" aria-labelledby="note-list-heading">
        <h2 id="note-list-heading" className="section-title">
          {filter.q ? t('notes.results_for', { q: filter.q }) : t('notes.heading')} {list.data ? <span className="count">({list.data.length})</span> : null}
        </h2>
        {list.error ? <LoadProblem error={list.error} onRetry={list.reload} /> : null}
        {!list.data && !list.error ? <Loading /> : null}
        {list.data && list.data.length === 0 ? <p className="muted">{t('notes.none')}</p> : null}
        {list.data && list.data.length > 0 ? (
          <ul className="note-list" data-testid="note-list">
            {list.data.map((n) => (
              <li key={n.id} className="note-item" data-note={n.title}>
                <h3 className="note-item__title"><Link href={noteHref(n.id)}>{n.title}</Link></h3>
                {n.snippet ? <p className="note-item__snippet" dangerouslySetInnerHTML={{ __html: markdown().snippet(n.snippet) }} /> : null}
                <p className="cell-sub">
                  {[
                    t('notes.by', { name: n.author_name, date: formatDate(n.created_at) }),
                    n.teams.map((tm) => tm.name).join(', '),
                    n.supplier_name,
                    n.category ? t(DRAFT_CATEGORY_KEYS[n.category]) : null,
                    n.country,
                  ].filter(Boolean).join(' · ')}
                </p>
                <p className="badges">
                  <Badge tone={n.marked_useful ? 'accent' : 'neutral'}>{t('notes.useful_count', { count: n.useful })}</Badge>
                  <Badge tone="muted">{t('notes.comment_count', { count: n.comment_count })}</Badge>
                </p>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </Page>
  );
}
