// Journeys through Sinergi in a real browser (Debian's Chromium).
//
// One Sinergi (fresh database, free port) and one browser serve every
// journey in this file: the first start imports the whole region tree,
// which is worth doing once. Every page a journey visits is checked with
// axe-core (zero serious or critical violations), and no journey may
// request another host or trip the Content-Security-Policy.
//
// Run: scripts/browser-tests.sh, or `node --test` here with SINERGI_BIN.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  PHONE, axe, axeLog, describeViolations, launch, openContext, pageWeight, screenshot,
} from './lib/browser.mjs';
import { REPO_ROOT, startSinergi } from './lib/server.mjs';

const WEIGHT_BUDGET = 100 * 1000; // bytes on the wire per page: HTML + CSS + JS
const PAGES_TO_WEIGH = {
  home: '/',
  releases: '/releases',
  'press rooms': '/press',
  search: '/units?q=denpasar',
  regency: '/units/51.71',
  village: '/units/51.71.01.1006',
  design: '/design',
};

let sinergi;
let browser;
const weights = {};

before(async () => {
  sinergi = await startSinergi();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sinergi?.stop();
  const report = path.join(REPO_ROOT, 'test-artifacts', 'browser-report.json');
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, JSON.stringify({ weights, axe: axeLog }, null, 2));
});

/** axe-core on the current page: no serious or critical violation. */
async function checkA11y(page, label) {
  const bad = await axe(page, label);
  assert.equal(bad.length, 0, `axe on ${label}:\n${describeViolations(bad)}`);
}

function assertClean(problems) {
  assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
}

async function follow(page, name, urlPattern) {
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.waitForURL(urlPattern);
}

async function summaryValue(page, label) {
  return page.locator('.summary-list__row', { has: page.locator('dt', { hasText: label }) }).locator('dd').first().innerText();
}

async function noHorizontalScroll(page, label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${label}: page is ${width}px wide on a ${PHONE.width}px screen`);
}

/** Follows a link of the main navigation: on a phone, behind "Menu". */
async function navigate(page, name, urlPattern, { phone = false } = {}) {
  if (phone) {
    await page.locator('.service-nav__phone summary').click();
    await page.locator('.service-nav__phone').getByRole('link', { name, exact: true }).click();
  } else {
    await page.locator('.service-nav__wide').getByRole('link', { name, exact: true }).click();
  }
  await page.waitForURL(urlPattern);
}

/** Browses Beranda → Jejaring → Bali → Kota Denpasar → Denpasar Selatan → Sanur. */
async function browseToSanur(page, base, { phone = false } = {}) {
  const shot = async (name) => screenshot(page, `${phone ? 'phone' : 'desktop'}-${name}`);
  const check = async (label) => {
    await checkA11y(page, `${label}${phone ? ' (phone)' : ''}`);
    if (phone) await noHorizontalScroll(page, label);
  };

  await page.goto(`${base}/`);
  assert.equal(await page.locator('h1').innerText(), 'Siaran pers pemerintah, dari pusat sampai desa');
  await check('home');
  await shot('home');

  await navigate(page, 'Jejaring', /\/network$/, { phone });
  assert.equal(await page.locator('h1').innerText(), 'Jejaring unit humas');
  await check('network');
  await shot('network');

  await follow(page, 'Bali', /\/units\/51$/);
  assert.equal(await page.locator('h1').innerText(), 'Bali');
  await check('province Bali');
  await shot('province-bali');

  await follow(page, 'Kota Denpasar', /\/units\/51\.71$/);
  await check('regency Kota Denpasar');

  await follow(page, 'Denpasar Selatan', /\/units\/51\.71\.01$/);
  await check('district Denpasar Selatan');

  await follow(page, 'Sanur', /\/units\/51\.71\.01\.1006$/);
  assert.equal(await page.locator('h1').innerText(), 'Sanur');
  const crumbs = await page.locator('nav.breadcrumbs li').allInnerTexts();
  assert.deepEqual(crumbs.map((c) => c.trim()), ['Beranda', 'Bali', 'Kota Denpasar', 'Denpasar Selatan', 'Sanur']);
  assert.equal(await page.locator('nav.breadcrumbs [aria-current="page"]').innerText(), 'Sanur');
  assert.equal(await summaryValue(page, 'Tingkat'), 'Desa/kelurahan');
  assert.equal(await summaryValue(page, 'Kode'), '51.71.01.1006');
  assert.equal(await summaryValue(page, 'Zona waktu'), 'WITA');
  assert.match(await summaryValue(page, 'Waktu setempat'), /^\d{1,2} \p{L}+ \d{4} \d{2}\.\d{2} WITA$/u);
  assert.equal(await summaryValue(page, 'Induk'), 'Denpasar Selatan');
  await check('village Sanur');
  await shot('village-sanur');
}

describe('journeys', () => {
  test('(h) sign in as the Bali province PR office, see members and the audit log, sign out', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base);
    await page.goto(`${sinergi.base}/members`);
    await page.waitForURL(/\/sign-in\?next=(%2F|\/)members/);
    await checkA11y(page, 'sign-in form');
    await page.getByLabel('Alamat e-mail').fill('humas@baliprov.demo');
    await page.getByLabel('Kata sandi').fill('bukan kata sandinya');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').innerText(), /tidak benar/);
    await checkA11y(page, 'sign-in with an error');
    await page.getByLabel('Kata sandi').fill('sinergi-demo-2026');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(/\/members$/);
    assert.equal(await page.locator('h1').innerText(), 'Anggota');
    const emails = await page.locator('table.table tbody').innerText();
    assert.match(emails, /redaksi@denpasarkota\.demo/, 'Bali sees Denpasar\'s editor');
    assert.doesNotMatch(emails, /jatimprov/, 'but not East Java');
    await checkA11y(page, 'members');
    await screenshot(page, 'desktop-members');
    await page.goto(`${sinergi.base}/audit`);
    assert.match(await page.locator('table.table').innerText(), /membership\.grant/);
    await checkA11y(page, 'audit log');
    await page.goto(`${sinergi.base}/account`);
    await checkA11y(page, 'account');
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.waitForURL(`${sinergi.base}/`);
    await page.goto(`${sinergi.base}/account`);
    await page.waitForURL(/\/sign-in/);
    assertClean(problems);
    await context.close();
  });

  test('(a) browse the network from the home page to the village Sanur', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base);
    await browseToSanur(page, sinergi.base);
    assertClean(problems);
    await context.close();
  });

  test('(b) unit search; htmx updates results in place; works without JavaScript', async () => {
    // (The header box searches everything; search.test.mjs follows it.)
    const { context, page, problems } = await openContext(browser, sinergi.base);
    await page.goto(`${sinergi.base}/units?q=denpasar`);
    const first = page.locator('#results tbody tr').first().getByRole('link');
    assert.equal(await first.innerText(), 'Kota Denpasar');
    assert.equal(await page.locator('#search-q').inputValue(), 'denpasar');
    await checkA11y(page, 'search "denpasar"');
    await screenshot(page, 'desktop-search-denpasar');

    // htmx is there, and typing replaces only the results: a marker set on
    // this window survives, so the page was not reloaded.
    assert.equal(await page.evaluate(() => typeof window.htmx), 'object');
    await page.evaluate(() => { window.sinergiMarker = 'same page'; });
    await page.locator('#search-q').fill('sanur');
    await page.locator('#results-heading', { hasText: 'sanur' }).waitFor();
    await page.waitForURL(/\/units\?q=sanur/);
    assert.equal(await page.evaluate(() => window.sinergiMarker), 'same page');
    const names = await page.locator('#results tbody tr td:first-child a').allInnerTexts();
    assert.ok(names.length > 0 && names.every((n) => /sanur/i.test(n)), `results for sanur: ${names}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q', 'focus stays in the search box');
    assert.match(await page.locator('#results-status').textContent(), /Hasil untuk “sanur”/, 'screen readers hear what changed');

    await page.locator('#search-level').selectOption('village');
    await page.waitForURL(/level=village/);
    await page.locator('#results tbody tr').first().waitFor();
    assert.equal(await page.evaluate(() => window.sinergiMarker), 'same page');
    await checkA11y(page, 'search "sanur" among villages (htmx)');

    // "Next page" of sub-units loads into place: Kabupaten Yahukimo has 51 districts.
    await page.goto(`${sinergi.base}/units/95.03`);
    assert.equal(await page.locator('#children tbody tr').count(), 50);
    await page.evaluate(() => { window.sinergiMarker = 'same page'; });
    await page.getByRole('link', { name: 'Halaman berikutnya' }).click();
    await page.waitForURL(/\/units\/95\.03\?cursor=/);
    await page.getByRole('link', { name: 'Kembali ke halaman pertama' }).waitFor();
    assert.equal(await page.locator('#children tbody tr').count(), 1);
    assert.equal(await page.evaluate(() => window.sinergiMarker), 'same page');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'sub-units', 'focus moves to the list heading');
    await checkA11y(page, 'Kabupaten Yahukimo, second page of districts (htmx)');
    await page.goBack();
    await page.waitForURL(/\/units\/95\.03$/);
    await page.locator('#children tbody tr').nth(49).waitFor();
    assertClean(problems);
    await context.close();

    // The same search with JavaScript off: plain forms and links.
    const noJs = await openContext(browser, sinergi.base, { javaScriptEnabled: false });
    await noJs.page.goto(`${sinergi.base}/units?q=denpasar`);
    assert.equal(await noJs.page.locator('#results tbody tr').first().getByRole('link').innerText(), 'Kota Denpasar');
    await noJs.page.locator('#search-q').fill('sanur');
    await noJs.page.locator('.search-form').getByRole('button', { name: 'Cari' }).click();
    await noJs.page.waitForURL(/\/units\?q=sanur/);
    assert.match(await noJs.page.locator('#results-heading').innerText(), /sanur/);
    await noJs.page.goto(`${sinergi.base}/units/95.03`);
    await noJs.page.getByRole('link', { name: 'Halaman berikutnya' }).click();
    await noJs.page.waitForURL(/cursor=/);
    assert.equal(await noJs.page.locator('#children tbody tr').count(), 1);
    assertClean(noJs.problems);
    await noJs.context.close();
  });

  test('(c) switch to English and back; the choice persists across pages', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base);
    await page.goto(`${sinergi.base}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    await page.getByRole('link', { name: 'English', exact: true }).click();
    await page.locator('h1', { hasText: 'Government press releases' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(new URL(page.url()).pathname, '/');
    await checkA11y(page, 'home (English)');
    await screenshot(page, 'desktop-home-en');
    await navigate(page, 'Network', /\/network$/);
    await page.locator('h1', { hasText: 'The network of PR units' }).waitFor();

    await follow(page, 'Bali', /\/units\/51$/);
    assert.equal(await summaryValue(page, 'Level'), 'Province');
    await page.goto(`${sinergi.base}/units/51.71.01.1006`);
    assert.equal(await summaryValue(page, 'Time zone'), 'WITA');
    assert.match(await summaryValue(page, 'Local time'), /^\d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2} WITA$/);
    assert.equal(await page.locator('.skip-link').innerText(), 'Skip to content');
    await checkA11y(page, 'village Sanur (English)');

    await page.getByRole('link', { name: 'Bahasa Indonesia', exact: true }).click();
    await page.waitForURL(/\/units\/51\.71\.01\.1006$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    assert.equal(await summaryValue(page, 'Tingkat'), 'Desa/kelurahan');
    await page.goto(`${sinergi.base}/units?q=bali`);
    assert.equal(await page.locator('h1').innerText(), 'Cari unit');
    assertClean(problems);
    await context.close();
  });

  test('(d) the browse journey on a 360 px wide phone', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base, {
      viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
    });
    await browseToSanur(page, sinergi.base, { phone: true });
    await page.goto(`${sinergi.base}/units?q=denpasar`);
    await noHorizontalScroll(page, 'search');
    await checkA11y(page, 'search (phone)');
    await screenshot(page, 'phone-search-denpasar');
    await page.goto(`${sinergi.base}/design`);
    await noHorizontalScroll(page, 'design');
    await checkA11y(page, 'design (phone)');
    await screenshot(page, 'phone-design');
    assertClean(problems);
    await context.close();
  });

  test('(e) keyboard: Tab reaches the skip link first, and it moves focus to main', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base);
    await page.goto(`${sinergi.base}/units/51.71`);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      return { cls: el.className, text: el.textContent.trim(), visible: box.left >= 0 && box.top >= 0 && box.width > 0 };
    });
    assert.deepEqual(first, { cls: 'skip-link', text: 'Langsung ke isi', visible: true });
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => {
      const el = document.activeElement;
      return { inMain: Boolean(el.closest('main')), text: el.textContent.trim(), background: getComputedStyle(el).backgroundColor };
    });
    assert.equal(next.inMain, true, 'the next Tab stays in the content');
    assert.equal(next.text, 'Beranda', 'the first link in the content is the breadcrumb');
    assert.equal(next.background, 'rgb(255, 221, 0)', 'focus is visible (yellow)');
    assertClean(problems);
    await context.close();
  });

  test('(f) the design page passes axe in both languages, and its form ties errors to fields', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base);
    await page.goto(`${sinergi.base}/design`);
    await checkA11y(page, 'design');
    await screenshot(page, 'desktop-design');
    for (const status of ['Draf', 'Ditinjau', 'Disetujui', 'Diembargo', 'Terbit', 'Terlambat', 'Tidak berlaku']) {
      assert.ok(await page.locator('.tag', { hasText: status }).count() > 0, `tag ${status}`);
    }

    // Send the form empty: the error summary takes focus and links to fields.
    await page.locator('#release-summary').fill('');
    await page.getByRole('button', { name: 'Periksa isian' }).click();
    await page.waitForURL(/submitted=1/);
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary');
    const links = await page.locator('.error-summary a').allInnerTexts();
    assert.deepEqual(links, [
      'Masukkan judul siaran pers', 'Masukkan ringkasan siaran pers', 'Waktu embargo harus di masa depan',
    ]);
    await page.locator('.error-summary a').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'release-title');
    const field = page.locator('#release-title');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby')).split(/\s+/);
    assert.ok(describedBy.includes('release-title-error') && describedBy.includes('release-title-hint'));
    assert.match(await page.locator('#release-title-error').innerText(), /Masukkan judul siaran pers/);
    await checkA11y(page, 'design, form with errors');

    await field.fill('Festival Sanur Village ke-19 Angkat Tema Ekonomi Biru');
    await page.locator('#release-summary').fill('Festival digelar di Pantai Sanur pada Agustus 2026.');
    await page.locator('#release-embargo').fill('');
    await page.getByRole('button', { name: 'Periksa isian' }).click();
    await page.locator('.banner--success', { hasText: 'Isian sudah benar' }).waitFor();
    assert.equal(await page.locator('.error-summary').count(), 0);

    await page.getByRole('link', { name: 'English', exact: true }).click();
    await page.locator('h1', { hasText: 'Sinergi design system' }).waitFor();
    await checkA11y(page, 'design (English)');
    await screenshot(page, 'desktop-design-en');
    assertClean(problems);
    await context.close();
  });

  test('(g) a wrong address gets a helpful page in the reader\'s language', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base);
    const response = await page.goto(`${sinergi.base}/units/99.99`);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator('h1').innerText(), 'Halaman tidak ditemukan');
    assert.match(await page.locator('main').innerText(), /Tidak ada unit dengan kode 99\.99/);
    await checkA11y(page, 'not found');
    assertClean(problems);
    await context.close();
  });

  test('page weight: every main page under 100 KB on the wire, all from this host', async () => {
    for (const [name, url] of Object.entries(PAGES_TO_WEIGH)) {
      const { bytes, parts, problems } = await pageWeight(browser, sinergi.base, url);
      weights[name] = { url, bytes, parts };
      console.log(`page weight ${name} (${url}): ${bytes} bytes [${parts.join(', ')}]`);
      assert.ok(bytes < WEIGHT_BUDGET, `${url} weighs ${bytes} bytes`);
      assertClean(problems);
    }
  });
});
