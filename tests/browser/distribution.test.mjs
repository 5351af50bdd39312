// Distribution in a real browser (Debian's Chromium), desktop and phone,
// axe clean on every page a person works on:
//
// - An officer of Kota Denpasar imports a media list from a CSV file: the
//   first file has a broken row, which is named in Indonesian and nothing
//   is written; the corrected file is previewed and imported with consent
//   and a subscription to Kota Denpasar. A release is written, approved
//   and published; its page shows the e-mail to each imported journalist
//   as sent.
// - A journalist registered and accredited by Kota Denpasar's editor opens
//   the link in their e-mail, chooses a password, signs in, reaches "Portal
//   saya" from the navigation, sees Kota Denpasar's embargoed release with
//   its banner and lifting time, follows Bali, and asks Bali for
//   accreditation.
//
// Its own Sinergi (`sinergi demo`, demo accounts, password below).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { startSinergi } from './lib/server.mjs';

const PASSWORD = 'sinergi-demo-2026';
const CONTRIBUTOR = 'kontributor@denpasarkota.demo';
const EDITOR = 'redaksi@denpasarkota.demo';
const EMBARGOED = 'Mal Pelayanan Publik Denpasar genap melayani 150 jenis layanan';

const SCREENS = [
  ['desktop', { viewport: { width: 1366, height: 900 } }],
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

async function checkWidth(page, screen, label) {
  if (screen !== 'phone') return;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${label} is ${width}px wide on a phone`);
}

async function signIn(page, base, email, password = PASSWORD) {
  await page.goto(`${base}/sign-in?next=%2F`);
  await page.getByLabel('Alamat e-mail').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  // The first page after the demo starts can wait for its projections.
  await page.waitForURL((url) => url.pathname === '/', { timeout: 120_000 });
}

/** Follows an item of the service navigation (the phone's menu first). */
async function nav(page, screen, name) {
  if (screen === 'phone') await page.locator('.service-nav__phone summary').click();
  await page.locator('.service-nav__' + (screen === 'phone' ? 'phone' : 'wide')).getByRole('link', { name }).click();
}

/** A link to this Sinergi in the newest message to `email` in the demo's mail folder. */
async function linkFromMail(email, part) {
  const dir = path.join(sinergi.dataDir, 'mail');
  for (let i = 0; i < 240; i++) {
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!raw.toLowerCase().includes(`to: ${email}`)) continue;
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      const m = text.match(new RegExp(`https?://[^\\s]+${part}[A-Za-z0-9._-]+`));
      if (m) return m[0];
    }
    await sleep(250);
  }
  throw new Error(`no message to ${email} with ${part} in ${dir}`);
}

function csvFile(name, rows) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-import-')), name);
  const header = 'name,email,outlet,consent_basis,consent_channel,consent_evidence,consent_given_on,subscribe';
  fs.writeFileSync(file, [header, ...rows].join('\n') + '\n');
  return file;
}

describe('distribution', () => {
  for (const [screen, options] of SCREENS) {
    test(`an officer imports a media list, publishes, and sees the delivery (${screen})`, async () => {
      const base = sinergi.base;
      const stamp = `${screen}${Date.now()}`;
      const first = `wayan.${stamp}@warta.example`;
      const second = `ketut.${stamp}@kabar.example`;
      const row = (name, email) => `"${name}",${email},,consent,form,Formulir liputan,2026-06-01,51.71`;

      const officer = await openContext(browser, base, options);
      const page = officer.page;
      await signIn(page, base, CONTRIBUTOR);
      await nav(page, screen, 'Kontak & media');
      await page.waitForURL(/\/contacts$/);
      await page.getByRole('link', { name: 'Impor daftar' }).click();
      await page.waitForURL(/\/contacts\/import$/);
      await checkA11y(page, `import form (${screen})`);

      // A broken second row: said where and why; nothing is written.
      const broken = csvFile('media-rusak.csv', [row(`Wayan ${stamp}`, first), row(`Ketut ${stamp}`, 'bukan-alamat')]);
      await page.locator('#i-file').setInputFiles(broken);
      await page.getByRole('button', { name: 'Periksa daftar' }).click();
      await page.locator('.error-summary').waitFor();
      assert.match(await page.locator('.error-summary').innerText(), /Baris 2, E-mail: bukan alamat e-mail/);
      assert.match(await page.locator('main').innerText(), /Tidak ada yang ditulis/);
      assert.equal(await page.getByRole('button', { name: 'Impor kontak ini' }).count(), 0);
      await checkA11y(page, `import refused (${screen})`);
      await checkWidth(page, screen, 'the refused import');

      const good = csvFile('media.csv', [row(`Wayan ${stamp}`, first), row(`Ketut ${stamp}`, second)]);
      await page.locator('#i-file').setInputFiles(good);
      await page.getByRole('button', { name: 'Periksa daftar' }).click();
      await page.getByRole('button', { name: 'Impor kontak ini' }).waitFor();
      const preview = await page.locator('main table').innerText();
      assert.match(preview, new RegExp(`Wayan ${stamp}`));
      assert.match(preview, new RegExp(`Ketut ${stamp}`));
      await checkA11y(page, `import preview (${screen})`);
      await checkWidth(page, screen, 'the import preview');
      await screenshot(page, `${screen}-import-preview`);
      await page.getByRole('button', { name: 'Impor kontak ini' }).click();
      await page.waitForURL(/\/contacts\?/);
      assert.match(await page.locator('main').innerText(), /Daftar telah diimpor/);

      // A release of Kota Denpasar, written, submitted, approved and published.
      const title = `Layanan Malam Kota Denpasar ${stamp}`;
      await page.goto(`${base}/workspace`);
      await page.getByRole('link', { name: 'Tulis siaran pers' }).first().click();
      await page.waitForURL(/\/releases\/new\?unit=51\.71$/);
      await page.getByLabel('Judul').fill(title);
      await page.getByLabel('Teras berita').fill('Warga kini dapat mengurus dokumen hingga malam.');
      await page.locator('#release-body').fill('Mulai Senin, layanan buka hingga pukul 21.00 WITA.');
      await page.getByRole('button', { name: 'Simpan' }).click();
      await page.waitForURL(/done=create$/);
      const address = new URL(page.url()).pathname;
      await page.getByRole('button', { name: 'Ajukan untuk ditinjau' }).click();
      await page.waitForURL(/done=submit$/);
      assert.deepEqual(officer.problems, [], 'no request to another host, no CSP violation, no script error');
      await officer.context.close();

      const editor = await openContext(browser, base, options);
      await signIn(editor.page, base, EDITOR);
      await editor.page.goto(`${base}${address}`);
      await editor.page.getByRole('button', { name: 'Setujui' }).click();
      await editor.page.waitForURL(/done=approve$/);
      await editor.page.getByLabel('Sekarang').check();
      await editor.page.locator('button[data-op="release"]').click();
      await editor.page.waitForURL(/done=release$/);

      // Both imported journalists were e-mailed: the page shows each as sent.
      const rowOf = (email) => editor.page.locator('section[aria-labelledby="deliveries-title"] tbody tr', { hasText: email });
      for (let i = 0; i < 60; i++) {
        const sent = await Promise.all([first, second].map(async (e) => (await rowOf(e).count()) === 1 && /Terkirim/.test(await rowOf(e).innerText())));
        if (sent.every(Boolean)) break;
        await sleep(500);
        await editor.page.reload();
      }
      for (const email of [first, second]) {
        assert.match(await rowOf(email).innerText(), /Terkirim/, `the e-mail to ${email} is shown as sent`);
      }
      await checkA11y(editor.page, `release with deliveries (${screen})`);
      await checkWidth(editor.page, screen, 'the release page with deliveries');
      await screenshot(editor.page, `${screen}-release-deliveries`);
      assert.deepEqual(editor.problems, [], 'no request to another host, no CSP violation, no script error');
      await editor.context.close();
    });

    test(`a journalist signs in, sees an embargoed release, follows a unit and asks for accreditation (${screen})`, async () => {
      const base = sinergi.base;
      const stamp = `${screen}${Date.now()}`;
      const email = `jurnalis.${stamp}@warta.example`;
      const password = `kata-sandi-${stamp}`;

      // Kota Denpasar's editor registers and accredits the journalist.
      const editor = await openContext(browser, base, options);
      await signIn(editor.page, base, EDITOR);
      await editor.page.goto(`${base}/account`);
      await editor.page.getByRole('link', { name: 'Jurnalis terakreditasi' }).click();
      await editor.page.waitForURL(/\/journalists$/);
      await editor.page.locator('#j-name').fill(`Jurnalis ${stamp}`);
      await editor.page.locator('#j-email').fill(email);
      await editor.page.locator('#j-outlet').fill('Warta Bali (contoh)');
      await editor.page.locator('#j-unit').fill('51.71');
      await editor.page.getByRole('button', { name: 'Daftarkan dan kirim tautan' }).click();
      await editor.page.getByText('Jurnalis terdaftar.').first().waitFor();
      await editor.context.close();

      // The journalist opens the link from their e-mail and chooses a password.
      const j = await openContext(browser, base, options);
      const page = j.page;
      await page.goto(await linkFromMail(email, '/reset/'));
      await page.getByLabel('Kata sandi baru').fill(password);
      await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
      await page.getByText('Kata sandi baru Anda tersimpan').waitFor();
      await signIn(page, base, email, password);
      await nav(page, screen, 'Portal saya');
      await page.waitForURL(/\/portal$/);
      await checkA11y(page, `portal (${screen})`);
      await checkWidth(page, screen, 'the portal');

      // Accredited by Kota Denpasar: its embargoed release, with the banner.
      const accredited = page.locator('h2#accredited + p + ul');
      const item = accredited.locator('li', { hasText: EMBARGOED });
      await item.waitFor();
      assert.match(await item.innerText(), /EMBARGO/);
      assert.match(await item.innerText(), /Jangan diterbitkan sebelum \d/);
      await screenshot(page, `${screen}-portal-embargo`);

      // Follows Bali and everything below it, each release by e-mail.
      await page.locator('#s-target').selectOption('subtree');
      await page.locator('#s-unit').fill('51');
      await page.getByRole('button', { name: 'Ikuti' }).click();
      await page.locator('#pt-notice-title').waitFor();
      assert.match(await page.locator('h2#following + p + ul').innerText(), /Bali/);

      // Asks Bali for accreditation; the request waits for Bali's editors.
      await page.getByRole('link', { name: 'Minta akreditasi kepada unit' }).click();
      await page.waitForURL(/\/portal\/accreditation$/);
      await checkA11y(page, `accreditation request (${screen})`);
      await page.locator('#a-unit').fill('51');
      await page.locator('#a-message').fill('Saya meliput pemerintahan provinsi untuk Warta Bali.');
      await page.getByRole('button', { name: 'Kirim permintaan' }).click();
      await page.getByText('Permintaan Anda telah dikirim ke unit.').waitFor();
      assert.match(await page.locator('main .summary-list').innerText(), /Menunggu unit/);
      await checkA11y(page, `accreditation requested (${screen})`);
      await checkWidth(page, screen, 'the accreditation page');
      assert.deepEqual(j.problems, [], 'no request to another host, no CSP violation, no script error');
      await j.context.close();
    });
  }
});
