import type { OrgFormField, OrgFormValue } from '../../state/orgForm';
import type { FieldErrors } from '../../state/validation';
import { FOREIGN_ID_MAX_LENGTH, ORG_NAME_MAX_LENGTH, ORGNR_INPUT_MAX_LENGTH } from '../../config';
import { useT } from '../hooks/useStores';
import { RadioGroup, TextField } from './Field';

interface OrgFieldsetProps {
  idPrefix: string;
  legend: string;
  value: OrgFormValue;
  onChange: (value: OrgFormValue) => void;
  errors: FieldErrors<OrgFormField>;
}

/** Organisation name and identity: a Norwegian orgnr, or a foreign id with its country. */
export function OrgFieldset({ idPrefix, legend, value, onChange, errors }: OrgFieldsetProps) {
  const t = useT();
  const set = (patch: Partial<OrgFormValue>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend">{legend}</legend>
      <TextField
        id={`${idPrefix}name`}
        label={t('org.name')}
        value={value.name}
        onChange={(name) => set({ name })}
        autoComplete="organization"
        maxLength={ORG_NAME_MAX_LENGTH}
        error={errors.name && t(errors.name)}
        required
      />
      <RadioGroup
        name={`${idPrefix}kind`}
        legend={t('org.kind')}
        value={value.kind}
        onChange={(kind) => set({ kind: kind === 'foreign' ? 'foreign' : 'norwegian' })}
        options={[
          { value: 'norwegian', label: t('org.kind_norwegian') },
          { value: 'foreign', label: t('org.kind_foreign') },
        ]}
      />
      {value.kind === 'norwegian' ? (
        <TextField
          id={`${idPrefix}orgnr`}
          label={t('org.orgnr')}
          hint={t('org.orgnr_hint')}
          value={value.orgnr}
          onChange={(orgnr) => set({ orgnr })}
          inputMode="numeric"
          autoComplete="off"
          maxLength={ORGNR_INPUT_MAX_LENGTH}
          error={errors.orgnr && t(errors.orgnr)}
          required
        />
      ) : (
        <div className="field-row">
          <TextField
            id={`${idPrefix}foreignId`}
            label={t('org.foreign_id')}
            hint={t('org.foreign_id_hint')}
            value={value.foreignId}
            onChange={(foreignId) => set({ foreignId })}
            maxLength={FOREIGN_ID_MAX_LENGTH}
            autoComplete="off"
            error={errors.foreignId && t(errors.foreignId)}
            required
          />
          <TextField
            id={`${idPrefix}country`}
            label={t('org.country')}
            hint={t('org.country_hint')}
            value={value.country}
            onChange={(country) => set({ country: country.toUpperCase() })}
            autoComplete="country"
            maxLength={2}
            error={errors.country && t(errors.country)}
            required
          />
        </div>
      )}
    </fieldset>
  );
}
