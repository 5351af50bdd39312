// Media monitoring in a real browser (Debian's Chromium), on `sinergi demo`.
//
// (m) The network's admin signs in, follows "Pemantauan media" in the
//     navigation, adds a source (an outlet's feed served here on loopback,
//     allowed by the configuration), and sees its article arrive and be
//     matched: the workshop release's page lists the pickup with the shared
//     passages marked. They open a pickup side by side, then confirm the
//     match waiting in the grey zone; desktop and phone, axe clean, no
//     script needed for any form.
// (m2) They add an outlet's news sitemap; its article's page is read for
//     its text (the source's page says so). The desk lists mentions (an
//     article naming Bali's provincial government and a campaign hashtag
//     without carrying a release) and what the decisions say about the
//     threshold; the unit's hub and the campaign's page show coverage;
//     desktop and phone.
//
// Its own Sinergi (`sinergi demo`) with `monitor_allowed_hosts = ["localhost"]`.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { REPO_ROOT, startSinergi } from './lib/server.mjs';

const PASSWORD = 'sinergi-demo-2026';
const ADMIN = 'admin@sinergi.demo';
const WORKSHOP = 'Humas Pemerintah Harus Bikin Lompatan';
const PUBLIC_PAGE = 'Halaman publik kampanye';

let sinergi;
let browser;
let feedServer;
let feedPort;

function escapeXml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An outlet's RSS feed carrying the workshop release, rewritten a little. */
function feed() {
  const release = fs.readFileSync(path.join(REPO_ROOT, 'data/releases/menpanrb-humas-lompatan-kinerja.txt'), 'utf8');
  const paragraphs = release.split('\n').map((l) => l.trim()).filter(Boolean);
  const body = ['Para humas daerah mendapat pesan tegas di Denpasar.', ...paragraphs.slice(2, 5)].join('</p><p>');
  // Two hours after the workshop release (4 June 2026, 09.00 WITA), inside
  // the matching window; the demo moves the release a week back before then.
  const workshop = Date.UTC(2026, 5, 4, 1);
  const date = new Date(workshop < Date.now() ? workshop + 2 * 3600_000 : Date.now() - 3600_000).toUTCString();
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kabar Uji</title>
<link>http://localhost:${feedPort}/</link><description>Umpan uji</description>
<item><title>Humas daerah diajak berkoordinasi</title><link>http://localhost:${feedPort}/berita/koordinasi-humas?utm_source=rss</link>
<guid>koordinasi-humas</guid><pubDate>${date}</pubDate><description>${escapeXml(`<p>${body}</p>`)}</description></item>
</channel></rss>`;
}

/** A news sitemap with one article, whose text is on its page only. */
function sitemap() {
  const date = new Date(Date.now() - 3600_000).toISOString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://localhost:${feedPort}/artikel/jembatan-kayu</loc><news:news><news:publication><news:name>Peta Uji</news:name><news:language>id</news:language></news:publication>
<news:publication_date>${date}</news:publication_date><news:title>Jembatan kayu desa diperbaiki warga</news:title></news:news></url>
</urlset>`;
}

function articlePage() {
  const paragraphs = Array.from({ length: 6 }, (_, i) => `<p>Paragraf ${i + 1}: warga Desa Sukamaju bergotong royong memperbaiki jembatan kayu yang menghubungkan kebun dan sekolah, dengan bahan dari hutan rakyat dan tenaga para pemuda setempat selama dua pekan.</p>`).join('');
  return `<!doctype html><html lang="id"><head><title>Jembatan kayu desa diperbaiki warga</title>
<link rel="canonical" href="http://localhost:${feedPort}/artikel/jembatan-kayu"></head>
<body><nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav><article><h1>Jembatan kayu desa diperbaiki warga</h1>${paragraphs}</article>
<footer>Hak cipta Peta Uji</footer></body></html>`;
}

before(async () => {
  feedServer = http.createServer((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"1"' });
      res.end(feed());
    } else if (req.url === '/sitemap-news.xml') {
      res.writeHead(200, { 'content-type': 'application/xml', etag: '"s1"' });
      res.end(sitemap());
    } else if (req.url === '/artikel/jembatan-kayu') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(articlePage());
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => feedServer.listen(0, '127.0.0.1', r));
  feedPort = feedServer.address().port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-monitoring-'));
  const config = path.join(dir, 'sinergi.toml');
  fs.writeFileSync(config, 'monitor_allowed_hosts = ["localhost"]\n');
  process.env.SINERGI_CONFIG = config;
  sinergi = await startSinergi();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sinergi?.stop();
  feedServer?.close();
});

async function checkA11y(page, label) {
  const bad = await axe(page, label);
  assert.equal(bad.length, 0, `axe on ${label}:\n${describeViolations(bad)}`);
}

async function signIn(page, base, next) {
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Alamat e-mail').fill(ADMIN);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL((url) => url.pathname === next);
}

describe('media monitoring', () => {
  test('(m) add a source, see its article matched, check a pickup, confirm the grey zone', async () => {
    const base = sinergi.base;
    const { context, page } = await openContext(browser, base, { viewport: { width: 1280, height: 900 } });
    await signIn(page, base, '/');
    await page.getByRole('link', { name: 'Pemantauan media' }).first().click();
    await page.waitForURL(`${base}/monitoring`);
    await checkA11y(page, 'monitoring desk');
    await page.getByRole('link', { name: 'Sumber media' }).first().click();
    await page.waitForURL(`${base}/monitoring/sources`);
    await page.getByLabel('Nama media').fill('Kabar Uji');
    await page.getByLabel('Alamat umpan').fill(`http://localhost:${feedPort}/feed.xml`);
    await page.getByRole('button', { name: 'Tambah sumber' }).click();
    await page.waitForURL(/\/monitoring\/sources\?added=1/);
    await checkA11y(page, 'sources');

    // The poller is woken by the new source; its article arrives and is matched.
    let seen = false;
    for (let i = 0; i < 60 && !seen; i++) {
      await page.goto(`${base}/monitoring/sources`);
      const row = page.locator('#sources tr', { hasText: 'Kabar Uji' });
      seen = (await row.count()) > 0 && !(await row.innerText()).includes('belum pernah');
      if (!seen) await page.waitForTimeout(1000);
    }
    assert.ok(seen, 'the new source was polled');
    await page.locator('#sources a', { hasText: 'Kabar Uji' }).click();
    await page.getByText('Humas daerah diajak berkoordinasi').waitFor();

    // The workshop release lists its pickups, passages marked.
    await page.goto(`${base}/press/kemenpanrb.hkip`);
    await page.getByRole('link', { name: WORKSHOP }).first().click();
    await page.waitForURL(/\/releases\/\d+/);
    const coverage = page.locator('section.mon-coverage');
    await coverage.getByText('Kabar Uji', { exact: true }).waitFor();
    assert.ok((await coverage.locator('mark').count()) >= 2);
    await coverage.getByRole('link', { name: /Bandingkan berdampingan/ }).first().click();
    await page.waitForURL(/\/monitoring\/matches\/\d+/);
    assert.ok((await page.locator('.mon-side mark').count()) >= 2);
    await checkA11y(page, 'pickup side by side');
    await screenshot(page, 'monitoring-pickup-desktop');

    // The grey zone: the demo's quoted sentence waits in the queue.
    await page.goto(`${base}/monitoring`);
    await page.locator('#review-queue a', { hasText: 'Periksa' }).first().click();
    await page.waitForURL(/\/monitoring\/matches\/\d+/);
    await page.getByRole('button', { name: 'Konfirmasi sebagai liputan' }).click();
    await page.waitForURL(/\/monitoring\?done=confirmed/);
    await page.getByText('Kecocokan dikonfirmasi sebagai liputan.').waitFor();
    await context.close();
  });

  test('(m) the desk and a pickup on a phone', async () => {
    const base = sinergi.base;
    const { context, page } = await openContext(browser, base, { viewport: PHONE });
    await signIn(page, base, '/monitoring');
    await page.goto(`${base}/monitoring/sources`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `sources are ${width}px wide on a phone`);
    await page.goto(`${base}/monitoring`);
    const pickup = page.locator('#pickup-list a').first();
    await pickup.click();
    await page.waitForURL(/\/monitoring\/matches\/\d+/);
    const sideWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sideWidth <= PHONE.width, `a pickup is ${sideWidth}px wide on a phone`);
    await checkA11y(page, 'pickup on a phone');
    await screenshot(page, 'monitoring-pickup-phone');
    await context.close();
  });

  test('(m2) a news sitemap, mentions, the threshold, coverage on the unit and the campaign', async () => {
    const base = sinergi.base;
    const { context, page } = await openContext(browser, base, { viewport: { width: 1366, height: 900 } });
    await signIn(page, base, '/monitoring');
    await page.getByRole('link', { name: 'Sumber media' }).first().click();
    await page.waitForURL(`${base}/monitoring/sources`);
    await page.getByLabel('Nama media').fill('Peta Uji');
    await page.getByLabel('Jenis sumber').selectOption('sitemap');
    await page.getByLabel('Alamat umpan').fill(`http://localhost:${feedPort}/sitemap-news.xml`);
    await page.getByRole('button', { name: 'Tambah sumber' }).click();
    await page.waitForURL(/\/monitoring\/sources\?added=1/);
    let seen = false;
    for (let i = 0; i < 60 && !seen; i++) {
      await page.goto(`${base}/monitoring/sources`);
      const row = page.locator('#sources tr', { hasText: 'Peta Uji' });
      seen = (await row.count()) > 0 && !(await row.innerText()).includes('belum pernah');
      if (!seen) await page.waitForTimeout(1000);
    }
    assert.ok(seen, 'the sitemap was polled');
    await page.locator('#sources a', { hasText: 'Peta Uji' }).click();
    await page.getByText('Jembatan kayu desa diperbaiki warga').waitFor();
    await page.getByText('dari halaman berita').waitFor();
    await checkA11y(page, 'a sitemap source');

    // The desk: mentions apart from pickups, and the threshold report.
    await page.goto(`${base}/monitoring`);
    const mentions = page.locator('#mention-list');
    await mentions.getByText('Suara Birokrasi').first().waitFor();
    assert.ok((await mentions.getByText('Provinsi Bali').count()) >= 1);
    await page.locator('#threshold-table').waitFor();
    await page.locator('#threshold-advice').waitFor();
    await checkA11y(page, 'desk with mentions and threshold');

    // The unit's hub shows its releases' coverage, reached from the release.
    await page.goto(`${base}/press/kemenpanrb.hkip`);
    await page.getByRole('link', { name: WORKSHOP }).first().click();
    await page.waitForURL(/\/releases\/\d+/);
    await page.goto(`${base}/units/kemenpanrb.hkip`);
    const hub = page.locator('#hub-coverage');
    await hub.getByText('Kabar Dewata').first().waitFor();
    assert.match(await hub.innerText(), /cerita/);
    await checkA11y(page, 'unit hub with coverage');

    // The campaign's page shows its hashtag's mention to its owner's office.
    await page.goto(`${base}/campaigns`);
    await page.locator('li', { hasText: 'Revolusi Mental ASN' }).getByRole('link', { name: PUBLIC_PAGE }).first().click();
    await page.waitForURL(/\/campaigns\/\d+-/);
    const coverage = page.locator('#campaign-coverage');
    await coverage.getByText('Suara Birokrasi').first().waitFor();
    assert.match(await coverage.innerText(), /#RevolusiMentalASN/);
    await checkA11y(page, 'campaign with coverage');
    await context.close();

    const phone = await openContext(browser, base, { viewport: PHONE });
    await signIn(phone.page, base, '/monitoring');
    for (const url of ['/monitoring', '/units/kemenpanrb.hkip']) {
      await phone.page.goto(`${base}${url}`);
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${url} is ${width}px wide on a phone`);
    }
    await screenshot(phone.page, 'monitoring-unit-coverage-phone');
    await phone.context.close();
  });
});
