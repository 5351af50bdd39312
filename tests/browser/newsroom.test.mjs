// The newsroom in a real browser (Debian's Chromium): a contributor of
// Kota Denpasar drafts a release, previews it (htmx, in place), submits it;
// Denpasar's editor approves and publishes it; the public reads it. Then
// every line of tests/data/xss-vectors.txt goes into every text field of a
// release and of an innovation: nothing may run, and the author must find
// the text intact in the edit form.
//
// Its own Sinergi (`sinergi demo`, demo accounts, password below).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { REPO_ROOT, startSinergi } from './lib/server.mjs';

const PASSWORD = 'sinergi-demo-2026';
const CONTRIBUTOR = 'kontributor@denpasarkota.demo';
const EDITOR = 'redaksi@denpasarkota.demo';

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

/** The release's id from an address like /releases/42-judul?done=create. */
function releaseId(url) {
  const m = new URL(url).pathname.match(/^\/releases\/(\d+)/);
  assert.ok(m, `a release address: ${url}`);
  return Number(m[1]);
}

describe('newsroom', () => {
  test('(n) draft, preview, submit, approve and publish a release; the public reads it', async () => {
    const base = sinergi.base;
    const title = 'Mal Pelayanan Publik Denpasar Buka hingga Malam';

    // The contributor writes.
    const author = await openContext(browser, base);
    await signIn(author.page, base, CONTRIBUTOR, '/workspace');
    assert.equal(await author.page.locator('h1').innerText(), 'Ruang kerja');
    await checkA11y(author.page, 'workspace (contributor)');
    await author.page.getByRole('link', { name: 'Tulis siaran pers' }).first().click();
    await author.page.waitForURL(/\/releases\/new\?unit=51\.71$/);
    await author.page.getByLabel('Judul').fill(title);
    await author.page.getByLabel('Teras berita').fill('Warga kini dapat mengurus dokumen hingga pukul 21.00 WITA.');
    // The title field spans the form, not a 180 px box.
    const titleWidth = await author.page.locator('#release-title').evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(titleWidth > 400, `the title field is ${titleWidth}px wide`);
    // The Markdown guide is visible beside the body.
    assert.match(await author.page.locator('.nr-md-guide').innerText(), /\*\*tebal\*\*/);
    await author.page.evaluate(() => { window.sinergiMarker = 'same page'; });
    // Typing is enough: the live preview shows what the server would publish.
    await author.page.locator('#release-body').fill('Mulai Senin, **Mal Pelayanan Publik** buka malam.\n\n- KTP\n- KK');
    await author.page.locator('#release-preview strong').waitFor();
    assert.equal(await author.page.locator('#release-preview li').count(), 2);
    await author.page.getByLabel('Tag').fill('pelayanan publik, denpasar');
    await checkA11y(author.page, 'new release form');
    // "Unggah" keeps its distance from "Simpan".
    const upload = await author.page.locator('button.nr-upload').boundingBox();
    const save = await author.page.getByRole('button', { name: 'Simpan' }).boundingBox();
    assert.ok(save.y - (upload.y + upload.height) >= 24, `Unggah ends ${save.y - (upload.y + upload.height)}px above Simpan`);

    // The Preview button (htmx) too: in place, no page load.
    await author.page.getByRole('button', { name: 'Pratinjau' }).click();
    await author.page.locator('#release-preview strong').waitFor();
    assert.equal(await author.page.locator('#release-preview strong').innerText(), 'Mal Pelayanan Publik');
    assert.equal(await author.page.evaluate(() => window.sinergiMarker), 'same page', 'the preview did not reload the page');
    assert.equal(await author.page.locator('#release-title').inputValue(), title, 'the form keeps its text');
    await screenshot(author.page, 'desktop-release-preview');
    await author.page.setViewportSize(PHONE);
    const formWidth = await author.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(formWidth <= PHONE.width, `the release form is ${formWidth}px wide on a phone`);
    await screenshot(author.page, 'phone-release-preview');
    await author.page.setViewportSize({ width: 1366, height: 900 });

    await author.page.getByRole('button', { name: 'Simpan' }).click();
    await author.page.waitForURL(/\/releases\/\d+-mal-pelayanan-publik-denpasar-buka-hingga-malam\?done=create$/);
    const id = releaseId(author.page.url());
    // The banner says what happened.
    assert.equal(await author.page.locator('#release-notice-title').innerText(), 'Siaran pers disimpan sebagai draf.');
    await checkA11y(author.page, 'draft release page');
    await author.page.getByRole('button', { name: 'Ajukan untuk ditinjau' }).click();
    await author.page.waitForURL(/done=submit$/);
    assert.match(await author.page.locator('.tag').first().innerText(), /Ditinjau/);
    assertClean(author.problems);
    await author.context.close();

    // Denpasar's editor approves and publishes now.
    const editor = await openContext(browser, base);
    await signIn(editor.page, base, EDITOR, '/workspace');
    assert.match(await editor.page.locator('#review-queue + ul').innerText(), new RegExp(title));
    await editor.page.getByRole('link', { name: title }).first().click();
    await editor.page.waitForURL(new RegExp(`/releases/${id}-`));
    await editor.page.getByRole('button', { name: 'Setujui' }).click();
    await editor.page.waitForURL(/done=approve$/);
    await checkA11y(editor.page, 'approved release page');
    await editor.page.getByLabel('Sekarang').check();
    await editor.page.locator('button[data-op="release"]').click();
    await editor.page.waitForURL(/done=release$/);
    assert.match(await editor.page.locator('.tag').first().innerText(), /Terbit/);
    const address = new URL(editor.page.url()).pathname;
    // The gap page on a phone: cards with the title across the card, and
    // nothing wider than the screen.
    await editor.page.setViewportSize(PHONE);
    await editor.page.goto(`${base}/gap`);
    const gapWidth = await editor.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(gapWidth <= PHONE.width, `the gap page is ${gapWidth}px wide on a phone`);
    const firstTitle = editor.page.locator('.nr-gap-items td:first-child').first();
    if (await firstTitle.count()) {
      const box = await firstTitle.boundingBox();
      assert.ok(box.width > PHONE.width * 0.75, `a gap card's title cell is ${box.width}px wide`);
    }
    await checkA11y(editor.page, 'gap page on a phone');
    await screenshot(editor.page, 'phone-gap');
    assertClean(editor.problems);
    await editor.context.close();

    // The public, on a phone too.
    const reader = await openContext(browser, base);
    await reader.page.goto(`${base}/releases/${id}`);
    assert.equal(new URL(reader.page.url()).pathname, address, 'the short address leads to the one address');
    assert.equal(await reader.page.locator('h1').innerText(), title);
    assert.equal(await reader.page.locator('.nr-prose strong').innerText(), 'Mal Pelayanan Publik');
    assert.equal(await reader.page.locator('.nr-workflow').count(), 0, 'no workflow for the public');
    // The newsroom basics: label and number (the unit's shorthand, as
    // people write it, not its code), the narahubung near the top, the
    // lead once, and a link to copy.
    assert.match(await reader.page.locator('.nr-press-label').innerText(), /^SIARAN PERS NO\. \d+\/KOTA DENPASAR\/\d{4}$/i);
    assert.match(await reader.page.locator('.nr-contact').innerText(), /Narahubung/);
    const lead = 'Warga kini dapat mengurus dokumen hingga pukul 21.00 WITA.';
    assert.equal((await reader.page.locator('main').innerText()).split(lead).length - 1, 1, 'the lead is printed once');
    await reader.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const copy = reader.page.getByRole('button', { name: 'Salin tautan' });
    await copy.click();
    // The clipboard answers asynchronously: wait for the status line to say so.
    await reader.page.locator('#share-url-status', { hasText: 'Tautan tersalin.' }).waitFor({ timeout: 5000 });
    assert.equal(await reader.page.locator('#share-url-status').innerText(), 'Tautan tersalin.');
    assert.equal(await reader.page.evaluate(() => navigator.clipboard.readText()), await reader.page.locator('#share-url').inputValue());
    await checkA11y(reader.page, 'public release page');
    await screenshot(reader.page, 'desktop-release-public');
    await reader.page.setViewportSize(PHONE);
    await reader.page.reload();
    const width = await reader.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `public release page is ${width}px wide on a phone`);
    await screenshot(reader.page, 'phone-release-public');
    // In English, the labels are English and only the release's own text
    // is marked as Indonesian.
    await reader.page.setViewportSize({ width: 1366, height: 900 });
    await reader.page.getByRole('link', { name: 'English' }).click();
    await reader.page.waitForURL(new RegExp(address));
    assert.match(await reader.page.locator('.nr-press-label').innerText(), /^PRESS RELEASE NO\./i);
    assert.equal(await reader.page.locator('h1').getAttribute('lang'), 'id');
    assert.equal(await reader.page.locator('.nr-contact h2').getAttribute('lang'), null);
    assert.equal(await reader.page.locator('[lang="id"]').evaluateAll((els) => els.filter((e) => e.tagName !== 'A').length), 3, 'title, lead and body only');
    await checkA11y(reader.page, 'public release page in English');
    await screenshot(reader.page, 'desktop-release-public-en');
    await reader.page.getByRole('link', { name: 'Bahasa Indonesia' }).click();
    await reader.page.goto(`${base}/units/51.71/releases`);
    assert.match(await reader.page.locator('main').innerText(), new RegExp(title));
    assertClean(reader.problems);
    await reader.context.close();
  });

  test('(x) hostile text in every field never runs and comes back intact to its author', async () => {
    const base = sinergi.base;
    // Vectors call a marker instead of alert, so running one is noticed even
    // where a dialog would not be; dialogs are watched as well.
    const vectors = fs
      .readFileSync(path.join(REPO_ROOT, 'tests/data/xss-vectors.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/alert|confirm|prompt/g, '__xssFired'));
    assert.ok(vectors.length > 100);
    const batches = (max) => {
      const out = [];
      let current = '';
      for (const raw of vectors) {
        const v = raw.slice(0, max);
        if (current && current.length + 1 + v.length > max) { out.push(current); current = ''; }
        current = current ? `${current} ${v}` : v;
      }
      if (current) out.push(current);
      return out;
    };
    const all = vectors.join('\n');
    const titles = batches(200);
    const leads = batches(1000);
    const comments = batches(5000);

    const { context, page, problems } = await openContext(browser, base);
    await context.addInitScript(() => {
      window.__xss = [];
      window.__xssFired = (...args) => { window.__xss.push(String(args[0])); };
    });
    const dialogs = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    const nothingRan = async (label) => {
      const fired = await page.evaluate(() => window.__xss);
      assert.deepEqual(fired, [], `${label}: an injected script ran`);
      assert.deepEqual(dialogs, [], `${label}: a dialog opened`);
    };
    await signIn(page, base, CONTRIBUTOR, '/workspace');

    const ids = [];
    for (let n = 0; n < titles.length; n += 1) {
      // An innovation: title, description, problem, solution, impact, tags, evidence.
      await page.goto(`${base}/items/new?unit=51.71&kind=innovation`);
      await page.locator('#item-title').fill(titles[n]);
      await page.locator('#item-description').fill(all);
      await page.locator('#item-problem').fill(all);
      await page.locator('#item-solution').fill(all);
      await page.locator('#item-impact').fill(all);
      await page.locator('#item-stage').selectOption('trial');
      await page.locator('#item-tags').fill('<svg onload=__xssFired(1)>, javascript:__xssFired(2)');
      await page.locator('#evidence-label-1').fill(vectors[n % vectors.length]);
      await page.locator('#evidence-url-1').fill('https://example.org/"><script>__xssFired(3)</script>');
      await page.locator('form.form button[type="submit"]').first().click();
      await page.waitForURL(/\/items\/\d+$/);
      await nothingRan(`innovation ${n}`);
      const itemUrl = page.url();
      await page.goto(`${itemUrl}/edit`);
      assert.equal(await page.locator('#item-title').inputValue(), titles[n].trim());
      assert.equal(await page.locator('#item-problem').inputValue(), all.trim());
      await nothingRan(`innovation ${n} edit form`);

      // A release: title, lead, body, tags, and a comment.
      await page.goto(`${base}/releases/new?unit=51.71`);
      await page.locator('#release-title').fill(titles[n]);
      await page.locator('#release-lead').fill(leads[n % leads.length]);
      await page.locator('#release-body').fill(all);
      await page.locator('#release-tags').fill('<img src=x onerror=__xssFired(4)>');
      await page.getByRole('button', { name: 'Pratinjau' }).click();
      await page.locator('#release-preview .nr-prose').waitFor();
      await nothingRan(`release ${n} preview`);
      await page.getByRole('button', { name: 'Simpan' }).click();
      await page.waitForURL(/\/releases\/\d+-/);
      const id = releaseId(page.url());
      ids.push(id);
      await nothingRan(`release ${n}`);
      if (n < comments.length) {
        await page.locator('#comment-body').fill(comments[n]);
        await page.getByRole('button', { name: 'Kirim komentar' }).click();
        await page.waitForURL(/done=comment/);
        assert.ok((await page.locator('.nr-comment-body').first().innerText()).includes(comments[n].trim().slice(0, 50)));
        await nothingRan(`release ${n} comment`);
      }
      await page.goto(`${base}/releases/${id}/edit`);
      assert.equal(await page.locator('#release-title').inputValue(), titles[n].trim());
      assert.equal(await page.locator('#release-lead').inputValue(), leads[n % leads.length].trim());
      assert.equal(await page.locator('#release-body').inputValue(), all);
      await nothingRan(`release ${n} edit form`);
    }
    await checkA11y(page, 'release edit form with hostile text');

    // Published, the public page runs nothing either.
    await page.goto(`${base}/releases/${ids[0]}`);
    await page.getByRole('button', { name: 'Ajukan untuk ditinjau' }).click();
    await page.waitForURL(/done=submit$/);
    await context.close();
    const editor = await openContext(browser, base);
    // Nothing from another host may actually load. (The sanitiser keeps
    // <img src="http://…"> from a vector; the CSP's img-src 'self' stops the
    // browser from fetching it, which Chromium still reports as a request.)
    const loadedElsewhere = [];
    editor.page.on('requestfinished', (req) => {
      if (new URL(req.url()).host !== new URL(base).host) loadedElsewhere.push(req.url());
    });
    const edDialogs = [];
    editor.page.on('dialog', async (d) => { edDialogs.push(d.message()); await d.dismiss(); });
    await editor.context.addInitScript(() => {
      window.__xss = [];
      window.__xssFired = (...args) => { window.__xss.push(String(args[0])); };
    });
    await signIn(editor.page, base, EDITOR, '/workspace');
    await editor.page.goto(`${base}/releases/${ids[0]}`);
    await editor.page.getByRole('button', { name: 'Setujui' }).click();
    await editor.page.waitForURL(/done=approve$/);
    await editor.page.locator('button[data-op="release"]').click();
    await editor.page.waitForURL(/done=release$/);
    const publicUrl = editor.page.url().split('?')[0];
    await editor.page.goto(publicUrl);
    assert.deepEqual(await editor.page.evaluate(() => window.__xss), [], 'public page: an injected script ran');
    assert.deepEqual(edDialogs, [], 'public page: a dialog opened');
    await screenshot(editor.page, 'desktop-release-hostile');
    assert.deepEqual(loadedElsewhere, [], 'nothing loaded from another host');
    assertClean(editor.problems.filter((p) => !/Refused to (load|connect)|Content.Security.Policy|request to another host/.test(p)));
    await editor.context.close();
    // CSP reports (a blocked image from a vector's address) are expected and
    // harmless; script errors are not.
    assert.deepEqual(problems.filter((p) => p.startsWith('script error')), []);
  });
});
