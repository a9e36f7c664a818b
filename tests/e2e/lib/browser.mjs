// Debian's Chromium through playwright-core, and page helpers that record what must not happen:
// uncaught errors and Content-Security-Policy violations.
import { chromium } from 'playwright-core';
import { ACTION_TIMEOUT_MS, BROWSER_LAUNCH_TIMEOUT_MS, CHROMIUM_ARGS, CHROMIUM_PATH } from './constants.mjs';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    timeout: BROWSER_LAUNCH_TIMEOUT_MS,
  });
}

/**
 * A new, isolated browser context (its own cookies and storage) with one page.
 * `problems` collects page errors and CSP violations seen by that page.
 */
export async function openPage(browser, baseUrl) {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && /Content.Security.Policy/i.test(text)) problems.push(`CSP: ${text}`);
  });
  return { context, page, problems };
}
