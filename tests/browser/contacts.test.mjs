// Contacts & media in a real browser (Debian's Chromium): Kota Denpasar's
// contributor reaches "Kontak & media" from the navigation, adds a
// journalist (a first try with a broken address keeps what was typed and
// says why), records the journalist's consent and subscribes them to Bali;
// the contact list shows the consent. Desktop and phone (the table turns
// into cards, no sideways scrolling), axe clean on every page.
//
// Its own Sinergi (`sinergi demo`, demo accounts, password below).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { startSinergi } from './lib/server.mjs';

const PASSWORD = 'sinergi-demo-2026';
const CONTRIBUTOR = 'kontributor@denpasarkota.demo';

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

describe('contacts', () => {
  for (const [screen, options] of [
    ['desktop', { viewport: { width: 1366, height: 900 } }],
    ['phone', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ]) {
    test(`an officer adds a journalist with consent and a subscription (${screen})`, async () => {
      const base = sinergi.base;
      const { page, context, problems } = await openContext(browser, base, options);
      await page.goto(`${base}/sign-in?next=%2F`);
      await page.getByLabel('Alamat e-mail').fill(CONTRIBUTOR);
      await page.getByLabel('Kata sandi').fill(PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      if (screen === 'phone') await page.locator('.service-nav__phone summary').click();
      await page.locator('.service-nav__' + (screen === 'phone' ? 'phone' : 'wide')).getByRole('link', { name: 'Kontak & media' }).click();
      await page.waitForURL(/\/contacts$/);
      await checkA11y(page, `contact list (${screen})`);
      assert.match(await page.locator('main').innerText(), /Ni Luh Ayu Sari \(contoh\)/, 'the demo contacts are there');

      await page.getByRole('link', { name: 'Tambah kontak' }).click();
      await page.waitForURL(/\/contacts\/new$/);
      const name = `Putu Wartawan ${screen} ${Date.now()}`;
      await page.locator('#c-name').fill(name);
      await page.locator('#c-email').fill('bukan-alamat');
      await page.getByRole('button', { name: 'Simpan kontak' }).click();
      await page.locator('.error-summary').waitFor();
      assert.match(await page.locator('.error-summary').innerText(), /E-mail: bukan alamat e-mail/);
      assert.equal(await page.locator('#c-name').inputValue(), name);
      await checkA11y(page, `contact form with errors (${screen})`);
      await page.locator('#c-email').fill(`putu.${screen}.${Date.now()}@warta.example`);
      await page.getByRole('button', { name: 'Simpan kontak' }).click();
      await page.waitForURL(/\/contacts\/\d+\?done=created$/);

      await page.locator('summary', { hasText: 'Catat persetujuan' }).click();
      await page.locator('#k-basis').selectOption('consent');
      await page.locator('#k-channel').selectOption('form');
      await page.locator('#k-evidence').fill('Formulir pendaftaran');
      await page.getByRole('button', { name: 'Catat persetujuan' }).click();
      await page.waitForURL(/done=consent$/);
      await page.locator('#s-unit').fill('51');
      await page.getByRole('button', { name: 'Langganan' }).click();
      await page.waitForURL(/done=subscribed$/);
      assert.match(await page.locator('main').innerText(), /dan unit di bawahnya/);
      await checkA11y(page, `contact page (${screen})`);
      if (screen === 'phone') {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `the contact page is ${width}px wide on a phone`);
      }
      await screenshot(page, `${screen}-contact`);
      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    });
  }
});
