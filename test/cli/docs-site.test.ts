// `stroom docs`: the workspace of examples/ as a static site, and `stroom explain <folder>`. Checked as files (a page
// per element, every internal link resolves, the explanation in both languages is the explain command's own HTML,
// the same input gives the same bytes wherever the workspace lies, a foreign folder is refused, titles are escaped),
// then opened from file:// in headless Chromium with every request that is not a file of the site blocked: typing in
// the search box filters the results, a click leads to the indicator's page, no console errors, nothing requested
// from the network. Screenshots go to test/output/ (ignored by git). Without Chromium the browser part is skipped,
// loudly, unless STROOM_REQUIRE_CHROMIUM=1.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { ast, explainFile, loadWorkspace } from '@stroom/language';
import { EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, REPO, stroom, tempDir, writeFiles, launchChromiumOrSkip } from '../helpers.js';
import { stroomIn } from './in-process.js';

const OUTPUT = path.join(REPO, 'test', 'output');

/** Every file of a folder and its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
    return new Map(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

/** The page an index entry's link goes to, found by the link's text. */
function hrefOf(html: string, text: string): string {
    const m = new RegExp(`<a href="([^"]+)">${text.replace(/\./g, '\\.')}</a>`).exec(html);
    assert.ok(m, `no link "${text}"`);
    return m[1];
}

/** The <li> items of the first ordered list (the three questions) of a page. */
function questionItems(html: string): string[] {
    const ol = /<ol>\n([\s\S]*?)\n<\/ol>/.exec(html);
    assert.ok(ol, 'no ordered list');
    return ol[1].split('\n').map((l) => l.trim());
}

describe('stroom docs', function () {
    let work: string;
    let site: string;
    let first: Map<string, Buffer>;
    let indicators: string[];
    let index: string;

    before(async function () {
        this.timeout(120_000);
        work = tempDir('stroom-docs-');
        fs.cpSync(EXAMPLES, path.join(work, 'a'), { recursive: true });
        fs.cpSync(EXAMPLES, path.join(work, 'b'), { recursive: true });
        site = path.join(work, 'site');
        const r = await stroomIn(['docs', path.join(work, 'a'), '--out', site]);
        assert.equal(r.status, 0, r.stderr);
        first = snapshot(site);
        index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
        const ws = await loadWorkspace(path.join(work, 'a'));
        indicators = ws.documents.flatMap((d) => d.parseResult.value.elements.filter(ast.isIndicator)
            .map((i) => (d.parseResult.value.package ? `${d.parseResult.value.package}.${i.name}` : i.name)));
        assert.ok(indicators.length > 10);
    });

    it('writes an index that links a page for every indicator of the workspace', () => {
        for (const name of indicators) {
            const href = hrefOf(index, name);
            assert.ok(fs.existsSync(path.join(site, href)), `${name}: ${href}`);
        }
        for (const kind of ['Indicatoren / Indicators', 'Cohorten / Cohorts', 'Bronnen / Sources', 'Conventies / Conventions']) {
            assert.match(index, new RegExp(`<h2 id="\\w+">${kind} \\(\\d+\\)</h2>`));
        }
    });

    it('has no link that leads nowhere: every href is a page of the site, every #fragment an id on it', () => {
        let links = 0;
        for (const [name, bytes] of first) {
            if (!name.endsWith('.html')) continue;
            const html = bytes.toString('utf8');
            for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
                links++;
                assert.doesNotMatch(href, /^[a-z]+:/i, `${name}: ${href} leaves the site`);
                const [file, fragment] = href.split('#');
                const target = file === '' ? name : file;
                assert.ok(first.has(target), `${name}: ${href} has no page`);
                if (fragment) assert.ok(first.get(target)!.toString('utf8').includes(`id="${fragment}"`), `${name}: ${href} has no anchor`);
            }
            // Nothing is loaded from anywhere: no src, no <link>, and the strict policy on every page.
            assert.doesNotMatch(html, /\ssrc=|<link\b|@import|url\(/, name);
            assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[^"]+; base-uri/, name);
        }
        assert.ok(links > 500, `${links} links`);
    });

    it('links an indicator to its cohort, source and conventions, and those pages link back', () => {
        const page = fs.readFileSync(path.join(site, hrefOf(index, 'regio_noord.UitvalCBS')), 'utf8');
        const back = hrefOf(index, 'regio_noord.UitvalCBS');
        for (const target of ['regio_noord.HavoHbo', 'sources.Voorbeeld', 'conventions.CBS']) {
            const href = hrefOf(page, target);
            assert.equal(href, hrefOf(index, target), target);
            assert.ok(fs.readFileSync(path.join(site, href), 'utf8').includes(`<a href="${back}">regio_noord.UitvalCBS</a>`), `${target} links back`);
        }
    });

    it('shows the card as `stroom explain --format html` writes it, in Dutch and in English, with the three questions', async () => {
        const page = fs.readFileSync(path.join(site, hrefOf(index, 'regio_noord.UitvalCBS')), 'utf8');
        const file = path.join(work, 'a', 'havo-hbo.stroom');
        for (const lang of ['nl', 'en'] as const) {
            const out = await explainFile(file, { indicator: 'UitvalCBS', lang, format: 'html', data: false });
            assert.equal(out.kind, 'page');
            const section = page.slice(page.indexOf(`<section class="lang" id="${lang}" lang="${lang}">`));
            const items = questionItems(out.text);
            assert.equal(items.length, 3);
            for (const item of items) assert.ok(section.includes(item), `${lang}: ${item}`);
        }
        assert.match(page, /<h3>De drie vragen<\/h3>/);
        assert.match(page, /<h3>The three questions<\/h3>/);
        // Where a choice came from: the convention, with its citation.
        const cite = /convention CBS[^{]*\{[\s\S]*?cite "([^"]+)"/.exec(fs.readFileSync(path.join(work, 'a', 'conventions', 'published.stroom'), 'utf8'))![1];
        assert.ok(page.includes(cite.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')), 'the citation');
        // Its example, as written in havo-hbo.stroom.
        assert.match(page, /<h3>a havo pupil who switches programme inside hbo<\/h3>\n<p class="meta"><code>havo-hbo\.stroom:\d+<\/code><\/p>\n<pre><code>example/);
    });

    it('writes the same bytes from a copy elsewhere, replacing the site it wrote before', async () => {
        const r = await stroomIn(['docs', path.join(work, 'b'), '--out', site]);
        assert.equal(r.status, 0, r.stderr);
        const second = snapshot(site);
        assert.deepEqual([...second.keys()], [...first.keys()]);
        for (const [name, bytes] of first) assert.ok(bytes.equals(second.get(name)!), `${name} differs`);
        assert.ok(!index.includes(work), 'no absolute path');
    });

    it('refuses a folder that is not empty and not a site it wrote, and a file; nothing is changed', async () => {
        const foreign = writeFiles({ 'notes.txt': 'mine\n' });
        const r = await stroomIn(['docs', path.join(work, 'a'), '--out', foreign]);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /is not empty and was not written by stroom docs/);
        assert.deepEqual(fs.readdirSync(foreign), ['notes.txt']);
        const file = path.join(foreign, 'notes.txt');
        const f = await stroomIn(['docs', path.join(work, 'a'), '--out', file]);
        assert.equal(f.status, 2);
        assert.match(f.stderr, /is not a folder/);
        assert.equal(fs.readFileSync(file, 'utf8'), 'mine\n');
        // A definition with an error stops it, as in `run`: exit 1 with the error, no site.
        const broken = writeFiles({ 'stroom.json': '{}\n', 'a.stroom': 'indicator X {\n    cohort Nope\n    measure dropout\n}\n' });
        const none = path.join(tempDir(), 'site');
        const e = await stroomIn(['docs', broken, '--out', none]);
        assert.equal(e.status, 1);
        assert.match(e.stderr, /a\.stroom:2:\d+ error unresolved-reference/);
        assert.ok(!fs.existsSync(none));
        // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
        const missing = stroom(['docs', path.join(work, 'a')]);
        assert.notEqual(missing.status, 0);
        assert.match(missing.stderr, /--out/);
    });

    it('escapes every name, title and comment', async () => {
        const dir = writeFiles({
            ...MINI_CSV, 'src.stroom': MINI_SOURCE,
            't.stroom': MINI_INDICATOR.replace('indicator Uitval {', '/// <img src=x onerror=alert(1)>\nindicator Uitval "<script>alert(1)</script>" {'),
        });
        fs.writeFileSync(path.join(dir, 'stroom.json'), '{}\n');
        const out = path.join(tempDir(), 'site');
        const r = await stroomIn(['docs', dir, '--out', out]);
        assert.equal(r.status, 0, r.stderr);
        for (const name of fs.readdirSync(out).filter((f) => f.endsWith('.html'))) {
            const html = fs.readFileSync(path.join(out, name), 'utf8');
            assert.doesNotMatch(html, /<script>alert|<img /, name);
        }
        assert.match(fs.readFileSync(path.join(out, 'indicator-t.Uitval.html'), 'utf8'), /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    });

    describe('in headless Chromium, from file://, with the network blocked', function () {
        let browser: Browser | undefined;

        before(async function () {
            browser = await launchChromiumOrSkip(this);
        });

        after(async () => { await browser?.close(); });

        it('filters the results as one types, and a click opens the indicator page; nothing else is requested', async () => {
            const context = await browser!.newContext({ viewport: { width: 1100, height: 900 } });
            const siteUrl = pathToFileURL(site).href;
            const requests: string[] = [];
            const blocked: string[] = [];
            const problems: string[] = [];
            await context.route('**/*', (route) => {
                const url = route.request().url();
                if (url.startsWith(`${siteUrl}/`)) return route.continue();
                blocked.push(url);
                return route.abort('blockedbyclient');
            });
            context.on('request', (r) => requests.push(r.url()));
            const page = await context.newPage();
            page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
            page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
            await page.addInitScript(() => {
                document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.blockedURI} (${e.violatedDirective})`));
            });
            await page.goto(`${siteUrl}/index.html`, { waitUntil: 'load' });
            assert.equal(await page.locator('#results li').count(), 0, 'no results before typing');

            await page.locator('#search').pressSequentially('uitval');
            const broad = await page.locator('#results li').count();
            await page.locator('#search').pressSequentially(' cbs');
            const names = await page.locator('#results li a').allTextContents();
            assert.ok(broad > names.length && names.length > 0, `${broad} then ${names.length}`);
            // Exactly the entries of the page's own index that hold both words (in name, title, comment, cohort, convention ...).
            const data = JSON.parse(/<script type="application\/json" id="search-index">(.*)<\/script>/.exec(index)![1]) as { name: string; text: string }[];
            assert.deepEqual(names, data.filter((d) => /uitval/i.test(d.text) && /cbs/i.test(d.text)).map((d) => d.name));
            assert.ok(names.includes('regio_noord.UitvalCBS'), names.join(', '));
            assert.match(await page.locator('#result-count').textContent() ?? '', new RegExp(`^${names.length} resultaten`));
            fs.mkdirSync(OUTPUT, { recursive: true });
            await page.screenshot({ path: path.join(OUTPUT, 'docs-site-index.png'), fullPage: false });

            await Promise.all([page.waitForURL(/indicator-regio_noord\.UitvalCBS\.html$/), page.locator('#results a', { hasText: /^regio_noord\.UitvalCBS$/ }).click()]);
            assert.match(await page.locator('h1').first().textContent() ?? '', /^regio_noord\.UitvalCBS/);
            assert.equal(await page.locator('section#en h3', { hasText: 'The three questions' }).count(), 1);
            await page.screenshot({ path: path.join(OUTPUT, 'docs-site-indicator.png'), fullPage: false });

            assert.deepEqual(problems, []);
            assert.deepEqual(blocked, [], 'the site tried to load something from outside');
            assert.deepEqual(requests.filter((u) => !u.startsWith(`${siteUrl}/`)), []);
            await context.close();
        });
    });
});

describe('stroom explain <folder>', () => {
    it('explains every indicator of the workspace under the folder, and says so when there is none', async () => {
        const r = await stroomIn(['explain', EXAMPLES, '--no-data', '--lang', 'en']);
        assert.equal(r.status, 0, r.stderr);
        const ws = await loadWorkspace(EXAMPLES);
        const names = ws.documents.flatMap((d) => d.parseResult.value.elements.filter(ast.isIndicator).map((i) => i.name));
        const headings = r.stdout.split('\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2).split(' — ')[0]);
        assert.deepEqual(headings, names);
        assert.equal(r.stdout.split('\n## The three questions\n').length - 1, names.length);

        const one = await explainFile(EXAMPLES, { indicator: 'UitvalOCW', data: false });
        assert.equal(one.kind, 'page');
        const titles = one.text.split('\n').filter((l) => l.startsWith('# '));
        assert.equal(titles.length, names.filter((n) => n === 'UitvalOCW').length);
        assert.ok(titles.every((l) => l.startsWith('# UitvalOCW')), titles.join('\n'));

        const none = await stroomIn(['explain', path.join(EXAMPLES, 'data'), '--no-data']);
        assert.equal(none.status, 2);
        assert.match(none.stderr, /no indicators in this folder/);
    });
});
