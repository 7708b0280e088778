// `stroom compare --format html`: the report of examples/compare.stroom is one self-contained page. Checked as text
// (no remote addresses, no linked files, suppressed cells absent from the chart data), then opened from disk in
// headless Chromium with every network request blocked and recorded: the charts must be drawn (a bar per figure and
// side, waterfall bars = steps + 2 adding up to the right side's count in the table) and the page must not have tried
// to load anything. Screenshots go to test/output/ (ignored by git). Without Chromium (/usr/bin/chromium, or
// STROOM_CHROMIUM) the browser part is skipped, loudly, unless STROOM_REQUIRE_CHROMIUM=1 (set by .ci/run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { waterfall } from '../../packages/cli/src/html-compare.js';
import { REPO, tempDir, launchChromiumOrSkip } from '../helpers.js';
import { stroomIn } from './in-process.js';

const OUTPUT = path.join(REPO, 'test', 'output');

/** The only addresses the page may contain: XML namespace names and Vega's schema id, none of them ever loaded. */
const ALLOWED_URLS = new Set([
    'http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/xmlns/',
    'https://vega.github.io/schema/vega/v6.json', 'https://github.com/vega/vega-lite/issues/2415',
]);

type Fig = { cohort_size: number | null; count: number | null; rate: number | null } | { suppressed: true } | null;
type Cell = { value: number } | { suppressedBelow: number } | null;
interface JsonComparison {
    title: string;
    kind: 'definitions' | 'sources' | 'published';
    suppression: number;
    choices: { key: string; differs: boolean }[];
    left: { label: string };
    right?: { label: string };
    figures: { cohort_year: number; breakdown: (string | null)[]; left: Fig; right: Fig }[];
    bridge?: {
        years: number[]; measured: string; start: Record<string, number>; end: Record<string, number>;
        steps: { delta: Record<string, number | null>; moves: { from: string; to: string; n: number | null }[] }[];
    };
    membership?: { cohort_year: number; dropped_on_right?: Record<string, number | null>; dropped_on_left?: Record<string, number | null> }[];
    published?: { source: string; rows: { computed: Fig; published: { count: Cell; total: Cell; rate: Cell } | null }[] };
}

interface ChartData {
    id: string;
    spec: { data: { values: Record<string, unknown>[] } };
}

// A figure with a bar: its rate is shown (disclosure control may hide the count, and with it the rate, of a row whose size shows).
const shown = (f: Fig) => f !== null && !('suppressed' in f) && f.rate !== null;
const value = (c: Cell) => (c !== null && 'value' in c ? c.value : undefined);
/**
 * A bridge step the page must not give a number for: its net change is null in the JSON (below k, or the complement
 * of a single small step), or it sums a move of the measured outcome with fewer than k people.
 */
const hiddenStep = (b: NonNullable<JsonComparison['bridge']>, s: NonNullable<JsonComparison['bridge']>['steps'][number]) =>
    s.delta[b.measured] === null || s.moves.some((m) => (m.from === b.measured || m.to === b.measured) && m.n === null);
/** How the page shows a hidden net change. */
// The disclosure module's marker for a hidden net change (the old `±<k` / `suppressed` said more than it may).
const HIDDEN = (k: number) => new RegExp(`^x \\(hidden / verborgen\\)$|^<${k}$`);

/** Bars and "<k" labels each side of a comparison's rate chart should have. */
function expectedRates(c: JsonComparison): { side: string; bars: number; labels: number }[] {
    if (c.kind === 'published') {
        const rows = c.published!.rows;
        type Pub = (typeof rows)[number]['published'];
        const rate = (p: Pub) => p !== null && (value(p.rate) !== undefined || (value(p.count) !== undefined && !!value(p.total)));
        const suppressed = (c: Cell) => c !== null && 'suppressedBelow' in c;
        // Rates when the publisher gives any; else counts.
        const byRate = rows.some((r) => rate(r.published));
        const bar = (p: Pub) => (byRate ? rate(p) : p !== null && value(p.count) !== undefined);
        const label = (p: Pub) => p !== null && !bar(p) && (byRate ? [p.rate, p.count, p.total].some(suppressed) : suppressed(p.count));
        return [
            { side: 'computed / berekend', bars: rows.filter((r) => shown(r.computed)).length, labels: rows.filter((r) => r.computed && !shown(r.computed)).length },
            { side: `published / gepubliceerd (${c.published!.source.split('.').pop()})`, bars: rows.filter((r) => bar(r.published)).length, labels: rows.filter((r) => label(r.published)).length },
        ];
    }
    return (['left', 'right'] as const).map((s) => ({
        side: c[s]!.label, bars: c.figures.filter((f) => shown(f[s])).length, labels: c.figures.filter((f) => f[s] && !shown(f[s])).length,
    }));
}

describe('stroom compare --format html', function () {
    let file: string;
    let html: string;
    let comparisons: JsonComparison[];
    let charts: ChartData[];

    before(async function () {
        file = path.join(tempDir('stroom-html-'), 'report.html');
        const r = await stroomIn(['compare', 'examples/compare.stroom', '--format', 'html', '--out', file]);
        assert.equal(r.status, 0, r.stderr);
        html = fs.readFileSync(file, 'utf8');
        const j = await stroomIn(['compare', 'examples/compare.stroom', '--format', 'json']);
        assert.equal(j.status, 0, j.stderr);
        comparisons = JSON.parse(j.stdout) as JsonComparison[];
        const data = /<script type="application\/json" id="stroom-charts">([^<]*)<\/script>/.exec(html);
        assert.ok(data, 'the chart data is in the page');
        charts = JSON.parse(data[1]) as ChartData[];
    });

    it('is one self-contained page: no remote addresses, no linked files, nothing to fetch', function () {
        assert.match(html, /^<!doctype html>/);
        assert.ok(comparisons.length >= 4, 'the example has its compare blocks');
        for (const c of comparisons) assert.ok(html.includes(`data-title="${c.title.replace(/"/g, '&quot;')}"`), c.title);
        // Outside the scripts: no element loads anything (no src at all, no <link>, no url() or @import in styles).
        const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '<script></script>');
        assert.doesNotMatch(markup, /\ssrc\s*=/i);
        assert.doesNotMatch(markup, /<link\b/i);
        assert.doesNotMatch(markup, /<(iframe|object|embed|img|base)\b/i);
        assert.doesNotMatch(html, /@import|@font-face/i);
        const hrefs = [...markup.matchAll(/\shref\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]);
        assert.ok(hrefs.length > 0 && hrefs.every((h) => h.startsWith('#')), `only links inside the page: ${hrefs.join(' ')}`);
        // Anywhere, scripts included: no http(s) address in src, href or url(), and every address is a known name.
        assert.doesNotMatch(html, /\b(src|href)\s*=\s*["'`]?\s*(https?:)?\/\//i);
        assert.doesNotMatch(html, /url\(\s*["']?\s*(https?:)?\/\//i);
        const urls = new Set([...html.matchAll(/https?:\/\/[^\s"'`<>)\\]+/g)].map((m) => m[0]));
        assert.deepEqual([...urls].filter((u) => !ALLOWED_URLS.has(u)), []);
        // The browser is told so too.
        assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    });

    it('shows the choices side by side with the differing ones marked', function () {
        const first = html.slice(html.indexOf('data-title="CBS vs OCW"'), html.indexOf('data-title="VH vs Inspectie"'));
        const differing = [...first.matchAll(/<tr class="differs" data-choice="([^"]+)"/g)].map((m) => m[1]);
        assert.deepEqual(differing, comparisons[0].choices.filter((x) => x.differs).map((x) => x.key));
        assert.equal(differing.length, 4);
        assert.match(first, /4 differ \/ 4 verschillen/);
        assert.match(first, /Figures \/ cijfers/);
        assert.match(first, /Bridge \/ brug/);
    });

    it('keeps suppressed cells suppressed in the tables and out of the chart data', function () {
        for (const c of comparisons) {
            const k = c.suppression;
            const chart = charts.find((x) => x.id === `c${comparisons.indexOf(c) + 1}-rates`);
            assert.ok(chart, `${c.title}: a rate chart`);
            for (const d of chart.spec.data.values) {
                if (String(d.label).startsWith('<')) {
                    assert.equal(d.rate, null, `${c.title}: a suppressed cell has no rate in the chart data`);
                    assert.doesNotMatch(String(d.tip), /\d+ of \d+/);
                }
            }
            if (!c.bridge) continue;
            const b = c.bridge;
            const wf = charts.find((x) => x.id === `c${comparisons.indexOf(c) + 1}-waterfall`);
            if (!wf) {
                // No waterfall only where a total is hidden (its bar would show it); the page says why.
                assert.ok(b.start[b.measured] === null || b.end[b.measured] === null, `${c.title}: a waterfall`);
                assert.match(html.slice(html.indexOf(`data-title="${c.title}"`)).split('</section>')[0], /The total over \d+-\d+ of .* is hidden[^<]*No waterfall chart/);
                continue;
            }
            b.steps.forEach((s, i) => {
                const d = wf.spec.data.values.find((x) => String(x.name).startsWith(`${i + 1}. `))!;
                if (!hiddenStep(b, s)) return;
                assert.match(String(d.label), HIDDEN(k));
                const delta = s.delta[b.measured];
                if (typeof delta === 'number') assert.doesNotMatch(`${d.desc} ${d.tip}`, new RegExp(`[+-]?${Math.abs(delta)}\\b`));
            });
        }
        // The bridge table: a hidden move is "<k", and so is the net change of a step with one.
        let hiddenSteps = 0;
        for (const c of comparisons.filter((x) => x.bridge)) {
            const b = c.bridge!;
            const part = html.slice(html.indexOf(`data-title="${c.title}"`));
            b.steps.forEach((s, i) => {
                const row = new RegExp(`<tr data-step="${i + 1}">([\\s\\S]*?)</tr>`).exec(part)![1];
                const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
                const moves = [...row.matchAll(/<b>([^<]*)<\/b>/g)].map((m) => m[1]);
                moves.forEach((shownMove, j) => {
                    const m = s.moves[j];
                    if (m.n === null) assert.match(shownMove, new RegExp(`^(&lt;${c.suppression}|x)$`));
                    else assert.equal(shownMove, String(m.n));
                });
                assert.equal(moves.length, s.moves.length);
                if (!hiddenStep(b, s)) return;
                hiddenSteps++;
                assert.match(cells[cells.length - 1].replace(/&lt;/g, '<'), HIDDEN(c.suppression), `${c.title}, step ${i + 1}: the net change is hidden`);
            });
        }
        assert.ok(hiddenSteps > 0, 'the example has a bridge step that moves fewer than k people');
    });

    it('says which clause dropped the people in one cohort only (two sources)', function () {
        let tables = 0;
        for (const c of comparisons.filter((x) => x.membership)) {
            const part = html.slice(html.indexOf(`data-title="${c.title}"`)).split('</section>')[0];
            for (const [side, key] of [['right', 'dropped_on_right'], ['left', 'dropped_on_left']] as const) {
                const total = c.membership!.flatMap((m) => Object.values(m[key] ?? {})).reduce<number>((t, n) => t + (n ?? 0), 0);
                const source = /on (\S+)$/.exec(c[side]!.label)![1];
                const table = new RegExp(`<table class="dropped" data-dropped-on="${source}">([\\s\\S]*?)</table>`).exec(part);
                if (total === 0) continue;
                tables++;
                assert.ok(table, `${c.title}: dropped on ${source}`);
                const shownTotal = [...table[1].matchAll(/<td class="num">(\d+)<\/td>/g)].reduce((t, m) => t + Number(m[1]), 0);
                assert.equal(shownTotal, total, `${c.title}: the people dropped on ${source}`);
            }
        }
        assert.ok(tables > 0);
    });

    it('draws no waterfall for "CBS vs OCW", whose total would give UitvalOCW 2021 (<5) back', function () {
        const i = comparisons.findIndex((x) => x.title === 'CBS vs OCW');
        assert.equal(comparisons[i].bridge!.end.dropout, null);
        assert.ok(comparisons[i].figures.some((f) => f.cohort_year === 2021 && f.right && 'count' in f.right && f.right.count === null));
        assert.equal(charts.find((x) => x.id === `c${i + 1}-waterfall`), undefined);
        assert.doesNotMatch(html, new RegExp(`id="c${i + 1}-waterfall"`));
    });

    it('draws a waterfall whose steps add up: in the chart data ("VH vs Inspectie")', function () {
        const i = comparisons.findIndex((x) => x.title === 'VH vs Inspectie');
        const c = comparisons[i];
        const b = c.bridge!;
        assert.ok(b.start[b.measured] !== null && b.end[b.measured] !== null, 'both totals shown');
        const data = charts.find((x) => x.id === `c${i + 1}-waterfall`)!.spec.data.values;
        const hiddenCount = b.steps.filter((s) => hiddenStep(b, s)).length;
        assert.equal(data.length, b.steps.length + 2 + (hiddenCount > 1 ? 1 : 0));
        assert.equal(data[0].top, b.start[b.measured]);
        assert.equal(data[data.length - 1].top, b.end[b.measured]);
        for (let i = 1; i < data.length - 1; i++) assert.equal(data[i].base, data[i - 1].top, `step ${i} starts where the bar before ends`);
        assert.equal(data[data.length - 2].top, data[data.length - 1].top, 'the last step ends at the end bar');
    });

    it('hides each small step of a waterfall when there are several (one bar shows them together)', function () {
        const move = (from: string, to: string, n: number) => ({ from, to, n });
        const step = (moves: ReturnType<typeof move>[]) => {
            const delta: Record<string, number> = {};
            for (const m of moves) { delta[m.from] = (delta[m.from] ?? 0) - m.n; delta[m.to] = (delta[m.to] ?? 0) + m.n; }
            return { key: 'scope', en: 'x', nl: 'x', from: 'a', to: 'b', moves, delta, cohortIn: 0, cohortOut: 0 } as never;
        };
        const bridge = {
            years: [2020], measured: 'dropout', start: { dropout: 50, retained: 50 }, end: { dropout: 25, retained: 75 },
            steps: [step([move('dropout', 'retained', 3)]), step([move('dropout', 'retained', 20)]), step([move('dropout', 'retained', 2)])],
        };
        // A hidden step says only that it is hidden (x), never `−<5`: the sign and size of a net change are not cells.
        const H = 'x (hidden / verborgen)';
        const bars = waterfall(bridge, 5, 'A', 'B')!;
        assert.deepEqual(bars.map((x) => [x.kind, x.base, x.top, x.label]), [
            ['total', 0, 50, '50'], ['hidden', 50, 50, H], ['down', 50, 30, '\u221220'], ['hidden', 30, 30, H],
            ['hidden', 30, 25, '\u22125'], ['total', 0, 25, '25'],
        ]);
        assert.ok(bars.every((x) => !/: [+\-\u2212]?[23]\b/.test(`${x.desc} ${x.tip}`) && !/^[+\-\u2212]?[23]$/.test(x.label)), 'no single small step can be read');
        // One small step: the smallest other step is hidden with it (else it follows by subtraction); one bar shows both.
        const one = waterfall({ ...bridge, end: { dropout: 27, retained: 73 }, steps: bridge.steps.slice(0, 2) }, 5, 'A', 'B')!;
        assert.deepEqual(one.map((x) => [x.kind, x.base, x.top, x.label]), [
            ['total', 0, 50, '50'], ['hidden', 50, 50, H], ['hidden', 50, 50, H], ['hidden', 50, 27, '\u221223'], ['total', 0, 27, '27'],
        ]);
        // A large net change made of a large and a small move: hidden too (it would tell the small one).
        const mixed = waterfall({ ...bridge, end: { dropout: 33, retained: 67 }, steps: [step([move('dropout', 'retained', 20), move('retained', 'dropout', 3)])] }, 5, 'A', 'B')!;
        assert.deepEqual(mixed.map((x) => [x.base, x.top, x.label]), [[0, 50, '50'], [50, 33, H], [0, 33, '33']]);
        // Totals below the threshold: no waterfall at all.
        assert.equal(waterfall({ ...bridge, start: { dropout: 4 } }, 5, 'A', 'B'), undefined);
    });

    describe('in headless Chromium with the network blocked', function () {
        let browser: Browser | undefined;
        let page: Page;
        let pageUrl: string;
        const requests: string[] = [];
        const blocked: string[] = [];
        const problems: string[] = [];
        let drawMs = 0;

        before(async function () {
            browser = await launchChromiumOrSkip(this);
            const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            pageUrl = pathToFileURL(file).href;
            // Every request but the page itself is aborted, and every request is recorded.
            await context.route('**/*', (route) => {
                const url = route.request().url();
                if (url === pageUrl) return route.continue();
                blocked.push(url);
                return route.abort('blockedbyclient');
            });
            context.on('request', (r) => requests.push(r.url()));
            context.on('websocket', (w) => blocked.push(w.url()));
            page = await context.newPage();
            page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
            page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
            await page.addInitScript(() => {
                document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.blockedURI} (${e.violatedDirective})`));
            });
            const t0 = performance.now();
            await page.goto(pageUrl, { waitUntil: 'load' });
            await page.waitForSelector('body[data-charts="drawn"], body[data-charts="failed"]', { timeout: 60000 });
            drawMs = performance.now() - t0;
            console.log(`      (report ${(html.length / 1024).toFixed(0)} KiB, loaded and drawn in ${drawMs.toFixed(0)} ms)`);
        });

        after(async function () {
            await browser?.close();
        });

        it('draws every chart without requesting anything but the page', async function () {
            assert.equal(await page.getAttribute('body', 'data-charts'), 'drawn');
            assert.deepEqual(blocked, [], 'the page tried to load something');
            assert.deepEqual(requests.filter((u) => u !== pageUrl), [], 'requests other than the page');
            assert.deepEqual(problems, []);
            assert.equal(await page.locator('.chart svg').count(), charts.length);
        });

        it('draws a bar per figure and side, and a "<k" label for each suppressed one', async function () {
            for (const [i, c] of comparisons.entries()) {
                const marks = await page.evaluate((id) => {
                    const el = document.getElementById(id)!;
                    return {
                        bars: [...el.querySelectorAll('g.mark-rect path')].map((p) => p.getAttribute('aria-label') ?? ''),
                        texts: [...el.querySelectorAll('g.mark-text text')].map((t) => t.textContent ?? ''),
                    };
                }, `c${i + 1}-rates`);
                let labels = 0;
                for (const e of expectedRates(c)) {
                    const bars = marks.bars.filter((b) => b.startsWith(`${e.side} | `));
                    assert.equal(bars.length, e.bars, `${c.title}: bars of ${e.side}`);
                    labels += e.labels;
                }
                assert.equal(marks.bars.length, expectedRates(c).reduce((s, e) => s + e.bars, 0), `${c.title}: no other bars`);
                assert.equal(marks.texts.filter((t) => /^(<\d+|x)$/.test(t)).length, labels, `${c.title}: "<k" and "x" labels`);
            }
        });

        it('draws the bridge as a waterfall (steps + 2 bars) ending at the right side\'s count in the table', async function () {
            const withBridge = comparisons.filter((c) => c.bridge && c.bridge.start[c.bridge.measured] !== null && c.bridge.end[c.bridge.measured] !== null);
            assert.ok(withBridge.length > 0);
            for (const c of comparisons.filter((x) => x.bridge && !withBridge.includes(x))) {
                assert.equal(await page.locator(`#c${comparisons.indexOf(c) + 1}-waterfall`).count(), 0, `${c.title}: no waterfall`);
            }
            for (const c of withBridge) {
                const b = c.bridge!;
                const n = comparisons.indexOf(c) + 1;
                const got = await page.evaluate((id) => {
                    const el = document.getElementById(id)!;
                    const section = el.closest('section')!;
                    const bars = [...el.querySelectorAll('g.mark-rect path')].map((p) => {
                        const box = (p as SVGGraphicsElement).getBBox();
                        return { label: p.getAttribute('aria-label') ?? '', x: box.x, y: box.y, h: box.height };
                    }).sort((a, z) => a.x - z.x);
                    const figureRows = [...section.querySelectorAll('table.figures tbody tr')].map((tr) => ({
                        year: Number(tr.querySelector('td')!.textContent),
                        right: tr.querySelector('[data-cell="right-count"]')?.textContent ?? '',
                    }));
                    return {
                        bars,
                        start: section.querySelector('[data-bridge="start"]')!.textContent!,
                        end: section.querySelector('[data-bridge="end"]')!.textContent!,
                        figureRows,
                    };
                }, `c${n}-waterfall`);
                const hiddenCount = b.steps.filter((s) => hiddenStep(b, s)).length;
                assert.equal(got.bars.length, b.steps.length + 2 + (hiddenCount > 1 ? 1 : 0), `${c.title}: waterfall bars`);
                const first = got.bars[0];
                const last = got.bars[got.bars.length - 1];
                // The end bar says the right side's count, which is the table's, and the figures' right counts summed.
                const endValue = Number(/^end .*: (\d+)$/.exec(last.label)![1]);
                assert.equal(endValue, Number(got.end), `${c.title}: end bar and the bridge table`);
                assert.equal(endValue, b.end[b.measured]);
                // Counts hidden by disclosure control (<k, x) cannot be summed: then the shown ones stay below the end.
                const rights = got.figureRows.filter((r) => b.years.includes(r.year)).map((r) => r.right);
                const rightSum = rights.filter((r) => /^\d+$/.test(r)).reduce((s, r) => s + Number(r), 0);
                if (rights.every((r) => /^\d+$/.test(r))) assert.equal(endValue, rightSum, `${c.title}: end bar and the figures table's right counts`);
                else assert.ok(rightSum < endValue, `${c.title}: shown right counts ${rightSum} and the end ${endValue}`);
                assert.equal(Number(/^start .*: (\d+)$/.exec(first.label)![1]), Number(got.start));
                // Drawn to scale, and adding up: each step starts where the one before ended; the last ends at the end bar.
                const perUnit = first.h / Number(got.start);
                assert.ok(Math.abs(last.h - endValue * perUnit) < 0.5, `${c.title}: end bar height`);
                let level = first.y;
                for (const bar of got.bars.slice(1, -1)) {
                    if (Math.abs(bar.y - level) < 0.5) level = bar.y + bar.h; // a decrease hangs from the level
                    else if (Math.abs(bar.y + bar.h - level) < 0.5) level = bar.y; // an increase stands on it
                    else assert.fail(`${c.title}: ${bar.label} does not start at the running total`);
                    const d = /^step \d+: (-?\d+)$/.exec(bar.label);
                    if (d) assert.ok(Math.abs(bar.h - Math.abs(Number(d[1])) * perUnit) < 0.5, `${bar.label}: height`);
                }
                assert.ok(Math.abs(level - last.y) < 0.5, `${c.title}: the steps end at the end bar`);
            }
        });

        it('saves a screenshot', async function () {
            fs.mkdirSync(OUTPUT, { recursive: true });
            const whole = path.join(OUTPUT, 'compare-report.png');
            const parts: string[] = [];
            const sections = page.locator('section.comparison');
            for (let i = 0; i < await sections.count(); i++) {
                parts.push(path.join(OUTPUT, `compare-report-${i + 1}.png`));
                await sections.nth(i).screenshot({ path: parts[i] });
            }
            await page.screenshot({ path: whole, fullPage: true });
            for (const f of [whole, ...parts]) assert.ok(fs.statSync(f).size > 10_000, `${f} has a picture`);
        });
    });
});
