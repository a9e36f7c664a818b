// Runs axe-core in the page and fails on serious or critical violations.
// The script goes in through the DevTools protocol (page.evaluate), not a <script> tag, so the
// server's strict Content-Security-Policy stays in force while we test.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { FAILING_IMPACTS } from './constants.mjs';

const require = createRequire(import.meta.url);
let axeSource = null;

async function source() {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** Returns the serious/critical violations on the page as readable lines (empty when clean). */
export async function axeViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(await source());
  const results = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return results
    .filter((v) => FAILING_IMPACTS.includes(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} [${v.nodes.join(', ')}]`);
}

/** Fails the test when axe finds serious or critical problems on the page (`screen` names it). */
export async function expectAccessible(page, screen) {
  assert.deepEqual(await axeViolations(page), [], `axe found serious/critical problems on ${screen}`);
}
