// The import wizard (/suppliers/import): pick a CSV file (read as UTF-8) or paste the text,
// check it with a dry run (supplier.import dry_run), read the per-row error report, then
// import. Large files go over HTTP (POST /api/upload/import) instead of a 64 KiB message.
import { useRef, useState } from 'react';
import { uploadImport } from '../../../net/upload';
import type { ImportAnswer, ImportError } from '../../../protocol/suppliers';
import { csvLineCount, NotUtf8Error, readUtf8File, utf8Length } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { TextAreaField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useT, type Translate } from '../../hooks/useStores';
import { formErrorText, SupplierSubnav, suppliersHref, useIsParticipant } from './common';
import { IMPORT_DETAIL_KEYS, IMPORT_ERROR_KEYS, labelOf, labelText } from './labels';

/** Over this many UTF-8 bytes the CSV goes as an HTTP body (a JSON message is at most 64 KiB). */
export const IMPORT_INLINE_MAX_BYTES = 48 * 1024;
/** PROTOCOL.md: the HTTP import takes at most 10 MiB. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

const EXAMPLE = 'navn;organisasjonsnummer;land;risiko;kategorier;kjoper;kontrakt;verdi;klausul';

type Step = 'input' | 'checked' | 'done';

function Summary({ result }: { result: ImportAnswer }) {
  const t = useT();
  return (
    <dl className="facts" data-testid="import-summary">
      <div><dt>{t('import.rows')}</dt><dd>{result.rows}</dd></div>
      <div><dt>{t('import.suppliers_new')}</dt><dd>{result.suppliers_new}</dd></div>
      <div><dt>{t('import.suppliers_existing')}</dt><dd>{result.suppliers_existing}</dd></div>
      <div><dt>{t('import.contracts_new')}</dt><dd>{result.contracts_new}</dd></div>
      <div><dt>{t('import.errors')}</dt><dd>{result.errors.length}</dd></div>
    </dl>
  );
}

/** A row error's detail in the reader's language; the server's English text only for a check the client does not know. */
export function importDetailText(t: Translate, e: Pick<ImportError, 'detail' | 'value' | 'message'>): string {
  const key = labelOf(IMPORT_DETAIL_KEYS, e.detail);
  return key ? t(key, { value: e.value }) : e.message;
}

function ErrorTable({ result }: { result: ImportAnswer }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="table import-errors" data-testid="import-errors">
        <caption>{t('import.error_report', { count: result.errors.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.row')}</th>
            <th scope="col">{t('import.field')}</th>
            <th scope="col">{t('import.problem')}</th>
            <th scope="col">{t('import.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {result.errors.map((e, i) => (
              <tr key={i} data-row={e.row} data-code={e.code}>
                <td>{e.row}</td>
                <td><code>{e.field}</code></td>
                <td>{labelText(t, IMPORT_ERROR_KEYS, e.code)}</td>
                <td>{importDetailText(t, e)}</td>
              </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ImportScreen() {
  const t = useT();
  const services = useServices();
  const participant = useIsParticipant();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>('input');
  const [result, setResult] = useState<ImportAnswer | null>(null);
  const [checkedText, setCheckedText] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const check = useSubmit();
  const commit = useSubmit();

  const send = async (dryRun: boolean): Promise<ImportAnswer> => {
    if (utf8Length(csv) > IMPORT_INLINE_MAX_BYTES) return uploadImport(services.fetch, csv, dryRun);
    return services.api.request('supplier.import', { csv, dry_run: dryRun });
  };

  const pick = async (file: File | null) => {
    setFileError(null);
    setStep('input');
    setResult(null);
    if (!file) return;
    if (file.size > IMPORT_MAX_BYTES) {
      setFileError(t('import.file_too_large'));
      return;
    }
    try {
      setCsv(await readUtf8File(file));
      setFileName(file.name);
    } catch (e) {
      setFileError(e instanceof NotUtf8Error ? t('import.not_utf8') : t('import.read_failed'));
    }
  };

  const runCheck = () => check.run(async () => {
    if (csv.trim() === '') {
      setFileError(t('import.nothing'));
      document.getElementById('import-csv')?.focus();
      return;
    }
    setFileError(null);
    const ans = await send(true);
    setResult(ans);
    setCheckedText(csv);
    setStep('checked');
  });

  const runImport = () => commit.run(async () => {
    const ans = await send(false);
    setResult(ans);
    setStep(ans.errors.length === 0 ? 'done' : 'checked');
  });

  const back = <Link href={suppliersHref()}>{t('suppliers.title')}</Link>;
  if (!participant) return <Page title={t('import.title')} eyebrow={back}><Notice kind="warning">{t('suppliers.participants_only')}</Notice></Page>;
  const stale = checkedText !== null && checkedText !== csv;

  return (
    <Page title={t('import.title')} eyebrow={back}>
      <SupplierSubnav />
      <ol className="wizard-steps" aria-label={t('import.steps')}>
        <li aria-current={step === 'input' ? 'step' : undefined}>{t('import.step_pick')}</li>
        <li aria-current={step === 'checked' ? 'step' : undefined}>{t('import.step_check')}</li>
        <li aria-current={step === 'done' ? 'step' : undefined}>{t('import.step_import')}</li>
      </ol>
      <section className="panel" aria-labelledby="import-input-heading">
        <h2 id="import-input-heading" className="section-title">{t('import.step_pick')}</h2>
        <p className="muted">{t('import.explain')}</p>
        <p className="muted">{t('import.columns')}</p>
        <pre className="import-example"><code>{EXAMPLE}</code></pre>
        <Form onSubmit={runCheck} error={formErrorText(t, check.error)} labelledBy="import-input-heading" className="import-form">
          <div className={fileError ? 'field field--invalid' : 'field'}>
            <label htmlFor="import-file" className="field__label">{t('import.file')}</label>
            <p id="import-file-hint" className="field__hint">{t('import.file_hint')}</p>
            <input
              ref={fileInput} id="import-file" name="import-file" type="file" className="input input--file" accept=".csv,text/csv,text/plain"
              aria-describedby={fileError ? 'import-file-hint import-file-error' : 'import-file-hint'} aria-invalid={fileError ? true : undefined}
              onChange={(e) => void pick(e.target.files?.[0] ?? null)}
            />
            {fileError ? <p id="import-file-error" className="field__error" role="alert">{fileError}</p> : null}
            {fileName && !fileError ? <p className="field__hint" data-testid="import-file-read">{t('import.file_read', { name: fileName, lines: csvLineCount(csv) })}</p> : null}
          </div>
          <TextAreaField
            id="import-csv" label={t('import.paste')} hint={t('import.paste_hint')} value={csv}
            onChange={(x) => { setCsv(x); setFileName(null); setStep('input'); }} rows={8}
          />
          <div className="form__actions">
            <Button type="submit" variant="primary" busy={check.busy}>{t('import.check')}</Button>
          </div>
        </Form>
      </section>

      {result && step !== 'input' ? (
        <section className="panel" aria-labelledby="import-result-heading" data-testid="import-result" data-step={step}>
          <h2 id="import-result-heading" className="section-title">{step === 'done' ? t('import.done_heading') : t('import.check_heading')}</h2>
          <Summary result={result} />
          {step === 'done' ? (
            <Notice kind="success">
              <p>{t('import.done', { suppliers: result.suppliers_new, contracts: result.contracts_new })}</p>
              <p><Link href={suppliersHref()}>{t('import.to_register')}</Link></p>
            </Notice>
          ) : result.errors.length > 0 ? (
            <>
              <Notice kind="error">{t('import.has_errors', { count: result.errors.length })}</Notice>
              <ErrorTable result={result} />
            </>
          ) : (
            <>
              <Notice kind="success">{t('import.ready')}</Notice>
              {stale ? <Notice kind="warning">{t('import.changed_since_check')}</Notice> : null}
              <Form onSubmit={runImport} error={formErrorText(t, commit.error)} labelledBy="import-result-heading">
                <div className="form__actions">
                  <Button type="submit" variant="primary" busy={commit.busy} disabled={stale}>{t('import.import_submit', { rows: result.rows })}</Button>
                </div>
              </Form>
            </>
          )}
        </section>
      ) : null}
    </Page>
  );
}
