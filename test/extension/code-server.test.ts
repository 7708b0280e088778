// The packaged extension inside a real VS Code: code-server (VS Code 1.100 in the browser, installed by
// .ci/code-server.sh) with the .vsix installed, opened on a copy of examples/ in headless Chromium and checked as a
// user sees it: the status bar, colours, a typed error in the Problems panel, hover, completion, and the Run,
// Explain and Test code lenses with their webviews and messages. Every request not to 127.0.0.1 is blocked.
// Screenshots go to test/output/code-server/ (ignored by git). Without code-server or Chromium the suite is skipped,
// loudly, unless STROOM_REQUIRE_CODE_SERVER=1 (set by .ci/run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { EXAMPLES, REPO, stroom, tempDir } from '../helpers.js';
import {
    installExtension, killMarked, MARKER, MARKER_NAME, prepareDirs, startCodeServer, stopGroup, stopGroupNow, type Running,
} from './code-server/server.js';
import {
    clickLens, editorForeground, editorText, focusEditor, goToLine, isDirty, openFile, panelText, retry, tokenColour, undoAll, until,
    webviewFrame,
} from './code-server/workbench.js';

const CHROMIUM = process.env.STROOM_CHROMIUM ?? '/usr/bin/chromium';
/** The prefix .ci/code-server.sh installs into. */
const HOME = process.env.STROOM_CODE_SERVER_HOME ?? path.join(os.homedir(), '.cache', 'stroom-code-server');
const CODE_SERVER = process.env.STROOM_CODE_SERVER ?? path.join(HOME, 'bin', 'code-server');
const OUTPUT = path.join(REPO, 'test', 'output', 'code-server');

const FILE = 'havo-hbo.stroom';
const INDICATOR = 'UitvalOCW';
const INDICATOR_LINE = new RegExp(`^indicator\\s${INDICATOR}\\b`);

/** A row of `stroom run --format json`: null (or absent) where a figure is hidden to protect small groups. */
interface CliRow { cohort_year: number; cohort_size?: number | null; count?: number | null; rate?: number | null; suppressed: boolean }

describe('the extension in code-server (VS Code in the browser)', function () {
    // Activation loads DuckDB's native binding in the extension host; the machine may be shared.
    this.timeout(600000);

    let workspace: string;
    let source: string[];
    let server: Running | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let shots = 0;
    const blocked: { url: string; frame: string }[] = [];
    const exitGuard = () => { if (server) stopGroupNow(server.pid); killMarked(); };

    /** The 1-based number of the first line of the copied file matching pattern at or after line `from`. */
    const lineOf = (pattern: RegExp, from = 1) => {
        const i = source.findIndex((l, k) => k + 1 >= from && pattern.test(l));
        assert.ok(i >= 0, `${FILE} has no line matching ${pattern}`);
        return i + 1;
    };
    const shot = (name: string) => page.screenshot({ path: path.join(OUTPUT, `${String(++shots).padStart(2, '0')}-${name}.png`) });

    before(async function () {
        const missing = [
            !fs.existsSync(CODE_SERVER) && `${CODE_SERVER} not found (run .ci/code-server.sh, or set STROOM_CODE_SERVER)`,
            !fs.existsSync(CHROMIUM) && `${CHROMIUM} not found (apt-get install chromium, or set STROOM_CHROMIUM)`,
        ].filter(Boolean);
        if (missing.length > 0) {
            const why = missing.join('; ');
            if (process.env.STROOM_REQUIRE_CODE_SERVER === '1') throw new Error(`STROOM_REQUIRE_CODE_SERVER=1 but ${why}`);
            console.warn(`      SKIPPED (code-server): ${why}`);
            this.skip();
        }
        process.on('exit', exitGuard);
        fs.rmSync(OUTPUT, { recursive: true, force: true });
        fs.mkdirSync(OUTPUT, { recursive: true });

        const root = tempDir('stroom-code-server-');
        const times: string[] = [];
        let t = Date.now();
        const lap = (what: string) => { times.push(`${what} ${((Date.now() - t) / 1000).toFixed(1)} s`); t = Date.now(); };
        const { packageVsix } = await import(path.join(REPO, 'esbuild.mjs')) as { packageVsix: (o: { outDir: string }) => Promise<string> };
        const vsix = await packageVsix({ outDir: root });
        assert.ok(fs.existsSync(vsix), `packageVsix returned ${vsix}, which does not exist`);
        lap('vsix');

        // Typing happens in a copy, never in the repository's examples.
        workspace = path.join(root, 'examples');
        fs.cpSync(EXAMPLES, workspace, { recursive: true });
        source = fs.readFileSync(path.join(workspace, FILE), 'utf8').split('\n');

        const dirs = prepareDirs(root);
        installExtension(CODE_SERVER, vsix, dirs);
        lap('install');
        server = await startCodeServer(CODE_SERVER, workspace, dirs);
        lap('start');

        const { chromium } = await import('playwright-core');
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                '--disable-sync', '--no-first-run', '--disable-breakpad', '--disable-crash-reporter'],
            env: { ...process.env, [MARKER_NAME]: MARKER },
        });
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        await context.route('**/*', (route) => {
            const request = route.request();
            if (new URL(request.url()).hostname === '127.0.0.1') return route.continue();
            blocked.push({ url: request.url(), frame: request.frame()?.url() ?? '' });
            return route.abort('blockedbyclient');
        });
        page = await context.newPage();
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 120000 });
        await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120000 });
        await retry(3, () => openFile(page, FILE));
        lap('workbench');
        console.log(`      ${times.join(', ')}`);
    });

    afterEach(async function () {
        if (this.currentTest?.state === 'failed' && page) {
            const name = (this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60));
            await page.screenshot({ path: path.join(OUTPUT, `failed-${name}.png`) }).catch(() => undefined);
        }
    });

    after(async function () {
        await browser?.close().catch(() => undefined);
        if (server) await stopGroup(server.pid);
        // Whatever left the process group (it should be nothing) is ended by pid.
        const left = killMarked();
        if (left.length > 0) console.warn(`      ended ${left.length} process(es) left behind: ${left.map((p) => `${p.pid} ${p.command.slice(0, 80)}`).join('; ')}`);
        process.removeListener('exit', exitGuard);
        if (blocked.length > 0) console.warn(`      blocked ${blocked.length} request(s) not to 127.0.0.1: ${[...new Set(blocked.map((b) => b.url))].slice(0, 5).join(', ')}`);
        server = undefined;
    });

    it('activates: the status bar says "Stroom: ready"', async function () {
        const item = page.locator('.statusbar-item').filter({ hasText: /Stroom: (ready|server failed)/ });
        await item.first().waitFor({ timeout: 240000 });
        const text = (await item.first().innerText()).trim();
        assert.match(text, /Stroom: ready$/, `status bar: ${text}\n${server?.log().slice(-2000)}`);
        await shot('activated');
    });

    it('colours the syntax: keyword, indicator name and title in different colours', async function () {
        await goToLine(page, lineOf(INDICATOR_LINE));
        const title = source[lineOf(INDICATOR_LINE) - 1]!.match(/"[^"]*"/)![0];
        const keyword = await tokenColour(page, INDICATOR_LINE, 'indicator');
        const name = await tokenColour(page, INDICATOR_LINE, INDICATOR);
        const string = await tokenColour(page, INDICATOR_LINE, title);
        const plain = await editorForeground(page);
        assert.equal(new Set([keyword, name, string, plain]).size, 4,
            `keyword ${keyword}, name ${name}, title ${string}, plain text ${plain}: expected four different colours`);
        // The same keyword elsewhere has the same colour.
        assert.equal(await tokenColour(page, /^\s+cohort \w+$/, 'cohort'), keyword);
        await shot('colours');
    });

    it('shows the hover card of an indicator', async function () {
        const title = source[lineOf(INDICATOR_LINE) - 1]!.match(/"([^"]*)"/)![1];
        await goToLine(page, lineOf(INDICATOR_LINE));
        const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: `${INDICATOR} — ${title}` });
        await retry(4, async () => {
            await page.mouse.move(5, 5);
            const word = page.locator('.editor-group-container .monaco-editor .view-line').filter({ hasText: INDICATOR_LINE })
                .locator('span > span').filter({ hasText: new RegExp(`^${INDICATOR}$`) }).first();
            await word.hover({ timeout: 5000 });
            await hover.first().waitFor({ timeout: 15000 });
        });
        const text = await hover.first().innerText();
        assert.match(text, /De drie vragen/, text.slice(0, 500));
        assert.match(text, /peildatum/i);
        await shot('hover');
        await page.mouse.move(5, 5);
    });

    it('offers cohort names after `cohort ` in an indicator', async function () {
        const line = lineOf(/^\s+cohort \w+\s*$/, lineOf(INDICATOR_LINE));
        await goToLine(page, line);
        await page.keyboard.press('End');
        await page.keyboard.press('Shift+Home');
        await page.keyboard.type('cohort ');
        const widget = page.locator('.suggest-widget.visible');
        const labels = await retry(3, async () => {
            await page.keyboard.press('Control+Space');
            await widget.locator('.monaco-list-row').first().waitFor({ timeout: 15000 });
            return until('HavoHbo among the suggestions', 10000, async () => {
                const l = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
                return l.includes('HavoHbo') ? l : undefined;
            });
        });
        await shot('completion');
        assert.ok(labels.includes('HavoHbo'), labels.join(', '));
        assert.ok(!labels.includes('UitvalCBS'), `an indicator offered as a cohort: ${labels.join(', ')}`);
        await page.keyboard.press('Escape');
        await undoAll(page);
    });

    it('shows a typed error in the Problems panel, and no longer after undo', async function () {
        const errors = page.locator('.markers-panel .monaco-list-row .codicon-error');
        const line = lineOf(/^\s+measure dropout\s*$/, lineOf(INDICATOR_LINE));
        await goToLine(page, line);
        await page.keyboard.press('Control+Shift+M');
        await page.locator('.markers-panel').waitFor({ timeout: 15000 });
        assert.equal(await errors.count(), 0, `errors before typing: ${await page.locator('.markers-panel').innerText()}`);
        await focusEditor(page);
        await page.keyboard.press('End');
        await page.keyboard.type('x');
        await errors.first().waitFor({ timeout: 60000 });
        const panel = await page.locator('.markers-panel').innerText();
        assert.match(panel, new RegExp(FILE.replace('.', '\\.')));
        assert.match(panel, /'dropoutx'/, panel);
        await shot('problem');
        await undoAll(page);
        await page.waitForFunction(() => document.querySelectorAll('.markers-panel .monaco-list-row .codicon-error').length === 0, null, { timeout: 60000 });
        assert.match(await page.locator('.markers-panel').innerText(), /No problems have been detected/);
        await shot('problem-undone');
    });

    it(`Run on ${INDICATOR} shows the figures of \`stroom run\` in the results view`, async function () {
        assert.ok(!await isDirty(page), 'the file must be as saved before a run');
        const cli = stroom(['run', path.join(workspace, FILE), '--indicator', INDICATOR, '--format', 'json']);
        assert.equal(cli.status, 0, cli.stderr);
        const expected = (JSON.parse(cli.stdout).results[0].rows as CliRow[]);
        assert.ok(expected.length > 0);

        await goToLine(page, lineOf(INDICATOR_LINE));
        // The command opens its view at once, saying "Running…".
        await clickLens(page, INDICATOR_LINE, 'Run', () => page.locator('.tab').filter({ hasText: `Stroom: ${INDICATOR}` }).first().waitFor({ timeout: 20000 }));
        let failed = '';
        const frame = await webviewFrame(page, 'the results view with its table', 180000, async (f) => {
            const body = await f.locator('body').innerText({ timeout: 1000 });
            if (/The run failed/.test(body)) failed = body;
            return failed !== '' || (body.includes(`Stroom run: ${INDICATOR}`) && await f.locator('table.figures').count() === 1);
        });
        assert.equal(failed, '', 'the results view says the run failed');
        const shown = await frame.locator('table.figures tbody tr').evaluateAll((rows) =>
            rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
        const header = await frame.locator('table.figures thead th').allInnerTexts();
        assert.deepEqual(header.map((h) => h.trim()), ['cohort', 'cohort size', 'dropout', 'rate']);
        await shot('run');
        assert.equal(shown.length, expected.length, `rows shown: ${JSON.stringify(shown)}`);
        expected.forEach((row, i) => {
            const cells = shown[i]!;
            assert.equal(cells[0], String(row.cohort_year));
            // A figure the CLI hides (null, or the whole row suppressed) is shown as `<k` or `x`, never as a number.
            const figures = [['cohort size', row.cohort_size], ['count', row.count], ['rate', row.rate]] as const;
            figures.forEach(([what, value], k) => {
                const cell = cells[k + 1]!;
                if (row.suppressed || value === null || value === undefined) assert.match(cell, /^(<\d+|x)$/, `${what} ${row.cohort_year} is hidden by the CLI but shown: ${cell}`);
                else assert.equal(Number(cell.replace(/%$/, '').replace(',', '.')), value, `${what} ${row.cohort_year}: ${cell}`);
            });
        });
        assert.deepEqual(blocked.filter((b) => b.frame.includes('/webview/')), [], 'the results view loaded nothing remote');
    });

    it(`Explain on ${INDICATOR} opens its definition card`, async function () {
        const title = source[lineOf(INDICATOR_LINE) - 1]!.match(/"([^"]*)"/)![1];
        await goToLine(page, lineOf(INDICATOR_LINE));
        const tab = page.locator('.tab').filter({ hasText: `Stroom card: ${INDICATOR}` });
        // The card's tab opens when the server has answered.
        await clickLens(page, INDICATOR_LINE, 'Explain', () => tab.first().waitFor({ timeout: 60000 }));
        const frame = await webviewFrame(page, 'the definition card', 120000, async (f) =>
            (await f.locator('h1').first().innerText({ timeout: 1000 })).trim() === `${INDICATOR} — ${title}`);
        const text = await frame.locator('body').innerText();
        assert.match(text, /De drie vragen/);
        assert.match(text, /peildatum/i);
        await shot('explain');
        assert.deepEqual(blocked.filter((b) => b.frame.includes('/webview/')), [], 'the card loaded nothing remote');
    });

    it('Test on the example block reports that it passed', async function () {
        const exampleLine = lineOf(/^example "/);
        const name = source[exampleLine - 1]!.match(/"([^"]*)"/)![1]!;
        // What the CLI says about the same file: the extension must report the same outcome.
        const cli = stroom(['test', path.join(workspace, FILE)]);
        assert.equal(cli.status, 0, `stroom test fails on ${FILE}: ${cli.stdout}${cli.stderr}`);

        assert.ok(!await isDirty(page));
        await goToLine(page, exampleLine);
        // The command shows the Stroom output and writes the command line first.
        await clickLens(page, /^example "/, 'Test', () => until('the Stroom output', 20000, async () =>
            (await panelText(page)).includes('$ stroom test') || undefined));
        const toast = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: /Stroom: (every )?example.* (passed|failed)/ });
        await toast.first().waitFor({ timeout: 180000 });
        const message = (await toast.first().innerText()).trim();
        // The lens runs the block it is above, and says so.
        assert.ok(message.includes(`Stroom: example "${name}" passed.`), message);
        const output = await until('the Stroom output with the result', 30000, async () => {
            const text = await panelText(page);
            return /\d+ passed, \d+ failed/.test(text) ? text : undefined;
        });
        await shot('test');
        assert.ok(output.includes(`✓ ${name}`), output);
        // The panel wraps long lines: compare with runs of white space as one space.
        assert.ok(output.replace(/\s+/g, ' ').includes(`--example "${name}"`), output);
        assert.match(output, /1 passed, 0 failed/);
        assert.ok(!await isDirty(page));
        assert.match(await editorText(page), /example "/);
    });
});
