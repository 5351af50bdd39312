// Debian's Chromium driven by playwright-core (which never downloads a
// browser), plus what every journey checks on every page: axe-core, no
// request to another host, no Content-Security-Policy violation.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');
export const PHONE = { width: 360, height: 740 };

/** Launches Chromium headless. Playwright gives it a fresh, empty profile
 *  directory of its own (and removes it when the browser closes). */
export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or run scripts/browser-tests.sh)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context that records what the journeys must never see:
 * requests to other hosts, CSP violations and script errors.
 */
export async function openContext(browser, base, options = {}) {
  const context = await browser.newContext({ locale: 'id-ID', ...options });
  const host = new URL(base).host;
  const problems = [];
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.host !== host) problems.push(`request to another host: ${req.url()}`);
  });
  context.on('page', (page) => watch(page, problems));
  const page = await context.newPage();
  return { context, page, problems };
}

function watch(page, problems) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content.Security.Policy|Refused to/i.test(msg.text())) {
      problems.push(`CSP: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
}

/** Every axe result seen, for the closing summary. */
export const axeLog = [];

/**
 * Runs axe-core in the page (through the DevTools protocol, so the page's
 * CSP stays on) and returns violations that are serious or critical.
 */
export async function axe(page, label) {
  const already = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!already) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // WCAG 2.2's target size (2.5.8, 24x24 px) is off in axe by default.
    const r = await window.axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'target-size': { enabled: true } },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeLog.push({ page: label || page.url(), violations: result });
  return bad;
}

export function describeViolations(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/** A full-page screenshot into test-artifacts/screenshots/. */
export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Loads `url` in a fresh context (empty cache) and sums the bytes of every
 * response on the wire: headers plus the body as sent (compressed if so).
 */
export async function pageWeight(browser, base, url) {
  const { context, page, problems } = await openContext(browser, base);
  const requests = [];
  page.on('requestfinished', (req) => requests.push(req));
  await page.goto(base + url, { waitUntil: 'networkidle' });
  let bytes = 0;
  const parts = [];
  for (const req of requests) {
    const sizes = await req.sizes();
    const size = sizes.responseBodySize + sizes.responseHeadersSize;
    bytes += size;
    parts.push(`${new URL(req.url()).pathname} ${size}`);
  }
  await context.close();
  return { bytes, parts, problems };
}
