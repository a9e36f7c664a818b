// The six steps of the ethical contract clause's due diligence (2.1–2.6) as a form: each
// step's leading question (from supplier.vocabulary), yes / partly / no (a "no" is a breach of
// contract and is flagged at once), a comment, risk themes and severity. Read-only for those
// who may not edit the case.
import { useEffect, useRef, useState } from 'react';
import {
  FINDING_ANSWERS, SEVERITIES, STEPS, type Finding, type FindingAnswer, type FindingInput, type FollowUpCase, type Severity,
  type Step, type Vocabulary,
} from '../../../protocol/suppliers';
import { Button } from '../../components/Button';
import { CheckboxField, RadioGroup, SelectField, TextAreaField } from '../../components/Field';
import { Form, useSubmit } from '../../components/Form';
import { useSession, useT } from '../../hooks/useStores';
import { useServices } from '../../context';
import { formErrorText, vocabLabel } from './common';
import { ANSWER_KEYS, SEVERITY_KEYS } from './labels';

export const FINDING_COMMENT_MAX = 5_000;

interface Row {
  answer: FindingAnswer | '';
  comment: string;
  themes: string[];
  severity: Severity | '';
}

type Rows = Record<Step, Row>;

function rowsOf(findings: readonly Finding[]): Rows {
  const out = {} as Rows;
  for (const step of STEPS) {
    const f = findings.find((x) => x.step === step);
    out[step] = { answer: f?.answer ?? '', comment: f?.comment ?? '', themes: f ? [...f.themes] : [], severity: f?.severity ?? '' };
  }
  return out;
}

/** The findings to send: every step that has an answer. */
export function findingInputs(rows: Rows): FindingInput[] {
  return STEPS.filter((s) => rows[s].answer !== '').map((step) => {
    const r = rows[step];
    return { step, answer: r.answer as FindingAnswer, comment: r.comment.trim(), themes: r.themes, severity: r.severity === '' ? null : r.severity };
  });
}

const stepId = (step: Step) => `finding-${step.replace('.', '-')}`;

function BreachFlag() {
  const t = useT();
  return <p className="breach-flag" data-testid="breach-flag"><span aria-hidden="true">⚠ </span>{t('findings.breach')}</p>;
}

export function FindingsPanel({ c, vocab, onSaved }: { c: FollowUpCase; vocab: Vocabulary | undefined; onSaved: (c: FollowUpCase) => void }) {
  const t = useT();
  const { api } = useServices();
  const { language } = useSession();
  const [rows, setRows] = useState<Rows>(() => rowsOf(c.findings));
  const [saved, setSaved] = useState(false);
  const dirty = useRef(false);
  const submit = useSubmit();
  const signature = JSON.stringify(c.findings);
  // Saved elsewhere (another tab, a colleague): follow it unless we are in the middle of editing.
  useEffect(() => {
    if (!dirty.current) setRows(rowsOf(c.findings));
  }, [signature]);
  const setRow = (step: Step, patch: Partial<Row>) => {
    dirty.current = true;
    setSaved(false);
    setRows((cur) => ({ ...cur, [step]: { ...cur[step], ...patch } }));
  };
  const [problem, setProblem] = useState<string | null>(null);
  const run = () => submit.run(async () => {
    setSaved(false);
    setProblem(null);
    // A step with words or themes but no answer would be dropped; none answered: nothing to save.
    const unanswered = STEPS.find((st) => rows[st].answer === '' && (rows[st].comment.trim() !== '' || rows[st].themes.length > 0 || rows[st].severity !== ''));
    const missing = unanswered ?? (findingInputs(rows).length === 0 ? STEPS[0] : undefined);
    if (missing !== undefined) {
      setProblem(unanswered ? t('findings.needs_answer', { step: unanswered }) : t('findings.none_answered'));
      document.querySelector<HTMLInputElement>(`input[name="${stepId(missing)}-answer"]`)?.focus();
      return;
    }
    const ans = await api.request('case.findings', { case_id: c.id, findings: findingInputs(rows) });
    dirty.current = false;
    setRows(rowsOf(ans.case.findings));
    setSaved(true);
    onSaved(ans.case);
  });
  const stepInfo = (step: Step) => vocab?.steps.find((s) => s.step === step);
  const themes = vocab?.themes ?? [];

  if (!c.can_edit) {
    return (
      <section className="panel" aria-labelledby="findings-heading">
        <h2 id="findings-heading" className="section-title">{t('findings.heading')}</h2>
        {c.findings.length === 0 ? <p className="muted">{t('findings.none')}</p> : (
          <ol className="findings" data-testid="findings">
            {STEPS.map((step) => {
              const f = c.findings.find((x) => x.step === step);
              if (!f) return null;
              const info = stepInfo(step);
              return (
                <li key={step} className={f.breach ? 'finding finding--breach' : 'finding'} data-step={step} data-answer={f.answer}>
                  <h3 className="finding__title">{step} {info ? vocabLabel(info, language) : ''}</h3>
                  {info ? <p className="finding__question">{language === 'en' ? info.question_en : info.question_nb}</p> : null}
                  <p><strong>{t(ANSWER_KEYS[f.answer])}</strong>{f.severity ? ` · ${t('findings.severity')}: ${t(SEVERITY_KEYS[f.severity])}` : ''}</p>
                  {f.breach ? <BreachFlag /> : null}
                  {f.comment ? <p className="prose">{f.comment}</p> : null}
                  {f.themes.length > 0 ? (
                    <p className="cell-sub">{t('findings.themes')}: {f.themes.map((code) => {
                      const th = themes.find((x) => x.code === code);
                      return th ? vocabLabel(th, language) : code;
                    }).join(', ')}</p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="findings-heading">
      <h2 id="findings-heading" className="section-title">{t('findings.heading')}</h2>
      <p className="muted">{t('findings.explain')}</p>
      <Form onSubmit={run} error={problem ?? formErrorText(t, submit.error)} success={saved ? t('findings.saved') : null} labelledBy="findings-heading" className="findings-form">
        {STEPS.map((step) => {
          const info = stepInfo(step);
          const r = rows[step];
          const id = stepId(step);
          return (
            <fieldset key={step} className={r.answer === 'no' ? 'fieldset finding finding--breach' : 'fieldset finding'} data-step={step} data-testid={id}>
              <legend className="fieldset__legend">{step} {info ? vocabLabel(info, language) : ''}</legend>
              <RadioGroup
                name={`${id}-answer`}
                legend={info ? (language === 'en' ? info.question_en : info.question_nb) : t('findings.answer_for', { step })}
                value={r.answer} onChange={(x) => setRow(step, { answer: x as FindingAnswer })}
                options={FINDING_ANSWERS.map((a) => ({ value: a, label: t(ANSWER_KEYS[a]) }))}
              />
              <div aria-live="polite">{r.answer === 'no' ? <BreachFlag /> : null}</div>
              <TextAreaField
                id={`${id}-comment`} label={t('findings.comment')} optionalText={t('common.optional')} value={r.comment}
                onChange={(x) => setRow(step, { comment: x })} maxLength={FINDING_COMMENT_MAX} rows={2}
              />
              {themes.length > 0 ? (
                <fieldset className="fieldset">
                  <legend className="field__label">{t('findings.themes')}</legend>
                  <div className="checkbox-row">
                    {themes.map((th) => (
                      <CheckboxField
                        key={th.code} id={`${id}-theme-${th.code}`} label={vocabLabel(th, language)} checked={r.themes.includes(th.code)}
                        onChange={(on) => setRow(step, { themes: on ? [...r.themes, th.code] : r.themes.filter((x) => x !== th.code) })}
                      />
                    ))}
                  </div>
                </fieldset>
              ) : null}
              <SelectField
                id={`${id}-severity`} label={t('findings.severity')} optionalText={t('common.optional')} value={r.severity}
                onChange={(x) => setRow(step, { severity: x as Severity | '' })}
                options={[{ value: '', label: t('findings.severity_none') }, ...SEVERITIES.map((s) => ({ value: s, label: t(SEVERITY_KEYS[s]) }))]}
              />
            </fieldset>
          );
        })}
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={submit.busy}>{t('findings.save')}</Button>
          {c.breaches > 0 ? <span className="breach-count" data-testid="breach-count">{t('cases.breach_count', { count: c.breaches })}</span> : null}
        </div>
      </Form>
    </section>
  );
}
