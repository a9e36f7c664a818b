import { startServer } from './lib/server.mjs';
import { launchBrowser, openPage } from './lib/browser.mjs';
const server = await startServer('/work/main/build/arena', '/work/main/client-web/dist');
let cookie = '';
async function call(op, fields = {}) {
  const r = await fetch(`${server.baseUrl}/api/${op}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(fields) });
  const b = await r.json(); if (r.headers.get('set-cookie')) cookie = r.headers.get('set-cookie').split(';')[0]; return b;
}
const browser = await launchBrowser();
try {
  const token = new URL(server.setupLink).hash.replace(/^#token=/, '');
  await call('setup.complete', { token, email: 'a@b.test', display_name: 'A', password: 'riktig-hest-batteri-stift', organisation: { name: 'Helse Vest RHF', orgnr: '983974880' } });
  const me = await call('auth.login', { email: 'a@b.test', password: 'riktig-hest-batteri-stift' });
  const { teams } = await call('team.list');
  const team_id = teams[0].id;
  await call('team.add_member', { team_id, user_id: me.user.id, role: 'facilitator' });
  const { draft } = await call('draft.create', { team_id, title: 'T', kind: 'annet', body: 'abc\n' });
  const { page, context } = await openPage(browser, server.baseUrl);
  await context.addCookies([{ name: cookie.split('=')[0], value: cookie.split('=').slice(1).join('='), url: server.baseUrl }]);
  await page.goto(`/teams/${team_id}/drafts/${draft.id}`);
  await page.locator('.draft-sync[data-synced="yes"]').waitFor();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('hei og ');
  await page.locator('.draft-sync[data-synced="yes"]').waitFor();
  await page.waitForTimeout(500);
  console.log(JSON.stringify((await call('draft.open', { team_id, draft_id: draft.id })).text).replace(/\u00a0/g, '<NBSP>'));
  await page.keyboard.type('mer');
  await page.waitForTimeout(500);
  console.log(JSON.stringify((await call('draft.open', { team_id, draft_id: draft.id })).text).replace(/\u00a0/g, '<NBSP>'));
  console.log(await page.evaluate(() => getComputedStyle(document.querySelector(".cm-content")).whiteSpace + " " + document.adoptedStyleSheets.length + " " + document.querySelectorAll("style").length + " " + getComputedStyle(document.querySelector(".cm-scroller")).fontFamily));
} finally { await browser.close(); await server.stop(); }
