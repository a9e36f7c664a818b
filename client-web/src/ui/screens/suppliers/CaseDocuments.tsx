// A case's documents: the list with download links (GET /api/documents/<id>) and, for the case's
// organisation, upload (net/upload.ts: document.upload, or the file as the body of
// POST /api/upload/document when it is large) and delete.
import { useRef, useState } from 'react';
import { formatDateTime } from '../../../i18n/format';
import { documentContentType, sendDocument } from '../../../net/upload';
import { CASE_VISIBILITIES, DOCUMENT_TYPES, documentHref, type CaseDocument, type CaseVisibility, type FollowUpCase } from '../../../protocol/suppliers';
import { formatBytes } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useSession, useT } from '../../hooks/useStores';
import { formErrorText } from './common';
import { CASE_VISIBILITY_KEYS } from './labels';
import { EXEMPT_REASON_MAX } from './CaseForm';

/** PROTOCOL.md: at most 10 MiB per document. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
const TITLE_MAX = 200;
/** What the file picker offers: the types the server takes (DOCUMENT_TYPES), by extension and type. */
const ACCEPT = [...new Set([...Object.keys(DOCUMENT_TYPES).map((x) => `.${x}`), ...Object.values(DOCUMENT_TYPES)])].join(',');

function UploadForm({ c, onUploaded }: { c: FollowUpCase; onUploaded: (d: CaseDocument) => void }) {
  const t = useT();
  const services = useServices();
  const { language } = useSession();
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<CaseVisibility>(c.visibility);
  const [exempt, setExempt] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Partial<Record<'title' | 'file', string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const submit = useSubmit();
  const run = () => submit.run(async () => {
    setDone(null);
    const found: typeof errors = {};
    if (!file) found.file = t('documents.choose_file');
    else if (file.size > DOCUMENT_MAX_BYTES) found.file = t('documents.too_large', { max: formatBytes(DOCUMENT_MAX_BYTES, language) });
    else if (file.size === 0) found.file = t('documents.empty_file');
    else if (documentContentType(file) === null) found.file = t('documents.type_not_allowed', { name: file.name });
    const name = title.trim() || file?.name || '';
    if ([...name].length > TITLE_MAX) found.title = t('validation.too_long');
    setErrors(found);
    if (found.title) { document.getElementById('doc-title')?.focus(); return; }
    if (found.file) { fileInput.current?.focus(); return; }
    const ans = await sendDocument(services.api, services.fetch, { caseId: c.id, title: name, visibility, exemptReason: exempt.trim(), file: file! });
    onUploaded(ans.document);
    setTitle('');
    setExempt('');
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
    setDone(t('documents.uploaded', { title: ans.document.title }));
  });
  const fileErrorId = errors.file ? 'doc-file-error' : undefined;
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error, { too_large: 'documents.too_large_server' })} success={done} className="form--grid" labelledBy="doc-upload-title">
      <h3 id="doc-upload-title" className="subsection-title form-heading">{t('documents.upload')}</h3>
      <div className={errors.file ? 'field field--invalid' : 'field'}>
        <label htmlFor="doc-file" className="field__label">{t('documents.file')}</label>
        <p id="doc-file-hint" className="field__hint">{t('documents.file_hint', { max: formatBytes(DOCUMENT_MAX_BYTES, language) })}</p>
        <input
          ref={fileInput} id="doc-file" name="doc-file" type="file" className="input input--file" accept={ACCEPT}
          aria-describedby={['doc-file-hint', fileErrorId].filter(Boolean).join(' ')} aria-invalid={errors.file ? true : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {errors.file ? <p id="doc-file-error" className="field__error">{errors.file}</p> : null}
      </div>
      <TextField id="doc-title" label={t('documents.title')} hint={t('documents.title_hint')} optionalText={t('common.optional')} value={title} onChange={setTitle} maxLength={TITLE_MAX} error={errors.title} />
      <SelectField
        id="doc-visibility" label={t('cases.visibility')} value={visibility} onChange={(x) => setVisibility(x as CaseVisibility)}
        // "The team" needs a case that belongs to a team (the server refuses it otherwise).
        options={CASE_VISIBILITIES.filter((v) => v !== 'team' || c.team_id !== null).map((v) => ({ value: v, label: t(CASE_VISIBILITY_KEYS[v]) }))}
      />
      <TextAreaField id="doc-exempt" label={t('cases.exempt_reason')} hint={t('cases.exempt_hint')} optionalText={t('common.optional')} value={exempt} onChange={setExempt} maxLength={EXEMPT_REASON_MAX} rows={2} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{t('documents.upload_submit')}</Button>
      </div>
    </Form>
  );
}

export function DocumentsPanel({ c, onChange }: { c: FollowUpCase; onChange: (update: (c: FollowUpCase) => FollowUpCase) => void }) {
  const t = useT();
  const { api } = useServices();
  const { language } = useSession();
  const [error, setError] = useState<unknown>(null);
  const remove = async (d: CaseDocument) => {
    setError(null);
    try {
      await api.request('document.delete', { document_id: d.id });
      onChange((cur) => ({ ...cur, documents: cur.documents.filter((x) => x.id !== d.id) }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" aria-labelledby="documents-heading">
      <h2 id="documents-heading" className="section-title">{t('documents.heading')}</h2>
      {c.documents.length === 0 ? <p className="muted">{t('documents.none')}</p> : (
        <ul className="documents" data-testid="documents">
          {c.documents.map((d) => (
            <li key={d.id} className="document">
              <a href={documentHref(d.id)} download={d.filename}>{d.title}</a>
              <span className="cell-sub">
                {d.filename} · {formatBytes(d.size, language)} · {t(CASE_VISIBILITY_KEYS[d.visibility])} · {t('documents.uploaded_by', { name: d.uploaded_by_name, at: formatDateTime(d.created_at) })}
              </span>
              {d.exempt_reason ? <span className="cell-sub">{t('cases.exempt_reason')}: {d.exempt_reason}</span> : null}
              {c.can_edit ? (
                <ConfirmButton label={t('common.delete')} ariaLabel={t('documents.delete_named', { title: d.title })} question={t('documents.delete_question')} confirmLabel={t('common.delete')} onConfirm={() => remove(d)} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {error ? <p className="notice notice--error" role="alert">{t(errorKey(error))}</p> : null}
      {c.can_edit ? (
        <div className="subpanel">
          <UploadForm c={c} onUploaded={(d) => onChange((cur) => ({ ...cur, documents: [...cur.documents.filter((x) => x.id !== d.id), d] }))} />
        </div>
      ) : null}
    </section>
  );
}
