// The organisation part of a form: Norwegian (name + orgnr) or foreign (name + foreign id +
// country), as one value, its validation and its wire shape.
import { FOREIGN_ID_MAX_LENGTH } from '../config';
import type { Org, OrgFields } from '../protocol/types';
import {
  collectErrors, normaliseOrgnr, validateCountry, validateOrgName, validateOrgnr, validateRequired,
  type FieldErrors,
} from './validation';

export type OrgKind = 'norwegian' | 'foreign';

export interface OrgFormValue {
  kind: OrgKind;
  name: string;
  orgnr: string;
  foreignId: string;
  country: string;
}

export type OrgFormField = 'name' | 'orgnr' | 'foreignId' | 'country';

/** Field order, for moving focus to the first error. */
export const ORG_FORM_FIELDS: readonly OrgFormField[] = ['name', 'orgnr', 'foreignId', 'country'];

export const EMPTY_ORG_FORM: OrgFormValue = {
  kind: 'norwegian', name: '', orgnr: '', foreignId: '', country: '',
};

export function orgFormFromOrg(org: Org): OrgFormValue {
  return {
    kind: org.orgnr !== null ? 'norwegian' : 'foreign',
    name: org.name,
    orgnr: org.orgnr ?? '',
    foreignId: org.foreign_id ?? '',
    country: org.orgnr !== null ? '' : org.country,
  };
}

export function validateOrgForm(value: OrgFormValue): FieldErrors<OrgFormField> {
  if (value.kind === 'norwegian') {
    return collectErrors<OrgFormField>({
      name: validateOrgName(value.name),
      orgnr: validateOrgnr(value.orgnr),
      foreignId: null,
      country: null,
    });
  }
  return collectErrors<OrgFormField>({
    name: validateOrgName(value.name),
    orgnr: null,
    foreignId: validateRequired(value.foreignId, FOREIGN_ID_MAX_LENGTH),
    country: validateCountry(value.country),
  });
}

export function toOrgFields(value: OrgFormValue): OrgFields {
  if (value.kind === 'norwegian') {
    return { name: value.name.trim(), orgnr: normaliseOrgnr(value.orgnr) };
  }
  return {
    name: value.name.trim(),
    foreign_id: value.foreignId.trim(),
    country: value.country.trim().toUpperCase(),
  };
}
