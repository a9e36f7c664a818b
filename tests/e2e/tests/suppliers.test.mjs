// Suppliers and follow-up in the browser (docs/PROTOCOL.md "Suppliers and follow-up"). Two
// buyers from two organisations (Helse Vest RHF and Oslo kommune) in one team:
// (a) Anne registers a supplier through the form (the server's check-digit refusal is shown next
//     to the field first) and records a contract for Helse Vest; Bjørn records one for Oslo
//     kommune; the supplier page shows both sharing organisations;
// (b) Helse Vest takes the lead on behalf of Oslo kommune;
// (c) Anne records a full self-assessment on the case page with step 2.2 answered "no": a breach;
// (d) she makes a corrective action plan with an action and a deadline, marks it done and
//     verifies it, and the supplier's audit trail shows the verification as its own entry;
// (e) she completes the case;
// (f) Bjørn relies on Helse Vest's follow-up (allowed, shown as valid); relying on a too weak
//     method shows the reason instead.
// Plus an experience note written and found by search, the import wizard (a dry run reports a
// bad orgnr row; a valid file imports), the admin settings panel, and axe on every screen.
// People and memberships are made through the HTTP API. When the server answers `unknown_op`
// for an operation a step needs, that step is skipped and says which operations are missing.
// Every wait is on a condition, never on a fixed sleep.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { expectAccessible } from '../lib/axe.mjs';
import { createWorld } from '../lib/world.mjs';

const ADMIN = { email: 'kari.lev@helse-vest.test', name: 'Kari Admin', password: 'riktig-hest-batteri-stift' };
const ANNE = { email: 'anne.lev@helse-vest.test', name: 'Anne Vik', password: 'lang-og-trygg-passordfrase' };
const BJORN = { email: 'bjorn.lev@oslo.test', name: 'Bjørn Berg', password: 'enda-en-lang-passordfrase' };
const ORG_A = { name: 'Helse Vest RHF', orgnr: '983974880' };
const ORG_B = { name: 'Oslo kommune', orgnr: '958935420' };
const SUPPLIER = { name: 'Tekstilfabrikken Nord AS', orgnr: '974760673', badOrgnr: '974760674' };
const ACTION_TEXT = 'Leverandøren kartlegger risiko i egen leverandørkjede';
const NOTE_TITLE = 'Erfaringer med egenerklæring i tekstil';
const NOTE_WORD = 'spinneriet';
/** The operations every step needs. */
const CORE_OPS = ['supplier.list', 'supplier.get', 'supplier.create', 'supplier.contract_save'];

let teamId;
let orgB;
let supplierId;
let caseId;
const world = createWorld({
  prefix: 'suppliers', opsAs: 'admin', ensurePages, slugLength: 80, skippedTitle: 'supplier steps skipped',
});
const { cookies, must, pages, openAs, step } = world;
export const skipped = world.skipped;

async function ensurePages() {
  if (pages.anne) return;
  await openAs('anne');
  await openAs('bjorn');
  await openAs('admin');
}

// ---- Dates as the UI shows them (Europe/Oslo, dd.mm.yyyy), computed independently of the client ----

function osloToday() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function plusDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const ddmmyyyy = (date) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

/** Records a contract through the supplier page's form. */
async function recordContract(page, { products, ref, band }) {
  await page.getByRole('button', { name: 'Registrer kontrakt', exact: true }).click();
  await page.getByLabel(/^Produkter og tjenester/).fill(products);
  await page.getByLabel(/^Kontraktsreferanse/).fill(ref);
  await page.getByLabel(/^Fra dato/).fill(ddmmyyyy(plusDays(osloToday(), -30)));
  await page.getByLabel(/^Til dato/).fill(ddmmyyyy(plusDays(osloToday(), 700)));
  await page.getByLabel('Verdi per år', { exact: true }).selectOption(band);
  await page.getByRole('radio', { name: 'Grunnleggende', exact: true }).check();
  await page.getByRole('button', { name: 'Lagre kontrakten', exact: true }).click();
  await page.getByTestId('my-contracts').locator(`tr[data-contract="${ref}"]`).waitFor();
}

describe('Suppliers and follow-up', { concurrency: false }, () => {
  before(async () => {
    await world.start();
    await world.setup(ADMIN, ORG_A);
    const admin = await world.login('admin', ADMIN);
    const { organisation } = await must('admin', 'org.create', ORG_B);
    orgB = organisation;
    const { teams } = await must('admin', 'team.list', {});
    teamId = (teams.find((t) => t.name === 'Tekstil') ?? teams[0])?.id
      ?? (await must('admin', 'team.create', { name: 'Tekstil', slug: 'tekstil' })).team.id;
    const { user: anne } = await must('admin', 'user.create', { email: ANNE.email, display_name: ANNE.name, password: ANNE.password, org_id: admin.org_id });
    const { user: bjorn } = await must('admin', 'user.create', { email: BJORN.email, display_name: BJORN.name, password: BJORN.password, org_id: orgB.id });
    await must('admin', 'team.add_member', { team_id: teamId, user_id: anne.id, role: 'member' });
    await must('admin', 'team.add_member', { team_id: teamId, user_id: bjorn.id, role: 'member' });
    await world.login('anne', ANNE);
    await world.login('bjorn', BJORN);
    world.missingOps = await world.unknownOps(CORE_OPS);
  });

  after(() => world.stop());

  step('(a) a supplier is registered through the form and both organisations record contracts', [], async () => {
    const anne = pages.anne.page;
    const bjorn = pages.bjorn.page;
    await anne.goto('/suppliers');
    await anne.getByRole('heading', { level: 1, name: 'Leverandører' }).waitFor();
    await anne.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Leverandører' }).waitFor();
    await expectAccessible(anne, 'the supplier register (empty)');

    await anne.getByRole('link', { name: 'Ny leverandør', exact: true }).click();
    await anne.waitForURL(/\/suppliers\/new$/);
    await anne.getByLabel('Navn', { exact: true }).fill(SUPPLIER.name);
    await anne.getByLabel('Organisasjonsnummer', { exact: true }).fill(SUPPLIER.badOrgnr);
    // The client hints at the check digit while typing…
    await anne.getByText('Kontrollsifferet stemmer ikke', { exact: false }).waitFor();
    await anne.getByRole('checkbox', { name: 'Arbeidstøy, fottøy og tekstil', exact: true }).check();
    await anne.getByLabel('Risiko', { exact: true }).selectOption('high');
    await anne.getByRole('radio', { name: 'Ja', exact: true }).check();
    await expectAccessible(anne, 'the new supplier form');
    // …and the form refuses it itself, next to the field and in Norwegian, before asking the server.
    await anne.getByRole('button', { name: 'Registrer leverandør', exact: true }).click();
    const orgnrError = anne.locator('#su-orgnr-error');
    await orgnrError.waitFor();
    assert.match(await orgnrError.textContent(), /^Kontrollsifferet stemmer ikke/);
    assert.equal(await anne.locator('#su-orgnr').getAttribute('aria-invalid'), 'true');
    assert.equal(await anne.evaluate(() => document.activeElement?.id), 'su-orgnr');
    assert.equal((await must('anne', 'supplier.list', {})).suppliers.length, 0, 'nothing was registered');
    await anne.getByLabel('Organisasjonsnummer', { exact: true }).fill(SUPPLIER.orgnr);
    await anne.getByRole('button', { name: 'Registrer leverandør', exact: true }).click();
    await anne.waitForURL(/\/suppliers\/\d+$/);
    supplierId = Number(new URL(anne.url()).pathname.split('/').pop());
    await anne.getByRole('heading', { level: 1, name: SUPPLIER.name }).waitFor();
    const { supplier } = await must('anne', 'supplier.get', { supplier_id: supplierId });
    assert.equal(supplier.orgnr, SUPPLIER.orgnr);
    assert.equal(supplier.risk_level, 'high');
    assert.deepEqual(supplier.categories, ['tekstil']);
    assert.equal(supplier.transparency_act, 'yes');

    await recordContract(anne, { products: 'Arbeidstøy', ref: 'HV-2026-17', band: '10m_50m' });
    await expectAccessible(anne, 'the supplier page with a contract');

    await bjorn.goto(`/suppliers/${supplierId}`);
    await bjorn.getByRole('heading', { level: 1, name: SUPPLIER.name }).waitFor();
    await recordContract(bjorn, { products: 'Sengetøy', ref: 'OK-2026-3', band: '1m_10m' });
    const sharing = bjorn.getByTestId('sharing-orgs');
    await sharing.filter({ hasText: ORG_A.name }).filter({ hasText: ORG_B.name }).waitFor();
    // Anne's open page follows (supplier.updated) without a reload.
    await anne.getByTestId('sharing-orgs').filter({ hasText: ORG_B.name }).waitFor();
    const again = await must('bjorn', 'supplier.get', { supplier_id: supplierId });
    assert.equal(again.supplier.sharing_count, 2);
    await expectAccessible(bjorn, 'the supplier page (second organisation)');

    await anne.goto('/suppliers?shared=1');
    await anne.getByTestId('supplier-table').locator(`tr[data-supplier="${SUPPLIER.name}"]`).getByTestId('sharing-count').filter({ hasText: /^2$/ }).waitFor();
    await expectAccessible(anne, 'the supplier register (filtered)');
    await anne.goto('/suppliers/priorities');
    await anne.getByTestId('priorities-table').locator(`tr[data-supplier="${SUPPLIER.name}"][data-needs-lead="yes"]`).waitFor();
    await expectAccessible(anne, 'the priorities');
  });

  step('(b) Helse Vest takes the lead on behalf of Oslo kommune', ['supplier.set_lead'], async () => {
    const anne = pages.anne.page;
    await anne.goto(`/suppliers/${supplierId}`);
    await anne.getByRole('heading', { level: 2, name: 'Ansvar for oppfølgingen' }).waitFor();
    const box = anne.getByRole('checkbox', { name: ORG_B.name, exact: true });
    await box.check();
    await anne.getByRole('button', { name: 'Vi leder oppfølgingen', exact: true }).click();
    await anne.getByText('Ansvaret for oppfølgingen er lagret.').waitFor();
    await anne.getByTestId('lead').filter({ hasText: `${ORG_A.name} leder oppfølgingen` }).waitFor();
    await anne.getByTestId('lead-on-behalf').filter({ hasText: ORG_B.name }).waitFor();
    const { supplier } = await must('bjorn', 'supplier.get', { supplier_id: supplierId });
    assert.equal(supplier.lead.org_name, ORG_A.name);
    assert.deepEqual(supplier.lead.on_behalf.map((o) => o.org_name), [ORG_B.name]);
    await pages.bjorn.page.goto(`/suppliers/${supplierId}`);
    await pages.bjorn.page.getByTestId('lead').filter({ hasText: ORG_A.name }).waitFor();
  });

  step('(c) a full self-assessment with step 2.2 answered "no" is a breach', ['case.create', 'case.get', 'case.findings', 'supplier.vocabulary'], async () => {
    const anne = pages.anne.page;
    await anne.goto(`/suppliers/${supplierId}`);
    await anne.getByRole('link', { name: 'Ny oppfølgingssak', exact: true }).click();
    await anne.waitForURL(/\/cases\/new$/);
    await anne.getByLabel('Oppfølgingsmetode', { exact: true }).selectOption('self_assessment_full');
    await anne.getByLabel('Status', { exact: true }).selectOption('ongoing');
    // Leading for Oslo kommune: the case is on its behalf too.
    assert.equal(await anne.getByRole('checkbox', { name: ORG_B.name, exact: true }).isChecked(), true);
    await expectAccessible(anne, 'the new case form');
    await anne.getByRole('button', { name: 'Opprett saken', exact: true }).click();
    await anne.waitForURL(/\/cases\/\d+$/);
    caseId = Number(new URL(anne.url()).pathname.split('/').pop());
    await anne.getByTestId('case-method').filter({ hasText: 'Egenerklæring (full)' }).waitFor();
    await anne.getByTestId('case-on-behalf').filter({ hasText: ORG_B.name }).waitFor();
    // A self-assessment gets an answer date (started + self_assessment_days).
    await anne.getByTestId('case-answer-due').filter({ hasText: /\d{2}\.\d{2}\.\d{4}/ }).waitFor();

    for (const s of ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6']) {
      const group = anne.getByTestId(`finding-${s.replace('.', '-')}`);
      await group.getByRole('radio', { name: s === '2.2' ? 'Nei' : 'Ja', exact: true }).check();
    }
    const step22 = anne.getByTestId('finding-2-2');
    await step22.getByTestId('breach-flag').filter({ hasText: 'Brudd på kontrakten' }).waitFor();
    assert.equal(await anne.getByTestId('finding-2-1').getByTestId('breach-flag').count(), 0);
    await step22.getByLabel(/^Kommentar/).fill('Leverandøren har ikke kartlagt risiko utover første ledd.');
    await expectAccessible(anne, 'the case page with the findings form');
    await anne.getByRole('button', { name: 'Lagre funnene', exact: true }).click();
    await anne.getByText('Funnene er lagret.').waitFor();
    await anne.locator('[data-testid="case-breaches"][data-breaches="1"]').waitFor();
    const { case: c } = await must('anne', 'case.get', { case_id: caseId });
    assert.equal(c.method, 'self_assessment_full');
    assert.equal(c.breaches, 1);
    const f22 = c.findings.find((f) => f.step === '2.2');
    assert.equal(f22.answer, 'no');
    assert.equal(f22.breach, true);
    assert.equal(c.findings.length, 6);
    assert.ok(c.answer_due, 'a self-assessment has answer_due');
  });

  step('(d) a corrective action plan with an action and a deadline', ['action.save'], async () => {
    const anne = pages.anne.page;
    const deadline = plusDays(osloToday(), 60);
    await anne.getByRole('button', { name: 'Legg til tiltak', exact: true }).first().click();
    await anne.getByLabel('Punkt', { exact: true }).selectOption('2.2');
    await anne.getByLabel('Tiltak', { exact: true }).fill(ACTION_TEXT);
    await anne.getByLabel(/^Ansvarlig hos leverandøren/).fill('Kvalitetssjef');
    await anne.getByLabel('Frist', { exact: true }).fill(ddmmyyyy(deadline));
    await anne.getByRole('button', { name: 'Lagre tiltaket', exact: true }).click();
    const row = anne.getByTestId('action-plan').locator(`tr[data-action="${ACTION_TEXT}"][data-overdue="no"]`);
    await row.filter({ hasText: ddmmyyyy(deadline) }).waitFor();
    await expectAccessible(anne, 'the case page with an action plan');
    const { case: c } = await must('anne', 'case.get', { case_id: caseId });
    assert.equal(c.actions.length, 1);
    assert.equal(c.actions[0].deadline, deadline);
    assert.equal(c.actions[0].step, '2.2');
    assert.equal(c.actions[0].status, 'open');
  });

  step('the action is done and verified, and the audit trail shows the verification', ['action.save', 'action.verify', 'supplier.audit'], async () => {
    const anne = pages.anne.page;
    const { case: before } = await must('anne', 'case.get', { case_id: caseId });
    const actionId = before.actions[0].id;
    await anne.getByRole('button', { name: `Rediger tiltaket «${ACTION_TEXT}»`, exact: true }).click();
    await anne.locator(`#act-${actionId}-status`).selectOption('done');
    await anne.locator(`#act-${actionId}-evidence`).fill('Kartlegging mottatt.');
    await anne.getByRole('button', { name: 'Lagre', exact: true }).click();
    const row = anne.getByTestId('action-plan').locator(`tr[data-action="${ACTION_TEXT}"]`);
    await row.and(anne.locator('[data-status="done"]')).waitFor();
    await anne.getByRole('button', { name: `Verifiser tiltaket «${ACTION_TEXT}»`, exact: true }).click();
    await row.and(anne.locator('[data-status="verified"]')).waitFor();
    await row.getByText(/^Verifisert av Anne/).waitFor();

    await anne.goto(`/suppliers/${supplierId}`);
    await anne.getByRole('button', { name: 'Vis revisjonssporet', exact: true }).click();
    const audit = anne.getByTestId('audit');
    const verified = audit.locator('tr').filter({ hasText: `Verifiserte · tiltak #${actionId}` });
    await verified.waitFor();
    assert.equal(await verified.locator('td').last().textContent(), ACTION_TEXT);
    // The edit that set the status is an edit, worded with the action's text too.
    await audit.locator('tr').filter({ hasText: `Endret · tiltak #${actionId}` }).first().waitFor();
    const { entries } = await must('anne', 'supplier.audit', { supplier_id: supplierId });
    assert.ok(entries.some((e) => e.action === 'verify' && e.kind === 'action' && e.object_id === actionId), JSON.stringify(entries.slice(0, 5)));
    await anne.goto(`/cases/${caseId}`);
    await anne.getByTestId('action-plan').waitFor();
  });

  step('the case escalates to dialogue and takes a document', ['case.escalate', 'document.upload'], async () => {
    const anne = pages.anne.page;
    await anne.getByLabel('Nytt trinn', { exact: true }).selectOption('dialogue');
    await anne.locator('#escalate-comment').fill('Møte med leverandøren avtalt.');
    await anne.getByRole('button', { name: 'Eskaler', exact: true }).click();
    await anne.locator('[data-testid="escalation-state"][data-escalation="dialogue"]').waitFor();
    await anne.getByTestId('escalation-history').filter({ hasText: 'Møte med leverandøren avtalt.' }).waitFor();

    await anne.locator('#doc-file').setInputFiles({ name: 'egenerklaering.txt', mimeType: 'text/plain', buffer: Buffer.from('Egenerklæring fra leverandøren.\n', 'utf8') });
    await anne.locator('#doc-title').fill('Egenerklæring 2026');
    await anne.getByRole('button', { name: 'Last opp', exact: true }).click();
    await anne.getByText('«Egenerklæring 2026» er lastet opp.').waitFor();
    const link = anne.getByTestId('documents').getByRole('link', { name: 'Egenerklæring 2026' });
    await link.waitFor();
    await expectAccessible(anne, 'the case page with escalation and a document');
    const href = await link.getAttribute('href');
    assert.match(href, /^\/api\/documents\/\d+$/);
    const download = await fetch(`${world.server.baseUrl}${href}`, { headers: { Cookie: cookies.anne } });
    assert.equal(download.status, 200);
    assert.equal(await download.text(), 'Egenerklæring fra leverandøren.\n');
    const { case: c } = await must('anne', 'case.get', { case_id: caseId });
    assert.equal(c.escalation, 'dialogue');
    assert.equal(c.escalations.length, 1);
    assert.equal(c.documents.length, 1);
    assert.equal(c.documents[0].filename, 'egenerklaering.txt');
  });

  step('(e) the case is completed', ['case.update'], async () => {
    const anne = pages.anne.page;
    await anne.getByLabel('Status', { exact: true }).selectOption('completed');
    // Completing offers today's date.
    assert.equal(await anne.getByLabel(/^Fullført dato/).inputValue(), ddmmyyyy(osloToday()));
    await anne.getByRole('button', { name: 'Lagre saken', exact: true }).click();
    await anne.getByText('Saken er lagret.').waitFor();
    await anne.locator('[data-testid="case-status"][data-status="completed"]').waitFor();
    await anne.getByTestId('case-completed').filter({ hasText: ddmmyyyy(osloToday()) }).waitFor();
    const { case: c } = await must('anne', 'case.get', { case_id: caseId });
    assert.equal(c.status, 'completed');
    assert.equal(c.completed_on, osloToday());
  });

  step('(f) Oslo kommune relies on the follow-up; a too weak method shows the reason', ['supplier.reliance_check', 'supplier.rely'], async () => {
    const bjorn = pages.bjorn.page;
    await bjorn.goto(`/suppliers/${supplierId}`);
    const row = bjorn.getByTestId('cases').locator(`tr[data-case="${caseId}"]`);
    await row.locator('[data-status="completed"], .case-status--completed').first().waitFor();
    await expectAccessible(bjorn, 'the supplier page with a completed case');
    await row.getByRole('button', { name: /^Stol på denne oppfølgingen: Helse Vest RHF/ }).click();
    await row.getByText('Tilliten er registrert.').waitFor();
    const item = bjorn.getByTestId('reliances').locator(`li[data-org="${ORG_B.name}"][data-valid="yes"]`);
    await item.getByText('Gyldig', { exact: true }).waitFor();
    const { reliances } = await must('bjorn', 'supplier.get', { supplier_id: supplierId });
    const mine = reliances.find((r) => r.org_name === ORG_B.name);
    assert.equal(mine.case_id, caseId);
    assert.equal(mine.valid, true);

    // A completed case by a weaker method than Oslo kommune's contract requires.
    const weak = await must('anne', 'case.create', {
      supplier_id: supplierId, method: 'label_certification', status: 'completed', started_on: osloToday(), completed_on: osloToday(),
    });
    const check = await must('bjorn', 'supplier.reliance_check', { supplier_id: supplierId, case_id: weak.case.id });
    assert.equal(check.valid, false);
    assert.ok(check.reasons.includes('method_too_weak'), JSON.stringify(check));
    await bjorn.reload();
    const weakRow = bjorn.getByTestId('cases').locator(`tr[data-case="${weak.case.id}"]`);
    await weakRow.getByRole('button', { name: /^Stol på denne oppfølgingen: Helse Vest RHF/ }).click();
    const reasons = weakRow.getByTestId('reliance-reasons');
    await reasons.waitFor();
    await weakRow.getByText('Organisasjonen din kan ikke stole på denne oppfølgingen:').waitFor();
    for (const text of check.reasons_nb) await reasons.getByText(text, { exact: true }).waitFor();
    await expectAccessible(bjorn, 'the supplier page with a refused reliance');
    // The earlier reliance stands.
    const after = await must('bjorn', 'supplier.get', { supplier_id: supplierId });
    assert.equal(after.reliances.find((r) => r.org_name === ORG_B.name).case_id, caseId);
  });

  step('a chat topic linked to the supplier shows on the supplier page', ['topic.bind', 'channel.list', 'message.send'], async () => {
    const anne = pages.anne.page;
    const { channels } = await must('anne', 'channel.list', { team_id: teamId });
    const general = channels.find((c) => c.name === 'Generelt');
    await must('anne', 'message.send', {
      team_id: teamId, channel_id: general.id, topic: 'Oppfølging av leverandøren', body: 'Hvem tar egenerklæringen?', client_msg_id: 'supplier-topic-0001',
    });
    await anne.goto(`/teams/${teamId}?channel=${general.id}&topic=${encodeURIComponent('Oppfølging av leverandøren')}`);
    await anne.getByRole('button', { name: 'Koble til et kravutkast, møte eller en leverandør', exact: true }).click();
    await anne.getByLabel('Hva emnet handler om').selectOption(`supplier:${supplierId}`);
    await anne.getByRole('button', { name: 'Lagre', exact: true }).click();
    await anne.locator('.chat-topic-binding').getByRole('link').first().waitFor();
    await anne.goto(`/suppliers/${supplierId}`);
    await anne.getByTestId('supplier-topics').getByRole('link', { name: 'Oppfølging av leverandøren' }).waitFor();
    // Bjørn's team page is the same team: he sees the topic on the supplier page too.
    const { topics } = await must('bjorn', 'supplier.get', { supplier_id: supplierId });
    assert.ok(topics.some((tp) => tp.name === 'Oppfølging av leverandøren' && tp.case_id === null), JSON.stringify(topics));
  });

  step('the same topic is linked to the follow-up case from the case page', ['topic.bind', 'case.get'], async () => {
    const anne = pages.anne.page;
    await anne.goto(`/cases/${caseId}`);
    await anne.getByRole('heading', { level: 2, name: 'Samtale om saken' }).waitFor();
    await anne.getByLabel('Chatemne', { exact: true }).selectOption({ label: '#Generelt › Oppfølging av leverandøren' });
    await anne.getByRole('button', { name: 'Koble emnet til saken', exact: true }).click();
    await anne.getByRole('status').filter({ hasText: 'Emnet er koblet til saken:' }).waitFor();
    await expectAccessible(anne, 'the case page with a linked topic');
    const { topics } = await must('anne', 'supplier.get', { supplier_id: supplierId });
    assert.ok(topics.some((tp) => tp.name === 'Oppfølging av leverandøren' && tp.case_id === caseId), JSON.stringify(topics));
  });

  step('an experience note is written and found by search', ['note.create', 'note.list', 'note.get'], async () => {
    const anne = pages.anne.page;
    const bjorn = pages.bjorn.page;
    await anne.goto('/notes');
    await anne.getByRole('heading', { level: 1, name: 'Erfaringsnotater' }).waitFor();
    await anne.getByRole('link', { name: 'Nytt erfaringsnotat', exact: true }).click();
    await anne.waitForURL(/\/notes\/new/);
    await anne.locator('#note-title').fill(NOTE_TITLE);
    await anne.locator('#note-body').fill(`Egenerklæringen avdekket at **${NOTE_WORD}** ikke var kartlagt.\n\n- Be om liste over underleverandører\n- Følg opp innen 60 dager`);
    const team = anne.locator('#note-teams input[type="checkbox"]').first();
    if (!(await team.isChecked())) await team.check();
    await anne.locator('#note-supplier').selectOption({ label: SUPPLIER.name });
    await anne.locator('.note-preview strong').filter({ hasText: NOTE_WORD }).waitFor();
    await expectAccessible(anne, 'the new note form');
    await anne.getByRole('button', { name: 'Publiser notatet', exact: true }).click();
    await anne.waitForURL(/\/notes\/\d+$/);
    await anne.getByRole('heading', { level: 1, name: NOTE_TITLE }).waitFor();
    await anne.getByTestId('note-body').locator('strong').filter({ hasText: NOTE_WORD }).waitFor();
    await anne.getByTestId('note-body').locator('li').nth(1).waitFor();
    await expectAccessible(anne, 'the note page');

    await bjorn.goto('/notes');
    await bjorn.getByLabel('Søk i tittel og tekst').fill(NOTE_WORD);
    await bjorn.getByRole('button', { name: 'Søk', exact: true }).click();
    await bjorn.waitForURL(new RegExp(`q=${NOTE_WORD}`));
    const hit = bjorn.getByTestId('note-list').locator(`li[data-note="${NOTE_TITLE}"]`);
    await hit.waitFor();
    await expectAccessible(bjorn, 'the note search');
    await hit.getByRole('link', { name: NOTE_TITLE }).click();
    await bjorn.getByRole('heading', { level: 1, name: NOTE_TITLE }).waitFor();
    await bjorn.getByRole('button', { name: 'Nyttig', exact: true }).click();
    await bjorn.locator('[data-testid="useful-count"][data-count="1"]').waitFor();
    await bjorn.getByLabel('Skriv en kommentar').fill('Takk, vi gjør det samme.');
    await bjorn.getByRole('button', { name: 'Send kommentar' }).click();
    await bjorn.getByTestId('note-comments').getByText('Takk, vi gjør det samme.').waitFor();
  });

  step('the import wizard reports a bad orgnr row, and a valid file imports', ['supplier.import'], async () => {
    const anne = pages.anne.page;
    await anne.goto('/suppliers/import');
    await anne.getByRole('heading', { level: 1, name: 'Importer leverandører' }).waitFor();
    await expectAccessible(anne, 'the import wizard');
    const bad = [
      'navn;organisasjonsnummer;land;risiko;kategorier;kjoper;verdi;klausul',
      `Blåbær Tekstil AS;912345602;NO;medium;tekstil;${ORG_A.orgnr};1m_10m;basic`,
      'Feil Nummer AS;912345603;NO;low;ikt;;;',
    ].join('\n');
    await anne.getByRole('textbox', { name: 'Eller lim inn CSV' }).fill(bad);
    await anne.getByRole('button', { name: 'Kontroller (prøvekjøring)' }).click();
    const errors = anne.getByTestId('import-errors');
    await errors.locator('tr[data-code="bad_orgnr"]').waitFor();
    // The detail is worded in the page's language with the cell as written, not the server's English.
    await errors.locator('tr[data-code="bad_orgnr"]').getByText('«912345603» er ikke et gyldig organisasjonsnummer', { exact: false }).waitFor();
    assert.equal(await errors.getByText('is not a valid organisation number', { exact: false }).count(), 0);
    await anne.getByText('Ingenting er lagret', { exact: false }).waitFor();
    await expectAccessible(anne, 'the import wizard with errors');
    const listed = await must('anne', 'supplier.list', { q: 'Blåbær' });
    assert.equal(listed.suppliers.length, 0, 'a dry run stores nothing');

    const good = `\uFEFFnavn;organisasjonsnummer;land;risiko;kategorier;kjoper;kontrakt;verdi;klausul\r\n`
      + `Blåbær Tekstil AS;912345602;NO;medium;tekstil;${ORG_A.orgnr};HV-IMP-1;1m_10m;basic\r\n`
      + `"Nordlys Møbler; avd. Bergen";912345610;NO;low;moebler;;;;\r\n`;
    await anne.locator('#import-file').setInputFiles({ name: 'leverandorer.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await anne.getByTestId('import-file-read').filter({ hasText: '2 rader' }).waitFor();
    await anne.getByRole('button', { name: 'Kontroller (prøvekjøring)' }).click();
    await anne.getByText('Ingen feil. Filen kan importeres.').waitFor();
    await anne.getByRole('button', { name: /^Importer \d+ rader$/ }).click();
    await anne.locator('[data-testid="import-result"][data-step="done"]').waitFor();
    await anne.getByText('Importen er fullført', { exact: false }).waitFor();
    const imported = await must('anne', 'supplier.list', {});
    const names = imported.suppliers.map((s) => s.name);
    assert.ok(names.includes('Blåbær Tekstil AS'), names.join(', '));
    assert.ok(names.includes('Nordlys Møbler; avd. Bergen'), names.join(', '));
  });

  step('the register shows 100 suppliers at a time and the next page on request', ['supplier.import'], async () => {
    // 120 more suppliers through the import, with valid organisation numbers (mod 11).
    const orgnr = (first8) => {
      const w = [3, 2, 7, 6, 5, 4, 3, 2];
      const sum = [...first8].reduce((acc, d, i) => acc + w[i] * Number(d), 0);
      const check = (11 - (sum % 11)) % 11;
      return check === 10 ? null : first8 + String(check);
    };
    const rows = [];
    for (let b = 93700000; rows.length < 120; b++) {
      const nr = orgnr(String(b));
      if (nr) rows.push(`Sidevis ${String(rows.length + 1).padStart(3, '0')} AS;${nr};NO`);
    }
    const imported = await must('anne', 'supplier.import', { csv: ['navn;organisasjonsnummer;land', ...rows].join('\n'), dry_run: false });
    assert.equal(imported.stored, true, JSON.stringify(imported.errors));
    const { total } = await must('anne', 'supplier.list', { limit: 1 });
    assert.ok(total > 120 && total <= 200, `total ${total}`);

    const anne = pages.anne.page;
    await anne.goto('/suppliers');
    const table = anne.getByRole('table', { name: 'Leverandørregister' });
    await anne.getByRole('heading', { name: `Leverandørregister (${total})` }).waitFor();
    await anne.getByText(`Viser 100 av ${total}`).waitFor();
    assert.equal(await table.locator('tbody tr').count(), 100);
    await anne.getByRole('button', { name: 'Vis flere leverandører' }).click();
    await anne.getByRole('button', { name: 'Vis flere leverandører' }).waitFor({ state: 'detached' });
    assert.equal(await table.locator('tbody tr').count(), total);
    // By name, each once: the last of the imported ones ends the list.
    const names = await table.locator('tbody tr th a').allTextContents();
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.indexOf('Sidevis 120 AS') > names.indexOf('Sidevis 001 AS'), names.join(', '));
    await expectAccessible(anne, 'the register after two pages');
  });

  step('an administrator sees the follow-up settings', ['settings.get', 'settings.update'], async () => {
    const admin = pages.admin.page;
    await admin.goto('/admin/suppliers');
    await admin.getByRole('heading', { level: 2, name: 'Innstillinger for leverandøroppfølging' }).waitFor();
    const days = admin.getByLabel('Svarfrist for egenerklæring (dager)');
    await days.waitFor();
    assert.equal(await days.inputValue(), '42');
    await expectAccessible(admin, 'the supplier settings');
    await days.fill('30');
    await admin.getByRole('button', { name: 'Lagre', exact: true }).click();
    await admin.getByText('Innstillingene er lagret.').waitFor();
    const { settings } = await must('admin', 'settings.get', {});
    assert.equal(settings.self_assessment_days, 30);
    await days.fill('42');
    await admin.getByRole('button', { name: 'Lagre', exact: true }).click();
    await admin.getByText('Innstillingene er lagret.').waitFor();
  });

  step('an administrator adds a risk theme, and a finding can use it', ['settings.theme_save', 'supplier.vocabulary'], async () => {
    const admin = pages.admin.page;
    await admin.goto('/admin/suppliers');
    await admin.getByTestId('risk-themes').getByText('Tvangsarbeid', { exact: false }).waitFor();
    // A code the server would refuse is refused in the form, in Norwegian.
    await admin.getByLabel('Kode', { exact: true }).fill('levelønn-risiko');
    await admin.getByLabel('Navn på norsk', { exact: true }).fill('Levelønn');
    await admin.getByLabel('Navn på engelsk', { exact: true }).fill('Living wage');
    await admin.getByRole('button', { name: 'Lagre risikotema', exact: true }).click();
    await admin.locator('#theme-code-error', { hasText: 'Koden må være 2 til 40 små bokstaver' }).waitFor();
    assert.equal(await admin.evaluate(() => document.activeElement?.id), 'theme-code');
    await admin.getByLabel('Kode', { exact: true }).fill('living_wage');
    await admin.getByLabel('Navn på norsk', { exact: true }).fill('Levelønn');
    await admin.getByLabel('Navn på engelsk', { exact: true }).fill('Living wage');
    await admin.getByRole('button', { name: 'Lagre risikotema', exact: true }).click();
    await admin.getByText('Risikotemaet er lagret.').waitFor();
    await admin.getByTestId('risk-themes').getByText('Levelønn', { exact: false }).waitFor();
    await expectAccessible(admin, 'the supplier settings with risk themes');
    const { themes } = await must('anne', 'supplier.vocabulary', {});
    assert.ok(themes.some((x) => x.code === 'living_wage' && x.nb === 'Levelønn'), JSON.stringify(themes));
    const { case: k } = await must('anne', 'case.findings', { case_id: caseId, findings: [{ step: '2.4', answer: 'partly', themes: ['living_wage'] }] });
    assert.deepEqual(k.findings.find((x) => x.step === '2.4').themes, ['living_wage']);
  });

  step('English is one click away on the supplier page', [], async () => {
    const anne = pages.anne.page;
    await anne.goto(`/suppliers/${supplierId}`);
    // The timeline is worded in the reader's language (the server sends codes).
    const timeline = anne.getByTestId('timeline');
    await timeline.getByText(/^Opprettet leverandør: /).first().waitFor();
    await timeline.getByText(/^Oppfølgingssak \(.+\): Fullført$/).first().waitFor();
    await anne.getByRole('button', { name: 'English', exact: true }).click();
    await anne.getByRole('heading', { level: 2, name: 'Who leads the follow-up' }).waitFor();
    await timeline.getByText(/^Created supplier: /).first().waitFor();
    await timeline.getByText(/^Follow-up case \(.+\): Completed$/).first().waitFor();
    await anne.locator('.main-nav').getByRole('link', { name: 'Suppliers', exact: true }).waitFor();
    await anne.getByRole('button', { name: 'Norsk', exact: true }).click();
    await anne.getByRole('heading', { level: 2, name: 'Ansvar for oppfølgingen' }).waitFor();
  });

  step('no page error and no Content-Security-Policy violation', [], async () => {
    const problems = Object.entries(pages).flatMap(([who, e]) => e.problems.map((p) => `${who}: ${p}`));
    assert.deepEqual(problems, []);
  });
});
