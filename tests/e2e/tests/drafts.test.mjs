// Requirement drafts (issue 4) in the browser: two people in two browser contexts type into one
// draft at once and end with the same text (editor contents and the server's draft.open
// text); a comment stays on its words while the other person edits above it; axe passes on
// the draft screens; XSS payloads as a draft title and body never execute in the preview.
// People and memberships are made through the HTTP API. When the server answers `unknown_op`
// for an operation a step needs, that step is skipped and says which operations are missing.
// Every wait is on a condition, never on a fixed sleep.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { expectAccessible } from '../lib/axe.mjs';
import { installXssTrap } from '../lib/browser.mjs';
import { ACTION_TIMEOUT_MS } from '../lib/constants.mjs';
import { createWorld } from '../lib/world.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = JSON.parse(await readFile(path.resolve(here, '..', '..', 'fixtures', 'xss-corpus.json'), 'utf8'));

const KARI = { email: 'kari.draft@helse-vest.test', name: 'Kari Nordmann', password: 'riktig-hest-batteri-stift' };
const OLA = { email: 'ola.draft@sykehusinnkjop.test', name: 'Ola Hansen', password: 'lang-og-trygg-passordfrase' };
const PER = { email: 'per.draft@kommune.test', name: 'Per Berg', password: 'annen-lang-passordfrase' };
const TEAM = 'Bygg og anlegg';
/** Per's team: another category team, where the library copy lands. */
const OTHER_TEAM = 'IKT';
/** The operations every step needs. */
const CORE_OPS = ['draft.list', 'draft.create', 'draft.get', 'draft.open', 'draft.submit'];

let teamId;
let otherTeamId;
let draftId;
/** The version named "Første runde" in the versions step. */
let namedVersion;
const DRAFT_TITLE = 'Sporbarhet i leverandørkjeden';
const world = createWorld({
  prefix: 'drafts', opsAs: 'kari', ensurePages, preparePage: installXssTrap, skippedTitle: 'drafts steps skipped',
});
const { must, pages, openAs, has, step } = world;
export const skipped = world.skipped;

async function ensurePages() {
  if (pages.kari) return;
  await openAs('kari');
  await openAs('ola');
}

const editor = (page) => page.getByTestId('draft-editor').locator('.cm-content');
const editorText = (page) => page.getByTestId('draft-editor').evaluate((el) => {
  // The document as CodeMirror holds it (lines joined with \n). Widgets (remote carets with
  // their name labels) are decorations, not text: CodeMirror renders them contenteditable=false.
  const lines = [...el.querySelectorAll('.cm-line')].map((l) => {
    const copy = l.cloneNode(true);
    for (const w of copy.querySelectorAll('[contenteditable="false"]')) w.remove();
    return copy.textContent;
  });
  return lines.join('\n');
});
/**
 * The text under each comment highlight (one entry per comment, in document order; CodeMirror
 * may split one range into several spans), without widgets (remote carets) inside them.
 */
const markedTexts = (page) => page.getByTestId('draft-editor').evaluate((el) => {
  const byComment = new Map();
  for (const m of el.querySelectorAll('.cm-comment-range')) {
    const copy = m.cloneNode(true);
    for (const w of copy.querySelectorAll('[contenteditable="false"]')) w.remove();
    const id = m.getAttribute('data-comment');
    byComment.set(id, (byComment.get(id) ?? '') + copy.textContent);
  }
  return [...byComment.values()];
});
const synced = (page) => page.locator('.draft-sync[data-synced="yes"]').waitFor();

async function openDraft(page, id = draftId) {
  await page.goto(`/teams/${teamId}/drafts/${id}`);
  await editor(page).waitFor();
  await synced(page);
}

/** Polls `check` (async, truthy when done) until it holds or the action timeout passes. */
async function waitUntil(page, check, what) {
  const deadline = Date.now() + ACTION_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

/** Waits until both editors hold the same text as the server. */
async function converge(ids = ['kari', 'ola'], id = draftId) {
  const deadline = Date.now() + ACTION_TIMEOUT_MS;
  for (;;) {
    const server = (await must('kari', 'draft.open', { team_id: teamId, draft_id: id })).text;
    const texts = await Promise.all(ids.map((w) => editorText(pages[w].page)));
    const flags = await Promise.all(ids.map((w) => pages[w].page.locator('.draft-sync[data-synced="yes"]').count()));
    if (texts.every((x) => x === server) && flags.every((n) => n === 1)) return server;
    if (Date.now() > deadline) assert.fail(`texts differ:\nserver: ${JSON.stringify(server)}\n${ids.map((w, i) => `${w}: ${JSON.stringify(texts[i])}`).join('\n')}`);
    await pages[ids[0]].page.waitForTimeout(100);
  }
}

describe('Requirement drafts', { concurrency: false }, () => {
  before(async () => {
    await world.start();
    await world.setup(KARI);
    const kari = await world.login('kari', KARI);
    const { teams } = await must('kari', 'team.list', {});
    teamId = teams.find((t) => t.name === TEAM).id;
    const { user: ola } = await must('kari', 'user.create', { email: OLA.email, display_name: OLA.name, password: OLA.password });
    await must('kari', 'team.add_member', { team_id: teamId, user_id: kari.id, role: 'facilitator' });
    await must('kari', 'team.add_member', { team_id: teamId, user_id: ola.id, role: 'member' });
    await world.login('ola', OLA);
    otherTeamId = teams.find((t) => t.name === OTHER_TEAM).id;
    const { user: per } = await must('kari', 'user.create', { email: PER.email, display_name: PER.name, password: PER.password });
    await must('kari', 'team.add_member', { team_id: otherTeamId, user_id: per.id, role: 'member' });
    await world.login('per', PER);
    world.missingOps = await world.unknownOps(CORE_OPS);
  });

  after(() => world.stop());

  step('a member creates a draft from the team page', [], async () => {
    const ola = pages.ola.page;
    await ola.goto(`/teams/${teamId}`);
    await ola.getByRole('heading', { level: 2, name: 'Kravutkast' }).waitFor();
    await ola.getByRole('button', { name: 'Nytt kravutkast', exact: true }).click();
    await ola.getByLabel('Tittel', { exact: true }).fill('Sporbarhet i leverandørkjeden');
    await ola.getByLabel('Type krav').selectOption('kontraktsvilkar');
    await ola.getByLabel(/^Kategori/).selectOption('bygg');
    await ola.getByLabel(/^Stikkord/).fill('sporbarhet, arbeidsforhold');
    await ola.getByRole('button', { name: 'Opprett utkast', exact: true }).click();
    await ola.waitForURL(/\/teams\/\d+\/drafts\/\d+$/);
    draftId = Number(new URL(ola.url()).pathname.split('/').pop());
    await editor(ola).waitFor();
    await synced(ola);
    await expectAccessible(ola, 'the draft editor');
    // The list shows it with its identifier and status.
    const kari = pages.kari.page;
    await kari.goto(`/teams/${teamId}`);
    await kari.getByTestId('draft-list').getByRole('link', { name: 'Sporbarhet i leverandørkjeden' }).waitFor();
    await kari.getByTestId('draft-list').locator('[data-status="utkast"]').first().waitFor();
    await expectAccessible(kari, 'the team page with drafts');
  });

  step('two people type at once and end with the same text', ['draft.cursor'], async () => {
    const kari = pages.kari.page;
    const ola = pages.ola.page;
    await openDraft(kari);
    await openDraft(ola);
    await editor(ola).click();
    await ola.keyboard.type('# Krav\n\nLeverandøren skal dokumentere sporbarhet.\n');
    await converge();
    // Both type in different places at the same time, with emoji and æøå.
    await editor(kari).click();
    await kari.keyboard.press('Control+Home');
    await editor(ola).click();
    await ola.keyboard.press('Control+End');
    await Promise.all([
      // Kari's own paragraph above the heading (typed in front of "# Krav" on its line, it
      // would stop being a heading).
      kari.keyboard.type('Innledning: bærekraft 🌍 først.\n\n', { delay: 15 }),
      ola.keyboard.type('Tillegg fra Ola: åpenhet 👍 og øko. ', { delay: 15 }),
    ]);
    const text = await converge();
    assert.match(text, /Innledning: bærekraft 🌍 først\./);
    assert.match(text, /Tillegg fra Ola: åpenhet 👍 og øko\./);
    // Each sees the other's cursor with a name.
    await kari.locator('.cm-remote-label', { hasText: 'Ola Hansen' }).waitFor();
    await ola.locator('.cm-remote-label', { hasText: 'Kari Nordmann' }).waitFor();
    // The preview renders the Markdown.
    await kari.getByTestId('draft-preview').locator('h1', { hasText: 'Krav' }).waitFor();
  });

  step('a comment stays on its words while the other edits above it', ['comment.create', 'comment.list'], async (name) => {
    const kari = pages.kari.page;
    const ola = pages.ola.page;
    // Kari selects "sporbarhet" in the editor and comments on it.
    const text = await editorText(kari);
    const at = text.indexOf('sporbarhet.');
    assert.ok(at >= 0);
    await editor(kari).click();
    await kari.evaluate(([from, to]) => {
      // Select through the DOM selection, which CodeMirror reads back. Offsets are counted per
      // line, lines joined by one newline (the text has no astral characters before `to`).
      const root = document.querySelector('[data-testid="draft-editor"] .cm-content');
      const range = document.createRange();
      let pos = 0;
      for (const line of root.querySelectorAll('.cm-line')) {
        // Text inside widgets (a remote caret's name label) is not document text.
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT, {
          acceptNode: (n) => (n.parentElement.closest('[contenteditable="false"]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
        });
        let node;
        while ((node = walker.nextNode())) {
          const len = node.textContent.length;
          if (from >= pos && from < pos + len) range.setStart(node, from - pos);
          if (to > pos && to <= pos + len) range.setEnd(node, to - pos);
          pos += len;
        }
        pos += 1;
      }
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }, [at, at + 'sporbarhet'.length]);
    await kari.getByText('Kommentaren gjelder: «sporbarhet»').waitFor();
    await kari.getByLabel('Ny kommentar').fill('Hva betyr sporbarhet her?');
    await kari.getByRole('button', { name: 'Kommenter merket tekst' }).click();
    const item = (page) => page.getByTestId('comment-list').locator('li', { hasText: 'Hva betyr sporbarhet her?' });
    await item(ola).waitFor();
    // Ola writes above the commented words.
    await editor(ola).click();
    await ola.keyboard.press('Control+Home');
    await ola.keyboard.type('Ny første linje med 😀 og æøå.\n', { delay: 10 });
    await converge();
    // Both see the highlighted range on the same words.
    for (const page of [kari, ola]) {
      const marked = await markedTexts(page);
      assert.equal(marked.join(''), 'sporbarhet');
    }
    // Clicking the comment selects its words.
    await item(ola).getByRole('button', { name: /^Gå til teksten/ }).click();
    const selected = await ola.evaluate(() => window.getSelection().toString());
    assert.equal(selected, 'sporbarhet');
    if (await has(name, ['comment.update'], 'resolve and reopen')) {
      await item(kari).getByRole('button', { name: 'Marker som løst' }).click();
      // A resolved thread either stays in the list (with "Gjenåpne") or is hidden until "Vis
      // løste" is pressed: wait for one of the two, then make it visible.
      const reopen = item(kari).getByRole('button', { name: 'Gjenåpne' });
      await waitUntil(kari, async () => (await reopen.count()) > 0 || (await item(kari).count()) === 0, 'the resolved thread');
      if ((await reopen.count()) === 0) {
        await kari.getByRole('button', { name: 'Vis løste' }).click();
        await reopen.waitFor();
      }
      // Resolved: no highlight in the text, for either person.
      for (const page of [kari, ola]) await page.locator('[data-testid="draft-editor"] .cm-comment-range').waitFor({ state: 'detached' });
      await reopen.click();
      for (const page of [kari, ola]) await page.locator('[data-testid="draft-editor"] .cm-comment-range', { hasText: 'sporbarhet' }).waitFor();
      await item(kari).getByRole('button', { name: 'Marker som løst' }).waitFor();
    }
    await expectAccessible(ola, 'the draft editor with comments');
  });

  step('versions: name one, view it, compare word by word; the panel is accessible', ['draft.versions', 'draft.version_create', 'draft.diff', 'draft.text'], async () => {
    const kari = pages.kari.page;
    const ola = pages.ola.page;
    await kari.getByLabel('Navn på versjonen').fill('Første runde');
    await kari.getByRole('button', { name: 'Gi versjonen navn' }).click();
    await kari.getByTestId('version-list').getByText(/Første runde/).waitFor();
    // The other person sees the new version live.
    await ola.getByTestId('version-list').getByText(/Første runde/).waitFor();
    const { versions } = await must('kari', 'draft.versions', { team_id: teamId, draft_id: draftId });
    namedVersion = versions.find((v) => v.label === 'Første runde').version;
    const namedText = (await must('kari', 'draft.text', { team_id: teamId, draft_id: draftId, version: namedVersion })).text;
    // Ola adds a sentence at the end.
    await editor(ola).click();
    await ola.keyboard.press('Control+End');
    await ola.keyboard.type('Dokumentasjonen leveres årlig.');
    await converge();
    const current = (await must('kari', 'draft.open', { team_id: teamId, draft_id: draftId })).version;
    assert.ok(current > namedVersion);
    // Kari reads the named version's text.
    await kari.getByRole('button', { name: `Vis tekst i versjon ${namedVersion}` }).click();
    await kari.getByLabel(`Teksten i versjon ${namedVersion}`).waitFor();
    assert.equal(await kari.locator('.draft-version-text').textContent(), namedText);
    await kari.getByRole('button', { name: 'Lukk', exact: true }).click();
    // Compare the named version with the current one, word by word.
    await kari.getByLabel('Fra versjon').selectOption(String(namedVersion));
    await kari.getByLabel('Til versjon').selectOption({ label: `Versjon ${current} (nå)` });
    await kari.getByLabel('Vis forskjeller per').selectOption('word');
    await kari.getByRole('button', { name: 'Vis forskjeller' }).click();
    const diff = kari.getByTestId('draft-diff');
    await diff.locator('ins').first().waitFor();
    const inserted = (await diff.locator('ins').allTextContents()).join('');
    const deleted = (await diff.locator('del').allTextContents()).join('');
    const diffHtml = await diff.innerHTML();
    assert.match(inserted, /Dokumentasjonen/, diffHtml);
    assert.match(inserted, /årlig/, diffHtml);
    assert.equal(deleted, '', `${diffHtml}\nnamed: ${JSON.stringify(namedText)}`);
    assert.equal((await diff.textContent()).replace(/\s+/g, ' ').trim(), (namedText + 'Dokumentasjonen leveres årlig.').replace(/\s+/g, ' ').trim());
    await expectAccessible(kari, 'the versions panel');
  });

  step('restoring the named version brings its text back for both', ['draft.restore', 'draft.text'], async () => {
    const kari = pages.kari.page;
    const ola = pages.ola.page;
    const namedText = (await must('kari', 'draft.text', { team_id: teamId, draft_id: draftId, version: namedVersion })).text;
    await kari.getByRole('button', { name: `Gjenopprett versjon ${namedVersion}` }).click();
    // Two steps: the question, then the confirmation.
    await kari.getByRole('group', { name: `Gjøre teksten lik versjon ${namedVersion}?` }).getByRole('button', { name: 'Gjenopprett', exact: true }).click();
    const text = await converge();
    assert.equal(text, namedText);
    assert.doesNotMatch(await editorText(ola), /årlig/);
    // The restore is listed as a version for both.
    for (const page of [kari, ola]) await page.getByTestId('version-list').getByText(`Gjenopprettet fra versjon ${namedVersion}`).first().waitFor();
    // The comment still sits on its words.
    const marked = await markedTexts(ola);
    assert.equal(marked.join(''), 'sporbarhet');
  });

  step('export as Markdown downloads a file with the heading and the text', ['draft.export'], async () => {
    const kari = pages.kari.page;
    const [download] = await Promise.all([
      kari.waitForEvent('download'),
      kari.getByRole('button', { name: 'Last ned Markdown' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.md$/);
    const file = await download.path();
    const content = await readFile(file, 'utf8');
    const { draft, text } = await must('kari', 'draft.open', { team_id: teamId, draft_id: draftId });
    assert.ok(content.includes(DRAFT_TITLE), 'the title heads the file');
    assert.ok(content.includes(draft.identifier), 'the identifier heads the file');
    assert.ok(content.includes(text.trim().split('\n').pop()), 'the text is in the file');
    assert.ok(content.includes('Leverandøren skal dokumentere sporbarhet.'), 'the text is in the file (UTF-8)');
  });

  step('a chat topic linked to the draft shows on the draft page, and leads back to the chat', ['topic.bind', 'message.send'], async () => {
    const ola = pages.ola.page;
    const { channels } = await must('kari', 'channel.list', { team_id: teamId });
    const general = channels.find((c) => c.name === 'Generelt');
    await must('kari', 'message.send', {
      team_id: teamId, channel_id: general.id, topic: 'Sporbarhet', body: 'Hva mener dere om kravet?', client_msg_id: 'draft-topic-0001',
    });
    await ola.goto(`/teams/${teamId}?channel=${general.id}&topic=Sporbarhet`);
    await ola.getByRole('button', { name: 'Koble til et kravutkast, møte eller en leverandør', exact: true }).click();
    await ola.getByLabel('Hva emnet handler om').selectOption(`draft:${draftId}`);
    await ola.getByRole('button', { name: 'Lagre', exact: true }).click();
    const about = ola.locator('.chat-topic-binding').getByRole('link', { name: new RegExp(DRAFT_TITLE) });
    await about.waitFor();
    await expectAccessible(ola, 'a topic linked to a draft');
    await about.click();
    await ola.waitForURL(new RegExp(`/teams/${teamId}/drafts/${draftId}$`));
    const back = ola.getByRole('region', { name: 'Diskusjoner' }).getByRole('link', { name: '# Generelt › Sporbarhet' });
    await back.waitFor();
    await back.click();
    await ola.locator('.chat-topic-binding').getByRole('link', { name: new RegExp(DRAFT_TITLE) }).waitFor();
  });

  step('keyboard: Tab reaches the editor, versions, status and comments; a comment made without a mouse', ['comment.create'], async () => {
    const kari = pages.kari.page;
    await openDraft(kari);
    await kari.getByRole('button', { name: 'Vis hvem som skrev hva' }).focus();
    const describeFocus = () => kari.evaluate(() => {
      const el = document.activeElement;
      if (!el) return 'none';
      if (el.classList.contains('cm-content')) return 'editor';
      if (el.id) return `#${el.id}`;
      const name = el.getAttribute('aria-label') ?? el.textContent.trim();
      return `${el.tagName.toLowerCase()}:${name}`;
    });
    const wanted = ['editor', '#version-label', 'button:Gi versjonen navn', `button:Gjenopprett versjon ${namedVersion}`,
      '#status-comment', 'button:Send til gjennomgang', '#comment-new', 'button:Last ned Markdown'];
    const order = [];
    for (let i = 0; i < 150 && !wanted.every((w) => order.includes(w)); i++) {
      await kari.keyboard.press('Tab');
      order.push(await describeFocus());
    }
    const missing = wanted.filter((w) => !order.includes(w));
    assert.deepEqual(missing, [], `Tab did not reach these (order seen: ${order.join(' | ')})`);
    // The order follows the layout: the editor first, then the versions below it, then the side
    // panel (status, comments, export).
    const at = wanted.map((w) => order.indexOf(w));
    assert.equal(at[0], 0, `the editor comes right after the toolbar (seen: ${order.slice(0, 3).join(' | ')})`);
    assert.ok(at[1] < at[4] && at[4] < at[6] && at[6] < at[7], `order: ${order.join(' | ')}`);
    // Shift+Tab from the first field after the editor goes back into it (no trap either way).
    await kari.locator('#version-label').focus();
    for (let i = 0; i < 50 && (await describeFocus()) !== 'editor'; i++) await kari.keyboard.press('Shift+Tab');
    assert.equal(await describeFocus(), 'editor');
    // Select the first line with the keyboard, Tab to the comment box, comment, send with Enter.
    await kari.keyboard.press('Control+Home');
    await kari.keyboard.press('Shift+End');
    const firstLine = (await editorText(kari)).split('\n')[0];
    await kari.getByText(`Kommentaren gjelder: «${firstLine.slice(0, 80)}»`).waitFor();
    for (let i = 0; i < 150 && (await describeFocus()) !== '#comment-new'; i++) await kari.keyboard.press('Tab');
    assert.equal(await describeFocus(), '#comment-new');
    await kari.keyboard.type('Kommentar uten mus.');
    await kari.keyboard.press('Tab');
    assert.equal(await describeFocus(), 'button:Kommenter merket tekst');
    await kari.keyboard.press('Enter');
    await kari.getByTestId('comment-list').locator('li', { hasText: 'Kommentar uten mus.' }).waitFor();
    const marked = await markedTexts(kari);
    assert.ok(marked.includes(firstLine), `the first line is marked (marked: ${JSON.stringify(marked)})`);
    await expectAccessible(kari, 'the draft editor after keyboard use');
  });

  step("the find panel and the editor's name follow the language", [], async () => {
    const kari = pages.kari.page;
    await openDraft(kari);
    await editor(kari).click();
    await kari.keyboard.press('Control+f');
    const panel = kari.locator('.cm-search');
    await panel.getByRole('textbox', { name: 'Finn', exact: true }).waitFor();
    await panel.getByRole('button', { name: 'erstatt alle', exact: true }).waitFor();
    await kari.keyboard.type('leverandør');
    // Enter finds the next match and selects it (as the match's own case); then a replace text.
    await kari.keyboard.press('Enter');
    await panel.getByRole('textbox', { name: 'Erstatt med', exact: true }).fill('tilbyder');
    // Switched while the panel is open: its texts change, the query and the replace text stay.
    await kari.getByRole('button', { name: 'English', exact: true }).click();
    await panel.getByRole('button', { name: 'replace all', exact: true }).waitFor();
    assert.equal(await panel.getByRole('textbox', { name: 'Find', exact: true }).inputValue(), 'leverandør');
    assert.equal(await panel.getByRole('textbox', { name: 'Replace', exact: true }).inputValue(), 'tilbyder');
    await kari.getByRole('textbox', { name: 'Requirement text (Markdown)', exact: true }).waitFor();
    await expectAccessible(kari, 'the draft editor with its find panel, in English');
    await kari.getByRole('button', { name: 'Norsk', exact: true }).click();
    await kari.getByRole('textbox', { name: 'Kravtekst (Markdown)', exact: true }).waitFor();
    await panel.getByRole('button', { name: 'lukk', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
  });

  step('a member sends the draft to review; the facilitator approves and publishes it', ['draft.set_status'], async () => {
    const kari = pages.kari.page;
    const ola = pages.ola.page;
    await openDraft(ola);
    const statusIs = (page, status) => page.locator(`[data-status="${status}"]`).first().waitFor();
    // A member may only send it to review (and back).
    const olaStatus = ola.getByRole('region', { name: 'Status', exact: true });
    await olaStatus.getByRole('button', { name: 'Send til gjennomgang' }).waitFor();
    assert.equal(await olaStatus.getByRole('button', { name: 'Godkjenn' }).count(), 0);
    assert.equal(await olaStatus.getByRole('button', { name: 'Arkiver' }).count(), 0);
    await olaStatus.getByLabel(/^Kommentar til statusendringen/).fill('Klar for gjennomgang');
    await olaStatus.getByRole('button', { name: 'Send til gjennomgang' }).click();
    await statusIs(ola, 'til_gjennomgang');
    await olaStatus.getByText(/Utkast → Til gjennomgang av Ola Hansen/).waitFor();
    await olaStatus.getByText(/Klar for gjennomgang/).waitFor();
    // Kari sees it live and approves, then publishes.
    const kariStatus = kari.getByRole('region', { name: 'Status', exact: true });
    await statusIs(kari, 'til_gjennomgang');
    await kariStatus.getByRole('button', { name: 'Godkjenn' }).click();
    await statusIs(kari, 'godkjent');
    await kariStatus.getByRole('button', { name: 'Publiser' }).click();
    await statusIs(kari, 'publisert');
    // Both see the new status live; the text is read-only now.
    for (const page of [kari, ola]) {
      await statusIs(page, 'publisert');
      await page.getByText('Utkastet kan bare redigeres med status «Utkast» eller «Til gjennomgang».').waitFor();
      await page.locator('[data-testid="draft-editor"] .cm-content[contenteditable="false"]').waitFor();
      await page.getByRole('region', { name: 'Status', exact: true }).getByText(/Godkjent → Publisert av Kari Nordmann/).waitFor();
    }
    // A member has nothing left to do with a published draft.
    assert.equal(await olaStatus.getByRole('button').count(), 0);
    // The read-only text is still in the tab order (to read, select and scroll by keyboard).
    await ola.getByRole('button', { name: 'Vis hvem som skrev hva' }).focus();
    await ola.keyboard.press('Tab');
    assert.equal(await ola.evaluate(() => document.activeElement?.classList.contains('cm-content') ?? false), true, 'Tab reaches the read-only editor');
    await ola.getByRole('textbox', { name: 'Kravtekst (Markdown)' }).and(ola.locator('[aria-readonly="true"]')).waitFor();
    const { draft } = await must('kari', 'draft.get', { team_id: teamId, draft_id: draftId });
    assert.equal(draft.status, 'publisert');
    assert.ok(draft.published_version > 0);
    await expectAccessible(ola, 'a published draft');
  });

  step('a member of another team finds it in the library and copies it to their team', ['library.search', 'library.get', 'library.copy'], async () => {
    const { page: per } = await openAs('per');
    const published = (await must('kari', 'draft.open', { team_id: teamId, draft_id: draftId })).text;
    await per.goto('/library');
    await per.getByRole('heading', { level: 1, name: 'Kravbibliotek' }).waitFor();
    await per.getByLabel('Søkeord').fill('leverandørkjed');
    await per.getByRole('button', { name: 'Søk', exact: true }).click();
    const results = per.getByRole('list', { name: 'Publiserte krav' });
    await results.getByRole('heading', { name: new RegExp(DRAFT_TITLE) }).waitFor();
    await per.getByRole('button', { name: `Les ${DRAFT_TITLE}` }).click();
    const viewer = per.getByRole('region', { name: new RegExp(DRAFT_TITLE) });
    await viewer.getByTestId('library-text').getByText('Leverandøren skal dokumentere sporbarhet.').waitFor();
    await expectAccessible(per, 'the library with a result open');
    await viewer.getByLabel('Kopier til team').selectOption({ label: OTHER_TEAM });
    await viewer.getByRole('button', { name: 'Kopier til mitt team' }).click();
    await per.waitForURL(new RegExp(`/teams/${otherTeamId}/drafts/\\d+$`));
    const copyId = Number(new URL(per.url()).pathname.split('/').pop());
    assert.notEqual(copyId, draftId);
    await editor(per).waitFor();
    await synced(per);
    assert.equal(await editorText(per), published);
    await per.getByText(/kopiert fra BA-\d+ \(Bygg og anlegg, versjon \d+\)/).waitFor();
    await per.locator('[data-status="utkast"]').first().waitFor();
    // The copy is Per's team's own draft: editable.
    await per.locator('[data-testid="draft-editor"] .cm-content[contenteditable="true"]').waitFor();
    const { draft } = await must('per', 'draft.get', { team_id: otherTeamId, draft_id: copyId });
    assert.equal(draft.source.draft_id, draftId);
  });

  step('XSS payloads as a title and body never execute in the preview', ['draft.update'], async () => {
    const kari = pages.kari.page;
    const payloadTitle = CORPUS.find((p) => p.length <= 200) ?? '<img src=x onerror=alert(1)>';
    const { draft } = await must('kari', 'draft.create', { team_id: teamId, title: payloadTitle, kind: 'annet', body: CORPUS.join('\n\n') });
    await kari.goto(`/teams/${teamId}`);
    await kari.getByTestId('draft-list').locator(`tr[data-draft="${draft.identifier}"]`).waitFor();
    await openDraft(kari, draft.id);
    await kari.getByTestId('draft-preview').locator('*').first().waitFor();
    const report = await kari.evaluate(() => {
      const bad = [];
      for (const root of document.querySelectorAll('[data-testid="draft-preview"]')) {
        for (const el of root.querySelectorAll('*')) {
          if (/^(SCRIPT|IFRAME|OBJECT|EMBED|SVG|MATH|IMG|STYLE|LINK|META|BASE|FORM|INPUT|VIDEO|AUDIO|TEMPLATE)$/i.test(el.tagName)) bad.push(el.tagName);
          for (const a of el.attributes) {
            if (/^on/i.test(a.name) || /^(style|src|srcdoc|action|formaction|xlink:href)$/i.test(a.name)) bad.push(`${el.tagName}@${a.name}`);
            if (a.name === 'href' && !/^(https?:|mailto:)/i.test(a.value)) bad.push(`href=${a.value}`);
          }
        }
      }
      return { hits: window.__xssHits, bad, title: document.querySelector('h1')?.textContent ?? '' };
    });
    assert.deepEqual(report.hits, [], 'window.__xss was set');
    assert.deepEqual(report.bad, [], 'executable markup in the preview');
    assert.ok(report.title.includes(payloadTitle), 'the title is shown as text');
    assert.deepEqual(pages.kari.dialogs, [], 'a dialog opened');
  });

  step('the library page is accessible', ['library.search'], async () => {
    const ola = pages.ola.page;
    await ola.goto('/library');
    await ola.getByRole('heading', { level: 1, name: 'Kravbibliotek' }).waitFor();
    await ola.getByRole('button', { name: 'Søk', exact: true }).waitFor();
    await expectAccessible(ola, 'the library');
  });

  step('no page error and no Content-Security-Policy violation', [], async () => {
    const problems = Object.entries(pages).flatMap(([who, e]) => e.problems.map((p) => `${who}: ${p}`));
    assert.deepEqual(problems, []);
  });
});
