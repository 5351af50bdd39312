// Kinerja in a real browser (Debian's Chromium), on a desktop (1366 px)
// and a 360 px phone: from the home page, by clicking, to the national
// "Lompatan kinerja" page, then a province's dashboard, its units below
// ranked, and the period report downloaded as XLSX (a real workbook: a
// ZIP holding the sheets). axe clean on every page, no side scroll on the
// phone, nothing fetched from another host. Screenshots:
// kinerja-<screen>-<step>.png.
//
// Its own Sinergi (`sinergi demo`).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { startSinergi } from './lib/server.mjs';

const DESKTOP = { width: 1366, height: 900 };
const SCREENS = [
  ['desktop', { viewport: DESKTOP }],
  ['phone', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
];

let sinergi;
let browser;

before(async () => {
  sinergi = await startSinergi();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sinergi?.stop();
});

async function checkA11y(page, label) {
  const bad = await axe(page, label);
  assert.equal(bad.length, 0, `axe on ${label}:\n${describeViolations(bad)}`);
}

async function noSideScroll(page, label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${label} is ${width}px wide on a phone`);
}

describe('kinerja', () => {
  for (const [screen, options] of SCREENS) {
    test(`(k) ${screen}: home → lompatan kinerja → a province → its units ranked → the XLSX report`, async () => {
      const base = sinergi.base;
      const { context, page, problems } = await openContext(browser, base, { ...options, acceptDownloads: true });
      const phone = screen === 'phone';
      // The national boards rank every unit of every level: slow on a
      // debug build of a loaded machine. Waits are for the page, never
      // for a time.
      page.setDefaultTimeout(180_000);
      const check = async (label) => {
        await checkA11y(page, `${label} (${screen})`);
        if (phone) await noSideScroll(page, label);
        await screenshot(page, `kinerja-${screen}-${label.replace(/\W+/g, '-')}`);
      };

      await page.goto(`${base}/`);
      if (phone) await page.locator('.service-nav__toggle').click();
      await page.locator('.service-nav').getByRole('link', { name: 'Kinerja', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/kinerja');
      assert.equal(await page.locator('h1').innerText(), 'Lompatan kinerja');
      await page.locator('#province-table').waitFor();
      await check('lompatan');

      // Bali from the provinces side by side.
      await page.locator('#province-table').getByRole('link', { name: 'Bali', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/kinerja/51');
      assert.match(await page.locator('h1').innerText(), /Bali/);
      assert.match(await page.locator('.kj-index__value').innerText(), /\d/);
      await check('province');

      // Its units below, ranked: Kota Denpasar among them, with a rank.
      const children = page.locator('#children + table');
      await children.waitFor();
      const rows = await children.locator('tbody tr').count();
      assert.ok(rows >= 9, `Bali's regencies and cities ranked (${rows})`);
      const denpasar = children.locator('tbody tr', { hasText: 'Kota Denpasar' });
      assert.match(await denpasar.locator('td').first().innerText(), /^(\d+|–)$/);

      // The report, as a real workbook.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#report-xlsx').click(),
      ]);
      assert.match(download.suggestedFilename(), /^kinerja-51-\d{4}-\d{2}\.xlsx$/);
      const file = await download.path();
      const bytes = fs.readFileSync(file);
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a ZIP');
      assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet1.xml')), 'with its sheets');
      assert.ok(bytes.length > 4000, `a workbook of ${bytes.length} bytes`);

      // And the weights behind the index, one link away.
      await page.getByRole('link', { name: 'Cara indeks dibobot' }).click();
      await page.waitForURL((url) => url.pathname === '/kinerja/weights');
      await page.locator('#weights-table').waitFor();
      await check('weights');

      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    });
  }
});
