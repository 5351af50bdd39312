// Press rooms and the widget in a real browser (Debian's Chromium).
//
// (p) A journalist opens Bali's press room on a desktop and on a phone,
//     switches to the whole province and narrows it to Kota Denpasar with
//     the child filter (a plain GET form, no script), reads the PR office
//     contact; axe is clean and nothing embargoed shows.
// (w) Another site (a plain HTML page from its own loopback origin, under
//     a strict Content-Security-Policy) embeds the widget in both forms,
//     the sandboxed iframe and the script loader; the latest release titles
//     show inside the frames, and nothing breaks the host's policy.
//
// Its own Sinergi (`sinergi demo`).

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, pageWeight, screenshot } from './lib/browser.mjs';
import { freePort, startSinergi } from './lib/server.mjs';

const EMBARGOED = 'Mal Pelayanan Publik Denpasar genap melayani 150 jenis layanan';
const BALI_RELEASE = 'Indeks kepuasan layanan Samsat Bali naik';
const WORKSHOP = 'Humas Pemerintah Harus Bikin Lompatan';

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

describe('press rooms and the widget', () => {
  for (const [device, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', PHONE]]) {
    test(`(p) a province's press room, its subtree and a child, on a ${device}`, async () => {
      const base = sinergi.base;
      const { context, page, problems } = await openContext(browser, base, { viewport });
      await page.goto(`${base}/units/51`);
      await page.getByRole('link', { name: 'Ruang pers unit ini' }).click();
      await page.waitForURL(`${base}/press/51`);
      assert.match(await page.locator('h1').innerText(), /Ruang Pers/);
      await page.getByText(BALI_RELEASE).first().waitFor();
      await page.getByText('Biro Humas dan Protokol Provinsi Bali (contoh)').waitFor();
      await checkA11y(page, `press room 51 (${device})`);

      await page.getByRole('link', { name: 'Se-Provinsi Bali' }).click();
      await page.waitForURL(`${base}/press/51?scope=subtree`);
      await page.getByLabel('Tampilkan unit di bawahnya').selectOption('51.71');
      await page.getByRole('button', { name: 'Tampilkan' }).click();
      await page.waitForURL(/child=51\.71/);
      assert.equal(await page.getByLabel('Tampilkan unit di bawahnya').inputValue(), '51.71');
      const text = await page.locator('main').innerText();
      assert.ok(!text.includes(EMBARGOED), 'nothing embargoed in the room');
      assert.ok(!text.includes(BALI_RELEASE), 'only Kota Denpasar and below');
      await checkA11y(page, `press room 51 subtree, child 51.71 (${device})`);
      if (device === 'phone') {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
      }
      assert.equal(
        await page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href'),
        '/feeds/subtree/51.71.rss',
      );
      await screenshot(page, `press-room-${device}`);

      // A release's page links back, with share links and its metadata.
      await page.goto(`${base}/press/35`);
      await page.getByRole('link', { name: WORKSHOP }).first().click();
      await page.waitForURL(/\/releases\/\d+/);
      const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
      assert.ok(canonical.startsWith(base) && canonical !== page.url(), 'an amplification points to the original');
      await page.getByRole('link', { name: 'WhatsApp' }).waitFor();
      await checkA11y(page, `release page (${device})`);
      assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
      await context.close();
    });
  }

  test('(w) the widget under another site\'s strict CSP, as an iframe and as a script', async () => {
    const base = sinergi.base;
    const port = await freePort();
    const host = `http://127.0.0.1:${port}`;
    const sandbox = 'allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';
    const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Situs Pemda Contoh</title></head>
<body><h1>Situs Pemda Contoh</h1>
<iframe id="by-iframe" src="${base}/embed/unit/kemenpanrb.hkip?limit=5" title="Rilis KemenPANRB" width="100%" height="400" sandbox="${sandbox}"></iframe>
<div id="by-script"><script src="${base}/widget.js" data-sinergi-subtree="51" data-limit="3" data-lang="en" data-theme="dark" async></script></div>
</body></html>`;
    const csp = `default-src 'none'; script-src ${base}; frame-src ${base}`;
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(html);
    });
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const context = await browser.newContext({ locale: 'id-ID' });
      const problems = [];
      const allowed = new Set([new URL(base).host, new URL(host).host]);
      const cookies = [];
      context.on('request', (req) => {
        const url = new URL(req.url());
        if (!allowed.has(url.host)) problems.push(`request to another host: ${req.url()}`);
      });
      context.on('response', async (res) => {
        if ((await res.headerValue('set-cookie')) !== null) cookies.push(res.url());
      });
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
      await page.goto(`${host}/`);

      const byIframe = page.frameLocator('#by-iframe');
      await byIframe.getByRole('link', { name: WORKSHOP }).waitFor();
      assert.equal(await byIframe.getByRole('link', { name: WORKSHOP }).getAttribute('target'), '_blank');

      const inserted = page.locator('#by-script iframe');
      await inserted.waitFor();
      assert.equal(await inserted.getAttribute('sandbox'), sandbox);
      const byScript = page.frameLocator('#by-script iframe');
      await byScript.getByRole('link', { name: BALI_RELEASE }).waitFor();
      assert.equal(await byScript.locator('html').getAttribute('lang'), 'en');
      const background = await byScript.locator('html').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(background, 'rgb(29, 31, 33)', 'the dark theme\'s stylesheet applies inside the sandbox');
      const all = await byScript.locator('body').innerText();
      assert.ok(!all.includes(EMBARGOED), 'nothing embargoed in the widget');
      await screenshot(page, 'widget-host');
      assert.deepEqual(problems, [], 'no CSP violation, no script error, no third-party request');
      assert.deepEqual(cookies, [], 'no cookies');
      await context.close();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('page weight: a release page under 60 KB on the wire (HTML + CSS + JS, no images)', async () => {
    const base = sinergi.base;
    const room = await (await fetch(`${base}/press/kemenpanrb.hkip`)).text();
    const href = room.match(/href="(\/releases\/\d+-[^"]+)"/)[1];
    const { bytes, parts, problems } = await pageWeight(browser, base, href);
    console.log(`page weight release (${href}): ${bytes} bytes [${parts.join(', ')}]`);
    assert.ok(!parts.some((p) => p.includes('htmx')), 'no htmx on a release page');
    assert.ok(bytes < 60 * 1024, `${href} weighs ${bytes} bytes`);
    assert.deepEqual(problems, []);
  });

  test('(b) the widget builder makes the snippet (a plain form: the page loads no script)', async () => {
    const base = sinergi.base;
    const { context, page, problems } = await openContext(browser, base);
    await page.goto(`${base}/widget`);
    await page.getByLabel('Cari unit').fill('Denpasar');
    await page.getByRole('button', { name: 'Buat kode widget' }).click();
    await page.waitForURL(/q=Denpasar/);
    const snippet = await page.locator('#snippet-iframe').inputValue();
    assert.match(snippet, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/unit\/[0-9.]+\?limit=5&lang=id"/);
    assert.match(await page.locator('#snippet-script').inputValue(), /widget\.js" data-sinergi-unit="/);
    await page.locator('iframe.widget-preview').waitFor();
    await checkA11y(page, 'widget builder');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
