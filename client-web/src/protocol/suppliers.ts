// The supplier register, follow-up cases, corrective actions, documents, reliance and
// experience notes of docs/PROTOCOL.md ("Suppliers and follow-up"), as the server sends and takes
// them. Codes travel on the wire; their labels are the client's (ui/screens/suppliers/labels.ts).
// Dates without a time ("period_start", "deadline", "started_on" …) are "YYYY-MM-DD" in Oslo.
//
// SupplierOpMap is merged into the operation table of ops.ts, so `api.request('supplier.get', …)`
// is typed by the declarations below.
import { DRAFT_CATEGORIES, type DraftCategory } from './drafts';

/** "YYYY-MM-DD". */
export type LocalDate = string;

export const TRANSPARENCY_VALUES = ['yes', 'no', 'unknown'] as const;
export type TransparencyAct = (typeof TRANSPARENCY_VALUES)[number];

/** The DFØ high-risk product categories (the same codes as a draft's category). */
export const SUPPLIER_CATEGORIES = DRAFT_CATEGORIES;
export type SupplierCategory = DraftCategory;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const SITE_TIERS = ['raw_material', 'component', 'final_production'] as const;
export type SiteTier = (typeof SITE_TIERS)[number];

export const VALUE_BANDS = ['under_1m', '1m_10m', '10m_50m', 'over_50m'] as const;
export type ValueBand = (typeof VALUE_BANDS)[number];

export const CLAUSE_LEVELS = ['basic', 'advanced'] as const;
export type ClauseLevel = (typeof CLAUSE_LEVELS)[number];

/** From least to most thorough (PROTOCOL.md). */
export const FOLLOW_UP_METHODS = [
  'label_certification', 'contract_meeting', 'self_assessment_simplified', 'self_assessment_full',
  'document_review', 'sample_products', 'office_audit', 'factory_audit', 're_audit',
] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];

export const CASE_STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STEPS = ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6'] as const;
export type Step = (typeof STEPS)[number];

export const FINDING_ANSWERS = ['yes', 'partly', 'no'] as const;
export type FindingAnswer = (typeof FINDING_ANSWERS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'verified'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** The statuses action.save may set (`verified` only through action.verify). */
export const SAVABLE_ACTION_STATUSES = ['open', 'in_progress', 'done'] as const;

export const ESCALATIONS = ['none', 'dialogue', 'action_plan', 'suspension', 'termination'] as const;
export type Escalation = (typeof ESCALATIONS)[number];

export const CASE_VISIBILITIES = ['team', 'sharing', 'all'] as const;
export type CaseVisibility = (typeof CASE_VISIBILITIES)[number];

export const NOTE_VISIBILITIES = ['team', 'all'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export const RELIANCE_REASONS = ['not_completed', 'too_old', 'method_too_weak', 'no_contract', 'own_case'] as const;
export type RelianceReason = (typeof RELIANCE_REASONS)[number];

export const IMPORT_ERROR_CODES = ['bad_orgnr', 'unknown_org', 'not_your_org', 'duplicate', 'missing', 'bad_value'] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];
export const IMPORT_ERROR_DETAILS = [
  'name_missing', 'orgnr_invalid', 'orgnr_or_foreign_id', 'country_for_foreign_id', 'country_code', 'norwegian_needs_orgnr',
  'transparency_act_values', 'risk_level_values', 'not_a_category', 'no_such_org', 'not_your_org', 'value_band_values',
  'clause_level_values', 'not_a_date', 'contract_twice_in_file', 'contract_registered', 'supplier_twice_in_file',
  'name_too_long', 'foreign_id_too_long', 'contract_ref_too_long', 'products_too_long', 'period_end_before_start',
] as const;
export type ImportErrorDetail = (typeof IMPORT_ERROR_DETAILS)[number];

export const AUDIT_ACTIONS = ['read', 'create', 'update', 'delete', 'download', 'verify'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit entry is about (`kind`). */
export const AUDIT_KINDS = ['supplier', 'site', 'contract', 'lead', 'reliance', 'case', 'finding', 'action', 'document', 'draft_link'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface OrgRef {
  org_id: number;
  org_name: string;
}

export interface SupplierLead extends OrgRef {
  on_behalf: OrgRef[];
  since: string;
}

export interface Supplier {
  id: number;
  name: string;
  orgnr: string | null;
  foreign_id: string | null;
  country: string;
  transparency_act: TransparencyAct;
  statement_url: string;
  statement_year: number | null;
  categories: SupplierCategory[];
  risk_level: RiskLevel;
  notes: string;
  created_at: string;
  updated_at: string;
  sharing: OrgRef[];
  sharing_count: number;
  lead: SupplierLead | null;
  open_actions: number;
  overdue_actions: number;
}

export interface PrioritySupplier extends Supplier {
  score: number;
  needs_lead: boolean;
  max_value_band: ValueBand | null;
}

export interface Site {
  id: number;
  name: string;
  address: string;
  country: string;
  tier: SiteTier;
  products: string;
}

export interface Contract {
  id: number;
  supplier_id: number;
  org_id: number;
  org_name: string;
  products: string;
  contract_ref: string;
  period_start: LocalDate | null;
  period_end: LocalDate | null;
  value_band: ValueBand;
  clause_level: ClauseLevel;
  required_method: FollowUpMethod;
}

export interface Finding {
  step: Step;
  answer: FindingAnswer;
  breach: boolean;
  comment: string;
  themes: string[];
  severity: Severity | null;
}

export interface CorrectiveAction {
  id: number;
  case_id: number;
  step: Step | null;
  action: string;
  owner: string;
  deadline: LocalDate;
  status: ActionStatus;
  evidence: string;
  verified_by_name: string | null;
  verified_at: string | null;
  overdue: boolean;
}

export interface EscalationChange {
  from: Escalation;
  to: Escalation;
  by_name: string;
  at: string;
  comment: string;
}

export interface CaseDocument {
  id: number;
  case_id: number;
  title: string;
  filename: string;
  content_type: string;
  size: number;
  visibility: CaseVisibility;
  exempt_reason: string;
  uploaded_by_name: string;
  created_at: string;
}

/** A case as supplier.get lists it: without findings, actions and documents. */
export interface CaseSummary {
  id: number;
  supplier_id: number;
  supplier_name: string;
  method: FollowUpMethod;
  status: CaseStatus;
  org_id: number;
  org_name: string;
  on_behalf: OrgRef[];
  team_id: number | null;
  visibility: CaseVisibility;
  exempt_reason: string;
  started_on: LocalDate | null;
  completed_on: LocalDate | null;
  answer_due: LocalDate | null;
  escalation: Escalation;
  escalations?: EscalationChange[];
  breaches: number;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  can_edit: boolean;
}

export interface FollowUpCase extends CaseSummary {
  findings: Finding[];
  actions: CorrectiveAction[];
  escalations: EscalationChange[];
  documents: CaseDocument[];
}

export interface Reliance {
  id: number;
  supplier_id: number;
  org_id: number;
  org_name: string;
  case_id: number;
  recorded_by_name: string;
  created_at: string;
  valid: boolean;
  /** In Norwegian. */
  reasons: string[];
  /** The same as codes (RelianceReason), for the other language. */
  reason_codes: string[];
  /** The age limit the case was checked against (setting reliance_max_age_days), for too_old. */
  max_age_days: number;
}

export interface SupplierTopic {
  team_id: number;
  channel_id: number;
  topic_id: number;
  name: string;
  case_id: number | null;
}

export interface SupplierMeeting {
  team_id: number;
  meeting_id: number;
  title: string;
  start_utc: string;
}

export interface SupplierDraft {
  team_id: number;
  draft_id: number;
  identifier: string;
  title: string;
}

/** A line of the supplier's timeline: codes, worded by the client (docs/PROTOCOL.md). */
export type TimelineEntry =
  | { at: string; kind: 'case'; method: FollowUpMethod; org_name: string; status: CaseStatus; by_name: string }
  | { at: string; kind: Exclude<AuditKind, 'case'>; action: AuditAction; detail: string; by_name: string };

export interface SupplierGetAnswer {
  supplier: Supplier;
  sites: Site[];
  contracts: Contract[];
  cases: CaseSummary[];
  reliances: Reliance[];
  topics: SupplierTopic[];
  meetings: SupplierMeeting[];
  drafts: SupplierDraft[];
  timeline: TimelineEntry[];
  can_edit: boolean;
  /** Whether supplier.audit is allowed (not in PROTOCOL.md; sent by the server). */
  can_see_audit?: boolean;
}

export interface AuditEntry {
  at: string;
  user_name: string;
  org_name: string | null;
  action: AuditAction;
  kind: string;
  object_id: number | null;
  detail: string;
}

export interface VocabularyLabel {
  code: string;
  nb: string;
  en: string;
}

export interface VocabularyStep {
  step: Step;
  nb: string;
  en: string;
  question_nb: string;
  question_en: string;
}

export interface SupplierSettings {
  self_assessment_days: number;
  reliance_max_age_days: number;
}

export interface Vocabulary {
  /** Codes; the client keeps its own labels for them. */
  categories: string[];
  methods: string[];
  themes: VocabularyLabel[];
  steps: VocabularyStep[];
  settings: SupplierSettings;
}

export interface RelianceCheck {
  valid: boolean;
  reasons: string[];
  reasons_nb: string[];
  /** The age limit the case was checked against (setting reliance_max_age_days), for too_old. */
  max_age_days: number;
}

export interface ImportError {
  row: number;
  field: string;
  code: ImportErrorCode | string;
  /** Which check failed (IMPORT_ERROR_DETAILS), worded by the client. */
  detail: ImportErrorDetail | string;
  /** The cell as written (empty when missing). */
  value: string;
  /** The same in English, shown only for a detail the client does not know. */
  message: string;
}

export interface ImportAnswer {
  dry_run: boolean;
  rows: number;
  suppliers_new: number;
  suppliers_existing: number;
  contracts_new: number;
  errors: ImportError[];
}

export interface NoteTeam {
  id: number;
  name: string;
}

export interface Note {
  id: number;
  title: string;
  body: string;
  team_ids: number[];
  teams: NoteTeam[];
  category: SupplierCategory | null;
  country: string | null;
  themes: string[];
  supplier_id: number | null;
  supplier_name: string | null;
  case_id: number | null;
  visibility: NoteVisibility;
  author_id: number;
  author_name: string;
  created_at: string;
  updated_at: string;
  useful: number;
  marked_useful: boolean;
  comment_count: number;
  can_edit: boolean;
}

export interface NoteListItem extends Note {
  /** Escaped text with <mark> around the hits (sanitised again before display). */
  snippet: string;
}

export interface NoteComment {
  id: number;
  author_id: number;
  author_name: string;
  body: string;
  created_at: string;
}

/** supplier.list's filters. */
export interface SupplierFilter {
  q?: string;
  category?: SupplierCategory;
  country?: string;
  risk_level?: RiskLevel;
  shared_only?: boolean;
  mine?: boolean;
  needs_lead?: boolean;
  /** Page size, 1..1000 (default 1000). */
  limit?: number;
  /** The `next` of the previous page. */
  after?: SupplierListPosition | null;
}

/** Where a page of supplier.list ended (its last supplier), in the list's order. */
export interface SupplierListPosition {
  name: string;
  id: number;
}

/** The fields of supplier.create (and, each optional, of supplier.update). */
export interface SupplierFields {
  name: string;
  orgnr?: string;
  foreign_id?: string;
  country?: string;
  transparency_act?: TransparencyAct;
  statement_url?: string;
  statement_year?: number | null;
  categories?: SupplierCategory[];
  risk_level?: RiskLevel;
  notes?: string;
}

export interface ContractFields {
  products?: string;
  contract_ref?: string;
  period_start?: LocalDate | null;
  period_end?: LocalDate | null;
  value_band: ValueBand;
  clause_level: ClauseLevel;
  required_method?: FollowUpMethod;
}

export interface CaseFields {
  method: FollowUpMethod;
  on_behalf?: number[];
  team_id?: number | null;
  visibility?: CaseVisibility;
  exempt_reason?: string;
  status?: CaseStatus;
  started_on?: LocalDate | null;
  completed_on?: LocalDate | null;
}

export interface FindingInput {
  step: Step;
  answer: FindingAnswer;
  comment?: string;
  themes?: string[];
  severity?: Severity | null;
}

export interface NoteFields {
  title: string;
  body: string;
  team_ids: number[];
  category?: SupplierCategory | null;
  country?: string | null;
  themes?: string[];
  supplier_id?: number | null;
  case_id?: number | null;
  visibility?: NoteVisibility;
}

export interface NoteFilter {
  q?: string;
  team_id?: number;
  category?: SupplierCategory;
  country?: string;
  theme?: string;
  supplier_id?: number;
  sort?: 'newest' | 'useful';
  limit?: number;
}

type Empty = Record<string, never>;
/** Organisation actions: an administrator names the organisation. */
type AsOrg = { org_id?: number };

export interface SupplierOpMap {
  'supplier.vocabulary': { req: Empty; res: Vocabulary };
  'supplier.list': { req: SupplierFilter; res: { suppliers: Supplier[]; next: SupplierListPosition | null; total: number } };
  'supplier.get': { req: { supplier_id: number }; res: SupplierGetAnswer };
  'supplier.create': { req: SupplierFields; res: { supplier: Supplier } };
  'supplier.update': { req: Partial<SupplierFields> & { supplier_id: number }; res: { supplier: Supplier } };
  'supplier.site_save': {
    req: { supplier_id: number; site_id?: number; name: string; address?: string; country: string; tier: SiteTier; products?: string };
    res: { site: Site };
  };
  'supplier.site_delete': { req: { supplier_id: number; site_id: number }; res: Empty };
  'supplier.contract_save': { req: ContractFields & AsOrg & { supplier_id: number; contract_id?: number }; res: { contract: Contract } };
  'supplier.contract_delete': { req: { supplier_id: number; contract_id: number }; res: Empty };
  'supplier.set_lead': {
    req: (AsOrg & { supplier_id: number; on_behalf: number[] }) | { supplier_id: number; clear: true };
    res: { supplier: Supplier };
  };
  'supplier.reliance_check': { req: AsOrg & { supplier_id: number; case_id: number }; res: RelianceCheck };
  'supplier.rely': { req: AsOrg & { supplier_id: number; case_id: number }; res: { reliance: Reliance } };
  'supplier.unrely': { req: AsOrg & { supplier_id: number }; res: Empty };
  'supplier.priorities': { req: { limit?: number }; res: { suppliers: PrioritySupplier[] } };
  'supplier.audit': { req: { supplier_id: number; limit?: number }; res: { entries: AuditEntry[] } };
  'supplier.link': { req: { supplier_id: number; kind: 'draft'; team_id: number; id: number; on?: boolean }; res: Empty };
  'supplier.import': { req: { csv: string; dry_run?: boolean }; res: ImportAnswer };
  'supplier.export': { req: { format: 'csv' | 'json' }; res: { filename: string; content_type: string; content: string } };
  'case.create': { req: CaseFields & AsOrg & { supplier_id: number }; res: { case: FollowUpCase } };
  'case.get': { req: { case_id: number }; res: { case: FollowUpCase } };
  'case.update': { req: Partial<CaseFields> & { case_id: number }; res: { case: FollowUpCase } };
  'case.findings': { req: { case_id: number; findings: FindingInput[] }; res: { case: FollowUpCase } };
  'case.escalate': { req: { case_id: number; to: Escalation; comment?: string }; res: { case: FollowUpCase } };
  'action.save': {
    req: {
      case_id: number; action_id?: number; step?: Step | null; action: string; owner?: string; deadline: LocalDate;
      status?: ActionStatus; evidence?: string;
    };
    res: { action: CorrectiveAction };
  };
  'action.verify': { req: { action_id: number }; res: { action: CorrectiveAction } };
  'action.delete': { req: { action_id: number }; res: Empty };
  'document.upload': {
    req: {
      case_id: number; title: string; filename: string; content_type: string; visibility: CaseVisibility;
      exempt_reason?: string; content_base64: string;
    };
    res: { document: CaseDocument };
  };
  'document.delete': { req: { document_id: number }; res: Empty };
  'settings.get': { req: Empty; res: { settings: SupplierSettings } };
  'settings.update': { req: Partial<SupplierSettings>; res: { settings: SupplierSettings } };
  'settings.theme_save': { req: { code: string; nb: string; en: string }; res: { themes: { code: string; nb: string; en: string }[] } };
  'note.list': { req: NoteFilter; res: { notes: NoteListItem[] } };
  'note.get': { req: { note_id: number }; res: { note: Note; comments: NoteComment[] } };
  'note.create': { req: NoteFields; res: { note: Note } };
  'note.update': { req: Partial<NoteFields> & { note_id: number }; res: { note: Note } };
  'note.delete': { req: { note_id: number }; res: Empty };
  'note.comment': { req: { note_id: number; body: string }; res: { comment: NoteComment } };
  'note.useful': { req: { note_id: number; on: boolean }; res: { useful: number; marked_useful: boolean } };
}

/** Events of the section (PROTOCOL.md "Supplier events"). */
export interface SupplierEventMap {
  'supplier.updated': { supplier: Supplier };
  'case.updated': { case: FollowUpCase };
  'note.updated': { note: Note; deleted?: boolean };
}

/** Where a document is downloaded (GET, signed in, Content-Disposition: attachment). */
export function documentHref(documentId: number): string {
  return `/api/documents/${documentId}`;
}

/** The content types a document may have (PROTOCOL.md `document.upload`), by file extension. */
export const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

/** The longest document filename the server takes, in characters. */
export const DOCUMENT_FILENAME_MAX = 200;

/** The HTTP upload of a case document: its query string names the case and the metadata. */
export function documentUploadPath(fields: {
  case_id: number; title: string; visibility: CaseVisibility; filename: string; exempt_reason?: string;
}): string {
  const q = new URLSearchParams();
  q.set('case_id', String(fields.case_id));
  q.set('title', fields.title);
  q.set('visibility', fields.visibility);
  if (fields.exempt_reason) q.set('exempt_reason', fields.exempt_reason);
  q.set('filename', fields.filename);
  return `/api/upload/document?${q.toString()}`;
}

/** The HTTP form of supplier.import for files over the message limit. */
export function importUploadPath(dryRun: boolean): string {
  return `/api/upload/import?dry_run=${dryRun ? 1 : 0}`;
}

/** How thorough a method is (0 = least); a re-audit counts as a factory audit. */
export function methodRank(method: FollowUpMethod): number {
  const m = method === 're_audit' ? 'factory_audit' : method;
  return FOLLOW_UP_METHODS.indexOf(m);
}

/** Whether `method` satisfies a contract that requires `required`. */
export function methodSatisfies(method: FollowUpMethod, required: FollowUpMethod): boolean {
  return methodRank(method) >= methodRank(required);
}

/** The default required method of a contract by its clause level (PROTOCOL.md Contract). */
export function defaultRequiredMethod(level: ClauseLevel): FollowUpMethod {
  return level === 'advanced' ? 'factory_audit' : 'self_assessment_simplified';
}

export function isSelfAssessment(method: FollowUpMethod): boolean {
  return method === 'self_assessment_simplified' || method === 'self_assessment_full';
}
