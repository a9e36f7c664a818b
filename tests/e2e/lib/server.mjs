// Starts the Arena server binary on 127.0.0.1 with an ephemeral port and a fresh data
// directory, and reads its address and one-time setup link from what it prints.
// restart() stops it and starts it again on the same port and data directory.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVER_START_TIMEOUT_MS, SERVER_STOP_TIMEOUT_MS } from './constants.mjs';

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:(\d+))/;
const SETUP_LINK = /setup link: (http:\/\/\S+\/setup#token=\S+)/;

/**
 * Spawns one server process and waits for its "listening on" line (and, when `wantSetupLink`,
 * its setup link). Resolves with the process handle; rejects with everything it printed.
 */
async function spawnServer(binary, args, wantSetupLink, logSink) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  const found = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not get ready within ${SERVER_START_TIMEOUT_MS} ms:\n${output}`));
    }, SERVER_START_TIMEOUT_MS);
    const onData = (chunk) => {
      const text = chunk.toString('utf8');
      output += text;
      logSink(text);
      const listening = LISTENING.exec(output);
      const setup = SETUP_LINK.exec(output);
      if (listening && (setup || !wantSetupLink)) {
        clearTimeout(timer);
        resolve({ baseUrl: listening[1], port: listening[2], setupLink: setup?.[1] ?? null });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${JSON.stringify(exited)}):\n${output}`));
    });
  }).catch(async (err) => {
    if (!exited) {
      child.kill('SIGKILL');
      await exit;
    }
    throw err;
  });

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
    await exit;
    clearTimeout(timer);
  };
  return { ...found, stop };
}

/**
 * @param {string} binary path of the arena executable
 * @param {string} staticDir client-web/dist
 */
export async function startServer(binary, staticDir) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'arena-e2e-'));
  let log = '';
  const sink = (text) => {
    log += text;
  };
  const args = (port) => [
    'serve', '--bind', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--static-dir', staticDir,
  ];

  let current;
  try {
    current = await spawnServer(binary, args(0), true, sink);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  // The link is printed with the server's own idea of its host; use the address we connect to.
  const link = new URL(current.setupLink);
  link.host = new URL(current.baseUrl).host;

  return {
    baseUrl: current.baseUrl,
    setupLink: link.toString(),
    log: () => log,
    /** Stops the server (the pages see their sockets close). Call start() to bring it back. */
    async halt() {
      await current.stop();
      sink('--- stopped by the test ---\n');
    },
    /** Starts it again on the same port and data directory. */
    async start() {
      current = await spawnServer(binary, args(current.port), false, sink);
    },
    async stop() {
      await current.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
