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

/**
 * Records what an XSS payload would do in a context from openPage(): dialogs (dismissed) in
 * `entry.dialogs`, and values set on window.__xss (or parent.__xss) in window.__xssHits.
 */
export async function installXssTrap(entry) {
  entry.dialogs = [];
  entry.page.on('dialog', (d) => {
    entry.dialogs.push(d.message());
    void d.dismiss();
  });
  await entry.context.addInitScript(() => {
    window.__xssHits = [];
    Object.defineProperty(window, '__xss', { configurable: false, get: () => undefined, set: (v) => window.__xssHits.push(v) });
  });
}
