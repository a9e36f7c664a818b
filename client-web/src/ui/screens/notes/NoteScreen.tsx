// One experience note (/notes/<id>): the Markdown body through the chat's sanitised renderer,
// what it is about, the "useful" toggle, comments, and editing or deleting for the author.
// Follows note.updated live.
import { useMemo, useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import { routeHref } from '../../../state/router';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { TextAreaField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useSession, useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS } from '../../labels';
import { markdown } from '../../markdown';
import { caseHref, formErrorText, LoadProblem, notesHref, supplierHref, useVocabulary, vocabLabel } from '../suppliers/common';
import { NOTE_VISIBILITY_KEYS } from '../suppliers/labels';

export const NOTE_COMMENT_MAX = 5_000;

export default function NoteScreen({ noteId }: { noteId: number }) {
  const t = useT();
  const { api, navigator } = useServices();
  const { language } = useSession();
  const vocab = useVocabulary();
  const info = useAsync(() => api.request('note.get', { note_id: noteId }), [api, noteId]);
  const [deleted, setDeleted] = useState(false);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [usefulError, setUsefulError] = useState<unknown>(null);
  const [usefulBusy, setUsefulBusy] = useState(false);
  const submit = useSubmit();
  useOnReconnect(info.reload);
  useSocketEvent('note.updated', (ev) => {
    if (ev.note.id !== noteId) return;
    if (ev.deleted) setDeleted(true);
    else info.reload();
  });
  const html = useMemo(() => (info.data ? markdown().render(info.data.note.body) : ''), [info.data?.note.body]);

  const back = <Link href={notesHref()}>{t('notes.title')}</Link>;
  if (deleted) return <Page title={t('notes.title')} eyebrow={back}><Notice kind="info">{t('notes.deleted')}</Notice></Page>;
  if (info.error) return <Page title={t('notes.title')} eyebrow={back}><LoadProblem error={info.error} onRetry={info.reload} notFound="notes.not_found" /></Page>;
  if (!info.data) return <Loading />;
  const { note, comments } = info.data;

  const toggleUseful = async () => {
    setUsefulError(null);
    setUsefulBusy(true);
    try {
      const ans = await api.request('note.useful', { note_id: note.id, on: !note.marked_useful });
      info.setData((cur) => (cur ? { ...cur, note: { ...cur.note, useful: ans.useful, marked_useful: ans.marked_useful } } : cur));
    } catch (e) {
      setUsefulError(e);
    } finally {
      setUsefulBusy(false);
    }
  };
  const addComment = () => submit.run(async () => {
    const body = comment.trim();
    if (body === '') {
      setCommentError(t('validation.required'));
      document.getElementById('note-comment')?.focus();
      return;
    }
    if (body.length > NOTE_COMMENT_MAX) {
      setCommentError(t('validation.too_long'));
      return;
    }
    setCommentError(null);
    const ans = await api.request('note.comment', { note_id: note.id, body });
    setComment('');
    info.setData((cur) => (cur ? {
      ...cur, comments: [...cur.comments.filter((c) => c.id !== ans.comment.id), ans.comment],
      note: { ...cur.note, comment_count: cur.note.comment_count + 1 },
    } : cur));
  });
  const remove = async () => {
    await api.request('note.delete', { note_id: note.id });
    navigator.navigate(notesHref());
  };
  const themeLabel = (code: string) => {
    const th = vocab.data?.themes.find((x) => x.code === code);
    return th ? vocabLabel(th, language) : code;
  };
  const actions = note.can_edit ? (
    <div className="row-actions">
      <Link className="button button--secondary" href={routeHref({ name: 'note_edit', id: note.id })}>{t('common.edit')}</Link>
      <ConfirmButton label={t('common.delete')} question={t('notes.delete_question')} confirmLabel={t('common.delete')} onConfirm={remove} />
    </div>
  ) : null;

  return (
    <Page title={note.title} eyebrow={back} actions={actions}>
      <article className="panel note" aria-labelledby="note-body-heading">
        <h2 id="note-body-heading" className="visually-hidden">{t('notes.body')}</h2>
        <p className="cell-sub">
          {t('notes.by_at', { name: note.author_name, at: formatDateTime(note.created_at) })}
          {note.updated_at !== note.created_at ? ` · ${t('notes.updated_at', { at: formatDateTime(note.updated_at) })}` : ''}
        </p>
        <div className="markdown note__body" data-testid="note-body" dangerouslySetInnerHTML={{ __html: html }} />
        <dl className="facts note__facts">
          <div><dt>{t('notes.teams')}</dt><dd>{note.teams.map((tm) => tm.name).join(', ')}</dd></div>
          <div><dt>{t('notes.visibility')}</dt><dd>{t(NOTE_VISIBILITY_KEYS[note.visibility])}</dd></div>
          {note.supplier_id !== null ? (
            <div><dt>{t('notes.supplier')}</dt><dd><Link href={supplierHref(note.supplier_id)}>{note.supplier_name ?? `#${note.supplier_id}`}</Link></dd></div>
          ) : null}
          {note.case_id !== null ? <div><dt>{t('notes.case')}</dt><dd><Link href={caseHref(note.case_id)}>{t('reliance.case_n', { id: note.case_id })}</Link></dd></div> : null}
          {note.category ? <div><dt>{t('suppliers.category')}</dt><dd>{t(DRAFT_CATEGORY_KEYS[note.category])}</dd></div> : null}
          {note.country ? <div><dt>{t('suppliers.country')}</dt><dd>{note.country}</dd></div> : null}
          {note.themes.length > 0 ? <div><dt>{t('findings.themes')}</dt><dd>{note.themes.map(themeLabel).join(', ')}</dd></div> : null}
        </dl>
        <div className="row-actions">
          <Button small busy={usefulBusy} ariaPressed={note.marked_useful} onClick={() => void toggleUseful()}>
            {t('notes.useful_toggle')}
          </Button>
          <span data-testid="useful-count" data-count={note.useful}>{t('notes.useful_count', { count: note.useful })}</span>
          {usefulError ? <span className="field__error" role="alert">{t(errorKey(usefulError))}</span> : null}
        </div>
      </article>

      <section className="panel" aria-labelledby="note-comments-heading">
        <h2 id="note-comments-heading" className="section-title">{t('notes.comments')} <span className="count">({comments.length})</span></h2>
        {comments.length === 0 ? <p className="muted">{t('notes.comments_none')}</p> : (
          <ul className="note-comments" data-testid="note-comments">
            {comments.map((c) => (
              <li key={c.id} className="note-comment">
                <p className="cell-sub">{c.author_name} · {formatDateTime(c.created_at)}</p>
                <p className="prose">{c.body}</p>
              </li>
            ))}
          </ul>
        )}
        <Form onSubmit={addComment} error={formErrorText(t, submit.error)} labelledBy="note-comments-heading">
          <TextAreaField id="note-comment" label={t('notes.add_comment')} value={comment} onChange={setComment} maxLength={NOTE_COMMENT_MAX} error={commentError ?? undefined} rows={3} />
          <div className="form__actions">
            <Button type="submit" variant="primary" busy={submit.busy}>{t('notes.comment_submit')}</Button>
          </div>
        </Form>
      </section>
    </Page>
  );
}
