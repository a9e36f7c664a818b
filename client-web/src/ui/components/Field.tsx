// Labelled form controls. Each ties its hint and its error to the control with
// aria-describedby and marks a failing control aria-invalid.
import type { ReactNode } from 'react';

interface ShellProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  optionalText?: string | undefined;
  children: (aria: ControlAria) => ReactNode;
}

export interface ControlAria {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

function FieldShell({ id, label, hint, error, optionalText, children }: ShellProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const aria: ControlAria = { id };
  if (describedBy) aria['aria-describedby'] = describedBy;
  if (error) aria['aria-invalid'] = true;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id} className="field__label">
        {label}
        {optionalText ? <span className="field__optional"> ({optionalText})</span> : null}
      </label>
      {hint ? <p id={hintId} className="field__hint">{hint}</p> : null}
      {children(aria)}
      {error ? <p id={errorId} className="field__error">{error}</p> : null}
    </div>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'number' | 'url';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email';
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  optionalText?: string | undefined;
  maxLength?: number;
  readOnly?: boolean;
  disabled?: boolean;
  spellCheck?: boolean;
  lang?: string;
}

export function TextField(props: TextFieldProps) {
  return (
    <FieldShell {...props}>
      {(aria) => (
        <input
          {...aria}
          className="input"
          type={props.type ?? 'text'}
          name={props.id}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          required={props.required}
          maxLength={props.maxLength}
          readOnly={props.readOnly}
          disabled={props.disabled}
          spellCheck={props.spellCheck}
          lang={props.lang}
        />
      )}
    </FieldShell>
  );
}

interface TextAreaFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  optionalText?: string | undefined;
  maxLength?: number;
  rows?: number;
}

export function TextAreaField(props: TextAreaFieldProps) {
  return (
    <FieldShell {...props}>
      {(aria) => (
        <textarea
          {...aria}
          className="input input--area"
          name={props.id}
          value={props.value}
          rows={props.rows ?? 4}
          maxLength={props.maxLength}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  hint?: string | undefined;
  error?: string | undefined;
  optionalText?: string | undefined;
  required?: boolean;
  disabled?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  return (
    <FieldShell {...props}>
      {(aria) => (
        <select
          {...aria}
          className="input input--select"
          name={props.id}
          value={props.value}
          required={props.required}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.value)}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

interface CheckboxFieldProps {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string | undefined;
}

export function CheckboxField({ id, label, checked, onChange, hint }: CheckboxFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field field--check">
      <input
        id={id}
        name={id}
        type="checkbox"
        className="checkbox"
        checked={checked}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={hintId} className="field__hint">{hint}</p> : null}
    </div>
  );
}

interface RadioGroupProps {
  name: string;
  legend: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
}

export function RadioGroup({ name, legend, value, options, onChange }: RadioGroupProps) {
  return (
    <fieldset className="radio-group">
      <legend className="field__label">{legend}</legend>
      {options.map((o) => (
        <div className="radio-group__item" key={o.value}>
          <input
            type="radio"
            id={`${name}-${o.value}`}
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <label htmlFor={`${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
