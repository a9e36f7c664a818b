import { useState } from 'react';
import { COMMENT_BODY_MAX_LENGTH } from '../../../config';
import { formatDateTime } from '../../../i18n/format';
import type { DraftSync } from '../../../net/draftSync';
import type { DraftComment } from '../../../protocol/drafts';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { TextAreaField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';

interface Props {
  teamId: number;
  draftId: number;
  sync: DraftSync;
  comments: DraftComment[];
  canWrite: boolean;
  canModerate: boolean;
  myId: number;
  selection: { start: number; end: number } | null;
  quote: (start: number, end: number) => string;
  active: number | null;
  onActivate: (id: number, start: number | null, end: number | null) => void;
}

function ReplyForm({ teamId, draftId, parent, sync }: { teamId: number; draftId: number; parent: DraftComment; sync: DraftSync }) {
  const t = useT();
  const { api } = useServices();
  const [body, setBody] = useState('');
  const submit = useSubmit();
  return (
    <Form
      onSubmit={() => submit.run(async () => {
        if (!body.trim()) return;
        const ans = await api.request('comment.create', { team_id: teamId, draft_id: draftId, body: body.trim(), parent_id: parent.id });
        sync.putComment(ans.comment);
        setBody('');
      })}
      error={submit.error ? t(errorKey(submit.error)) : null}
    >
      <TextAreaField id={`reply-${parent.id}`} label={t('comments.reply_label')} value={body} onChange={setBody} rows={2} maxLength={COMMENT_BODY_MAX_LENGTH} />
      <Button small type="submit" busy={submit.busy}>{t('comments.reply')}</Button>
    </Form>
  );
}

/** Comment threads on ranges of the text. */
export function DraftComments(p: Props) {
  const t = useT();
  const { api } = useServices();
  const [body, setBody] = useState('');
  const [showResolved, setShowResolved] = useState(false);
  const create = useSubmit();
  const action = useSubmit();
  const threads = p.comments.filter((c) => c.parent_id === null).sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || a.id - b.id);
  const replies = (id: number) => p.comments.filter((c) => c.parent_id === id).sort((a, b) => a.id - b.id);
  const shown = threads.filter((c) => showResolved || !c.resolved);

  const onCreate = () => create.run(async () => {
    const sel = p.selection;
    if (!sel || !body.trim()) return;
    await p.sync.createComment(body.trim(), sel.start, sel.end);
    setBody('');
  });
  const update = (c: DraftComment, resolved: boolean) => action.run(async () => {
    const ans = await api.request('comment.update', { team_id: p.teamId, draft_id: p.draftId, comment_id: c.id, resolved });
    p.sync.putComment(ans.comment);
  });
  const remove = (c: DraftComment) => action.run(async () => {
    await api.request('comment.delete', { team_id: p.teamId, draft_id: p.draftId, comment_id: c.id });
    p.sync.removeComment(c.id);
  });

  return (
    <section className="panel draft-panel" aria-labelledby="draft-comments-heading">
      <h2 id="draft-comments-heading" className="section-title">{t('comments.title')}</h2>
      {p.canWrite ? (
        <Form onSubmit={onCreate} error={create.error ? t(errorKey(create.error)) : null}>
          <TextAreaField
            id="comment-new" label={t('comments.new_label')} value={body} onChange={setBody} rows={3} maxLength={COMMENT_BODY_MAX_LENGTH}
            hint={p.selection ? t('comments.on_selection', { quote: p.quote(p.selection.start, p.selection.end).slice(0, 80) }) : t('comments.select_first')}
          />
          <Button small type="submit" variant="primary" busy={create.busy} disabled={!p.selection}>{t('comments.create')}</Button>
        </Form>
      ) : null}
      <Button small ariaPressed={showResolved} onClick={() => setShowResolved((v) => !v)}>{t('comments.show_resolved')}</Button>
      {action.error ? <p className="notice notice--error" role="alert">{t(errorKey(action.error))}</p> : null}
      {shown.length === 0 ? <p>{t('comments.empty')}</p> : (
        <ul className="draft-comments" data-testid="comment-list">
          {shown.map((c) => (
            <li
              key={c.id}
              className={`draft-comment${c.id === p.active ? ' draft-comment--active' : ''}${c.resolved ? ' draft-comment--resolved' : ''}`}
              data-comment={c.id}
              data-detached={c.detached ? 'true' : 'false'}
            >
              <button
                type="button"
                className="draft-comment__quote"
                onClick={() => p.onActivate(c.id, c.detached ? null : c.start, c.detached ? null : c.end)}
                aria-label={t('comments.go_to', { quote: c.quote ?? '' })}
              >
                «{c.quote}»
              </button>
              {c.detached ? <p className="draft-comment__detached">{t('comments.detached')}</p> : null}
              {c.resolved ? <p className="draft-comment__detached">{t('comments.resolved')}</p> : null}
              {[c, ...replies(c.id)].map((m) => (
                <div key={m.id} className="draft-comment__message">
                  <p className="draft-comment__head"><strong>{m.author_name}</strong> <time dateTime={m.created_at}>{formatDateTime(m.created_at)}</time></p>
                  <p className="draft-comment__body">{m.body}</p>
                  {m.id !== c.id && (m.author_id === p.myId || p.canModerate) ? (
                    <ConfirmButton label={t('comments.delete')} question={t('comments.delete_reply_question')} confirmLabel={t('comments.delete')} onConfirm={() => remove(m)} />
                  ) : null}
                </div>
              ))}
              <div className="row-actions">
                {p.canWrite ? (
                  <Button small onClick={() => void update(c, !c.resolved)}>{c.resolved ? t('comments.reopen') : t('comments.resolve')}</Button>
                ) : null}
                {c.author_id === p.myId || p.canModerate ? (
                  <ConfirmButton label={t('comments.delete_thread')} question={t('comments.delete_question')} confirmLabel={t('comments.delete_thread')} onConfirm={() => remove(c)} />
                ) : null}
              </div>
              {p.canWrite && !c.resolved ? <ReplyForm teamId={p.teamId} draftId={p.draftId} parent={c} sync={p.sync} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
