// The search across everything (/search) in a real browser: from the header's
// search box, a facet updates the results in place (htmx, address pushed),
// the same works without JavaScript, and the page fits a phone.
//
// Its own Sinergi (`sinergi demo`): the first start imports the region tree
// and the projector then indexes it, so the journey first waits until the
// index answers.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PHONE, axe, describeViolations, launch, openContext, screenshot } from './lib/browser.mjs';
import { startSinergi } from './lib/server.mjs';

let sinergi;
let browser;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  sinergi = await startSinergi();
  browser = await launch();
  // The projector fills the index in the background after the start.
  const deadline = Date.now() + 300_000;
  for (;;) {
    const res = await fetch(`${sinergi.base}/api/v1/search?q=denpasar&type=unit`);
    if (res.status === 200 && (await res.json()).total > 0) break;
    if (Date.now() > deadline) throw new Error('the search index did not fill in time');
    await sleep(500);
  }
});

after(async () => {
  await browser?.close();
  await sinergi?.stop();
});

/** The "Kecamatan" (district) facet's checkbox. */
const district = (page) => page.locator('[data-facet="facet-level-district"] input');

async function checkA11y(page, label) {
  const bad = await axe(page, label);
  assert.equal(bad.length, 0, `axe on ${label}:\n${describeViolations(bad)}`);
}

describe('search', () => {
  test('(s) search from the header box, narrow by a facet in place, and without JavaScript', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base);
    await page.goto(`${sinergi.base}/units/51`);
    await page.locator('#header-q').fill('denpasar');
    await page.locator('#header-q').press('Enter');
    await page.waitForURL(/\/search\?q=denpasar$/);
    assert.equal(await page.locator('#search-q').inputValue(), 'denpasar');
    const first = page.locator('.search-result').first();
    assert.equal(await first.getByRole('link').innerText(), 'Kota Denpasar');
    assert.equal(await first.locator('mark').first().innerText(), 'Denpasar');
    await screenshot(page, 'desktop-site-search-denpasar');
    // (axe runs after Back: it can leave empty style attributes behind, and
    // htmx would keep them in its history snapshot of this page.)

    // Tick "Kecamatan": htmx replaces facets and results, the address follows,
    // and the page is not reloaded.
    const before = await page.locator('#results-heading').innerText();
    await page.evaluate(() => { window.sinergiMarker = 'same page'; });
    await district(page).check();
    await page.waitForURL(/\/search\?q=denpasar&level=district$/);
    await page.locator('#results-heading').filter({ hasNotText: before }).waitFor();
    assert.equal(await page.evaluate(() => window.sinergiMarker), 'same page');
    assert.ok(await district(page).isChecked());
    const metas = await page.locator('.search-result__meta').allInnerTexts();
    assert.ok(metas.length >= 4 && metas.every((m) => m.includes('Kecamatan')), `only districts: ${metas}`);
    assert.match(await page.locator('#results-status').textContent(), /hasil/, 'screen readers hear what changed');
    await checkA11y(page, 'search "denpasar" among districts (htmx)');

    // Back returns to the unfiltered results.
    await page.goBack();
    await page.waitForURL(/\/search\?q=denpasar$/);
    await page.locator('[data-facet="facet-level-district"] input:not(:checked)').waitFor();
    await checkA11y(page, 'search "denpasar"');
    assert.deepEqual(problems, [], 'no request to another host, no CSP violation, no script error');
    await context.close();

    // Without JavaScript: tick, then "Terapkan saringan" submits the form.
    const noJs = await openContext(browser, sinergi.base, { javaScriptEnabled: false });
    // (The home page has its own, larger search box.)
    await noJs.page.goto(`${sinergi.base}/`);
    await noJs.page.locator('#home-q').fill('denpasar');
    await noJs.page.locator('#home-q').press('Enter');
    await noJs.page.waitForURL(/\/search\?q=denpasar$/);
    await district(noJs.page).check();
    await noJs.page.getByRole('button', { name: 'Terapkan saringan' }).click();
    await noJs.page.waitForURL(/level=district/);
    const noJsMetas = await noJs.page.locator('.search-result__meta').allInnerTexts();
    assert.ok(noJsMetas.length >= 4 && noJsMetas.every((m) => m.includes('Kecamatan')));
    assert.deepEqual(noJs.problems, []);
    await noJs.context.close();
  });

  test('(t) the search page fits a phone', async () => {
    const { context, page, problems } = await openContext(browser, sinergi.base, {
      viewport: PHONE, isMobile: true, hasTouch: true,
    });
    await page.goto(`${sinergi.base}/search?q=sanur`);
    await page.locator('.search-result').first().waitFor();
    // Results come first: the filters wait behind "Saring hasil".
    assert.equal(await page.locator('details.site-search__filters').getAttribute('open'), null);
    const resultsTop = await page.locator('.search-result').first().evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(resultsTop < 740, `the first result starts ${resultsTop}px down, within the first screen`);
    await page.getByText('Saring hasil').click();
    await page.locator('[data-facet="facet-level-village"] input, [data-facet="facet-level-district"] input').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `page is ${width}px wide on a ${PHONE.width}px screen`);
    await checkA11y(page, 'search "sanur" (phone)');
    await screenshot(page, 'phone-site-search-sanur');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
