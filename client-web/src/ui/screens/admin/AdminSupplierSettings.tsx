// "Innstillinger for leverandøroppfølging": how long a supplier has to answer a self-assessment
// and how old a completed case may be for others to rely on it (settings.get / settings.update).
import { useEffect, useState } from 'react';
import type { SupplierSettings } from '../../../protocol/suppliers';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { Loading } from '../../components/Status';
import { useServices } from '../../context';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';
import { errorField, formErrorText, LoadProblem } from '../suppliers/common';

/** PROTOCOL.md: each setting is 1..3650 days. */
export const SETTING_DAYS_MIN = 1;
export const SETTING_DAYS_MAX = 3650;

type Field = 'self_assessment_days' | 'reliance_max_age_days';

function days(value: string): number | null {
  if (!/^\d{1,4}$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return n >= SETTING_DAYS_MIN && n <= SETTING_DAYS_MAX ? n : null;
}

function SettingsForm({ settings, onSaved }: { settings: SupplierSettings; onSaved: (s: SupplierSettings) => void }) {
  const t = useT();
  const { api } = useServices();
  const [selfDays, setSelfDays] = useState(String(settings.self_assessment_days));
  const [maxAge, setMaxAge] = useState(String(settings.reliance_max_age_days));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  useEffect(() => {
    setSelfDays(String(settings.self_assessment_days));
    setMaxAge(String(settings.reliance_max_age_days));
  }, [settings.self_assessment_days, settings.reliance_max_age_days]);
  const server = errorField(submit.error);
  const run = () => submit.run(async () => {
    setSaved(false);
    const a = days(selfDays);
    const b = days(maxAge);
    const found: Partial<Record<Field, string>> = {};
    const range = t('settings.days_range', { min: SETTING_DAYS_MIN, max: SETTING_DAYS_MAX });
    if (a === null) found.self_assessment_days = range;
    if (b === null) found.reliance_max_age_days = range;
    setErrors(found);
    if (a === null || b === null) {
      document.getElementById(a === null ? 'set-self-days' : 'set-max-age')?.focus();
      return;
    }
    const ans = await api.request('settings.update', { self_assessment_days: a, reliance_max_age_days: b });
    onSaved(ans.settings);
    setSaved(true);
  });
  const serverText = (f: Field) => (server === f ? formErrorText(t, submit.error) ?? undefined : undefined);
  return (
    <Form onSubmit={run} error={formErrorText(t, submit.error)} success={saved ? t('settings.saved') : null} labelledBy="supplier-settings-heading">
      <TextField
        id="set-self-days" label={t('settings.self_assessment_days')} hint={t('settings.self_assessment_hint')} inputMode="numeric"
        value={selfDays} onChange={setSelfDays} error={errors.self_assessment_days ?? serverText('self_assessment_days')} required
      />
      <TextField
        id="set-max-age" label={t('settings.reliance_max_age_days')} hint={t('settings.reliance_max_age_hint')} inputMode="numeric"
        value={maxAge} onChange={setMaxAge} error={errors.reliance_max_age_days ?? serverText('reliance_max_age_days')} required
      />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>{t('common.save')}</Button>
      </div>
    </Form>
  );
}

type ThemeRow = { code: string; nb: string; en: string };
/** The server's limit on a theme's name, in characters. */
const THEME_NAME_MAX = 100;

/** Risk themes are data: the list, and a form that adds one or renames one by its code. */
function ThemesPanel() {
  const t = useT();
  const { api } = useServices();
  const list = useAsync(() => api.request('supplier.vocabulary', {}).then((a) => a.themes as ThemeRow[]), [api]);
  const [code, setCode] = useState('');
  const [nb, setNb] = useState('');
  const [en, setEn] = useState('');
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const server = errorField(submit.error);
  const [errors, setErrors] = useState<Partial<Record<'code' | 'nb' | 'en', string>>>({});
  const run = () => submit.run(async () => {
    setSaved(false);
    // The server's rules (settings.theme_save), said before sending.
    const found: typeof errors = {};
    if (!/^[a-z][a-z_]{1,39}$/.test(code.trim())) found.code = code.trim() === '' ? t('validation.required') : t('settings.theme_code_invalid');
    for (const [k, v] of [['nb', nb], ['en', en]] as const) {
      if (v.trim() === '') found[k] = t('validation.required');
      else if ([...v.trim()].length > THEME_NAME_MAX) found[k] = t('validation.too_long');
    }
    setErrors(found);
    const first = (['code', 'nb', 'en'] as const).find((k) => found[k]);
    if (first) {
      document.getElementById(`theme-${first}`)?.focus();
      return;
    }
    const ans = await api.request('settings.theme_save', { code: code.trim(), nb: nb.trim(), en: en.trim() });
    list.setData(() => ans.themes);
    setCode('');
    setNb('');
    setEn('');
    setSaved(true);
  });
  const fieldError = (f: 'code' | 'nb' | 'en') => errors[f] ?? (server === f ? formErrorText(t, submit.error) ?? undefined : undefined);
  return (
    <div className="settings-themes">
      <h3 className="subsection-title" id="themes-heading">{t('settings.themes')}</h3>
      {list.error ? <LoadProblem error={list.error} onRetry={list.reload} /> : null}
      {list.data ? (
        <ul data-testid="risk-themes">
          {list.data.map((x) => <li key={x.code}><code>{x.code}</code>: {x.nb} / {x.en}</li>)}
        </ul>
      ) : null}
      <Form onSubmit={run} error={server ? null : formErrorText(t, submit.error)} success={saved ? t('settings.theme_saved') : null} labelledBy="themes-heading">
        <TextField id="theme-code" label={t('settings.theme_code')} hint={t('settings.theme_code_hint')} value={code} onChange={setCode}
          maxLength={40} autoComplete="off" error={fieldError('code')} required />
        <TextField id="theme-nb" label={t('settings.theme_nb')} value={nb} onChange={setNb} maxLength={THEME_NAME_MAX} error={fieldError('nb')} required />
        <TextField id="theme-en" label={t('settings.theme_en')} value={en} onChange={setEn} maxLength={THEME_NAME_MAX} error={fieldError('en')} required />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('settings.theme_save')}</Button>
        </div>
      </Form>
    </div>
  );
}

export function AdminSupplierSettings() {
  const t = useT();
  const { api } = useServices();
  const info = useAsync(() => api.request('settings.get', {}).then((a) => a.settings), [api]);
  return (
    <section className="panel" aria-labelledby="supplier-settings-heading">
      <h2 id="supplier-settings-heading" className="section-title">{t('settings.heading')}</h2>
      {info.error ? <LoadProblem error={info.error} onRetry={info.reload} /> : null}
      {!info.data && !info.error ? <Loading /> : null}
      {info.data ? <SettingsForm settings={info.data} onSaved={(s) => info.setData(() => s)} /> : null}
      <ThemesPanel />
    </section>
  );
}
