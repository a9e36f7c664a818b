// What every test file builds around its steps: the server binary (ARENA_BINARY) on a fresh data
// directory serving the built client (ARENA_STATIC_DIR), Chromium, the first administrator
// made with the setup link's token, people signed in over the HTTP API, browser contexts
// signed in as them, and the steps that skip after an earlier failure (or when the server
// lacks an operation) and leave screenshots and the server's log in artifacts/ when they fail.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApi } from './api.mjs';
import { launchBrowser, openPage } from './browser.mjs';
import { TEST_TIMEOUT_MS } from './constants.mjs';
import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.resolve(here, '..', 'artifacts');
const BINARY = process.env.ARENA_BINARY;
const STATIC_DIR = process.env.ARENA_STATIC_DIR ?? path.resolve(here, '..', '..', '..', 'client-web', 'dist');

/** The organisation of the first administrator unless a test names another. */
const HELSE_VEST = { name: 'Helse Vest RHF', orgnr: '983974880' };

/**
 * The state of one test file. Create it at the top of the file (steps are declared before the
 * server runs); start() and stop() go in before() and after().
 *
 * @param {object} options
 * @param {string} [options.prefix] starts the artifacts' names: `<prefix>-<step>-<who>.png` and
 *   `<prefix>-server.log` (without a prefix: `<step>-<who>.png` and `server.log`)
 * @param {boolean} [options.browser] launch Chromium (default true)
 * @param {string} [options.opsAs] whose session asks the server which operations it lacks
 * @param {() => Promise<void>} [options.ensurePages] run by step() before each step's body
 * @param {(entry: object) => Promise<void>} [options.preparePage] run by open() on each new
 *   context before it is signed in (recorders, init scripts)
 * @param {boolean} [options.independent] a failed step does not skip the steps after it
 * @param {number} [options.slugLength] the longest step name part of a screenshot's name
 * @param {string} [options.skippedTitle] stop() prints `<skippedTitle>:` and the skipped steps
 */
export function createWorld({
  prefix = null,
  browser: withBrowser = true,
  opsAs = null,
  ensurePages = async () => {},
  preparePage = async () => {},
  independent = false,
  slugLength = Infinity,
  skippedTitle = null,
} = {}) {
  const cookies = {}; // who -> "arena_session=..."
  const api = createApi(() => world.server.baseUrl, cookies);
  const artifact = (name) => (prefix ? `${prefix}-${name}` : name);

  const world = {
    /** From lib/server.mjs startServer(), once start() has run. */
    server: null,
    browser: null,
    cookies,
    /** who -> the user auth.login answered with. */
    users: {},
    /** who -> { context, page, problems, ... } (lib/browser.mjs openPage()). */
    pages: {},
    /** The name of the step that failed (later steps are skipped unless `independent`). */
    broken: null,
    /** Operations the server lacks for every step (set by the test in before()). */
    missingOps: null,
    /** Steps and parts of steps skipped for missing operations, with why. */
    skipped: [],
    call: api.call,
    must: api.must,

    /** Which of `ops` the server does not know (asked as `opsAs`). */
    unknownOps: (ops) => api.unknownOps(opsAs, ops),

    /** Starts the server (and the browser); fails without ARENA_BINARY. */
    async start() {
      assert.ok(BINARY, 'ARENA_BINARY must name the server binary (scripts/run-e2e sets it)');
      world.server = await startServer(BINARY, STATIC_DIR);
      if (withBrowser) world.browser = await launchBrowser();
    },

    /** Closes the browser and stops the server, keeping its log in artifacts/ after a failure. */
    async stop() {
      if (skippedTitle && world.skipped.length > 0) console.log(`${skippedTitle}:\n  ${world.skipped.join('\n  ')}`);
      await world.browser?.close().catch(() => {});
      if (world.server) {
        if (world.broken) {
          await mkdir(ARTIFACTS, { recursive: true });
          await writeFile(path.join(ARTIFACTS, artifact('server.log')), world.server.log());
        }
        await world.server.stop();
      }
    },

    /** Makes `person` the first administrator with the token of the setup link the server printed. */
    async setup(person, organisation = HELSE_VEST) {
      const token = new URL(world.server.setupLink).hash.replace(/^#token=/, '');
      const setup = await api.call(null, 'setup.complete', {
        token, email: person.email, display_name: person.name, password: person.password, organisation,
      });
      assert.equal(setup.body.ok, true, JSON.stringify(setup.body));
    },

    /** Signs `person` in over HTTP as `who`: keeps the session cookie and the user; returns the user. */
    async login(who, person) {
      const r = await api.call(null, 'auth.login', { email: person.email, password: person.password });
      assert.equal(r.body.ok, true, JSON.stringify(r.body));
      cookies[who] = r.setCookie.split(';')[0];
      world.users[who] = r.body.user;
      return r.body.user;
    },

    /** A new browser context and page (see openPage), kept in pages[key], signed in as nobody. */
    async open(key) {
      const entry = await openPage(world.browser, world.server.baseUrl);
      await preparePage(entry);
      world.pages[key] = entry;
      return entry;
    },

    /** A new browser context and page signed in as `who` (null: nobody), kept in pages[key]. */
    async openAs(who, key = who) {
      const entry = await world.open(key);
      if (who) {
        const [name, ...rest] = cookies[who].split('=');
        await entry.context.addCookies([{ name, value: rest.join('='), url: world.server.baseUrl }]);
      }
      return entry;
    },

    /**
     * Part of a step that needs more operations: false (and a note in `skipped`) when the
     * server lacks them.
     */
    async has(stepName, ops, what) {
      const missing = await world.unknownOps(ops);
      if (missing.length === 0) return true;
      world.skipped.push(`${stepName} / ${what}: the server does not have ${missing.join(', ')} yet (unknown_op)`);
      return false;
    },

    /**
     * Runs a step's body: when it fails, the step is `broken` and every open page leaves a
     * screenshot in artifacts/.
     */
    async attempt(name, fn) {
      try {
        await fn(name);
      } catch (err) {
        world.broken = name;
        await mkdir(ARTIFACTS, { recursive: true });
        const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, slugLength);
        for (const [who, { page }] of Object.entries(world.pages)) {
          if (page.isClosed()) continue;
          await page.screenshot({ path: path.join(ARTIFACTS, artifact(`${slug}-${who}.png`)), fullPage: true }).catch(() => {});
        }
        throw err;
      }
    },

    /**
     * One step (a test): skipped after an earlier failure (unless `independent`) and when the
     * server lacks one of `missingOps` or `ops`; opens the pages (ensurePages) before its body.
     * The body gets the step's name.
     */
    step(name, ops, fn) {
      it(name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
        if (world.broken && !independent) return t.skip(`an earlier step failed: ${world.broken}`);
        const missing = [...new Set([...(world.missingOps ?? []), ...(await world.unknownOps(ops))])];
        if (missing.length > 0) {
          const why = `the server does not have ${missing.join(', ')} yet (unknown_op)`;
          world.skipped.push(`${name}: ${why}`);
          return t.skip(why);
        }
        await world.attempt(name, async () => {
          await ensurePages();
          await fn(name);
        });
      });
    },
  };
  return world;
}
