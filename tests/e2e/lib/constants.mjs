// Every timeout and limit of the browser tests, in one place. Generous: the suite must pass on
// a busy 2-core machine, and every wait is on a condition, so a long limit costs nothing when
// things go well.

/** From spawning the server to its "listening on" line (and setup link). */
export const SERVER_START_TIMEOUT_MS = 30_000;
/** From SIGTERM to exit before SIGKILL. */
export const SERVER_STOP_TIMEOUT_MS = 10_000;
/** One wait for an element, a navigation or a condition in the page. */
export const ACTION_TIMEOUT_MS = 20_000;
/** One test (a step of the flow). */
export const TEST_TIMEOUT_MS = 120_000;
/** Browser start. */
export const BROWSER_LAUNCH_TIMEOUT_MS = 60_000;

/** Wrong passwords tried before the server must have said rate_limited. */
export const MAX_LOGIN_ATTEMPTS = 20;

/** axe-core impacts that fail a test. */
export const FAILING_IMPACTS = ['serious', 'critical'];

export const CHROMIUM_PATH = process.env.ARENA_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
