// Stroom in the browser computes what the command line computes: the page (packages/web, opened from disk with every
// network request refused) runs the quick-start example and gives exactly `stroom run`'s figures, downloads the same
// CSV and JSON, shows funnel and explain, reads a folder the user picks, and tries to reach no host at all. The same
// page served by `stroom serve` works too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { EXAMPLES, startServe, tempDir } from '../helpers.js';
import { stroomIn as inProcess } from '../cli/in-process.js';
import { buildPage, openPage, type WebPage } from './page.js';

const QUICK_START = 'havo-hbo.stroom';

/** What the command line prints for these arguments in this folder (run in this process). */
async function stroomIn(dir: string, args: string[]): Promise<string> {
    const r = await inProcess(args, dir);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
}

/** A run's JSON without what differs by nature between two runs (engine name, times, start). */
function figuresOf(json: string): unknown {
    const { meta: _meta, ...rest } = JSON.parse(json) as { meta: unknown };
    return rest;
}

describe('Stroom in the browser: run, funnel, explain and downloads', function () {
    this.timeout(240_000);
    let opened: WebPage;
    let page: Page;

    before(async function () {
        opened = await openPage(this);
        page = opened.page;
    });

    after(async () => {
        await opened?.close();
    });

    it('runs every indicator of the quick-start example with exactly the figures of stroom run', async () => {
        await page.evaluate((f) => globalThis.stroom.open(f), QUICK_START);
        await page.click('#run');
        await page.waitForFunction(() => !(document.getElementById('run') as HTMLButtonElement).disabled && globalThis.stroom.json() !== undefined, null, { timeout: 120_000 });
        const web = await page.evaluate(() => globalThis.stroom.json()!);
        const expected = await stroomIn(EXAMPLES, ['run', QUICK_START, '--format', 'json', '--no-cache']);
        const results = (JSON.parse(web) as { results: Array<{ indicator: string }> }).results;
        assert.deepEqual(results.map((r) => r.indicator), (JSON.parse(expected) as { results: Array<{ indicator: string }> }).results.map((r) => r.indicator));
        assert.ok(results.length >= 4, `${results.length} indicators`);
        assert.deepEqual(figuresOf(web), figuresOf(expected));
        assert.equal((JSON.parse(web) as { meta: { engine: string } }).meta.engine, 'duckdb-wasm');
        // The report in the page: a chart per indicator and the hidden-cells notice, as in the HTML report.
        const report = page.frameLocator('#view');
        assert.equal(await report.locator('svg').count(), results.length);
        assert.match(await report.locator('body').innerText(), /hidden to protect small groups|verborgen om kleine groepen/);
        await opened.screenshot('run');
    });

    it('downloads the same CSV as stroom run --format csv, and the run as JSON and an HTML report', async () => {
        const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
        const csvText = fs.readFileSync((await csv.path())!, 'utf8');
        assert.equal(csvText, await stroomIn(EXAMPLES, ['run', QUICK_START, '--format', 'csv', '--no-cache']));
        assert.equal(csv.suggestedFilename(), 'havo-hbo.csv');
        const [json] = await Promise.all([page.waitForEvent('download'), page.click('#json')]);
        assert.equal(fs.readFileSync((await json.path())!, 'utf8'), await page.evaluate(() => globalThis.stroom.json()!));
        const [html] = await Promise.all([page.waitForEvent('download'), page.click('#html')]);
        const report = fs.readFileSync((await html.path())!, 'utf8');
        assert.match(report, /^<!doctype html>/i);
        assert.match(report, /Content-Security-Policy/);
        assert.ok((report.match(/<svg/g) ?? []).length >= 4);
    });

    it('shows the funnel as stroom funnel does, and the explanation of the definition', async () => {
        await page.selectOption('#lang', 'en');
        await page.click('#funnel');
        await page.waitForFunction(() => !(document.getElementById('text') as HTMLElement).hidden, null, { timeout: 120_000 });
        const shown = await page.textContent('#text');
        assert.equal(shown, await stroomIn(EXAMPLES, ['funnel', QUICK_START, '--lang', 'en', '--no-cache']));
        await page.click('#explain');
        await page.waitForFunction(() => !(document.getElementById('view') as HTMLElement).hidden, null, { timeout: 120_000 });
        await page.frameLocator('#view').locator('h1').first().waitFor({ state: 'attached' });
        const text = await page.frameLocator('#view').locator('body').innerText();
        assert.match(text, /UitvalCBS/);
        assert.match(text, /switch|overstap/i);
    });

    it('reads a folder the user picks, runs it, and names a definition error by file, line and column', async () => {
        const dir = tempDir('stroom-web-folder-');
        const mine = path.join(dir, 'mijn-map');
        // A small workspace of its own: the quick-start file with its source, convention and data.
        for (const rel of ['stroom.json', QUICK_START, 'conventions/published.stroom', 'sources/voorbeeld.stroom']) {
            fs.mkdirSync(path.dirname(path.join(mine, rel)), { recursive: true });
            fs.copyFileSync(path.join(EXAMPLES, rel), path.join(mine, rel));
        }
        fs.cpSync(path.join(EXAMPLES, 'data'), path.join(mine, 'data'), { recursive: true, filter: (p) => !/seed|duo-vsv|mbo-ro|1cijferho/.test(p) });
        await page.setInputFiles('#folder', mine);
        await page.waitForFunction(() => document.querySelectorAll('#tree button').length === 3, null, { timeout: 60_000 });
        const files = await page.$$eval('#tree button', (bs) => bs.map((b) => b.textContent));
        assert.deepEqual(files, ['conventions/published.stroom', QUICK_START, 'sources/voorbeeld.stroom']);
        await page.evaluate(() => globalThis.stroom.run());
        assert.deepEqual(figuresOf(await page.evaluate(() => globalThis.stroom.json()!)),
            figuresOf(await stroomIn(mine, ['run', QUICK_START, '--format', 'json', '--no-cache'])));
        // An edit with a mistake: the run refuses and says where; the edited file can be downloaded as it is now.
        await page.evaluate(() => {
            const model = globalThis.stroom.editor.editor.getModel()!;
            model.setValue(model.getValue().replace('measure dropout', 'measure dropuot'));
        });
        await page.click('#run');
        await page.waitForFunction(() => document.getElementById('status')!.classList.contains('error'), null, { timeout: 60_000 });
        assert.match((await page.textContent('#status'))!, /havo-hbo\.stroom:\d+:\d+ error/);
        const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
        assert.equal(saved.suggestedFilename(), QUICK_START);
        const text = fs.readFileSync((await saved.path())!, 'utf8');
        assert.equal(text, fs.readFileSync(path.join(mine, QUICK_START), 'utf8').replace('measure dropout', 'measure dropuot'));
        // Downloaded: loading other files asks nothing now (a dialog would be dismissed, and nothing loaded).
        let asked = false;
        page.once('dialog', () => { asked = true; });
        await page.click('#examples');
        await page.waitForFunction(() => document.querySelectorAll('#tree button').length > 3, null, { timeout: 60_000 });
        assert.equal(asked, false);
    });

    it('asked no host for anything and broke no rule of its Content-Security-Policy', () => {
        assert.deepEqual(opened.blocked, []);
        assert.deepEqual(opened.csp, []);
        assert.deepEqual(opened.errors, []);
    });

    it('cannot send anything even when asked to: its policy blocks every connection before a request is made', async () => {
        const before = opened.csp.length;
        const outcome = await page.evaluate(async () => {
            const tries = [
                fetch('https://example.org/upload', { method: 'POST', body: 'bsn;123' }).then(() => 'sent', () => 'blocked'),
                fetch('http://127.0.0.1:9/').then(() => 'sent', () => 'blocked'),
                new Promise<string>((resolve) => {
                    const ws = new WebSocket('wss://example.org/');
                    ws.onopen = () => resolve('sent');
                    ws.onerror = () => resolve('blocked');
                }).catch(() => 'blocked'),
            ];
            return Promise.all(tries);
        });
        assert.deepEqual(outcome, ['blocked', 'blocked', 'blocked']);
        assert.deepEqual(opened.blocked, []);
        await page.waitForTimeout(200);
        const mine = opened.csp.slice(before);
        for (const url of ['https://example.org/upload', 'http://127.0.0.1:9/', 'wss://example.org/']) {
            assert.ok(mine.some((v) => v.startsWith(`CSP violation: connect-src blocked ${url}`)), `no connect-src violation for ${url}:\n${mine.join('\n')}`);
        }
    });
});

describe('stroom serve: the same page on 127.0.0.1', function () {
    this.timeout(180_000);
    let server: ChildProcess;
    let url: string;

    before(async () => {
        await buildPage();
        ({ url, process: server } = await startServe());
    });

    after(() => {
        server?.kill('SIGINT');
    });

    it('serves the page, which runs the quick-start example there too', async function () {
        const opened = await openPage(this, { url });
        try {
            await opened.page.evaluate((f) => globalThis.stroom.open(f), QUICK_START);
            await opened.page.evaluate(() => globalThis.stroom.run());
            const web = await opened.page.evaluate(() => globalThis.stroom.json()!);
            assert.deepEqual(figuresOf(web), figuresOf(await stroomIn(EXAMPLES, ['run', QUICK_START, '--format', 'json', '--no-cache'])));
            assert.deepEqual(opened.blocked, []);
            assert.deepEqual(opened.csp, []);
        } finally {
            await opened.close();
        }
    });
});
