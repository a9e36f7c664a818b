import { useState } from 'react';
import { STATUS_COMMENT_MAX_LENGTH } from '../../../config';
import { formatDateTime } from '../../../i18n/format';
import { allowedMoves, type Draft, type ExportFormat, type StatusChange } from '../../../protocol/drafts';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useT } from '../../hooks/useStores';
import { DRAFT_MOVE_KEYS, DRAFT_STATUS_KEYS } from '../../labels';

interface StatusProps {
  teamId: number;
  draft: Draft;
  canWrite: boolean;
  isFacilitator: boolean;
  history: StatusChange[] | null;
  onChanged: (d: Draft) => void;
}

/** Status moves allowed to the caller's role, a comment, and the status history. */
export function DraftStatusPanel({ teamId, draft, canWrite, isFacilitator, history, onChanged }: StatusProps) {
  const t = useT();
  const { api } = useServices();
  const [comment, setComment] = useState('');
  const submit = useSubmit();
  const moves = canWrite ? allowedMoves(draft.status, isFacilitator) : [];
  const move = (status: Draft['status']) => submit.run(async () => {
    const ans = await api.request('draft.set_status', {
      team_id: teamId, draft_id: draft.id, status, ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
    setComment('');
    onChanged(ans.draft);
  });
  return (
    <section className="panel draft-panel" aria-labelledby="draft-status-heading">
      <h2 id="draft-status-heading" className="section-title">{t('drafts.status_title')}</h2>
      <p>{t('drafts.status_now', { status: t(DRAFT_STATUS_KEYS[draft.status]) })}</p>
      {moves.length > 0 ? (
        <>
          <TextField id="status-comment" label={t('drafts.status_comment')} value={comment} onChange={setComment} maxLength={STATUS_COMMENT_MAX_LENGTH} optionalText={t('common.optional')} />
          <div className="row-actions">
            {moves.map((s) => (
              <Button key={s} small variant={s === 'arkivert' ? 'danger' : 'secondary'} busy={submit.busy} onClick={() => void move(s)}>
                {t(DRAFT_MOVE_KEYS[s])}
              </Button>
            ))}
          </div>
        </>
      ) : null}
      {submit.error ? <p className="notice notice--error" role="alert">{t(errorKey(submit.error))}</p> : null}
      <h3 className="subsection-title">{t('drafts.status_history')}</h3>
      {history === null || history.length === 0 ? <p>{t('drafts.status_history_empty')}</p> : (
        <ol className="draft-history">
          {history.map((h, i) => (
            <li key={i}>
              {t('drafts.status_change', { from: t(DRAFT_STATUS_KEYS[h.from]), to: t(DRAFT_STATUS_KEYS[h.to]), name: h.by_name })}
              {' '}<time dateTime={h.at}>{formatDateTime(h.at)}</time>
              {h.comment ? <span className="draft-history__comment">: {h.comment}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Base64 to bytes (docx exports). */
function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const MIME: Record<ExportFormat, string> = {
  md: 'text/markdown;charset=utf-8',
  html: 'text/html;charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Hands a file to the browser as a download. */
export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DraftExport({ teamId, draftId }: { teamId: number; draftId: number }) {
  const t = useT();
  const { api } = useServices();
  const submit = useSubmit();
  const run = (format: ExportFormat) => submit.run(async () => {
    const ans = await api.request('draft.export', { team_id: teamId, draft_id: draftId, format });
    const blob = ans.content_base64 !== undefined
      ? new Blob([fromBase64(ans.content_base64)], { type: MIME[format] })
      : new Blob([ans.content ?? ''], { type: MIME[format] });
    download(ans.filename, blob);
  });
  return (
    <section className="panel draft-panel" aria-labelledby="draft-export-heading">
      <h2 id="draft-export-heading" className="section-title">{t('drafts.export')}</h2>
      <div className="row-actions">
        <Button small busy={submit.busy} onClick={() => void run('md')}>{t('drafts.export_md')}</Button>
        <Button small busy={submit.busy} onClick={() => void run('html')}>{t('drafts.export_html')}</Button>
        <Button small busy={submit.busy} onClick={() => void run('docx')}>{t('drafts.export_docx')}</Button>
      </div>
      {submit.error ? <p className="notice notice--error" role="alert">{t(errorKey(submit.error))}</p> : null}
    </section>
  );
}
