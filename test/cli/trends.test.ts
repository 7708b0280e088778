// Trends and margins in `stroom run`: the year-on-year change of each rate (five or more cohort years) in every
// format, hidden with either rate; the HTML report's charts (a line per breakdown value, a hidden rate a gap, nothing
// loaded from the network); and the totals per dimension of a breakdown by two attributes.
import { strict as assert } from 'node:assert';
import { figures, withChanges, type CountRow } from '@stroom/language';
import { type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

const FILE = 'examples/mbo.stroom';
const TREND = 'Startersresultaat'; // by institution, cohorts 2015-2022
const MARGINS = 'UitvalMboPerLeerwegEnNiveau'; // by mode, level

interface Row {
    cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number | null; count: number | null; rate: number | null;
    change?: number | null; total?: string[]; hidden?: Record<string, string>; breakdown_hidden?: boolean;
}

function ok(r: CliResult): string {
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
}

/** One decimal, as the outputs show a change: `+2.5`, `-1.0`, `0.0`. */
const signed = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(1)}`;

describe('stroom run: trends (year-on-year change)', function () {
    this.timeout(120000);
    let json: Row[];
    let csv: string;
    let table: string;
    let md: string;
    before(async () => {
        json = JSON.parse(ok(await stroomIn(['run', FILE, '-i', TREND, '--format', 'json']))).results[0].rows;
        csv = ok(await stroomIn(['run', FILE, '-i', TREND, '--format', 'csv']));
        table = ok(await stroomIn(['run', FILE, '-i', TREND]));
        md = ok(await stroomIn(['run', FILE, '-i', TREND, '--format', 'md']));
    });

    /** The expected change per institution and year, from the JSON rates: '' in the first year, 'x' when a rate is hidden. */
    function expected(): Map<string, string> {
        const rate = new Map(json.map((r) => [`${r.breakdown.institution} ${r.cohort_year}`, r.rate]));
        const out = new Map<string, string>();
        for (const r of json) {
            const key = `${r.breakdown.institution} ${r.cohort_year}`;
            const before = `${r.breakdown.institution} ${r.cohort_year - 1}`;
            if (!rate.has(before)) out.set(key, '');
            else if (r.rate === null || rate.get(before) === null) out.set(key, 'x');
            else out.set(key, signed(Math.round((r.rate - rate.get(before)!) * 10) / 10));
        }
        return out;
    }

    it('JSON: change is this year\'s rate minus last year\'s, per breakdown value; null and marked hidden when either rate is hidden', () => {
        const want = expected();
        assert.ok([...want.values()].filter((v) => /\d/.test(v)).length > 10, 'shown changes');
        assert.ok([...want.values()].includes('x'), 'a change hidden with a rate');
        for (const r of json) {
            const w = want.get(`${r.breakdown.institution} ${r.cohort_year}`)!;
            if (w === '' || w === 'x') assert.equal(r.change, null, JSON.stringify(r));
            else assert.equal(signed(r.change!), w, JSON.stringify(r));
            assert.equal(r.hidden?.change === 'secondary', w === 'x', JSON.stringify(r));
        }
    });

    it('CSV, the table and Markdown show the same change, `x` where hidden, empty in the first year', () => {
        const want = expected();
        const [head, ...lines] = csv.trimEnd().split('\n');
        const cols = head.split(',');
        assert.equal(cols[cols.indexOf('rate') + 1], 'change');
        let n = 0;
        for (const line of lines) {
            const cells = line.split(',');
            if (cells[cols.indexOf('status')] === 'incomplete') continue;
            const key = `${cells[cols.indexOf('institution')]} ${cells[cols.indexOf('cohort_year')]}`;
            assert.equal(cells[cols.indexOf('change')], want.get(key), line);
            n++;
        }
        assert.equal(n, json.length);
        assert.match(table, /cohort +institution +cohort size +success +rate +change\n/);
        for (const line of table.split('\n').filter((l) => /^\d{4} +\w+ +\d/.test(l))) {
            const cols = line.trim().split(/ +/);
            const w = want.get(`${cols[1]} ${cols[0]}`)!;
            assert.equal(cols.length === 6 ? cols[5] : '', w, line);
        }
        assert.match(md, /\| cohort \| institution \| cohort size \| success \| rate \| change \|/);
        for (const m of md.matchAll(/^\| (\d{4}) \| (\w+) \| [^|]+ \| [^|]+ \| [^|]+ \| ([^|]*) \|$/gm)) {
            assert.equal(m[3].trim(), want.get(`${m[2]} ${m[1]}`), m[0]);
        }
    });

    it('fewer than five cohort years: no change', () => {
        const rows: CountRow[] = [2019, 2020, 2021, 2022].flatMap((y) => [
            { cohortYear: y, breakdown: [], outcome: 'dropout', n: 10 + y - 2019 }, { cohortYear: y, breakdown: [], outcome: 'retained', n: 50 },
        ]);
        assert.ok(withChanges(figures(rows, 'dropout', 5)).every((f) => f.change === undefined));
        const five = [...rows, { cohortYear: 2023, breakdown: [], outcome: 'dropout', n: 20 }, { cohortYear: 2023, breakdown: [], outcome: 'retained', n: 50 }] as CountRow[];
        const changed = withChanges(figures(five, 'dropout', 5));
        // Each year's shown rate minus the year before's (16.7%, 18.0%, ...), in points.
        const want = changed.map((f, i) => (i === 0 ? '' : signed(Math.round((f.rate.value! - changed[i - 1].rate.value!) * 10) / 10)));
        assert.deepEqual(changed.map((f) => f.change?.shown), want);
    });
});

describe('stroom run --format html', function () {
    this.timeout(120000);
    let html: string;
    let rows: Row[];
    before(async () => {
        html = ok(await stroomIn(['run', FILE, '-i', TREND, '--format', 'html']));
        rows = JSON.parse(ok(await stroomIn(['run', FILE, '-i', TREND, '--format', 'json']))).results[0].rows;
    });

    /** The line marks of the first chart: per series (its legend name), the path's segments (one per `M`). */
    function lines(page: string): Map<string, number> {
        const svg = /<svg[\s\S]*?<\/svg>/.exec(page)![0];
        const out = new Map<string, number>();
        for (const m of svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="line mark"[^>]*\sd="([^"]*)"/g)) {
            const series = /series: ([^;]*)$/.exec(m[1])![1];
            out.set(series, (m[2].match(/M/g) ?? []).length);
        }
        return out;
    }

    it('draws a line per breakdown value, broken where a rate is hidden (a gap, not a zero)', () => {
        const drawn = lines(html);
        const institutions = [...new Set(rows.map((r) => r.breakdown.institution!))];
        assert.deepEqual([...drawn.keys()].sort(), institutions.sort());
        for (const institution of institutions) {
            const mine = rows.filter((r) => r.breakdown.institution === institution).sort((a, b) => a.cohort_year - b.cohort_year);
            // A run of shown rates is one segment; a hidden rate between two shown ones starts a new one.
            const runs = mine.filter((r, i) => r.rate !== null && (i === 0 || mine[i - 1].rate === null)).length;
            assert.equal(drawn.get(institution), runs, institution);
        }
        assert.ok([...drawn.values()].some((n) => n > 1), 'some line has a gap');
        assert.ok([...drawn.values()].some((n) => n === 1), 'some line has none');
    });

    it('is self-contained: no script, nothing from the network, and the tables beside the charts', () => {
        assert.ok(!/<script/i.test(html), 'no scripts');
        const links = [...html.matchAll(/\s(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
        assert.deepEqual(links.filter((l) => /^(https?:)?\/\//i.test(l)), []);
        assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
        assert.equal((html.match(/<table class="figures">/g) ?? []).length, 1);
        assert.match(html, /<th class="num">change<\/th>/);
    });

    it('with margins: a line per breakdown value and per total', async () => {
        const page = ok(await stroomIn(['run', FILE, '-i', MARGINS, '--format', 'html']));
        const drawn = lines(page);
        assert.ok([...drawn.keys()].includes('(total) · (total)'), [...drawn.keys()].join(', '));
        assert.ok([...drawn.keys()].some((s) => /^bol · \(total\)$/.test(s)));
    });
});

describe('stroom run: totals per dimension (margins) of a breakdown by two attributes', function () {
    this.timeout(120000);
    let rows: Row[];
    let overall: Row[];
    before(async () => {
        const results = JSON.parse(ok(await stroomIn(['run', FILE, '--format', 'json']))).results;
        rows = results.find((r: { indicator: string }) => r.indicator.endsWith(`.${MARGINS}`)).rows;
        overall = results.find((r: { indicator: string }) => r.indicator.endsWith('.UitvalMbo')).rows;
    });

    it('gives the cells, a row per mode and per level with the other (total), and the grand total per year', () => {
        const years = [...new Set(rows.map((r) => r.cohort_year))];
        for (const y of years) {
            const mine = rows.filter((r) => r.cohort_year === y && !r.breakdown_hidden);
            const grand = mine.filter((r) => r.total?.length === 2);
            assert.equal(grand.length, 1, `${y}: one grand total`);
            assert.deepEqual(grand[0].breakdown, { mode: '(total)', level: '(total)' });
            // The grand total is the year's cohort: the same as the indicator without breakdown, when both show it.
            const all = overall.find((r) => r.cohort_year === y);
            if (all?.cohort_size !== null && grand[0].cohort_size !== null) assert.equal(grand[0].cohort_size, all?.cohort_size);
            for (const [dim, other] of [['mode', 'level'], ['level', 'mode']]) {
                for (const m of mine.filter((r) => r.total?.length === 1 && r.total[0] === other)) {
                    assert.equal(m.breakdown[other], '(total)');
                    // A total whose cells are all shown is their sum.
                    const parts = mine.filter((r) => !r.total && r.breakdown[dim] === m.breakdown[dim]);
                    const whole = rows.filter((r) => r.cohort_year === y && !r.total && r.breakdown[dim] === m.breakdown[dim]).length === parts.length
                        && !rows.some((r) => r.cohort_year === y && r.breakdown_hidden && !r.total);
                    if (whole && m.cohort_size !== null && parts.every((p) => p.cohort_size !== null)) {
                        assert.equal(m.cohort_size, parts.reduce((a, p) => a + p.cohort_size!, 0), `${y} ${dim}=${m.breakdown[dim]}`);
                    }
                }
            }
        }
        assert.ok(rows.some((r) => r.total?.length === 1 && r.total[0] === 'level' && r.cohort_size !== null));
        assert.ok(rows.some((r) => r.total?.length === 1 && r.total[0] === 'mode' && r.cohort_size !== null));
    });

    it('shows (total) in the table and CSV, after the values of its dimension', async () => {
        const table = ok(await stroomIn(['run', FILE, '-i', MARGINS]));
        assert.match(table, /^\d{4} +bol +\(total\) +\d+/m);
        assert.match(table, /^\d{4} +\(total\) +mbo-2 +\d+/m);
        assert.match(table, /^\d{4} +\(total\) +\(total\) +\d+/m);
        const csv = ok(await stroomIn(['run', FILE, '-i', MARGINS, '--format', 'csv']));
        assert.match(csv, /^UitvalMboPerLeerwegEnNiveau,2016,\(total\),\(total\),\d+/m);
        const y2016 = csv.split('\n').filter((l) => l.startsWith('UitvalMboPerLeerwegEnNiveau,2016,')).map((l) => l.split(',').slice(2, 4).join(' '));
        assert.equal(y2016[y2016.length - 1], '(total) (total)');
    });

    it('keeps --records and compare free of margins', async () => {
        const records = JSON.parse(ok(await stroomIn(['run', FILE, '-i', MARGINS, '--format', 'json', '--records']))).results[0].rows;
        assert.ok(records.length > 0 && records.every((r: Record<string, unknown>) => r.by_mode !== '(total)' && r.by_level !== '(total)'));
    });
});
