// Message keys for protocol values shown to people.
import type { MessageKey } from '../i18n/catalogue';
import type { DraftCategory, DraftKind, DraftStatus, VersionKind } from '../protocol/drafts';
import type { MeetingAnswerValue, MeetingScope, PollAnswerValue, PollStatus } from '../protocol/meetings';
import type { Invitation, Language, TeamRole } from '../protocol/types';

export const ROLE_KEYS: Record<TeamRole, MessageKey> = {
  facilitator: 'role.facilitator',
  member: 'role.member',
  observer: 'role.observer',
};

export const LANGUAGE_KEYS: Record<Language, MessageKey> = {
  nb: 'language.nb',
  en: 'language.en',
};

export type InvitationState = 'active' | 'used' | 'revoked' | 'expired';

export const INVITATION_STATE_KEYS: Record<InvitationState, MessageKey> = {
  active: 'invitations.state_active',
  used: 'invitations.state_used',
  revoked: 'invitations.state_revoked',
  expired: 'invitations.state_expired',
};

export function invitationState(inv: Invitation, now: number): InvitationState {
  if (inv.used_at) return 'used';
  if (inv.revoked_at) return 'revoked';
  return Date.parse(inv.expires_at) <= now ? 'expired' : 'active';
}

export const DRAFT_KIND_KEYS: Record<DraftKind, MessageKey> = {
  kvalifikasjonskrav: 'drafts.kind.kvalifikasjonskrav',
  tildelingskriterium: 'drafts.kind.tildelingskriterium',
  kontraktsvilkar: 'drafts.kind.kontraktsvilkar',
  kravspesifikasjon: 'drafts.kind.kravspesifikasjon',
  annet: 'drafts.kind.annet',
};

export const DRAFT_CATEGORY_KEYS: Record<DraftCategory, MessageKey> = {
  ikt: 'drafts.category.ikt',
  tekstil: 'drafts.category.tekstil',
  medisinsk: 'drafts.category.medisinsk',
  bygg: 'drafts.category.bygg',
  mat: 'drafts.category.mat',
  moebler: 'drafts.category.moebler',
  leker: 'drafts.category.leker',
  kontor: 'drafts.category.kontor',
  transport: 'drafts.category.transport',
  renhold: 'drafts.category.renhold',
};

export const DRAFT_STATUS_KEYS: Record<DraftStatus, MessageKey> = {
  utkast: 'drafts.status.utkast',
  til_gjennomgang: 'drafts.status.til_gjennomgang',
  godkjent: 'drafts.status.godkjent',
  publisert: 'drafts.status.publisert',
  arkivert: 'drafts.status.arkivert',
};

/** The button that moves a draft to a status. */
export const DRAFT_MOVE_KEYS: Record<DraftStatus, MessageKey> = {
  utkast: 'drafts.move.utkast',
  til_gjennomgang: 'drafts.move.til_gjennomgang',
  godkjent: 'drafts.move.godkjent',
  publisert: 'drafts.move.publisert',
  arkivert: 'drafts.move.arkivert',
};

export const VERSION_KIND_KEYS: Record<VersionKind, MessageKey> = {
  named: 'drafts.version_kind.named',
  auto: 'drafts.version_kind.auto',
  restore: 'drafts.version_kind.restore',
  status: 'drafts.version_kind.status',
};

export const MEETING_ANSWER_KEYS: Record<MeetingAnswerValue, MessageKey> = {
  yes: 'meetings.answer_yes',
  maybe: 'meetings.answer_maybe',
  no: 'meetings.answer_no',
};

export const POLL_ANSWER_KEYS: Record<PollAnswerValue, MessageKey> = {
  yes: 'polls.answer_yes',
  if_need_be: 'polls.answer_if_need_be',
  no: 'polls.answer_no',
};

export const MEETING_SCOPE_KEYS: Record<MeetingScope, MessageKey> = {
  occurrence: 'meetings.scope_occurrence',
  following: 'meetings.scope_following',
  series: 'meetings.scope_series',
};

export const POLL_STATUS_KEYS: Record<PollStatus, MessageKey> = {
  open: 'polls.status_open',
  closed: 'polls.status_closed',
  decided: 'polls.status_decided',
};
