// One journey per role, each starting at the home page and reaching the
// role's main task by clicking (no typed address), on a desktop (1366 px)
// and a 360 px phone, with screenshots kept in test-artifacts/screenshots
// (roles-<role>-<desktop|phone>-<step>.png), axe on every page, and no
// sideways scrolling on the phone.
//
// - citizen: home → "Capaian & inovasi" → an achievement or innovation
// - journalist: home → "Ruang pers" → Bali's press room → a release
// - regency contributor (Kota Denpasar): home → "Masuk" → "Ruang kerja"
//   → "Tulis siaran pers" (the release form)
// - provincial admin (Bali): home → "Masuk" → "Kesenjangan" (Bali and
//   below, no longer a 403)
// - national coordinator: home → "Masuk" → "Ruang kerja" (the network
//   and the campaigns they own) → a campaign's dashboard
//
// Its own Sinergi (`sinergi demo`, demo accounts, password below).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { startSinergi } from './lib/server.mjs';

const PASSWORD = 'sinergi-demo-2026';
const DESKTOP = { width: 1366, height: 900 };

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

const SCREENS = [
  ['desktop', { viewport: DESKTOP }],
  ['phone', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
];

/** A journey on one screen: its page, and a check of every page it visits. */
async function journey(role, screen, options) {
  const { context, page, problems } = await openContext(browser, sinergi.base, options);
  const phone = screen === 'phone';
  const visit = async (label) => {
    const bad = await axe(page, `${role} ${label} (${screen})`);
    assert.equal(bad.length, 0, `axe on ${role} ${label} (${screen}):\n${describeViolations(bad)}`);
    if (phone) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${role} ${label}: ${width}px wide on a ${PHONE.width}px phone`);
    }
    await screenshot(page, `roles-${role}-${screen}-${label}`);
  };
  /** A link of the main navigation; on a phone it is behind "Menu". */
  const nav = async (name, url) => {
    if (phone) {
      await page.locator('.service-nav__phone summary').click();
      await page.locator('.service-nav__phone').getByRole('link', { name, exact: true }).click();
    } else {
      await page.locator('.service-nav__wide').getByRole('link', { name, exact: true }).click();
    }
    await page.waitForURL(url);
  };
  const signIn = async (email) => {
    await nav('Masuk', /\/sign-in/);
    await page.getByLabel('Alamat e-mail').fill(email);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  };
  await page.goto(`${sinergi.base}/`);
  await visit('home');
  return {
    page, nav, signIn, visit, phone,
    done: async () => {
      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    },
  };
}

describe('roles', () => {
  for (const [screen, options] of SCREENS) {
    test(`citizen (${screen}): home → achievements and innovations → one of them`, async () => {
      const j = await journey('citizen', screen, options);
      await j.nav('Capaian & inovasi', /\/register$/);
      assert.equal(await j.page.locator('h1').innerText(), 'Capaian & inovasi');
      await j.visit('register');
      await j.page.locator('.news-list__title a').first().click();
      await j.page.waitForURL(/\/items\/\d+$/);
      await j.visit('item');
      await j.done();
    });

    test(`journalist (${screen}): home → press rooms → Bali → a release`, async () => {
      const j = await journey('journalist', screen, options);
      await j.nav('Ruang pers', /\/press$/);
      await j.visit('press-rooms');
      await j.page.getByRole('link', { name: 'Bali', exact: true }).click();
      await j.page.waitForURL(/\/press\/51$/);
      assert.match(await j.page.locator('h1').innerText(), /Bali/);
      await j.visit('press-room-bali');
      await j.page.locator('main a[href^="/releases/"]').first().click();
      await j.page.waitForURL(/\/releases\/\d+-/);
      await j.visit('release');
      await j.done();
    });

    test(`regency contributor (${screen}): home → sign in → workspace → the release form`, async () => {
      const j = await journey('contributor', screen, options);
      await j.signIn('kontributor@denpasarkota.demo');
      // Who is signed in, for which unit.
      assert.match(await j.page.locator('.service-nav').innerText(), /Kontributor Humas Kota Denpasar · Kota Denpasar/);
      await j.nav('Ruang kerja', /\/workspace$/);
      await j.visit('workspace');
      await j.page.getByRole('link', { name: 'Tulis siaran pers' }).first().click();
      await j.page.waitForURL(/\/releases\/new\?unit=51\.71/);
      await j.visit('release-form');
      await j.done();
    });

    test(`provincial admin (${screen}): home → sign in → the gap of Bali and below`, async () => {
      const j = await journey('province-admin', screen, options);
      await j.signIn('humas@baliprov.demo');
      await j.nav('Kesenjangan', /\/gap/);
      assert.equal(await j.page.locator('h1').innerText(), 'Kesenjangan publikasi');
      assert.equal(await j.page.locator('main .caption').first().innerText(), 'Bali');
      await j.visit('gap');
      await j.done();
    });

    test(`national coordinator (${screen}): home → sign in → workspace → a campaign's dashboard`, async () => {
      const j = await journey('coordinator', screen, options);
      await j.signIn('admin@sinergi.demo');
      await j.nav('Ruang kerja', /\/workspace$/);
      await j.page.locator('#network').waitFor();
      await j.page.locator('#owned-campaigns').waitFor();
      await j.visit('workspace');
      await j.page.locator('#owned-campaigns ~ ul a').first().click();
      await j.page.waitForURL(/\/campaigns\/\d+\/dashboard$/);
      await j.visit('dashboard');
      await j.done();
    });
  }
});
