import { describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n/catalogue';
import type { Language } from '../../src/protocol/types';
import type { TimelineEntry } from '../../src/protocol/suppliers';
import { auditDetailText, timelineText } from '../../src/ui/screens/suppliers/SupplierLinks';

const tr = (language: Language) => (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(language, key, params);
const at = '2026-11-28T09:00:00.000Z';

describe('supplier timeline lines', () => {
  const change: TimelineEntry = { at, kind: 'contract', action: 'update', detail: 'K-2026-07', by_name: 'Kari' };
  const bare: TimelineEntry = { at, kind: 'lead', action: 'delete', detail: '', by_name: 'Kari' };
  const kase: TimelineEntry = { at, kind: 'case', method: 'factory_audit', org_name: 'Helse Vest', status: 'ongoing', by_name: 'Ola' };

  it('word the codes in Norwegian', () => {
    expect(timelineText(tr('nb'), change)).toBe('Endret kontrakt: K-2026-07');
    expect(timelineText(tr('nb'), bare)).toBe('Slettet ansvar for oppfølgingen');
    const line = timelineText(tr('nb'), kase);
    expect(line).toMatch(/^Oppfølgingssak \(.+, Helse Vest\): .+$/);
    expect(line).not.toContain('factory_audit');
    expect(line).not.toContain('ongoing');
  });

  it('and in English', () => {
    expect(timelineText(tr('en'), change)).toBe('Changed contract: K-2026-07');
    expect(timelineText(tr('en'), kase)).toMatch(/^Follow-up case \(.+, Helse Vest\): .+$/);
  });

  it('word a verification as its own action', () => {
    const verify = { at, kind: 'action', action: 'verify', detail: 'Ny rutine', by_name: 'Kari' } as TimelineEntry;
    expect(timelineText(tr('nb'), verify)).toBe('Verifiserte tiltak: Ny rutine');
    expect(timelineText(tr('en'), verify)).toBe('Verified corrective action: Ny rutine');
  });

  it('show a code the client does not know as it is', () => {
    const future = { at, kind: 'contract', action: 'archive', detail: '', by_name: 'Kari' } as unknown as TimelineEntry;
    expect(timelineText(tr('nb'), future)).toBe('archive kontrakt');
  });
});

describe('audit entry details', () => {
  it('word the codes the server writes, in either language', () => {
    expect(auditDetailText(tr('nb'), { action: 'create', kind: 'case', detail: 'factory_audit' })).toBe('Fabrikkrevisjon');
    expect(auditDetailText(tr('nb'), { action: 'update', kind: 'case', detail: 'completed' })).toBe('Fullført');
    expect(auditDetailText(tr('nb'), { action: 'update', kind: 'case', detail: 'escalation none -> dialogue' })).toBe('Eskalering: Ingen → Dialog');
    expect(auditDetailText(tr('en'), { action: 'create', kind: 'case', detail: 'factory_audit' })).not.toBe('factory_audit');
  });

  it('leave people\'s own words as written', () => {
    expect(auditDetailText(tr('nb'), { action: 'create', kind: 'contract', detail: 'completed' })).toBe('completed');
    expect(auditDetailText(tr('nb'), { action: 'create', kind: 'action', detail: 'Bytt leverandør av hansker' })).toBe('Bytt leverandør av hansker');
    expect(auditDetailText(tr('nb'), { action: 'create', kind: 'document', detail: 'rapport.pdf' })).toBe('rapport.pdf');
    // An action whose text is "verified" is an edit, not a verification (that is action 'verify').
    expect(auditDetailText(tr('nb'), { action: 'update', kind: 'action', detail: 'verified' })).toBe('verified');
    expect(auditDetailText(tr('nb'), { action: 'verify', kind: 'action', detail: 'Ny rutine' })).toBe('Ny rutine');
  });
});
