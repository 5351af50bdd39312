// Contacts & media in a real browser (Debian's Chromium): Kota Denpasar's
// contributor reaches "Kontak & media" from the navigation, adds a
// journalist (a first try with a broken address keeps what was typed and
// says why), records the journalist's consent and subscribes them to Bali
// in a daily digest;
// the contact list shows the consent. A duplicate added by mistake is
// merged into the record kept, after a preview of the merge. Desktop and phone (the table turns
// into cards, no sideways scrolling), axe clean on every page.
//
// Then a pitch: the officer finds a journalist, writes with merge fields
// (an unknown one is refused with the text kept), previews the message as
// the journalist will read it and sends it. And a journalist's own data:
// from the footer of the home page they ask for a link by e-mail, open it
// from the demo's mail folder, correct a detail, download it and erase it
// (the tick is asked for first); the link then opens nothing.
//
// Its own Sinergi (`sinergi demo`, demo accounts, password below).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
      // The first page after the demo starts can wait for its projections.
      await page.waitForURL((url) => url.pathname === '/', { timeout: 120_000 });
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
      // Bali in a daily digest at 08.00 in the contact's zone.
      await page.getByLabel('Ringkasan harian, satu e-mail sehari').check();
      await page.locator('#s-digest_hour').selectOption('8');
      await page.getByRole('button', { name: 'Langganan' }).click();
      await page.waitForURL(/done=subscribed$/);
      assert.match(await page.locator('main').innerText(), /dan unit di bawahnya/);
      assert.match(await page.locator('main').innerText(), /ringkasan harian pukul 0?8/);
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

  for (const [screen, options, email, name] of [
    ['desktop', { viewport: { width: 1366, height: 900 } }, 'agus@suarasby.example', 'Agus Santoso (contoh)'],
    ['phone', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, 'forum.sanur@warga.example', 'Forum Warga Sanur (contoh)'],
  ]) {
    test(`an officer merges a duplicate contact into the one kept (${screen})`, async () => {
      const base = sinergi.base;
      const { page, context, problems } = await openContext(browser, base, options);
      await page.goto(`${base}/sign-in?next=%2Fcontacts%2Fnew`);
      await page.getByLabel('Alamat e-mail').fill(CONTRIBUTOR);
      await page.getByLabel('Kata sandi').fill(PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.waitForURL(/\/contacts\/new$/);
      // The same address as a contact already in the base, with a phone number.
      const short = `${name.split(' ')[0]} ${screen}`;
      await page.locator('#c-name').fill(short);
      await page.locator('#c-email').fill(email);
      await page.locator('#c-phone').fill('081234567800');
      await page.getByRole('button', { name: 'Simpan kontak' }).click();
      await page.locator('#ct-duplicates').waitFor();
      assert.match(await page.locator('#ct-duplicates').innerText(), new RegExp(name.replace(/[()]/g, '\\$&')));
      await page.locator('#c-confirm').check();
      await page.getByRole('button', { name: 'Simpan kontak' }).click();
      await page.waitForURL(/\/contacts\/\d+\?done=created$/);
      const duplicateUrl = new URL(page.url());
      // From the duplicate, to the record the office keeps; its page lists the duplicate.
      await page.locator('main .banner').getByRole('link', { name }).click();
      await page.waitForURL((url) => /^\/contacts\/\d+$/.test(url.pathname) && url.pathname !== duplicateUrl.pathname);
      const keptPath = new URL(page.url()).pathname;
      await page.locator('main .banner li', { hasText: short }).getByRole('link', { name: 'Tinjau penggabungan' }).click();
      await page.waitForURL(/\/merge\/\d+$/);
      await checkA11y(page, `merge preview (${screen})`);
      const table = await page.locator('#merge-table').innerText();
      assert.match(table, /081234567800/, 'the phone number comes from the duplicate');
      if (screen === 'phone') {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `the merge page is ${width}px wide on a phone`);
      }
      await screenshot(page, `${screen}-contact-merge`);
      await page.getByRole('button', { name: 'Gabungkan' }).click();
      await page.waitForURL((url) => url.pathname === keptPath && url.search === '?done=merged');
      const main = await page.locator('main').innerText();
      assert.match(main, /Kontak ganda telah digabungkan/);
      assert.match(main, /Digabung dari/);
      assert.match(main, new RegExp(short));
      assert.match(main, /081234567800/);
      await checkA11y(page, `contact after a merge (${screen})`);
      // The duplicate's old address leads to the kept record.
      await page.goto(duplicateUrl.origin + duplicateUrl.pathname);
      assert.equal(new URL(page.url()).pathname, keptPath);
      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    });
  }

  for (const [screen, options, email, name] of [
    ['desktop', { viewport: { width: 1366, height: 900 } }, 'ayu.sari@wartabali.example', 'Ni Luh Ayu Sari (contoh)'],
    ['phone', { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, 'made.wirawan@wartabali.example', 'I Made Wirawan (contoh)'],
  ]) {
    test(`an officer writes, previews and sends a pitch (${screen})`, async () => {
      const base = sinergi.base;
      const { page, context, problems } = await openContext(browser, base, options);
      await page.goto(`${base}/sign-in?next=%2Fcontacts`);
      await page.getByLabel('Alamat e-mail').fill(CONTRIBUTOR);
      await page.getByLabel('Kata sandi').fill(PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.waitForURL(/\/contacts$/);
      await page.getByRole('link', { name: 'Pitch', exact: true }).click();
      await page.waitForURL(/\/contacts\/pitches$/);
      await checkA11y(page, `pitch list (${screen})`);
      await page.getByRole('link', { name: 'Tulis pitch' }).click();
      await page.locator('#p-q').fill('Rina');
      await page.getByRole('search', { name: 'Cari kontak' }).getByRole('button').click();
      await page.getByLabel(/Rina Kartika \(contoh\)/).check();
      await page.locator('#p-subject').fill('Untuk {nama}: pasar rakyat');
      await page.locator('#p-message').fill('Halo {nama} di {kota}');
      await page.getByRole('button', { name: 'Simpan dan pratinjau' }).click();
      await page.locator('.error-summary').waitFor();
      assert.match(await page.locator('.error-summary').innerText(), /Pesan: memuat kolom gabung yang tidak ada/);
      assert.equal(await page.locator('#p-message').inputValue(), 'Halo {nama} di {kota}');
      await checkA11y(page, `pitch form with errors (${screen})`);
      await page.locator('#p-message').fill('Halo {nama} dari {media}, kami mengundang Anda meliput.');
      await page.getByRole('button', { name: 'Simpan dan pratinjau' }).click();
      await page.waitForURL(/\/contacts\/pitches\/\d+$/);
      const preview = await page.locator('.pitch-preview').innerText();
      assert.match(preview, /Untuk Rina Kartika \(contoh\): pasar rakyat/);
      assert.match(preview, /Halo Rina Kartika \(contoh\) dari Kabar Nusantara Daring \(contoh\)/);
      await checkA11y(page, `pitch preview (${screen})`);
      await page.getByRole('button', { name: 'Kirim pitch' }).click();
      await page.waitForURL(/done=sent$/);
      assert.match(await page.locator('#pitch-state').innerText(), /Dikirim/);
      if (screen === 'phone') {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `the pitch page is ${width}px wide on a phone`);
      }
      await screenshot(page, `${screen}-pitch`);
      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    });

    test(`a journalist sees, corrects, downloads and erases their data (${screen})`, async () => {
      const base = sinergi.base;
      const { page, context, problems } = await openContext(browser, base, options);
      await page.goto(`${base}/`);
      await page.locator('.site-footer').getByRole('link', { name: 'Data Anda (UU PDP)' }).click();
      await page.waitForURL(/\/my-data$/);
      await checkA11y(page, `own-data request (${screen})`);
      await page.locator('#md-email').fill(email.toUpperCase());
      await page.getByRole('button', { name: 'Kirimkan tautannya' }).click();
      await page.locator('#md-sent-title').waitFor();
      const link = await linkFromMail(sinergi.dataDir, email);
      await page.goto(link);
      assert.equal(await page.locator('#md-name').inputValue(), name);
      await checkA11y(page, `own data (${screen})`);
      if (screen === 'phone') {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `the own-data page is ${width}px wide on a phone`);
      }
      await page.locator('#md-role_title').fill('Redaktur senior');
      await page.getByRole('button', { name: 'Simpan perbaikan' }).click();
      await page.locator('#md-notice-title').waitFor();
      assert.equal(await page.locator('#md-role_title').inputValue(), 'Redaktur senior');
      const json = await (await page.request.get(`${link}/export.json`)).json();
      assert.equal(json.contact.name, name);
      assert.equal(json.contact.role_title, 'Redaktur senior');
      await page.getByRole('button', { name: 'Hapus untuk selamanya' }).click();
      await page.locator('#md-confirm-error').waitFor();
      await page.getByLabel('Saya mengerti: hapus data saya untuk selamanya.').check();
      await page.getByRole('button', { name: 'Hapus untuk selamanya' }).click();
      await page.locator('#md-erased-title').waitFor();
      await screenshot(page, `${screen}-own-data-erased`);
      const again = await page.goto(link);
      assert.equal(again.status(), 404);
      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    });
  }
});

/** The own-data link in the demo's mail folder for `email` (the mail
 * worker writes it shortly after the request). Quoted-printable decoded. */
async function linkFromMail(dataDir, email) {
  const dir = path.join(dataDir, 'mail');
  for (let i = 0; i < 240; i++) {
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (!file.startsWith('own-data')) continue;
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!raw.toLowerCase().includes(`to: ${email}`)) continue;
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      const m = text.match(/https?:\/\/[^\s]+\/my-data\/[A-Za-z0-9._-]+/);
      if (m) return m[0];
    }
    await sleep(250);
  }
  throw new Error(`no own-data message to ${email} in ${dir}`);
}
