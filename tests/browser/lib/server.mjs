// Starts `sinergi demo` on a free port with a fresh data directory, and
// stops it. The harness builds nothing: it runs the binary named by
// SINERGI_BIN (default target/debug/sinergi, relative to the repository).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A port nobody listens on now: bind port 0, read it, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function binaryPath() {
  const bin = process.env.SINERGI_BIN || 'target/debug/sinergi';
  return path.isAbsolute(bin) ? bin : path.resolve(REPO_ROOT, bin);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts Sinergi and resolves once `/readyz` answers 200 and the demo line
 * was printed. The first start imports the whole region tree (~92,000
 * units), which takes a while on a debug build.
 */
export async function startSinergi({ timeoutMs = 240_000 } = {}) {
  const bin = binaryPath();
  if (!fs.existsSync(bin)) {
    throw new Error(`no sinergi binary at ${bin}: build it (cargo build -p sinergi) or set SINERGI_BIN`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-browser-'));
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const child = spawn(bin, ['demo', '--data-dir', dataDir, '--listen', listen], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SINERGI_LOG: process.env.SINERGI_LOG || 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const stopOnExit = () => child.kill('SIGKILL');
  process.on('exit', stopOnExit);

  const base = `http://${listen}`;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (Date.now() < deadline) {
    if (exited) break;
    if (stdout.includes(`Sinergi demo: open ${base}`)) {
      try {
        const res = await fetch(`${base}/readyz`);
        if (res.status === 200) { ready = true; break; }
      } catch { /* not listening yet */ }
    }
    await sleep(250);
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`sinergi did not become ready (exit: ${JSON.stringify(exited)})\nstdout:\n${stdout}\nstderr:\n${stderr.slice(-4000)}`);
  }

  return {
    base,
    port,
    dataDir,
    async stop() {
      process.off('exit', stopOnExit);
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
