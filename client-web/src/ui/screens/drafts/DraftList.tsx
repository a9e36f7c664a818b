import { useState } from 'react';
import { DRAFT_TAG_MAX_LENGTH, DRAFT_TAGS_MAX, DRAFT_TITLE_MAX_LENGTH } from '../../../config';
import { formatDate } from '../../../i18n/format';
import { DRAFT_CATEGORIES, DRAFT_KINDS, type Draft, type DraftCategory, type DraftKind } from '../../../protocol/drafts';
import { isApiError } from '../../../protocol/errors';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Badge, LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS, DRAFT_KIND_KEYS, DRAFT_STATUS_KEYS } from '../../labels';

/** Tags typed as "a, b, c": trimmed, empty ones dropped, duplicates removed. */
export function parseTags(input: string): string[] {
  return [...new Set(input.split(',').map((s) => s.trim()).filter((s) => s.length > 0))];
}

export function draftHref(d: Pick<Draft, 'team_id' | 'id'>): string {
  return `/teams/${d.team_id}/drafts/${d.id}`;
}

function upsert(list: Draft[] | undefined, d: Draft): Draft[] {
  const rest = (list ?? []).filter((x) => x.id !== d.id);
  return [d, ...rest].sort((a, b) => b.updated_at.localeCompare(a.updated_at));
}

export function StatusBadge({ draft }: { draft: Pick<Draft, 'status'> }) {
  const t = useT();
  const tone = draft.status === 'publisert' ? 'accent' : draft.status === 'arkivert' ? 'muted' : draft.status === 'til_gjennomgang' ? 'warning' : 'neutral';
  return <span data-status={draft.status}><Badge tone={tone}>{t(DRAFT_STATUS_KEYS[draft.status])}</Badge></span>;
}

function CreateDraftForm({ teamId, onCreated }: { teamId: number; onCreated: (d: Draft) => void }) {
  const t = useT();
  const { api, navigator } = useServices();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DraftKind>('kvalifikasjonskrav');
  const [category, setCategory] = useState('');
  const [tags, setTags] = useState('');
  const [errors, setErrors] = useState<{ title?: string; tags?: string }>({});
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    const list = parseTags(tags);
    const next: typeof errors = {};
    if (title.trim().length === 0) next.title = t('validation.required');
    if (list.length > DRAFT_TAGS_MAX || list.some((x) => [...x].length > DRAFT_TAG_MAX_LENGTH)) {
      next.tags = t('drafts.tags_invalid', { max: DRAFT_TAGS_MAX, len: DRAFT_TAG_MAX_LENGTH });
    }
    setErrors(next);
    if (next.title || next.tags) {
      document.getElementById(next.title ? 'draft-title' : 'draft-tags')?.focus();
      return;
    }
    const ans = await api.request('draft.create', {
      team_id: teamId, title: title.trim(), kind, category: category === '' ? null : (category as DraftCategory), tags: list,
    });
    onCreated(ans.draft);
    navigator.navigate(draftHref(ans.draft));
  });

  return (
    <Form onSubmit={onSubmit} error={submit.error ? t(errorKey(submit.error)) : null} labelledBy="draft-create-title">
      <h3 id="draft-create-title" className="subsection-title">{t('drafts.create_title')}</h3>
      <TextField id="draft-title" label={t('drafts.field_title')} value={title} onChange={setTitle} maxLength={DRAFT_TITLE_MAX_LENGTH} error={errors.title} required />
      <SelectField
        id="draft-kind" label={t('drafts.field_kind')} value={kind} onChange={(v) => setKind(v as DraftKind)}
        options={DRAFT_KINDS.map((k) => ({ value: k, label: t(DRAFT_KIND_KEYS[k]) }))}
      />
      <SelectField
        id="draft-category" label={t('drafts.field_category')} value={category} onChange={setCategory} optionalText={t('common.optional')}
        options={[{ value: '', label: t('drafts.category_none') }, ...DRAFT_CATEGORIES.map((c) => ({ value: c, label: t(DRAFT_CATEGORY_KEYS[c]) }))]}
      />
      <TextField id="draft-tags" label={t('drafts.field_tags')} hint={t('drafts.tags_hint')} value={tags} onChange={setTags} error={errors.tags} optionalText={t('common.optional')} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{t('drafts.create_submit')}</Button>
      </div>
    </Form>
  );
}

/** The team's requirement drafts, newest change first, with a form for a new one. */
export function DraftList({ teamId, canWrite }: { teamId: number; canWrite: boolean }) {
  const t = useT();
  const { api } = useServices();
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const drafts = useAsync(
    () => api.request('draft.list', { team_id: teamId, include_archived: showArchived }).then((a) => a.drafts),
    [api, teamId, showArchived],
  );
  useOnReconnect(drafts.reload);
  useSocketEvent('draft.updated', (ev) => {
    if (ev.draft.team_id !== teamId) return;
    if (ev.draft.status === 'arkivert' && !showArchived) drafts.setData((cur) => cur?.filter((d) => d.id !== ev.draft.id));
    else drafts.setData((cur) => upsert(cur, ev.draft));
  });

  let body;
  if (drafts.error) {
    body = isApiError(drafts.error, 'unknown_op')
      ? <Notice kind="info">{t('drafts.unavailable')}</Notice>
      : <LoadError error={drafts.error} onRetry={drafts.reload} />;
  } else if (!drafts.data) {
    body = <Loading />;
  } else if (drafts.data.length === 0) {
    body = <p>{t('drafts.empty')}</p>;
  } else {
    body = (
      <div className="table-wrap">
        <table className="table" data-testid="draft-list">
          <caption className="visually-hidden">{t('drafts.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('drafts.col_identifier')}</th>
              <th scope="col">{t('drafts.field_title')}</th>
              <th scope="col">{t('drafts.field_kind')}</th>
              <th scope="col">{t('drafts.field_category')}</th>
              <th scope="col">{t('drafts.col_status')}</th>
              <th scope="col">{t('drafts.col_updated')}</th>
            </tr>
          </thead>
          <tbody>
            {drafts.data.map((d) => (
              <tr key={d.id} data-draft={d.identifier}>
                <td>{d.identifier}</td>
                <td>
                  <Link href={draftHref(d)}>{d.title}</Link>
                  {d.tags.length > 0 ? <span className="cell-sub"> {d.tags.join(', ')}</span> : null}
                </td>
                <td>{t(DRAFT_KIND_KEYS[d.kind])}</td>
                <td>{d.category ? t(DRAFT_CATEGORY_KEYS[d.category]) : '–'}</td>
                <td><StatusBadge draft={d} /></td>
                <td>{formatDate(d.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  const unavailable = isApiError(drafts.error, 'unknown_op');
  return (
    <section className="panel" aria-labelledby="team-drafts">
      <div className="panel__head">
        <h2 id="team-drafts" className="section-title">{t('drafts.title')}</h2>
        {!unavailable ? (
          <div className="row-actions">
            <Button small ariaPressed={showArchived} onClick={() => setShowArchived((v) => !v)}>{t('drafts.show_archived')}</Button>
            {canWrite ? (
              <Button small variant="primary" ariaExpanded={creating} ariaControls="draft-create" onClick={() => setCreating((v) => !v)}>
                {t('drafts.new')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {creating && canWrite ? (
        <div id="draft-create" className="subpanel">
          <CreateDraftForm teamId={teamId} onCreated={(d) => drafts.setData((cur) => upsert(cur, d))} />
        </div>
      ) : null}
      {body}
    </section>
  );
}
