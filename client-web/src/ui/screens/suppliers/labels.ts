// Message keys for the codes of the supplier section (PROTOCOL.md "Vocabulary").
import type { MessageKey } from '../../../i18n/catalogue';
import type {
  ActionStatus, AuditAction, AuditKind, CaseStatus, CaseVisibility, ClauseLevel, Escalation, FindingAnswer, FollowUpMethod,
  ImportErrorCode, ImportErrorDetail, NoteVisibility, RelianceReason, RiskLevel, Severity, SiteTier, TransparencyAct, ValueBand,
} from '../../../protocol/suppliers';

export const TRANSPARENCY_KEYS: Record<TransparencyAct, MessageKey> = {
  yes: 'suppliers.transparency_yes',
  no: 'suppliers.transparency_no',
  unknown: 'suppliers.transparency_unknown',
};

export const RISK_KEYS: Record<RiskLevel, MessageKey> = {
  low: 'suppliers.risk_low',
  medium: 'suppliers.risk_medium',
  high: 'suppliers.risk_high',
};

export const TIER_KEYS: Record<SiteTier, MessageKey> = {
  raw_material: 'suppliers.tier_raw_material',
  component: 'suppliers.tier_component',
  final_production: 'suppliers.tier_final_production',
};

export const VALUE_BAND_KEYS: Record<ValueBand, MessageKey> = {
  under_1m: 'suppliers.band_under_1m',
  '1m_10m': 'suppliers.band_1m_10m',
  '10m_50m': 'suppliers.band_10m_50m',
  over_50m: 'suppliers.band_over_50m',
};

export const CLAUSE_KEYS: Record<ClauseLevel, MessageKey> = {
  basic: 'suppliers.clause_basic',
  advanced: 'suppliers.clause_advanced',
};

export const METHOD_KEYS: Record<FollowUpMethod, MessageKey> = {
  label_certification: 'cases.method_label_certification',
  contract_meeting: 'cases.method_contract_meeting',
  self_assessment_simplified: 'cases.method_self_assessment_simplified',
  self_assessment_full: 'cases.method_self_assessment_full',
  document_review: 'cases.method_document_review',
  sample_products: 'cases.method_sample_products',
  office_audit: 'cases.method_office_audit',
  factory_audit: 'cases.method_factory_audit',
  re_audit: 'cases.method_re_audit',
};

export const CASE_STATUS_KEYS: Record<CaseStatus, MessageKey> = {
  planned: 'cases.status_planned',
  ongoing: 'cases.status_ongoing',
  completed: 'cases.status_completed',
  cancelled: 'cases.status_cancelled',
};

export const ANSWER_KEYS: Record<FindingAnswer, MessageKey> = {
  yes: 'cases.answer_yes',
  partly: 'cases.answer_partly',
  no: 'cases.answer_no',
};

export const SEVERITY_KEYS: Record<Severity, MessageKey> = {
  low: 'cases.severity_low',
  medium: 'cases.severity_medium',
  high: 'cases.severity_high',
  critical: 'cases.severity_critical',
};

export const ACTION_STATUS_KEYS: Record<ActionStatus, MessageKey> = {
  open: 'cases.action_status_open',
  in_progress: 'cases.action_status_in_progress',
  done: 'cases.action_status_done',
  verified: 'cases.action_status_verified',
};

export const ESCALATION_KEYS: Record<Escalation, MessageKey> = {
  none: 'cases.escalation_none',
  dialogue: 'cases.escalation_dialogue',
  action_plan: 'cases.escalation_action_plan',
  suspension: 'cases.escalation_suspension',
  termination: 'cases.escalation_termination',
};

export const CASE_VISIBILITY_KEYS: Record<CaseVisibility, MessageKey> = {
  team: 'cases.visibility_team',
  sharing: 'cases.visibility_sharing',
  all: 'cases.visibility_all',
};

export const NOTE_VISIBILITY_KEYS: Record<NoteVisibility, MessageKey> = {
  team: 'notes.visibility_team',
  all: 'notes.visibility_all',
};

export const RELIANCE_REASON_KEYS: Record<RelianceReason, MessageKey> = {
  not_completed: 'reliance.reason_not_completed',
  too_old: 'reliance.reason_too_old',
  method_too_weak: 'reliance.reason_method_too_weak',
  no_contract: 'reliance.reason_no_contract',
  own_case: 'reliance.reason_own_case',
};

export const IMPORT_ERROR_KEYS: Record<ImportErrorCode, MessageKey> = {
  bad_orgnr: 'import.error_bad_orgnr',
  unknown_org: 'import.error_unknown_org',
  not_your_org: 'import.error_not_your_org',
  duplicate: 'import.error_duplicate',
  missing: 'import.error_missing',
  bad_value: 'import.error_bad_value',
};

/** The wording of each import check (the cell's text goes in {value}). */
export const IMPORT_DETAIL_KEYS: Record<ImportErrorDetail, MessageKey> = {
  name_missing: 'import.detail_name_missing',
  orgnr_invalid: 'import.detail_orgnr_invalid',
  orgnr_or_foreign_id: 'import.detail_orgnr_or_foreign_id',
  country_for_foreign_id: 'import.detail_country_for_foreign_id',
  country_code: 'import.detail_country_code',
  norwegian_needs_orgnr: 'import.detail_norwegian_needs_orgnr',
  transparency_act_values: 'import.detail_transparency_act_values',
  risk_level_values: 'import.detail_risk_level_values',
  not_a_category: 'import.detail_not_a_category',
  no_such_org: 'import.detail_no_such_org',
  not_your_org: 'import.detail_not_your_org',
  value_band_values: 'import.detail_value_band_values',
  clause_level_values: 'import.detail_clause_level_values',
  not_a_date: 'import.detail_not_a_date',
  contract_twice_in_file: 'import.detail_contract_twice_in_file',
  contract_registered: 'import.detail_contract_registered',
  supplier_twice_in_file: 'import.detail_supplier_twice_in_file',
  name_too_long: 'import.detail_name_too_long',
  foreign_id_too_long: 'import.detail_foreign_id_too_long',
  contract_ref_too_long: 'import.detail_contract_ref_too_long',
  products_too_long: 'import.detail_products_too_long',
  period_end_before_start: 'import.detail_period_end_before_start',
};

export const AUDIT_ACTION_KEYS: Record<AuditAction, MessageKey> = {
  read: 'audit.action_read',
  create: 'audit.action_create',
  update: 'audit.action_update',
  delete: 'audit.action_delete',
  download: 'audit.action_download',
  verify: 'audit.action_verify',
};

export const AUDIT_KIND_KEYS: Record<AuditKind, MessageKey> = {
  supplier: 'audit.kind_supplier',
  site: 'audit.kind_site',
  contract: 'audit.kind_contract',
  lead: 'audit.kind_lead',
  reliance: 'audit.kind_reliance',
  case: 'audit.kind_case',
  finding: 'audit.kind_finding',
  action: 'audit.kind_action',
  document: 'audit.kind_document',
  draft_link: 'audit.kind_draft_link',
};

/** A key from a table, or null for a code the client does not know (shown as the code). */
export function labelOf<T extends string>(table: Record<T, MessageKey>, code: string): MessageKey | null {
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code as T] : null;
}

/** A code's label in the reader's language, or the code itself when the client does not know it. */
export function labelText<T extends string>(t: (key: MessageKey) => string, table: Record<T, MessageKey>, code: string): string {
  const key = labelOf(table, code);
  return key ? t(key) : code;
}
