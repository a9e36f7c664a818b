// The objects of docs/PROTOCOL.md ("Objects"), as the server sends them.
// Times are RFC 3339 UTC strings; identifiers are integers.

export type Language = 'nb' | 'en';
export const LANGUAGES: readonly Language[] = ['nb', 'en'];

export type TeamRole = 'facilitator' | 'member' | 'observer';
export const TEAM_ROLES: readonly TeamRole[] = ['facilitator', 'member', 'observer'];

export interface User {
  id: number;
  email: string;
  display_name: string;
  org_id: number | null;
  org_name: string | null;
  language: Language;
  is_admin: boolean;
  disabled: boolean;
  created_at: string;
}

export interface Org {
  id: number;
  name: string;
  orgnr: string | null;
  foreign_id: string | null;
  country: string;
}

export interface Team {
  id: number;
  slug: string;
  name: string;
  description: string;
  archived: boolean;
  my_role: TeamRole | null;
  member_count: number;
}

export interface Member {
  user_id: number;
  display_name: string;
  email: string;
  org_name: string | null;
  role: TeamRole;
  since: string;
}

export interface Invitation {
  id: number;
  team_id: number;
  role: TeamRole;
  email: string | null;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  created_at: string;
  last_seen_at: string | null;
}

export interface Membership {
  team_id: number;
  role: TeamRole;
}

/** An organisation as written by a form: Norwegian (orgnr) or foreign (foreign_id + country). */
export type OrgFields =
  | { name: string; orgnr: string }
  | { name: string; foreign_id: string; country: string };

export interface InviteInfo {
  team: { id: number; name: string };
  role: TeamRole;
  email: string | null;
  expires_at: string;
  /** The organisations a newcomer can pick from (no session is needed to see them here). */
  organisations: { id: number; name: string }[];
}
