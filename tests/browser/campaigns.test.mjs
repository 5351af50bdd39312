// Campaigns in a real browser (Debian's Chromium): Bali's PR office creates
// a campaign with a kit template; Kota Denpasar's contributor finds it in
// the workspace, starts a release from the kit (filled for Kota Denpasar,
// the campaign tag set) and submits it; Denpasar's editor publishes it; the
// owner's dashboard and Bali's map of regencies then show Kota Denpasar as adopted. Desktop and
// phone, axe clean on every page, and the weight of the national demo
// campaign's dashboard (map included) under 300 KB.
//
// (j) The national coordinator's question, "who has not carried it?", on a
// desktop (1366 px) and a 360 px phone: from the home page, by clicking,
// to the campaign dashboard, whose first screen says the share in one
// sentence with the contents list; then the not-started list filtered by
// level and province, and its export, which holds exactly the filtered
// rows. Screenshots: campaigns-coordinator-<screen>-<step>.png; the
// dashboard's length (scrollHeight) is logged.
//
// Its own Sinergi (`sinergi demo`, demo accounts, password below).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PHONE, SCREENSHOTS, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { startSinergi } from './lib/server.mjs';

const PASSWORD = 'sinergi-demo-2026';
const OWNER = 'humas@baliprov.demo';
const CONTRIBUTOR = 'kontributor@denpasarkota.demo';
const EDITOR = 'redaksi@denpasarkota.demo';
const NATIONAL = 'admin@sinergi.demo';
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

function assertClean(problems) {
  assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
}

async function signIn(page, base, email, next) {
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Alamat e-mail').fill(email);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

async function noSideScroll(page, label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${label} is ${width}px wide on a phone`);
}

describe('campaigns', () => {
  test('(c) a campaign travels from Bali to Kota Denpasar and shows on the dashboard and map', async () => {
    const base = sinergi.base;
    const title = `Bali Melayani ${Date.now()}`;

    // Bali's PR office creates the campaign; a first try without a title keeps the rest.
    const owner = await openContext(browser, base);
    await signIn(owner.page, base, OWNER, '/campaigns');
    await checkA11y(owner.page, 'campaign list');
    await owner.page.getByRole('link', { name: 'Kampanye baru' }).click();
    await owner.page.waitForURL(/\/campaigns\/new$/);
    await owner.page.locator('#cp-key_messages').fill('Melayani sepenuh hati\nCepat dan terbuka');
    await owner.page.locator('#cp-hashtags').fill('#BaliMelayani');
    await owner.page.locator('#cp-starts_on').fill('2026-01-01');
    await owner.page.locator('#cp-ends_on').fill('2030-12-31');
    await owner.page.locator('#cp-subtrees').fill('51');
    await owner.page.locator('#cp-depth-regency').check();
    await owner.page.locator('#cp-template-0-title').fill('{unit} Melayani Warga');
    await owner.page.locator('#cp-template-0-lead').fill('Kabar dari {region}.');
    await owner.page.locator('#cp-template-0-body').fill('Bagian dari {campaign}. {hashtags}');
    await checkA11y(owner.page, 'new campaign form');
    await owner.page.getByRole('button', { name: 'Simpan kampanye' }).click();
    await owner.page.locator('.error-summary').waitFor();
    assert.match(await owner.page.locator('.error-summary').innerText(), /Judul: wajib diisi/);
    assert.equal(await owner.page.locator('#cp-key_messages').inputValue(), 'Melayani sepenuh hati\nCepat dan terbuka');
    assert.equal(await owner.page.locator('#cp-template-0-title').inputValue(), '{unit} Melayani Warga');
    await checkA11y(owner.page, 'campaign form with errors');
    await owner.page.locator('#cp-title').fill(title);
    await owner.page.getByRole('button', { name: 'Simpan kampanye' }).click();
    await owner.page.waitForURL(/\/campaigns\/\d+\/dashboard$/);
    const dashboard = new URL(owner.page.url()).pathname;
    await checkA11y(owner.page, 'campaign dashboard (no adoption)');
    assert.equal(await owner.page.locator('path[data-code="51"]').getAttribute('data-class'), '0');
    assertClean(owner.problems);

    // Kota Denpasar's contributor starts from the kit.
    const author = await openContext(browser, base);
    await signIn(author.page, base, CONTRIBUTOR, '/workspace');
    const carry = author.page.locator('#campaigns + p + ul');
    assert.match(await carry.innerText(), new RegExp(title));
    await checkA11y(author.page, 'workspace with a campaign to carry');
    await author.page.getByRole('link', { name: 'Mulai dari templat: {unit} Melayani Warga' }).first().click();
    await author.page.waitForURL(/\/releases\/new\?unit=51\.71&campaign=\d+&template=\d+$/);
    assert.equal(await author.page.locator('#release-title').inputValue(), 'Kota Denpasar Melayani Warga');
    assert.match(await author.page.locator('#release-body').inputValue(), /#BaliMelayani/);
    const tag = await author.page.locator('#release-tags').inputValue();
    assert.match(tag, /^bali-melayani-\d+$/);
    await checkA11y(author.page, 'release form from the kit');
    await author.page.getByRole('button', { name: 'Simpan' }).click();
    await author.page.waitForURL(/\/releases\/\d+-kota-denpasar-melayani-warga\?done=create$/);
    const releasePath = new URL(author.page.url()).pathname;
    await author.page.getByRole('button', { name: 'Ajukan untuk ditinjau' }).click();
    await author.page.waitForURL(/done=submit$/);
    assertClean(author.problems);
    await author.context.close();

    // Denpasar's editor publishes it now.
    const editor = await openContext(browser, base);
    await signIn(editor.page, base, EDITOR, '/workspace');
    await editor.page.goto(base + releasePath);
    await editor.page.getByRole('button', { name: 'Setujui' }).click();
    await editor.page.waitForURL(/done=approve$/);
    await editor.page.getByLabel('Sekarang').check();
    await editor.page.locator('button[data-op="release"]').click();
    await editor.page.waitForURL(/done=release$/);
    assertClean(editor.problems);
    await editor.context.close();

    // The projector follows the change feed: the owner's dashboard shows the
    // adoption. Opened at Bali, the map is Bali's regencies and cities.
    let adopted = false;
    for (let i = 0; i < 30 && !adopted; i++) {
      await owner.page.goto(`${base}${dashboard}?unit=51#tree`);
      adopted = (await owner.page.locator('path[data-code="51.71"]').getAttribute('data-class')) === '5';
      if (!adopted) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(adopted, "Bali's map shows Kota Denpasar adopted");
    assert.equal(await owner.page.locator('svg.choropleth path').count(), 9, 'a path per regency and city of Bali');
    assert.equal(await owner.page.locator('#map-table tr[data-code="51.71"]').getAttribute('data-class'), '5');
    const row = owner.page.locator('#tree-table tr', { hasText: 'Kota Denpasar' });
    assert.match(await row.innerText(), /Mengadopsi/);
    assert.match(await owner.page.locator('#releases .task-list').innerText(), /Kota Denpasar Melayani Warga/);
    await checkA11y(owner.page, 'campaign dashboard (adopted)');
    await screenshot(owner.page, 'desktop-campaign-dashboard');
    await owner.page.setViewportSize(PHONE);
    await owner.page.reload();
    await noSideScroll(owner.page, 'campaign dashboard');
    await checkA11y(owner.page, 'campaign dashboard on a phone');
    await screenshot(owner.page, 'phone-campaign-dashboard');

    // The public page lists the adopted release.
    await owner.page.getByRole('link', { name: 'Halaman publik kampanye' }).click();
    await owner.page.waitForURL(/\/campaigns\/\d+-bali-melayani-\d+$/);
    assert.match(await owner.page.locator('main').innerText(), /Kota Denpasar Melayani Warga/);
    await noSideScroll(owner.page, 'public campaign page');
    await checkA11y(owner.page, 'public campaign page on a phone');
    assertClean(owner.problems);
    await owner.context.close();
  });

  test('(w) the national demo campaign dashboard, map included, weighs under 300 KB', async () => {
    const base = sinergi.base;
    const national = await openContext(browser, base);
    await signIn(national.page, base, NATIONAL, '/campaigns');
    await national.page.getByRole('link', { name: 'Revolusi Mental ASN' }).first().click();
    await national.page.waitForURL(/\/campaigns\/\d+\/dashboard$/);
    const dashboard = new URL(national.page.url()).pathname;
    assert.ok((await national.page.locator('svg.choropleth a').count()) >= 34, 'the provinces are linked');
    await checkA11y(national.page, 'national campaign dashboard');
    await screenshot(national.page, 'desktop-national-campaign-dashboard');

    // Every byte on the wire for the page, with an empty cache.
    const fresh = await browser.newContext({ locale: 'id-ID', storageState: await national.context.storageState() });
    const page = await fresh.newPage();
    const requests = [];
    page.on('requestfinished', (req) => requests.push(req));
    await page.goto(base + dashboard, { waitUntil: 'networkidle' });
    let bytes = 0;
    const parts = [];
    for (const req of requests) {
      const sizes = await req.sizes();
      bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      parts.push(`${new URL(req.url()).pathname} ${sizes.responseBodySize + sizes.responseHeadersSize}`);
    }
    const html = await page.evaluate(() => document.documentElement.outerHTML.length);
    console.log(`national campaign dashboard: ${bytes} B on the wire (${parts.join(', ')}); HTML ${html} B uncompressed`);
    assert.ok(bytes < 300_000, `the dashboard weighs ${bytes} B`);
    await fresh.close();
    assertClean(national.problems);
    await national.context.close();
  });
  for (const [screen, options] of SCREENS) {
    test(`(j) national coordinator (${screen}): home → dashboard → not started, filtered → export`, async () => {
      const base = sinergi.base;
      const phone = screen === 'phone';
      const { context, page, problems } = await openContext(browser, base, { ...options, acceptDownloads: true });
      const visit = async (label) => {
        await checkA11y(page, `coordinator ${label} (${screen})`);
        if (phone) await noSideScroll(page, `coordinator ${label}`);
        await screenshot(page, `campaigns-coordinator-${screen}-${label}`);
      };
      const nav = async (name, url) => {
        if (phone) {
          await page.locator('.service-nav__phone summary').click();
          await page.locator('.service-nav__phone').getByRole('link', { name, exact: true }).click();
        } else {
          await page.locator('.service-nav__wide').getByRole('link', { name, exact: true }).click();
        }
        await page.waitForURL(url);
      };

      // Home → sign in → workspace → the campaign they own.
      await page.goto(`${base}/`);
      await nav('Masuk', /\/sign-in/);
      await page.getByLabel('Alamat e-mail').fill(NATIONAL);
      await page.getByLabel('Kata sandi').fill(PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await nav('Ruang kerja', /\/workspace$/);
      await page.locator('#owned-campaigns ~ ul a', { hasText: 'Revolusi Mental ASN' }).first().click();
      await page.waitForURL(/\/campaigns\/\d+\/dashboard$/);

      // The first screen answers: the sentence with the share, and the contents.
      const viewport = page.viewportSize();
      const summary = page.locator('#summary');
      assert.match(
        await summary.innerText(),
        /^[\d.]+ dari [\d.]+ unit sasaran \((< )?[\d,]+ %\) sudah memuat kampanye ini; [\d.]+ belum\.$/,
      );
      const contents = page.locator('.cp-contents');
      const said = await summary.boundingBox();
      assert.ok(said.y + said.height <= viewport.height, `the sentence (${JSON.stringify(said)}) on the first screen`);
      const listed = await contents.boundingBox();
      assert.ok(listed.y + 60 <= viewport.height, `the contents (${JSON.stringify(listed)}) start on the first screen`);
      const length = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(`campaign dashboard length (${screen}, ${viewport.width} px): ${length} px`);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `campaigns-coordinator-${screen}-first-screen.png`) });
      await visit('dashboard');

      // The contents list leads to the not-started list; filter it by the
      // deepest level and by Bali, without typing an address.
      await contents.getByRole('link', { name: 'Unit yang belum memuat kampanye' }).click();
      // On a phone the filter sits behind its disclosure; on a desktop it is open.
      const filterFold = page.locator('details.cp-filter-fold');
      if (!(await filterFold.evaluate((d) => d.open))) {
        assert.equal(screen, 'phone', 'the filter is open on a desktop');
        await filterFold.locator('summary').click();
      }
      const levels = await page.locator('#cp-filter-level option').evaluateAll((os) => os.map((o) => o.value));
      const deepest = levels[levels.length - 1];
      await page.locator('#cp-filter-level').selectOption(deepest);
      await page.locator('#cp-filter-province').selectOption('51');
      await page.locator('#cp-filter-sort').selectOption('name');
      await page.getByRole('button', { name: 'Terapkan' }).click();
      await page.waitForURL((u) => u.searchParams.get('province') === '51' && u.searchParams.get('level') === deepest);
      const count = Number((await page.locator('.cp-count').innerText()).match(/^([\d.]+) unit/)[1].replaceAll('.', ''));
      assert.ok(count > 0, 'Bali has units that have not carried it');
      const codes = await page.locator('#not-started-table tbody tr td:first-child .hint').allInnerTexts();
      assert.ok(codes.length > 0 && codes.length <= Math.min(count, 25));
      assert.ok(codes.every((c) => c.startsWith('51.')), `only Bali: ${codes.join(' ')}`);
      const filteredLength = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(`campaign dashboard, filtered list (${screen}): ${filteredLength} px`);
      await visit('not-started-bali');

      // The export holds exactly the filtered rows, in the list's order.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /^Unduh daftar ini: CSV/ }).click(),
      ]);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      assert.ok(csv.startsWith('\ufeff'), 'a UTF-8 byte order mark for Excel');
      const records = csv.slice(1).split('\r\n').filter((l) => l !== '');
      assert.equal(records.length, count + 1, 'a header and one record per unit');
      const exported = records.slice(1).map((r) => r.split(',')[0]);
      assert.ok(exported.every((c) => c.startsWith('51.')));
      assert.deepEqual(exported.slice(0, codes.length), codes);
      // Beside it, the same list as an Excel workbook (a ZIP archive).
      const [workbook] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /^Unduh daftar ini: Excel/ }).click(),
      ]);
      assert.match(workbook.suggestedFilename(), /\.xlsx$/);
      assert.equal(fs.readFileSync(await workbook.path()).subarray(0, 4).toString('latin1'), 'PK\x03\x04');
      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    });
  }
});
