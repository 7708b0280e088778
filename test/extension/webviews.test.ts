// The extension's webviews rendered in headless Chromium from the same functions the extension calls (views.ts for
// the HTML, actions.ts for the data the language server sends): the results view of a run and of a compare (table
// and chart), and the definition card (the page of `stroom explain --format html`). Every network request is blocked
// and recorded; screenshots go to test/output/ (ignored by git). Without Chromium the browser part is skipped, loudly,
// unless STROOM_REQUIRE_CHROMIUM=1 (set by .ci/run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { cardPage, compareBlocks, compareModel, runIndicators, runModel } from '../../packages/extension/src/actions.js';
import { cardHtml, resultsHtml } from '../../packages/extension/src/views.js';
import { EXAMPLES, REPO, tempDir, launchChromiumOrSkip } from '../helpers.js';

const OUTPUT = path.join(REPO, 'test', 'output');

describe('extension webviews', function () {
    this.timeout(300000);
    const pages: Record<'run' | 'compare' | 'card', string> = { run: '', compare: '', card: '' };
    let browser: Browser | undefined;
    let context: BrowserContext;
    const blocked: string[] = [];
    const problems: string[] = [];

    before(async function () {
        const file = path.join(EXAMPLES, 'havo-hbo.stroom');
        const results = await runIndicators(file, undefined, { engine: 'duckdb' });
        pages.run = resultsHtml(runModel(results, 'Stroom run: havo-hbo.stroom'));
        pages.compare = resultsHtml(compareModel(await compareBlocks(path.join(EXAMPLES, 'compare.stroom'), 'CBS vs OCW'), 'Stroom compare: CBS vs OCW'));
        pages.card = cardHtml(await cardPage(file, 'UitvalOCW', { lang: 'nl' }));
    });

    it('builds pages that load nothing: a policy forbidding loads, no scripts, no remote addresses', function () {
        for (const [name, html] of Object.entries(pages)) {
            assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/, name);
            assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, name);
            assert.doesNotMatch(html, /<link\b|@import/i, name);
        }
        assert.doesNotMatch(pages.run, /<script/i);
        assert.match(pages.run, /UitvalOCW/);
        assert.match(pages.card, /UitvalOCW/);
        assert.match(pages.card, /peildatum/i);
    });

    it('styles both markers of disclosure control as hidden: <k and x, in the figure columns', function () {
        const html = resultsHtml({
            heading: 'h',
            tables: [{
                title: 't', subtitle: '', columns: ['cohort', 'size', 'count', 'rate'], numericFrom: 1, series: ['s'], notes: [],
                rows: [{ label: 'x', cells: ['x', '30', 'x', 'x'], values: [null] }, { label: '2020', cells: ['2020', '30', '<5', 'x'], values: [null] }],
            }],
        });
        const cells = [...html.matchAll(/<td( class="([^"]*)")?>([^<]*)<\/td>/g)].map((m) => [m[3], m[2] ?? '']);
        assert.deepEqual(cells, [['x', ''], ['30', 'num'], ['x', 'num suppressed'], ['x', 'num suppressed'],
            ['2020', ''], ['30', 'num'], ['&lt;5', 'num suppressed'], ['x', 'num suppressed']]);
    });

    it('shows in the compare view only what stroom compare shows: no count from 1 to 4, complements included', async function () {
        const [c] = await compareBlocks(path.join(EXAMPLES, 'compare.stroom'), 'CBS vs OCW');
        const model = compareModel([c], 'Stroom compare');
        const small = (s: string) => /^[1-4]$/.test(s);
        let checked = 0;
        for (const row of model.tables[0].rows) {
            const cells = row.cells.slice(-6);
            for (const side of [cells.slice(0, 3), cells.slice(3)]) {
                const [size, count] = side;
                assert.ok(!small(size) && !small(count), `a small count shown: ${row.cells.join(' ')}`);
                if (/^\d+$/.test(size) && /^\d+$/.test(count)) {
                    assert.ok(!small(String(Number(size) - Number(count))), `a small complement derivable: ${row.cells.join(' ')}`);
                    checked++;
                }
            }
        }
        assert.ok(checked > 5, `${checked} shown pairs checked`);
        assert.match(model.tables[0].subtitle, /hidden \(<\d+\), with complementary suppression \(x\)/);
    });

    describe('in headless Chromium, network blocked', function () {
        before(async function () {
            browser = await launchChromiumOrSkip(this);
            context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
            fs.mkdirSync(OUTPUT, { recursive: true });
        });

        after(async function () {
            await browser?.close();
        });

        /** Opens a page from disk with every other request aborted and recorded. */
        async function open(name: keyof typeof pages) {
            const file = path.join(tempDir('stroom-webview-'), `${name}.html`);
            fs.writeFileSync(file, pages[name]);
            const url = pathToFileURL(file).href;
            const page = await context.newPage();
            await page.route('**/*', (route) => {
                if (route.request().url() === url) return route.continue();
                blocked.push(route.request().url());
                return route.abort('blockedbyclient');
            });
            page.on('console', (m) => { if (m.type() === 'error') problems.push(`${name}: ${m.text()}`); });
            page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
            await page.goto(url, { waitUntil: 'load' });
            return page;
        }

        it('the results view of a run: a table per indicator and a bar chart with a bar per unsuppressed figure', async function () {
            const page = await open('run');
            const tables = await page.locator('table.figures').count();
            assert.ok(tables >= 4, `${tables} tables`);
            const rows = await page.locator('table.figures tbody tr').count();
            // A hidden rate (disclosure control) is `<k` or `x` in the row's last cell, and has no bar.
            const lastCells = await page.locator('table.figures tbody tr td:last-child').allTextContents();
            const suppressed = lastCells.filter((t) => t.trim().startsWith('<') || t.trim() === 'x').length;
            const bars = await page.locator('svg.chart rect.bar').count();
            assert.ok(rows > 10);
            assert.equal(bars, rows - suppressed, 'a bar per figure whose rate is shown');
            const box = await page.locator('svg.chart rect.bar').first().boundingBox();
            assert.ok(box && box.width > 0 && box.height > 0, 'bars are drawn');
            await page.screenshot({ path: path.join(OUTPUT, 'extension-results.png'), fullPage: true });
        });

        it('the results view of a compare: both sides in the table and the chart', async function () {
            const page = await open('compare');
            assert.equal(await page.locator('table.figures').count(), 1);
            const header = await page.locator('table.figures thead').innerText();
            assert.match(header, /UitvalCBS/);
            assert.match(header, /UitvalOCW/);
            assert.ok(await page.locator('svg.chart rect.bar').count() > 2);
            assert.equal(await page.locator('.legend span').count(), 2);
            await page.screenshot({ path: path.join(OUTPUT, 'extension-compare.png'), fullPage: true });
        });

        it('the definition card: the indicator, its three questions and peildatum, as stroom explain shows it', async function () {
            const page = await open('card');
            const text = await page.locator('body').innerText();
            assert.match(text, /UitvalOCW/);
            assert.match(text, /peildatum/i);
            assert.ok(await page.locator('h1, h2').count() >= 1);
            await page.screenshot({ path: path.join(OUTPUT, 'extension-card.png'), fullPage: true });
        });

        it('loaded nothing and reported no errors', function () {
            assert.deepEqual(blocked, []);
            assert.deepEqual(problems, []);
        });
    });
});
