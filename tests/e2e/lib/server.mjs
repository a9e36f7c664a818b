// Starts the Arena server binary on 127.0.0.1 with an ephemeral port and a fresh data
// directory, and reads its address and one-time setup link from what it prints.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVER_START_TIMEOUT_MS, SERVER_STOP_TIMEOUT_MS } from './constants.mjs';

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const SETUP_LINK = /setup link: (http:\/\/\S+\/setup#token=\S+)/;

/**
 * @param {string} binary path of the arena executable
 * @param {string} staticDir client-web/dist
 * @returns {Promise<{baseUrl: string, setupLink: string, log: () => string, stop: () => Promise<void>}>}
 */
export async function startServer(binary, staticDir) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'arena-e2e-'));
  const child = spawn(binary, [
    'serve', '--bind', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--static-dir', staticDir,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });

  let output = '';
  let baseUrl = null;
  let setupLink = null;
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not print its address and setup link within ${SERVER_START_TIMEOUT_MS} ms:\n${output}`));
    }, SERVER_START_TIMEOUT_MS);
    const check = () => {
      baseUrl ??= LISTENING.exec(output)?.[1] ?? null;
      setupLink ??= SETUP_LINK.exec(output)?.[1] ?? null;
      if (baseUrl && setupLink) {
        clearTimeout(timer);
        resolve();
      }
    };
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      check();
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
  });

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  // The link is printed with the server's own idea of its host; use the address we connect to.
  const link = new URL(setupLink);
  const base = new URL(baseUrl);
  link.host = base.host;
  return { baseUrl, setupLink: link.toString(), log: () => output, stop };
}
