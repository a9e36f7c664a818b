// The browser flow of Arena, against the real server binary (ARENA_BINARY) serving the built
// client (ARENA_STATIC_DIR). The steps build on each other, like a real first day:
// setup -> teams -> login errors -> admin work -> invitation -> a new member -> language.
// Every wait is on a condition (an element, a text, a URL), never on a fixed sleep.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { expectAccessible } from '../lib/axe.mjs';
import { ACTION_TIMEOUT_MS, MAX_LOGIN_ATTEMPTS } from '../lib/constants.mjs';
import { createWorld } from '../lib/world.mjs';

const ADMIN = {
  email: 'kari.nordmann@helse-vest.test',
  name: 'Kari Nordmann',
  password: 'riktig-hest-batteri-stift',
  org: 'Helse Vest RHF',
  orgnr: '983974880',
};
const NEW_ORG = { name: 'Sykehusinnkjøp HF', orgnr: '916879067', badOrgnr: '916879068' };
const MEMBER = {
  email: 'ola.hansen@sykehusinnkjop.test',
  name: 'Ola Hansen',
  password: 'lang-og-trygg-passordfrase',
};
const EXTRA_USER = { email: 'per.olsen@sykehusinnkjop.test', name: 'Per Olsen', password: 'enda-en-lang-passordfrase' };
const EXTRA_TEAM = { name: 'Kjøretøy', slug: 'kjoretoy', renamed: 'Kjøretøy og transport' };
const SEED_TEAMS = ['Bygg og anlegg', 'IKT', 'Tekstil', 'Medisinsk materiell'];

const world = createWorld();
const { pages } = world; // pages: name -> { context, page, problems }
const closedProblems = []; // problems seen by pages whose context is already closed
let inviteLink = null;

/** One step of the flow: skipped after an earlier failure, screenshots on its own failure. */
const step = (name, fn) => world.step(name, [], fn);

/** A new context (signed in as nobody) kept in pages[name]; returns its page. */
async function open(name) {
  return (await world.open(name)).page;
}

async function closePage(name) {
  const { context, problems } = pages[name];
  closedProblems.push(...problems.map((x) => `${name}: ${x}`));
  delete pages[name];
  await context.close();
}

function heading(page, name) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

async function signIn(page, email, password) {
  await page.getByLabel('E-postadresse', { exact: true }).fill(email);
  await page.getByLabel('Passord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
}

describe('Arena in the browser', { concurrency: false }, () => {
  before(() => world.start());

  after(() => world.stop());

  step('index.html carries no inline script or style (the CSP allows only files)', async () => {
    const response = await fetch(`${world.server.baseUrl}/`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline <script>');
    assert.doesNotMatch(html, /<style\b/i, 'inline <style>');
    assert.doesNotMatch(html, /\sstyle=/i, 'style attribute');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler');
    assert.match(html, /<script[^>]+src="\/assets\/[^"]+\.js"/, 'hashed bundle');
  });

  step('the setup link creates the first administrator', async () => {
    const page = await open('admin');
    await page.goto(world.server.setupLink);
    await heading(page, 'Sett opp Arena').waitFor();
    await expectAccessible(page, 'setup');

    // An empty form: errors tied to their fields, focus on the first.
    await page.getByRole('button', { name: 'Opprett administrator' }).click();
    const email = page.getByLabel('E-postadresse', { exact: true });
    await page.locator('#email-error').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.match(await email.getAttribute('aria-describedby'), /email-error/);
    assert.equal(await page.locator('#email-error').textContent(), 'Fyll ut feltet.');
    assert.equal(await email.evaluate((el) => el === document.activeElement), true);
    await expectAccessible(page, 'setup with errors');

    await email.fill(ADMIN.email);
    await page.getByLabel('Navn', { exact: true }).fill(ADMIN.name);
    await page.getByLabel('Nytt passord', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Gjenta passordet', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Organisasjonsnavn', { exact: true }).fill(ADMIN.org);
    await page.getByLabel('Organisasjonsnummer', { exact: true }).fill(ADMIN.orgnr);
    await page.getByRole('button', { name: 'Opprett administrator' }).click();

    await heading(page, 'Kategoriteam').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByRole('banner').getByText(ADMIN.name).waitFor();
  });

  step('the four seed teams are listed, and the socket is online', async () => {
    const { page } = pages.admin;
    for (const name of SEED_TEAMS) {
      await page.getByRole('main').getByRole('link', { name, exact: true }).waitFor();
    }
    await page.getByRole('banner').getByRole('status').filter({ hasText: 'Tilkoblet' }).waitFor();
    await expectAccessible(page, 'team list');
  });

  step('after a server restart the page reconnects by itself and keeps working', async () => {
    const { page } = pages.admin;
    const status = page.getByRole('banner').getByRole('status');
    await status.filter({ hasText: 'Tilkoblet' }).waitFor();
    await world.server.halt();
    await status.filter({ hasText: 'Kobler til på nytt' }).waitFor();
    await world.server.start();
    await status.filter({ hasText: 'Tilkoblet' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Tekstil', exact: true }).click();
    await heading(page, 'Tekstil').waitFor();
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Kategoriteam' }).click();
    await heading(page, 'Kategoriteam').waitFor();
  });

  step('a wrong password shows an error; the right one signs in; logout signs out', async () => {
    const page = await open('visitor');
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
    await heading(page, 'Logg inn').waitFor();
    await expectAccessible(page, 'login');

    await signIn(page, ADMIN.email, 'feil-passord-her');
    await page.getByRole('alert').filter({ hasText: 'Feil e-postadresse eller passord.' }).waitFor();
    assert.equal(await page.getByLabel('Passord', { exact: true }).inputValue(), '');
    await expectAccessible(page, 'login with error');

    await signIn(page, ADMIN.email, ADMIN.password);
    await heading(page, 'Kategoriteam').waitFor();

    await page.getByRole('button', { name: 'Logg ut' }).click();
    await heading(page, 'Logg inn').waitFor();
    await page.goto('/profile');
    await page.waitForURL((url) => url.pathname === '/login');
    await heading(page, 'Logg inn').waitFor();
    await closePage('visitor');
  });

  step('the administrator creates an organisation (with orgnr validation)', async () => {
    const { page } = pages.admin;
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Administrasjon' }).click();
    await heading(page, 'Administrasjon: Brukere').waitFor();
    await page.getByRole('row').filter({ hasText: ADMIN.email }).waitFor();
    await expectAccessible(page, 'admin users');

    await page.getByRole('navigation', { name: 'Administrasjon' }).getByRole('link', { name: 'Organisasjoner' }).click();
    await heading(page, 'Administrasjon: Organisasjoner').waitFor();
    await page.getByRole('row').filter({ hasText: ADMIN.org }).waitFor();
    await page.getByRole('button', { name: 'Ny organisasjon' }).click();
    await page.getByLabel('Organisasjonsnavn', { exact: true }).fill(NEW_ORG.name);
    await page.getByLabel('Organisasjonsnummer', { exact: true }).fill(NEW_ORG.badOrgnr);
    await page.getByRole('button', { name: 'Opprett organisasjon' }).click();
    await page.getByText('Dette er ikke et gyldig organisasjonsnummer. Sjekk sifrene.').waitFor();
    await expectAccessible(page, 'admin organisations with an orgnr error');

    await page.getByLabel('Organisasjonsnummer', { exact: true }).fill(NEW_ORG.orgnr);
    await page.getByRole('button', { name: 'Opprett organisasjon' }).click();
    await page.getByRole('row').filter({ hasText: NEW_ORG.name }).filter({ hasText: NEW_ORG.orgnr }).waitFor();
    await expectAccessible(page, 'admin organisations');

    await page.getByRole('navigation', { name: 'Administrasjon' }).getByRole('link', { name: 'Team' }).click();
    await heading(page, 'Administrasjon: Team').waitFor();
    for (const name of SEED_TEAMS) await page.getByRole('row').filter({ hasText: name }).first().waitFor();
    await expectAccessible(page, 'admin teams');
  });

  step('the administrator creates, promotes, disables and enables a user', async () => {
    const { page } = pages.admin;
    const admin = page.getByRole('navigation', { name: 'Administrasjon' });
    await admin.getByRole('link', { name: 'Brukere' }).click();
    await heading(page, 'Administrasjon: Brukere').waitFor();
    await page.getByRole('button', { name: 'Ny bruker' }).click();
    await page.getByLabel('E-postadresse', { exact: true }).fill(EXTRA_USER.email);
    await page.getByLabel('Navn', { exact: true }).fill(EXTRA_USER.name);
    await page.getByLabel('Første passord', { exact: true }).fill(EXTRA_USER.password);
    await page.getByLabel('Organisasjon', { exact: true }).selectOption({ label: NEW_ORG.name });
    await expectAccessible(page, 'admin users, new user form');
    await page.getByRole('button', { name: 'Opprett bruker' }).click();
    await page.getByText(`Brukeren ${EXTRA_USER.name} er opprettet.`).waitFor();
    const row = page.getByRole('row').filter({ hasText: EXTRA_USER.email });
    await row.filter({ hasText: NEW_ORG.name }).waitFor();

    await page.getByRole('button', { name: `Gjør ${EXTRA_USER.name} til administrator` }).click();
    await row.getByText('Administrator', { exact: true }).waitFor();
    await page.getByRole('button', { name: `Fjern administratortilgangen til ${EXTRA_USER.name}` }).click();
    await row.getByText('Administrator', { exact: true }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: `Deaktiver ${EXTRA_USER.name}` }).click();
    await page.getByRole('button', { name: 'Ja, deaktiver' }).click();
    await row.getByText('Deaktivert', { exact: true }).waitFor();
    await page.getByRole('button', { name: `Aktiver ${EXTRA_USER.name}` }).click();
    await row.getByText('Aktiv', { exact: true }).waitFor();
  });

  step('the administrator creates, renames and archives a team', async () => {
    const { page } = pages.admin;
    await page.getByRole('navigation', { name: 'Administrasjon' }).getByRole('link', { name: 'Team' }).click();
    await heading(page, 'Administrasjon: Team').waitFor();
    await page.getByRole('button', { name: 'Nytt team' }).click();
    await page.getByLabel('Teamnavn', { exact: true }).fill(EXTRA_TEAM.name);
    assert.equal(await page.getByLabel('Kortnavn', { exact: true }).inputValue(), EXTRA_TEAM.slug);
    await page.getByRole('button', { name: 'Opprett team' }).click();
    await page.getByText(`Teamet ${EXTRA_TEAM.name} er opprettet.`).waitFor();

    await page.getByRole('button', { name: `Rediger ${EXTRA_TEAM.name}` }).click();
    await page.getByLabel('Teamnavn', { exact: true }).fill(EXTRA_TEAM.renamed);
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: EXTRA_TEAM.renamed });
    await row.waitFor();

    await page.getByRole('button', { name: `Arkiver ${EXTRA_TEAM.renamed}` }).click();
    await page.getByRole('button', { name: 'Ja, arkiver' }).click();
    await row.getByText('Arkivert', { exact: true }).waitFor();
    await expectAccessible(page, 'admin teams after changes');

    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Kategoriteam' }).click();
    const archived = page.getByRole('region', { name: 'Arkiverte team' });
    await archived.getByRole('link', { name: EXTRA_TEAM.renamed }).waitFor();
  });

  step('the administrator creates an invitation link for a team', async () => {
    const { page } = pages.admin;
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Kategoriteam' }).click();
    await heading(page, 'Kategoriteam').waitFor();
    await page.getByRole('main').getByRole('link', { name: 'IKT', exact: true }).click();
    await heading(page, 'IKT').waitFor();
    await page.getByRole('heading', { name: 'Invitasjoner', exact: true }).waitFor();
    await expectAccessible(page, 'team page');

    await page.getByRole('button', { name: 'Lag invitasjonslenke' }).click();
    const link = page.getByLabel('Invitasjonslenke', { exact: true });
    await link.waitFor();
    inviteLink = await link.inputValue();
    assert.match(inviteLink, /^http:\/\/127\.0\.0\.1:\d+\/invite#token=.+/);
    await page.getByRole('row').filter({ hasText: 'Aktiv' }).waitFor();
    await expectAccessible(page, 'team page with a new invitation');
  });

  step('a new person accepts the invitation, creates an account and is a member', async () => {
    const page = await open('member');
    await page.goto(inviteLink);
    await heading(page, 'Invitasjon til IKT').waitFor();
    await expectAccessible(page, 'invitation');
    // The newcomer (no session yet) is offered the organisations that came with the invitation.
    const orgSelect = page.getByRole('combobox', { name: /^Organisasjon/ });
    await orgSelect.waitFor();
    const orgOptions = await orgSelect.locator('option').allTextContents();
    assert.ok(orgOptions.includes(NEW_ORG.name), `organisations offered: ${orgOptions.join(', ')}`);

    await page.getByLabel('Navn', { exact: true }).fill(MEMBER.name);
    await page.getByLabel('E-postadresse', { exact: true }).fill(MEMBER.email);
    await page.getByLabel('Nytt passord', { exact: true }).fill(MEMBER.password);
    await page.getByLabel('Gjenta passordet', { exact: true }).fill(MEMBER.password);
    await page.getByRole('button', { name: 'Opprett konto og bli med' }).click();

    await heading(page, 'IKT').waitFor();
    assert.match(new URL(page.url()).pathname, /^\/teams\/\d+$/);
    await page.getByRole('banner').getByText(MEMBER.name).waitFor();
    const row = page.getByRole('row').filter({ hasText: MEMBER.name });
    await row.filter({ hasText: 'Medlem' }).waitFor();
    await page.getByRole('banner').getByRole('status').filter({ hasText: 'Tilkoblet' }).waitFor();
    await expectAccessible(page, 'team page as a member');

    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Kategoriteam' }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'IKT', exact: true }) });
    await card.getByText('Medlem', { exact: true }).waitFor();
  });

  step('the administrator links the new user to an organisation and changes the role', async () => {
    const { page } = pages.admin;
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Administrasjon' }).click();
    await heading(page, 'Administrasjon: Brukere').waitFor();
    await page.getByRole('button', { name: `Rediger ${MEMBER.name}` }).click();
    await page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Lagre' }) })
      .getByLabel('Organisasjon', { exact: true }).selectOption({ label: NEW_ORG.name });
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await page.getByRole('row').filter({ hasText: MEMBER.email }).filter({ hasText: NEW_ORG.name }).waitFor();

    // The member sees the role change live (team.member_updated).
    const member = pages.member.page;
    await member.getByRole('main').getByRole('link', { name: 'IKT', exact: true }).click();
    await heading(member, 'IKT').waitFor();

    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Kategoriteam' }).click();
    await page.getByRole('main').getByRole('link', { name: 'IKT', exact: true }).click();
    await heading(page, 'IKT').waitFor();
    await page.getByLabel(`Rolle for ${MEMBER.name}`).selectOption('observer');
    await page.getByRole('button', { name: `Lagre rolle for ${MEMBER.name}` }).click();
    await page.getByRole('button', { name: `Lagre rolle for ${MEMBER.name}` }).waitFor({ state: 'detached' });

    await member.getByRole('row').filter({ hasText: MEMBER.name }).filter({ hasText: 'Observatør' })
      .waitFor({ timeout: ACTION_TIMEOUT_MS });
    await member.getByRole('row').filter({ hasText: MEMBER.name }).filter({ hasText: NEW_ORG.name }).waitFor();
  });

  step('switching the language from nb to en changes the visible text and is kept', async () => {
    const { page } = pages.member;
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Category teams' }).waitFor();
    await page.getByRole('heading', { name: 'Members', exact: false }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
    await expectAccessible(page, 'team page in English');

    // Kept in the profile: a reload (fresh auth.me) is still in English.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Category teams' }).waitFor();
  });

  step('the profile page: API token shown once, listed and revoked', async () => {
    const { page } = pages.member;
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'My profile' }).click();
    await heading(page, 'My profile').waitFor();
    await page.getByText(NEW_ORG.name).first().waitFor();
    await expectAccessible(page, 'profile');

    await page.getByLabel('Token name', { exact: true }).fill('eksportskript');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('API token', { exact: true });
    await secret.waitFor();
    assert.ok((await secret.inputValue()).length >= 16, 'the token is shown');
    const row = page.getByRole('row').filter({ hasText: 'eksportskript' });
    await row.waitFor();
    await expectAccessible(page, 'profile with a new token');

    await page.getByRole('button', { name: 'Revoke the token eksportskript' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.waitFor({ state: 'detached' });
  });

  step('the remaining screens pass axe', async () => {
    const { page } = pages.member;
    await page.goto('/finnes-ikke');
    await heading(page, 'Page not found').waitFor();
    await expectAccessible(page, 'not found');

    await page.goto('/invite#token=ukjent-token');
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'invitation with an unknown token');

    await page.goto('/admin');
    await page.getByText('Only administrators have access to this page.').waitFor();
    await expectAccessible(page, 'admin as a non-admin');

  });

  step('signing out in one tab ends the session in the other (socket closed with 1008)', async () => {
    const { page, context } = pages.member;
    await page.goto('/');
    await heading(page, 'Category teams').waitFor();
    await page.getByRole('banner').getByRole('status').filter({ hasText: 'Connected' }).waitFor();

    const other = await context.newPage();
    other.on('pageerror', (err) => pages.member.problems.push(`page error (second tab): ${err.message}`));
    await other.goto('/profile');
    await heading(other, 'My profile').waitFor();
    await other.getByRole('button', { name: 'Sign out' }).click();
    await heading(other, 'Sign in').waitFor();
    await other.close();

    await heading(page, 'Sign in').waitFor();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    await expectAccessible(page, 'login after the session ended');
  });

  step('an existing user signs in from an invitation and joins as facilitator', async () => {
    const { page: adminPage } = pages.admin;
    await adminPage.goto('/');
    await adminPage.getByRole('main').getByRole('link', { name: 'Tekstil', exact: true }).click();
    await heading(adminPage, 'Tekstil').waitFor();
    const invitations = adminPage.getByRole('region', { name: 'Invitasjoner', exact: true });
    await invitations.getByLabel('Rolle', { exact: true }).selectOption('facilitator');
    await adminPage.getByLabel('E-postadresse til mottaker').fill(EXTRA_USER.email);
    await adminPage.getByRole('button', { name: 'Lag invitasjonslenke' }).click();
    const link = await adminPage.getByLabel('Invitasjonslenke', { exact: true }).inputValue();

    const page = await open('extra');
    await page.goto(link);
    await heading(page, 'Invitasjon til Tekstil').waitFor();
    await page.getByText(EXTRA_USER.email, { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Logg inn først' }).click();
    await heading(page, 'Logg inn').waitFor();
    await signIn(page, EXTRA_USER.email, EXTRA_USER.password);

    await heading(page, 'Invitasjon til Tekstil').waitFor();
    await page.getByRole('button', { name: 'Bli med i Tekstil' }).click();
    await heading(page, 'Tekstil').waitFor();
    await page.getByRole('row').filter({ hasText: EXTRA_USER.name }).getByLabel(`Rolle for ${EXTRA_USER.name}`).waitFor();
    await page.getByRole('heading', { name: 'Invitasjoner', exact: true }).waitFor();
    await expectAccessible(page, 'team page as a facilitator');
    await closePage('extra');
  });

  // Last on purpose: the server may also throttle per address, which would slow later sign-ins.
  step('repeated wrong passwords are rate limited, with the time to wait', async () => {
    const page = await open('guesser');
    await page.goto('/login');
    await heading(page, 'Logg inn').waitFor();
    await page.getByLabel('E-postadresse', { exact: true }).fill('ingen.her@eksempel.test');
    const submit = page.getByRole('button', { name: 'Logg inn', exact: true });
    const limitedAlert = page.getByRole('alert').filter({
      hasText: /For mange innloggingsforsøk\. Prøv igjen om|Du kan prøve å logge inn igjen nå\./,
    });
    let limited = false;
    for (let attempt = 0; attempt < MAX_LOGIN_ATTEMPTS && !limited; attempt++) {
      await page.getByLabel('Passord', { exact: true }).fill(`gjetning-${attempt}`);
      await submit.click(); // waits while the button is disabled by a countdown
      await page.locator('button[type=submit]:not([aria-busy])').waitFor();
      limited = (await limitedAlert.count()) > 0;
    }
    assert.ok(limited, `no rate limiting after ${MAX_LOGIN_ATTEMPTS} wrong passwords`);
    await expectAccessible(page, 'login while rate limited');
    await closePage('guesser');
  });

  step('no page error and no Content-Security-Policy violation anywhere', async () => {
    const open = Object.entries(pages).flatMap(([who, p]) => p.problems.map((x) => `${who}: ${x}`));
    assert.deepEqual([...closedProblems, ...open], []);
  });
});
