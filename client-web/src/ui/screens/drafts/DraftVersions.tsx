import { useState } from 'react';
import { VERSION_LABEL_MAX_LENGTH } from '../../../config';
import { formatDateTime } from '../../../i18n/format';
import { DRAFT_STATUSES, type DiffChunk, type Draft, type DraftStatus, type DraftVersion } from '../../../protocol/drafts';
import { Button } from '../../components/Button';
import { ConfirmButton } from '../../components/ConfirmButton';
import { SelectField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { LoadError, Loading } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useSocketEvent } from '../../hooks/useSocketEvent';
import { useT, type Translate } from '../../hooks/useStores';
import { DRAFT_STATUS_KEYS, VERSION_KIND_KEYS } from '../../labels';

/**
 * What a version is called in the list. The server's `label` is the person's name for a named
 * version, the restored version's number for a restore, the new status code for a status
 * change, and empty for an automatic one.
 */
export function versionLabel(v: DraftVersion, t: Translate): string {
  const label = v.label ?? '';
  if (v.kind === 'named' && label !== '') return label;
  if (v.kind === 'restore' && /^\d+$/.test(label)) return t('versions.restored_from', { version: label });
  if (v.kind === 'status' && (DRAFT_STATUSES as readonly string[]).includes(label)) {
    return t('versions.status_to', { status: t(DRAFT_STATUS_KEYS[label as DraftStatus]) });
  }
  return label !== '' && v.kind !== 'status' && v.kind !== 'restore' ? label : t(VERSION_KIND_KEYS[v.kind]);
}

interface Props {
  teamId: number;
  draft: Draft;
  /** The version the editor shows now (moves with every edit; draft.version is only the last metadata's). */
  current: number;
  canWrite: boolean;
}

/** Versions: list, name the current one, view one, diff two, restore. */
export function DraftVersions({ teamId, draft, current, canWrite }: Props) {
  const t = useT();
  const { api } = useServices();
  const ref = { team_id: teamId, draft_id: draft.id };
  const versions = useAsync(() => api.request('draft.versions', ref).then((a) => a.versions), [api, teamId, draft.id]);
  useSocketEvent('draft.version', (ev) => {
    if (ev.draft_id !== draft.id) return;
    versions.setData((cur) => [ev.version, ...(cur ?? []).filter((v) => v.id !== ev.version.id)]);
  });
  const [label, setLabel] = useState('');
  const [labelError, setLabelError] = useState<string | undefined>();
  const name = useSubmit();
  const act = useSubmit();
  const [viewing, setViewing] = useState<{ version: number; text: string } | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [granularity, setGranularity] = useState<'word' | 'line'>('word');
  const [diff, setDiff] = useState<DiffChunk[] | null>(null);

  const onName = () => name.run(async () => {
    if (!label.trim()) {
      setLabelError(t('validation.required'));
      document.getElementById('version-label')?.focus();
      return;
    }
    setLabelError(undefined);
    const ans = await api.request('draft.version_create', { ...ref, label: label.trim() });
    versions.setData((cur) => [ans.version, ...(cur ?? []).filter((v) => v.id !== ans.version.id)]);
    setLabel('');
  });
  const view = (version: number) => act.run(async () => {
    const ans = await api.request('draft.text', { ...ref, version });
    setViewing(ans);
  });
  const restore = (version: number) => act.run(async () => {
    await api.request('draft.restore', { ...ref, version });
  });
  const onDiff = () => act.run(async () => {
    if (from === '' || to === '') return;
    const ans = await api.request('draft.diff', { ...ref, from: Number(from), to: Number(to), granularity });
    setDiff(ans.chunks);
  });

  // The current version, every listed one, and whatever is chosen (so a choice stays while the
  // text moves on).
  const chosen = [from, to].filter((v) => v !== '').map(Number);
  const options = [{ value: '', label: t('common.choose') }, ...[...new Set([current, ...(versions.data ?? []).map((v) => v.version), ...chosen])]
    .sort((a, b) => b - a).map((v) => ({
      value: String(v),
      label: v === current ? t('versions.number_current', { version: v }) : t('versions.number', { version: v }),
    }))];

  return (
    <section className="panel draft-panel" aria-labelledby="draft-versions-heading">
      <h2 id="draft-versions-heading" className="section-title">{t('versions.title')}</h2>
      {canWrite ? (
        <Form onSubmit={onName} error={name.error ? t(errorKey(name.error)) : null}>
          <TextField id="version-label" label={t('versions.label')} value={label} onChange={setLabel} maxLength={VERSION_LABEL_MAX_LENGTH} error={labelError} />
          <Button small type="submit" busy={name.busy}>{t('versions.name')}</Button>
        </Form>
      ) : null}
      {act.error ? <p className="notice notice--error" role="alert">{t(errorKey(act.error))}</p> : null}
      {versions.error ? <LoadError error={versions.error} onRetry={versions.reload} /> : !versions.data ? <Loading /> : versions.data.length === 0 ? <p>{t('versions.empty')}</p> : (
        <ul className="draft-versions" data-testid="version-list">
          {versions.data.map((v) => (
            <li key={v.id}>
              <span className="draft-versions__what">
                {t('versions.number', { version: v.version })} · {versionLabel(v, t)}
                {v.by_name ? ` · ${v.by_name}` : ''} · <time dateTime={v.at}>{formatDateTime(v.at)}</time>
              </span>
              <span className="row-actions">
                <Button small onClick={() => void view(v.version)} ariaLabel={t('versions.view_n', { version: v.version })}>{t('versions.view')}</Button>
                {canWrite ? (
                  <ConfirmButton
                    variant="secondary" label={t('versions.restore')} ariaLabel={t('versions.restore_n', { version: v.version })}
                    question={t('versions.restore_question', { version: v.version })} confirmLabel={t('versions.restore')}
                    onConfirm={() => restore(v.version)}
                  />
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {viewing ? (
        <div className="subpanel">
          <h3 className="subsection-title">{t('versions.text_of', { version: viewing.version })}</h3>
          <pre className="draft-version-text" tabIndex={0} aria-label={t('versions.text_of', { version: viewing.version })}>{viewing.text}</pre>
          <Button small onClick={() => setViewing(null)}>{t('versions.close')}</Button>
        </div>
      ) : null}
      <Form onSubmit={onDiff} className="draft-diff-form">
        <h3 className="subsection-title">{t('versions.compare')}</h3>
        <SelectField id="diff-from" label={t('versions.from')} value={from} onChange={setFrom} options={options} />
        <SelectField id="diff-to" label={t('versions.to')} value={to} onChange={setTo} options={options} />
        <SelectField
          id="diff-granularity" label={t('versions.granularity')} value={granularity} onChange={(v) => setGranularity(v as 'word' | 'line')}
          options={[{ value: 'word', label: t('versions.by_word') }, { value: 'line', label: t('versions.by_line') }]}
        />
        <Button small type="submit" busy={act.busy}>{t('versions.show_diff')}</Button>
      </Form>
      {diff ? (
        <pre className="draft-diff" data-testid="draft-diff" tabIndex={0} aria-label={t('versions.diff_label')}>
          {diff.map((c, i) => (c.op === 'insert' ? <ins key={i}>{c.text}</ins> : c.op === 'delete' ? <del key={i}>{c.text}</del> : <span key={i}>{c.text}</span>))}
        </pre>
      ) : null}
    </section>
  );
}
