// The requirement-draft objects of docs/PROTOCOL.md ("Requirement drafts"), as the server
// sends them. Every position and length is in
// Unicode code points.
import type { TextOp } from 'ot-text-unicode';

export type { TextOp };

export const DRAFT_KINDS = [
  'kvalifikasjonskrav', 'tildelingskriterium', 'kontraktsvilkar', 'kravspesifikasjon', 'annet',
] as const;
/**
 * `referat` (meeting minutes) is made only by meeting.minutes (PROTOCOL.md "Meetings"), so it is
 * not among the kinds offered when creating a draft.
 */
export type DraftKind = (typeof DRAFT_KINDS)[number];

export const DRAFT_CATEGORIES = [
  'ikt', 'tekstil', 'medisinsk', 'bygg', 'mat', 'moebler', 'leker', 'kontor', 'transport', 'renhold',
] as const;
export type DraftCategory = (typeof DRAFT_CATEGORIES)[number];

export const DRAFT_STATUSES = ['utkast', 'til_gjennomgang', 'godkjent', 'publisert', 'arkivert'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export interface DraftSource {
  draft_id: number;
  identifier: string;
  team_name: string;
  version: number;
}

export interface Draft {
  id: number;
  team_id: number;
  team_name: string;
  identifier: string;
  title: string;
  kind: DraftKind;
  category: DraftCategory | null;
  tags: string[];
  status: DraftStatus;
  version: number;
  created_by: number;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  source: DraftSource | null;
  published_version: number | null;
  length: number;
}

export interface StatusChange {
  from: DraftStatus;
  to: DraftStatus;
  by: number;
  by_name: string;
  at: string;
  comment: string;
  version: number;
}

export interface OpRecord {
  version: number;
  op: TextOp;
  user_id: number;
  client_id: string;
  client_seq: number;
  at: string;
}

export interface DraftCursor {
  socket: string | number;
  user_id: number;
  display_name: string;
  color: string;
  anchor: number | null;
  head: number | null;
}

export interface DraftComment {
  id: number;
  draft_id: number;
  parent_id: number | null;
  author_id: number;
  author_name: string;
  body: string;
  start: number | null;
  end: number | null;
  version: number | null;
  quote: string | null;
  detached: boolean;
  resolved: boolean;
  created_at: string;
  edited_at: string | null;
}

export type VersionKind = 'named' | 'auto' | 'restore' | 'status';

export interface DraftVersion {
  id: number;
  version: number;
  label: string | null;
  kind: VersionKind;
  by: number | null;
  by_name: string | null;
  at: string;
}

export interface DiffChunk {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface AuthorshipAnswer {
  version: number;
  runs: { length: number; user_id: number }[];
  authors: { user_id: number; display_name: string; color: string }[];
}

export type DraftOpenAnswer =
  | { reload: true; version: number; socket?: string | number }
  | {
    reload?: false; draft: Draft; socket: string | number; version: number; text: string; cursors: DraftCursor[];
    comments: DraftComment[]; ops?: undefined;
  }
  | { reload?: false; draft: Draft; socket: string | number; version: number; ops: OpRecord[]; text?: undefined };

export type ExportFormat = 'md' | 'html' | 'docx';
export type ExportAnswer =
  | { filename: string; content: string; content_base64?: undefined }
  | { filename: string; content_base64: string; content?: undefined };

export interface LibraryResult {
  draft: Draft;
  snippet: string;
}

/** Who may move a draft from one status to another (docs/PROTOCOL.md draft.set_status). */
export function allowedMoves(from: DraftStatus, facilitator: boolean): DraftStatus[] {
  const out: DraftStatus[] = [];
  if (from === 'utkast') out.push('til_gjennomgang');
  if (from === 'til_gjennomgang') out.push('utkast');
  if (facilitator) {
    if (from === 'til_gjennomgang') out.push('godkjent');
    if (from === 'godkjent') out.push('publisert');
    if (from === 'godkjent' || from === 'publisert' || from === 'arkivert') out.push('utkast');
    if (from !== 'arkivert') out.push('arkivert');
  }
  return [...new Set(out)];
}

/** Only these statuses accept edits. */
export function isEditable(status: DraftStatus): boolean {
  return status === 'utkast' || status === 'til_gjennomgang';
}
