// Message keys for protocol values shown to people.
import type { MessageKey } from '../i18n/catalogue';
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
