// Forums in a real browser (Debian's Chromium), on a desktop (1366 px) and
// a 360 px phone, each from the home page by clicking:
//
// (f) Bali's PR office starts a series, records its event for Kota Denpasar
// and notes Kota Denpasar's commitment to hold the same event for its
// districts (a first try without a title keeps what was typed). Denpasar's
// editor finds the series under "Forum & acara", records the replicated
// event inviting the districts, and ticks them present. The commitment is
// then fulfilled on the event page and on the series page, whose tree
// (Kota Denpasar, then its districts, each present) and province map (and
// the map's table) show Bali at the top class, and Bali's own map of
// regencies and cities Kota Denpasar at the top class. Axe clean
// on every page, no sideways scrolling on a phone. Screenshots:
// forums-<screen>-<step>.png.
//
// Its own Sinergi (`sinergi demo`, demo accounts, password below).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { startSinergi } from './lib/server.mjs';

const PASSWORD = 'sinergi-demo-2026';
const PROVINCE = 'humas@baliprov.demo';
const REGENCY = 'redaksi@denpasarkota.demo';
const DESKTOP = { width: 1366, height: 900 };
const SCREENS = [
  ['desktop', { viewport: DESKTOP }],
  ['phone', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
];
/** Kota Denpasar's districts in the official region list. */
const DENPASAR_DISTRICTS = 4;

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

describe('forums', () => {
  for (const [screen, options] of SCREENS) {
    test(`(f) a commitment made at Bali's event is kept by Kota Denpasar (${screen})`, async () => {
      const base = sinergi.base;
      const phone = screen === 'phone';
      const stamp = `${Date.now()}`;
      const seriesTitle = `Bimtek Humas Bali ${screen} ${stamp}`;

      const visit = async (page, label) => {
        const bad = await axe(page, `forums ${label} (${screen})`);
        assert.equal(bad.length, 0, `axe on ${label} (${screen}):\n${describeViolations(bad)}`);
        if (phone) {
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= PHONE.width, `${label} is ${width}px wide on a phone`);
        }
        await screenshot(page, `forums-${screen}-${label}`);
      };
      const nav = async (page, name, url) => {
        if (phone) {
          await page.locator('.service-nav__phone summary').click();
          await page.locator('.service-nav__phone').getByRole('link', { name, exact: true }).click();
        } else {
          await page.locator('.service-nav__wide').getByRole('link', { name, exact: true }).click();
        }
        // The first pages after the demo starts can wait for its projections.
        await page.waitForURL(url, { timeout: 120_000 });
      };
      const signIn = async (page, email) => {
        await page.goto(`${base}/`);
        await nav(page, 'Masuk', /\/sign-in/);
        await page.getByLabel('Alamat e-mail').fill(email);
        await page.getByLabel('Kata sandi').fill(PASSWORD);
        await page.getByRole('button', { name: 'Masuk' }).click();
        await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 120_000 });
        await nav(page, 'Forum & acara', /\/forums$/);
      };

      // Bali's PR office: a new series, from the forums page. (The shared
      // machine can be slow to answer while the demo warms up: patience,
      // not a timed assertion.)
      const province = await openContext(browser, base, options);
      const pp = province.page;
      pp.setDefaultTimeout(120_000);
      await signIn(pp, PROVINCE);
      await visit(pp, 'list');
      await pp.getByRole('link', { name: 'Seri acara baru' }).click();
      await pp.waitForURL(/\/forums\/series\/new$/);
      await pp.locator('#sr-owner').selectOption('51');
      await pp.locator('#sr-title').fill(seriesTitle);
      await pp.locator('#sr-description').fill('Bimbingan teknis humas, lalu replikasi di kabupaten/kota.');
      await visit(pp, 'series-form');
      await pp.getByRole('button', { name: 'Simpan' }).click();
      await pp.waitForURL(/\/forums\/series\/\d+$/);
      const seriesPath = new URL(pp.url()).pathname;

      // Its event, for Kota Denpasar; the first try has no title.
      await pp.getByRole('link', { name: 'Catat acara dalam seri ini' }).click();
      await pp.waitForURL(/\/forums\/new\?series=\d+$/);
      await pp.locator('#ev-organiser').selectOption('51');
      await pp.locator('#ev-kind').selectOption('workshop');
      await pp.locator('#ev-starts').fill('2027-01-12T09:00');
      await pp.locator('#ev-ends').fill('2027-01-12T15:00');
      await pp.locator('#ev-venue').fill('51.71');
      await pp.locator('#ev-address').fill('Gedung Kertha Sabha, Denpasar');
      await pp.locator('#ev-invited').fill('51.71');
      await pp.getByRole('button', { name: 'Simpan' }).click();
      await pp.locator('.error-summary').waitFor();
      assert.match(await pp.locator('.error-summary').innerText(), /Judul: wajib diisi/);
      assert.equal(await pp.locator('#ev-address').inputValue(), 'Gedung Kertha Sabha, Denpasar');
      assert.equal(await pp.locator('#ev-invited').inputValue(), '51.71');
      await visit(pp, 'event-form-errors');
      await pp.locator('#ev-title').fill(`Bimtek Humas Provinsi Bali ${stamp}`);
      await pp.getByRole('button', { name: 'Simpan' }).click();
      await pp.waitForURL(/\/forums\/\d+\?done=saved$/);
      assert.match(await pp.locator('main').innerText(), /Acara disimpan\./);
      assert.match(await pp.locator('.ev-code').innerText(), /^[A-Z0-9]{6}$/);
      await visit(pp, 'province-event');

      // Kota Denpasar's commitment to its districts.
      await pp.locator('summary', { hasText: 'Catat rencana tindak lanjut' }).click();
      await pp.locator('#cm-unit').selectOption('51.71');
      await pp.locator('#cm-kind-replicate').check();
      await pp.locator('#cm-what').fill('Menyelenggarakan bimtek yang sama bagi humas kecamatan se-Kota Denpasar');
      await pp.locator('#cm-for_children').check();
      await pp.locator('#cm-due_on').fill('2027-06-30');
      await pp.getByRole('button', { name: 'Simpan rencana tindak lanjut' }).click();
      await pp.waitForURL(/done=commitment/);
      const pending = pp.locator('.task-list__item', { hasText: 'bimtek yang sama' });
      assert.match(await pending.innerText(), /Belum/);
      assert.match(await pending.innerText(), new RegExp(`0 dari ${DENPASAR_DISTRICTS} kecamatan hadir`));
      await visit(pp, 'province-event-commitment');
      assert.deepEqual(province.problems, [], 'no request to another host, no CSP violation, no script error');

      // Denpasar's editor finds the series and records the replicated event.
      const regency = await openContext(browser, base, options);
      const rp = regency.page;
      rp.setDefaultTimeout(120_000);
      await signIn(rp, REGENCY);
      await rp.locator('#series ~ ul').getByRole('link', { name: seriesTitle }).click();
      await rp.waitForURL((u) => u.pathname === seriesPath);
      await rp.getByRole('link', { name: 'Catat acara dalam seri ini' }).click();
      await rp.waitForURL(/\/forums\/new\?series=\d+$/);
      await rp.locator('#ev-organiser').selectOption('51.71');
      await rp.locator('#ev-kind').selectOption('workshop');
      await rp.locator('#ev-title').fill(`Bimtek Humas Kecamatan se-Kota Denpasar ${stamp}`);
      await rp.locator('#ev-starts').fill('2027-02-09T09:00');
      await rp.locator('#ev-ends').fill('2027-02-09T13:00');
      await rp.locator('#ev-venue').fill('51.71');
      await rp.locator('#ev-address').fill('Ruang rapat Humas Kota Denpasar');
      await rp.locator('#ev-invite_children').check();
      await visit(rp, 'regency-event-form');
      await rp.getByRole('button', { name: 'Simpan' }).click();
      await rp.waitForURL(/\/forums\/\d+\?done=saved$/);
      assert.match(await rp.locator('#attendance ~ p').first().innerText(), new RegExp(`0 dari ${DENPASAR_DISTRICTS} unit`));

      // Attendance: every district ticked.
      const boxes = rp.locator('input[name="present"]');
      assert.equal(await boxes.count(), DENPASAR_DISTRICTS);
      for (let i = 0; i < DENPASAR_DISTRICTS; i++) await boxes.nth(i).check();
      await visit(rp, 'regency-attendance');
      await rp.getByRole('button', { name: 'Simpan daftar hadir' }).click();
      await rp.waitForURL(/done=attendance/);
      assert.match(
        await rp.locator('#attendance ~ p').first().innerText(),
        new RegExp(`${DENPASAR_DISTRICTS} dari ${DENPASAR_DISTRICTS} unit undangan hadir`),
      );
      assert.equal(await rp.locator('input[name="present"]:checked').count(), DENPASAR_DISTRICTS);
      assert.deepEqual(regency.problems, [], 'no request to another host, no CSP violation, no script error');
      await regency.context.close();

      // The province sees it kept: on its event, and on the series page.
      await pp.reload();
      const kept = pp.locator('.task-list__item', { hasText: 'bimtek yang sama' });
      assert.match(await kept.innerText(), /Terpenuhi/);
      assert.match(await kept.innerText(), new RegExp(`${DENPASAR_DISTRICTS} dari ${DENPASAR_DISTRICTS} kecamatan hadir`));
      await pp.getByRole('link', { name: seriesTitle }).first().click();
      await pp.waitForURL((u) => u.pathname === seriesPath);
      assert.match(await pp.locator('#summary').innerText(), /^2 acara, 1 komitmen replikasi, 1 terpenuhi;/);
      const row = pp.locator('#commitments-table tbody tr', { hasText: 'Kota Denpasar' });
      assert.match(await row.innerText(), /Terpenuhi/);
      // The tree from the top: Kota Denpasar, the one committed unit.
      const denpasarRow = pp.locator('#tree-table tr[data-code="51.71"]');
      assert.match(await denpasarRow.innerText(), /Terpenuhi/);
      // The map and its table: Bali in the top class, everyone else without a commitment.
      const baliOnMap = pp.locator('svg path[data-code="51"]');
      assert.equal(await baliOnMap.getAttribute('data-class'), '5');
      const tableRow = pp.locator('#map-table tr[data-code="51"]');
      assert.equal(await tableRow.getAttribute('data-class'), '5');
      assert.match(await tableRow.textContent(), /100/);
      await visit(pp, 'series-fulfilled');
      // The tree opens a level: Kota Denpasar's districts, each present.
      await denpasarRow.getByRole('link').first().click();
      await pp.waitForURL(/\?unit=51\.71#tree$/);
      const districts = pp.locator('#tree-table tbody tr');
      assert.equal(await districts.count(), DENPASAR_DISTRICTS);
      for (let i = 0; i < DENPASAR_DISTRICTS; i++) {
        assert.match(await districts.nth(i).innerText(), /Hadir/);
      }
      await visit(pp, 'series-tree-denpasar');
      // Opened below Bali, the map is Bali's regencies and cities, Kota
      // Denpasar in the top class on the map and in its table. Back to the
      // provinces, and Bali on that map opens its regencies' map again.
      const regencyPaths = pp.locator('svg.choropleth path');
      assert.equal(await regencyPaths.count(), 9, 'a path per regency and city of Bali');
      assert.equal(await pp.locator('svg.choropleth path[data-code="51.71"]').getAttribute('data-class'), '5');
      assert.equal(await pp.locator('#map-table tr[data-code="51.71"]').getAttribute('data-class'), '5');
      await pp.getByRole('link', { name: 'Lihat peta seluruh provinsi.' }).click();
      await pp.waitForURL((u) => u.pathname === seriesPath && u.search === '' && u.hash === '#map');
      assert.equal(await regencyPaths.count(), 38, 'the provinces again');
      await pp.locator('svg.choropleth a:has(path[data-code="51"])').click();
      await pp.waitForURL(/\?unit=51#map$/);
      assert.equal(await regencyPaths.count(), 9);
      assert.match(await pp.locator('#map').innerText(), /Bali/);
      await visit(pp, 'series-regency-map');
      assert.deepEqual(province.problems, [], 'no request to another host, no CSP violation, no script error');
      await province.context.close();
    });
  }
});
