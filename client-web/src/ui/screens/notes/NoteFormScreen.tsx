// Writing and editing an experience note (/notes/new, /notes/<id>/edit): title, Markdown body
// with a preview through the chat's sanitised renderer, the teams it belongs to, category,
// country, risk themes, the supplier (and case) it is about, and visibility.
import { useEffect, useMemo, useState } from 'react';
import {
  NOTE_VISIBILITIES, SUPPLIER_CATEGORIES, type Note, type NoteFields, type NoteVisibility, type SupplierCategory,
} from '../../../protocol/suppliers';
import { countryFromField, withoutEmpty } from '../../../state/suppliers';
import { Button } from '../../components/Button';
import { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Link } from '../../components/Link';
import { Page } from '../../components/Page';
import { Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useSession, useT } from '../../hooks/useStores';
import { DRAFT_CATEGORY_KEYS } from '../../labels';
import { markdown } from '../../markdown';
import { useMyTeams } from '../suppliers/CaseForm';
import {
  allSuppliers, errorField, formErrorText, LoadProblem, noteHref, notesHref, useIsParticipant, useVocabulary, vocabLabel,
} from '../suppliers/common';
import { NOTE_VISIBILITY_KEYS } from '../suppliers/labels';

export const NOTE_TITLE_MAX = 200;
export const NOTE_BODY_MAX = 50_000;
const PREVIEW_DELAY_MS = 250;

interface Values {
  title: string;
  body: string;
  teamIds: number[];
  category: SupplierCategory | '';
  country: string;
  themes: string[];
  supplierId: string;
  caseId: number | null;
  visibility: NoteVisibility;
}

type Errors = Partial<Record<'title' | 'body' | 'teams' | 'country', string>>;
const IDS: Record<keyof Errors, string> = { title: 'note-title', body: 'note-body', teams: 'note-teams', country: 'note-country' };
const SERVER_FIELDS: Record<string, keyof Errors> = { title: 'title', body: 'body', team_ids: 'teams', country: 'country' };

function valuesOf(n: Note | null, supplierId: number | null, caseId: number | null, teamIds: number[]): Values {
  if (!n) {
    return {
      title: '', body: '', teamIds, category: '', country: '', themes: [], supplierId: supplierId === null ? '' : String(supplierId),
      caseId, visibility: 'team',
    };
  }
  return {
    title: n.title, body: n.body, teamIds: [...n.team_ids], category: n.category ?? '', country: n.country ?? '', themes: [...n.themes],
    supplierId: n.supplier_id === null ? '' : String(n.supplier_id), caseId: n.case_id, visibility: n.visibility,
  };
}

function Preview({ body }: { body: string }) {
  const t = useT();
  const [shown, setShown] = useState(body);
  useEffect(() => {
    const timer = window.setTimeout(() => setShown(body), PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [body]);
  const html = useMemo(() => markdown().render(shown), [shown]);
  return (
    <section className="note-preview" aria-labelledby="note-preview-heading">
      <h3 id="note-preview-heading" className="field__label">{t('notes.preview')}</h3>
      {shown.trim() === '' ? <p className="muted">{t('notes.preview_empty')}</p> : <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />}
    </section>
  );
}

function NoteForm({ note, supplierId, caseId, onSaved, onCancel }: {
  note: Note | null; supplierId: number | null; caseId: number | null; onSaved: (n: Note) => void; onCancel: () => void;
}) {
  const t = useT();
  const { api } = useServices();
  const { language, memberships, user } = useSession();
  const teams = useMyTeams();
  const vocab = useVocabulary();
  const suppliers = useAsync(() => allSuppliers(api).catch(() => []), [api]);
  // A note belongs to teams where the author takes part (observers read only).
  const writable = (teams.data ?? []).filter((tm) => user?.is_admin || memberships.some((m) => m.team_id === tm.id && m.role !== 'observer'));
  const [v, setV] = useState<Values>(() => valuesOf(note, supplierId, caseId, []));
  const [errors, setErrors] = useState<Errors>({});
  const submit = useSubmit();
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((cur) => ({ ...cur, [k]: value }));
  // One team only: it is the obvious choice.
  useEffect(() => {
    if (!note && writable.length === 1 && v.teamIds.length === 0) set('teamIds', [writable[0]!.id]);
  }, [writable.length]);
  const serverKey = (() => {
    const f = errorField(submit.error);
    return f ? SERVER_FIELDS[f] : undefined;
  })();
  const shown: Errors = { ...errors };
  if (serverKey && !shown[serverKey]) shown[serverKey] = formErrorText(t, submit.error) ?? undefined;

  const run = () => submit.run(async () => {
    const found: Errors = {};
    const title = v.title.trim();
    if (title === '') found.title = t('validation.required');
    else if ([...title].length > NOTE_TITLE_MAX) found.title = t('validation.too_long');
    if (v.body.length > NOTE_BODY_MAX) found.body = t('validation.too_long');
    if (v.teamIds.length === 0) found.teams = t('notes.teams_needed');
    if (v.country.trim() !== '' && !countryFromField(v.country)) found.country = t('validation.country');
    setErrors(found);
    const first = (Object.keys(IDS) as (keyof Errors)[]).find((k) => found[k]);
    if (first) {
      document.getElementById(IDS[first])?.focus();
      return;
    }
    const supplier = v.supplierId === '' ? null : Number(v.supplierId);
    const fields: NoteFields = {
      title, body: v.body, team_ids: v.teamIds, category: v.category === '' ? null : v.category,
      country: v.country.trim() === '' ? null : countryFromField(v.country), themes: v.themes, supplier_id: supplier,
      case_id: supplier !== null && supplier === (note?.supplier_id ?? supplierId) ? v.caseId : null, visibility: v.visibility,
    };
    const body = withoutEmpty(fields, note, ['title', 'body', 'team_ids']) as NoteFields;
    const ans = note ? await api.request('note.update', { note_id: note.id, ...body }) : await api.request('note.create', body);
    onSaved(ans.note);
  });

  if (!teams.data) return <Loading />;
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} labelledBy="note-form-title" className="note-form">
      <h2 id="note-form-title" className="visually-hidden">{note ? t('notes.edit') : t('notes.new')}</h2>
      <TextField id="note-title" label={t('notes.field_title')} value={v.title} onChange={(x) => set('title', x)} maxLength={NOTE_TITLE_MAX} error={shown.title} required />
      <TextAreaField id="note-body" label={t('notes.body')} hint={t('notes.body_hint')} value={v.body} onChange={(x) => set('body', x)} maxLength={NOTE_BODY_MAX} error={shown.body} rows={10} />
      <Preview body={v.body} />
      <fieldset className="fieldset" id="note-teams" tabIndex={-1} aria-describedby={shown.teams ? 'note-teams-error' : undefined}>
        <legend className="fieldset__legend">{t('notes.teams')}</legend>
        {writable.length === 0 ? <p className="muted">{t('notes.no_teams')}</p> : (
          <div className="checkbox-row">
            {writable.map((tm) => (
              <CheckboxField
                key={tm.id} id={`note-team-${tm.id}`} label={tm.name} checked={v.teamIds.includes(tm.id)}
                onChange={(on) => set('teamIds', on ? [...v.teamIds, tm.id] : v.teamIds.filter((x) => x !== tm.id))}
              />
            ))}
          </div>
        )}
        {shown.teams ? <p id="note-teams-error" className="field__error">{shown.teams}</p> : null}
      </fieldset>
      <RadioGroup
        name="note-visibility" legend={t('notes.visibility')} value={v.visibility} onChange={(x) => set('visibility', x as NoteVisibility)}
        options={NOTE_VISIBILITIES.map((x) => ({ value: x, label: t(NOTE_VISIBILITY_KEYS[x]) }))}
      />
      <div className="field-row">
        <SelectField
          id="note-category" label={t('suppliers.category')} optionalText={t('common.optional')} value={v.category}
          onChange={(x) => set('category', x as SupplierCategory | '')}
          options={[{ value: '', label: t('notes.no_category') }, ...SUPPLIER_CATEGORIES.map((c) => ({ value: c, label: t(DRAFT_CATEGORY_KEYS[c]) }))]}
        />
        <TextField id="note-country" label={t('suppliers.country')} hint={t('org.country_hint')} optionalText={t('common.optional')} value={v.country} onChange={(x) => set('country', x.toUpperCase())} maxLength={2} error={shown.country} />
      </div>
      <SelectField
        id="note-supplier" label={t('notes.supplier')} optionalText={t('common.optional')} value={v.supplierId} onChange={(x) => set('supplierId', x)}
        options={[{ value: '', label: t('notes.no_supplier') }, ...(suppliers.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))]}
      />
      {v.caseId !== null && v.supplierId !== '' ? <p className="field__hint">{t('notes.about_case', { id: v.caseId })}</p> : null}
      {(vocab.data?.themes.length ?? 0) > 0 ? (
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('findings.themes')}</legend>
          <div className="checkbox-row">
            {vocab.data!.themes.map((th) => (
              <CheckboxField
                key={th.code} id={`note-theme-${th.code}`} label={vocabLabel(th, language)} checked={v.themes.includes(th.code)}
                onChange={(on) => set('themes', on ? [...v.themes, th.code] : v.themes.filter((x) => x !== th.code))}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{note ? t('common.save') : t('notes.publish')}</Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

export function NewNoteScreen({ supplierId, caseId }: { supplierId: number | null; caseId: number | null }) {
  const t = useT();
  const { navigator } = useServices();
  const participant = useIsParticipant();
  const back = <Link href={notesHref()}>{t('notes.title')}</Link>;
  if (!participant) return <Page title={t('notes.new')} eyebrow={back}><Notice kind="warning">{t('suppliers.participants_only')}</Notice></Page>;
  return (
    <Page title={t('notes.new')} eyebrow={back}>
      <section className="panel">
        <NoteForm note={null} supplierId={supplierId} caseId={caseId} onSaved={(n) => navigator.navigate(noteHref(n.id))} onCancel={() => window.history.back()} />
      </section>
    </Page>
  );
}

export function EditNoteScreen({ noteId }: { noteId: number }) {
  const t = useT();
  const { api, navigator } = useServices();
  const info = useAsync(() => api.request('note.get', { note_id: noteId }), [api, noteId]);
  const back = <Link href={noteHref(noteId)}>{info.data?.note.title ?? t('notes.title')}</Link>;
  if (info.error) return <Page title={t('notes.edit')} eyebrow={back}><LoadProblem error={info.error} onRetry={info.reload} notFound="notes.not_found" /></Page>;
  if (!info.data) return <Loading />;
  if (!info.data.note.can_edit) return <Page title={t('notes.edit')} eyebrow={back}><Notice kind="warning">{t('notes.author_only')}</Notice></Page>;
  return (
    <Page title={t('notes.edit')} eyebrow={back}>
      <section className="panel">
        <NoteForm note={info.data.note} supplierId={null} caseId={null} onSaved={(n) => navigator.navigate(noteHref(n.id))} onCancel={() => navigator.navigate(noteHref(noteId))} />
      </section>
    </Page>
  );
}
