// `stroom run` on the example workspace as a user meets it: a row per cohort year, incomplete years with their reason,
// four output formats that agree with each other, and failures that say what is wrong and leave no output file.
// Figures are never copied from the program's output: they are checked for consistency (rate = count / size rounded
// half away from zero, the same cohort giving the same sizes, every format giving the same numbers).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, MINI_CSV, MINI_INDICATOR, MINI_SOURCE, stroom, tempDir, writeFiles, type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

const FILE = path.join(EXAMPLES, 'havo-hbo.stroom');
const TEXT = fs.readFileSync(FILE, 'utf8');

/** The indicators of the example file, with their horizon, read from its text. */
const INDICATORS = [...TEXT.matchAll(/^indicator (\w+)[^{]*\{([^}]*)\}/gm)].map((m) => ({ name: m[1], after: Number(/after (\d+) years?/.exec(m[2])![1]) }));
const [FIRST_YEAR, LAST_YEAR] = /years (\d+)\.\.(\d+)/.exec(TEXT)!.slice(1).map(Number);
const DATA_END = /observed from \S+ until (\S+)/.exec(fs.readFileSync(path.join(EXAMPLES, 'sources', 'voorbeeld.stroom'), 'utf8'))![1];

/** Cohort y with horizon n needs the peildatum 1 October y+n to lie within the data (SEMANTICS.md). */
function complete(year: number, after: number): boolean {
    return `${year + after}-10-01` <= DATA_END;
}

/** count / size in percent with one decimal, rounded half away from zero (IEEE division is exact at the halves). */
function rate(count: number, size: number): string {
    return (Math.round((count * 1000) / size) / 10).toFixed(1);
}

/** A figure keyed by indicator, cohort year and breakdown values. */
type Figures = Map<string, { size: number; count: number; rate: string }>;

interface JsonRun {
    meta: Record<string, unknown> & { timings: Record<string, unknown> };
    results: Array<{
        indicator: string; card: Array<{ choice: string; value: string; from: string }>; breakdown: string[];
        rows: Array<{ cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number | null; count: number | null; rate: number | null; suppressed: boolean }>;
        incomplete: Array<{ cohort_year: number; reason: string }>;
    }>;
}


/** A MINI workspace with one change; returns its folder and a path for --out inside it. */
function mini(change: Record<string, string> = {}): { dir: string; out: string } {
    const dir = writeFiles({ 'stroom.json': '{}\n', ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'uitval.stroom': MINI_INDICATOR, ...change });
    return { dir, out: path.join(dir, 'figures.csv') };
}

describe('stroom run', () => {
    describe('on the example workspace', () => {
        let table: CliResult;
        let csv: CliResult;
        let json: CliResult;
        let jsonRun: CliResult;
        before(async () => {
            table = await stroomIn(['run', FILE]);
            csv = await stroomIn(['run', FILE, '--format', 'csv']);
            // json goes to --out; its stdout should stay empty.
            const out = path.join(tempDir(), 'figures.json');
            jsonRun = await stroomIn(['run', FILE, '--format', 'json', '--out', out]);
            json = { ...jsonRun, stdout: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '' };
        });

        function csvFigures(): Figures {
            assert.equal(csv.status, 0, csv.stderr);
            const [head, ...lines] = csv.stdout.trimEnd().split('\n');
            const cols = head.split(',');
            const out: Figures = new Map();
            for (const line of lines) {
                const cells = line.split(',');
                const get = (c: string) => cells[cols.indexOf(c)];
                if (get('status') !== 'ok') continue;
                const by = cols.slice(2, cols.indexOf('cohort_size')).map(get).filter((v) => v !== '');
                out.set([get('indicator'), get('cohort_year'), ...by].join('|'), { size: Number(get('cohort_size')), count: Number(get('count')), rate: get('rate') });
            }
            return out;
        }

        it('prints a table per indicator with a row per cohort year, a rate like 12.3%, and incomplete years with their reason', () => {
            assert.equal(table.status, 0, table.stderr);
            for (const { name, after } of INDICATORS) {
                const block = table.stdout.split(/\n(?=\w+ — )/).find((b) => b.startsWith(`${name} — `));
                assert.ok(block, `no table for ${name}`);
                const lines = block.trimEnd().split('\n');
                const header = lines.findIndex((l) => l.startsWith('cohort '));
                assert.ok(header > 0, `${name}: no header line`);
                // Five or more cohort years add the year-on-year change (test/cli/trends.test.ts).
                assert.match(lines[header], /cohort size +\S+ +rate( +change)?$/);
                const rows = lines.slice(header + 1);
                for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
                    const mine = rows.filter((r) => r.startsWith(`${year} `));
                    assert.ok(mine.length >= 1, `${name}: no row for ${year}`);
                    if (complete(year, after)) {
                        for (const r of mine) {
                            // Disclosure control hides cells as <5 or x; a row shown whole has rate = count / size.
                            const m = /(\d+|<\d+|x) +(\d+|<\d+|x) +(\d+\.\d%|x)(?: +(?:[+-]?\d+\.\d|x))?$/.exec(r);
                            assert.ok(m, `${name} ${year}: no size, count and rate in ${JSON.stringify(r)}`);
                            if (m[3] !== 'x') assert.equal(m[3], `${rate(Number(m[2]), Number(m[1]))}%`, `${name} ${year}: rate of ${m[2]}/${m[1]}`);
                        }
                    } else {
                        assert.equal(mine.length, 1);
                        assert.match(mine[0], new RegExp(`^${year} +incomplete: horizon needs ${year + after}-10-01, data end ${DATA_END}`));
                    }
                }
                assert.equal(rows.filter((r) => !/^\d{4} /.test(r)).length, 0, `${name}: stray lines ${JSON.stringify(rows)}`);
            }
        });

        it('gives the same figures as a table, as csv and as json, with rate = count / size', () => {
            const fromCsv = csvFigures();
            assert.ok(fromCsv.size >= 20);
            for (const [key, f] of fromCsv) assert.equal(f.rate, rate(f.count, f.size), key);

            assert.equal(json.status, 0, json.stderr);
            const fromJson: Figures = new Map();
            for (const r of (JSON.parse(json.stdout) as JsonRun).results) {
                for (const row of r.rows) {
                    if (row.suppressed || row.count === null || row.rate === null) continue;
                    const key = [r.indicator.split('.').pop(), row.cohort_year, ...r.breakdown.map((b) => row.breakdown[b])].join('|');
                    fromJson.set(key, { size: row.cohort_size!, count: row.count!, rate: row.rate!.toFixed(1) });
                }
            }
            assert.deepEqual(fromJson, fromCsv);

            const fromTable: Figures = new Map();
            let indicator = '';
            for (const line of table.stdout.split('\n')) {
                const title = /^(\w+) — /.exec(line);
                if (title) indicator = title[1];
                const m = /^(\d{4})((?: +\S+)*?) +(\d+) +(\d+) +(\d+\.\d)%(?: +(?:[+-]?\d+\.\d|x))?$/.exec(line);
                if (m) fromTable.set([indicator, m[1], ...m[2].trim().split(/ +/).filter((v) => v !== '')].join('|'), { size: Number(m[3]), count: Number(m[4]), rate: m[5] });
            }
            assert.deepEqual(fromTable, fromCsv);
        });

        it('gives equal cohort sizes to indicators whose cards make the same cohort', () => {
            const cohortChoices = ['reference date', 'entry', 'inflow', 'prior education', 'sector', 'mode', 'level', 'funded only', 'main enrollments only', 'age below', 'lookback'];
            const results = (JSON.parse(json.stdout) as JsonRun).results.filter((r) => r.breakdown.length === 0);
            const groups = new Map<string, typeof results>();
            for (const r of results) {
                const key = JSON.stringify(cohortChoices.map((c) => r.card.find((row) => row.choice === c)?.value));
                groups.set(key, [...(groups.get(key) ?? []), r]);
            }
            const shared = [...groups.values()].filter((g) => g.length > 1);
            assert.ok(shared.length > 0, 'the example file should have indicators sharing a cohort');
            for (const group of shared) {
                const sizes = new Map<number, number>();
                let compared = 0;
                for (const r of group) {
                    for (const row of r.rows) {
                        const seen = sizes.get(row.cohort_year);
                        if (seen === undefined) sizes.set(row.cohort_year, row.cohort_size!);
                        else { assert.equal(row.cohort_size, seen, `${r.indicator} ${row.cohort_year}`); compared++; }
                    }
                }
                assert.ok(compared > 0);
            }
        });

        it('keeps run metadata under `meta` in json, apart from the figures', () => {
            const body = JSON.parse(json.stdout) as JsonRun;
            // dataQuality: what the data checks found (docs/diagnostics.md), beside the run's meta and its figures.
            assert.deepEqual(Object.keys(body).sort(), ['dataQuality', 'meta', 'results']);
            assert.equal(body.meta.engine, 'duckdb');
            assert.match(String(body.meta.engineVersion), /\d+\.\d+/);
            assert.match(String(body.meta.stroomVersion), /^\d+\.\d+\.\d+/);
            assert.ok(Object.keys(body.meta.timings).length > 0);
            for (const [k, v] of Object.entries(body.meta.timings)) assert.ok(typeof v === 'number' && v >= 0, `timing ${k}: ${v}`);
            assert.ok(!/cohort_size|"rows"/.test(JSON.stringify(body.meta)), 'no figures in meta');
            assert.deepEqual(body.results.map((r) => r.indicator.split('.').pop()), INDICATORS.map((i) => i.name));
            for (const r of body.results) {
                assert.ok(!('timings' in r) && !('engine' in r), 'no run metadata among the figures');
                const expectedIncomplete = INDICATORS.find((i) => r.indicator.endsWith(`.${i.name}`))!;
                const years = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i).filter((y) => !complete(y, expectedIncomplete.after));
                assert.deepEqual(r.incomplete.map((i) => i.cohort_year), years);
            }
        });

        it('prints one indicator with --indicator, as Markdown with --format md', async () => {
            const r = await stroomIn(['run', FILE, '--indicator', 'UitvalOCW', '--format', 'md']);
            assert.equal(r.status, 0, r.stderr);
            const headings = r.stdout.split('\n').filter((l) => l.startsWith('## '));
            assert.deepEqual(headings.map((h) => h.split(' ')[1]), ['UitvalOCW']);
            assert.match(r.stdout, /\| cohort \| cohort size \| dropout \| rate \|( change \|)?\n/);
            const fromCsv = csvFigures();
            const rows = [...r.stdout.matchAll(/^\| (\d{4}) \| (\d+) \| (\d+) \| (\d+\.\d)% \|(?: (?:[+-]?\d+\.\d|x)? \|)?$/gm)];
            assert.equal(rows.length, [...fromCsv.keys()].filter((k) => k.startsWith('UitvalOCW|')).length);
            for (const m of rows) assert.deepEqual(fromCsv.get(`UitvalOCW|${m[1]}`), { size: Number(m[2]), count: Number(m[3]), rate: m[4] });
        });

        it('exits non-zero on an unknown --indicator and names the indicators that exist', async () => {
            // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
            const r = stroom(['run', FILE, '--indicator', 'UitvalXYZ']);
            assert.notEqual(r.status, 0);
            assert.equal(r.stdout, '');
            assert.match(r.stderr, /UitvalXYZ/);
            for (const { name } of INDICATORS) assert.ok(r.stderr.includes(name), `${name} not named in: ${r.stderr}`);
        });

        it('writes --out FILE and prints nothing to stdout', () => {
            assert.equal(jsonRun.status, 0, jsonRun.stderr);
            assert.equal(jsonRun.stdout, '');
            assert.ok(json.stdout.length > 0, 'the --out file was written');
            assert.doesNotThrow(() => JSON.parse(json.stdout));
        });
    });

    describe('failing runs: exit non-zero, say why, and create no --out file', () => {
        it('a definition file with errors: prints its diagnostics, one line each as lint does', async () => {
            const text = MINI_INDICATOR.replace('inflow any', 'inflow sideways').replace('    switchers count as dropout\n', '');
            const { dir, out } = mini({ 'uitval.stroom': text });
            const r = await stroomIn(['run', 'uitval.stroom', '--out', out], dir);
            assert.equal(r.status, 1);
            assert.equal(r.stdout, '');
            const lines = r.stderr.trimEnd().split('\n');
            assert.match(lines.pop()!, /^stroom: .*uitval\.stroom/);
            for (const l of lines) assert.match(l, /^uitval\.stroom:\d+:\d+ error [a-z-]+ \S/, `not a diagnostic line: ${JSON.stringify(l)}`);
            const at = (hint: string, word: string) => {
                const i = text.split('\n').findIndex((l) => l.includes(hint));
                return `uitval.stroom:${i + 1}:${text.split('\n')[i].indexOf(word) + 1} error`;
            };
            assert.ok(lines.some((l) => l.startsWith(`${at('inflow', 'sideways')} parse-error `)), r.stderr);
            // While the file does not parse, its parse errors come alone: the cohort's inflow, lost to the parse
            // error, would otherwise be a false missing-choice too (the real one, the switchers, shows once it parses).
            assert.ok(!lines.some((l) => / missing-choice /.test(l)), r.stderr);
            assert.ok(!fs.existsSync(out));
        });

        it('an unknown column: names it', async () => {
            const { dir, out } = mini({ 'src.stroom': MINI_SOURCE.replace('institution = brin', 'institution = instelling') });
            const r = await stroomIn(['run', 'uitval.stroom', '--out', out], dir);
            assert.notEqual(r.status, 0);
            assert.equal(r.stdout, '');
            assert.match(r.stderr, /unknown-column/);
            assert.match(r.stderr, /'instelling'/);
            assert.ok(!fs.existsSync(out));
        });

        it('a bad date in the CSV: names the file, row, column and the bad value', async () => {
            const data = 'pid,brin,opl,sector,start,eind\np1,A,34001,HBO,20200901,\np2,A,34001,HBO,2020-09-01,\np3,A,34001,HBO,20200931,\n';
            const { dir, out } = mini({ 'data/enr.csv': data });
            const r = await stroomIn(['run', 'uitval.stroom', '--out', out], dir);
            assert.notEqual(r.status, 0);
            assert.equal(r.stdout, '');
            // The first bad value is on data row 2 (line 3 of the file), in column start.
            assert.match(r.stderr, /data\/enr\.csv/);
            assert.match(r.stderr, /\brow 2\b/);
            assert.match(r.stderr, /'start'/);
            assert.ok(r.stderr.includes('2020-09-01'), r.stderr);
            assert.ok(!fs.existsSync(out));
        });

        it('a data file that is not there: names its path', async () => {
            const dir = writeFiles({ 'stroom.json': '{}\n', 'src.stroom': MINI_SOURCE, 'uitval.stroom': MINI_INDICATOR });
            const out = path.join(dir, 'figures.csv');
            const r = await stroomIn(['run', 'uitval.stroom', '--out', out], dir);
            assert.notEqual(r.status, 0);
            assert.equal(r.stdout, '');
            assert.match(r.stderr, /data\/enr\.csv/);
            assert.ok(!fs.existsSync(out));
        });

        it('an --out folder that does not exist: a message, not a stack trace', async () => {
            const { dir } = mini();
            const r = await stroomIn(['run', 'uitval.stroom', '--out', path.join('no-such-folder', 'figures.csv')], dir);
            assert.notEqual(r.status, 0);
            assert.equal(r.stdout, '');
            assert.match(r.stderr, /no-such-folder/);
            assert.doesNotMatch(r.stderr, /\n\s+at /);
        });
    });
});

describe('stroom run: disclosure control on the example workspace', () => {
    // No count and no complement (size minus count) from 1 to 4 is shown, in any format; hidden cells are `<5` or
    // `x`, and a year's breakdown never hides exactly one size or one count (the year's total would give it back).
    const K = 5;
    const small = (n: number) => n >= 1 && n < K;
    let table: CliResult;
    let csv: CliResult;
    let json: CliResult;
    before(async () => {
        table = await stroomIn(['run', FILE]);
        csv = await stroomIn(['run', FILE, '--format', 'csv']);
        json = await stroomIn(['run', FILE, '--format', 'json']);
    });

    /** Checks one row's shown cells; returns which of size and count are hidden. */
    function checkRow(where: string, size: string, count: string, rate: string): { size: boolean; count: boolean } {
        const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : undefined);
        for (const v of [size, count]) assert.ok(num(v) !== undefined || v === `<${K}` || v === 'x', `${where}: ${v} is neither a number nor <${K} nor x`);
        const s = num(size);
        const c = num(count);
        if (s !== undefined) assert.ok(!small(s), `${where}: cohort size ${s} shown`);
        if (c !== undefined) assert.ok(!small(c), `${where}: count ${c} shown`);
        if (c !== undefined) assert.ok(s !== undefined, `${where}: a count shown beside a hidden size`);
        if (s !== undefined && c !== undefined) {
            assert.ok(!small(s - c), `${where}: ${s - c} without the outcome is ${s} - ${c}`);
            assert.equal(rate.replace('%', ''), (Math.round((c * 1000) / s) / 10).toFixed(1), `${where}: rate`);
        } else {
            assert.equal(rate, 'x', `${where}: a rate shown without its count and size`);
        }
        return { size: s === undefined, count: c === undefined };
    }

    /** Per indicator and cohort year (breakdowns only), how many sizes and counts were hidden. */
    function checkGroups(hidden: Map<string, { sizes: number; counts: number; rows: number }>): void {
        for (const [key, h] of hidden) {
            if (h.rows < 2) continue;
            assert.notEqual(h.sizes, 1, `${key}: one hidden size is the year's total minus the others`);
            assert.notEqual(h.counts, 1, `${key}: one hidden count is the year's total minus the others`);
        }
    }

    it('shows no count, size or complement from 1 to 4 in the table, and says what was done under each title', () => {
        assert.equal(table.status, 0, table.stderr);
        assert.ok(!table.stdout.includes('cells below'), table.stdout);
        const blocks = table.stdout.split(/\n(?=\w+ — )/);
        assert.equal(blocks.length, INDICATORS.length);
        const hidden = new Map<string, { sizes: number; counts: number; rows: number }>();
        let rows = 0;
        for (const block of blocks) {
            const lines = block.trimEnd().split('\n');
            assert.equal(lines[1].split(' · ').pop(), `counts below ${K} hidden (<${K}), with complementary suppression (x)`);
            const changes = / change$/.test(lines.find((l) => l.startsWith('cohort ')) ?? '');
            for (const line of lines.slice(lines.findIndex((l) => l.startsWith('cohort ')) + 1)) {
                if (/incomplete:/.test(line)) continue;
                const cols = line.trim().split(/ +/);
                // The change column is empty in the first year.
                const values = changes && /^[+-]\d|^x$|^0\.0$/.test(cols[cols.length - 1]) && /%$|^x$/.test(cols[cols.length - 2]) ? cols.slice(0, -1) : cols;
                const [size, count, rate] = values.slice(-3);
                const h = checkRow(`${lines[0]} ${line}`, size, count, rate);
                const key = `${lines[0]} ${cols[0]}`;
                const g = hidden.get(key) ?? { sizes: 0, counts: 0, rows: 0 };
                hidden.set(key, { sizes: g.sizes + Number(h.size), counts: g.counts + Number(h.count), rows: g.rows + 1 });
                rows++;
            }
        }
        assert.ok(rows > 30);
        checkGroups(hidden);
        assert.equal(table.stderr.match(/cells hidden/g)?.length, 1, table.stderr);
        assert.match(table.stderr, /stroom: \d+ of \d+ cells hidden/);
    });

    it('keeps the CSV columns exactly, one line per figure row, hidden cells as <5 or x with the reason in note', () => {
        assert.equal(csv.status, 0, csv.stderr);
        assert.equal(json.status, 0, json.stderr);
        const [head, ...lines] = csv.stdout.trimEnd().split('\n');
        assert.equal(head, 'indicator,cohort_year,institution,cohort_size,count,rate,change,status,note');
        const results = (JSON.parse(json.stdout) as JsonRun).results;
        assert.equal(lines.length, results.reduce((a, r) => a + r.rows.length + r.incomplete.length, 0));
        const hidden = new Map<string, { sizes: number; counts: number; rows: number }>();
        for (const line of lines) {
            const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
            const [indicator, year, , size, count, rate, , status, note] = cells;
            if (status === 'incomplete') continue;
            const h = checkRow(line, size, count, rate === 'x' ? 'x' : `${rate}%`);
            const n = Number(h.size) + Number(h.count) + Number(rate === 'x');
            assert.equal(status, n === 0 ? 'ok' : n === 3 ? 'suppressed' : 'partly suppressed', line);
            assert.equal(note === '', n === 0, `${line}: a note exactly when something is hidden`);
            if (h.size) assert.match(note, /cohort size hidden/, line);
            if (h.count) assert.match(note, /count hidden/, line);
            const key = `${indicator} ${year}`;
            const g = hidden.get(key) ?? { sizes: 0, counts: 0, rows: 0 };
            hidden.set(key, { sizes: g.sizes + Number(h.size), counts: g.counts + Number(h.count), rows: g.rows + 1 });
        }
        checkGroups(hidden);
    });

    it('gives null and a reason per hidden cell in JSON, `suppressed` when nothing of a row is shown', () => {
        assert.equal(json.status, 0, json.stderr);
        type Row = JsonRun['results'][number]['rows'][number] & { hidden?: Record<string, string> };
        const body = JSON.parse(json.stdout) as JsonRun & { results: Array<{ disclosure: { threshold: number; description: string }; rows: Row[] }> };
        for (const r of body.results) {
            assert.equal(r.disclosure.threshold, K);
            assert.equal(r.disclosure.description, `counts below ${K} hidden (<${K}), with complementary suppression (x)`);
            for (const row of r.rows) {
                const where = `${r.indicator} ${JSON.stringify(row)}`;
                checkRow(where, row.cohort_size === null ? 'x' : String(row.cohort_size), row.count === null ? 'x' : String(row.count), row.rate === null ? 'x' : `${row.rate.toFixed(1)}%`);
                const reasons = row.hidden ?? {};
                for (const [field, value] of [['cohort_size', row.cohort_size], ['count', row.count], ['rate', row.rate]] as const) {
                    assert.equal(value === null, field in reasons, `${where}: a reason exactly for a hidden ${field}`);
                    if (field in reasons) assert.ok(['small', 'complement', 'secondary'].includes(reasons[field]), where);
                }
                assert.equal(row.suppressed, row.cohort_size === null && row.count === null && row.rate === null, where);
            }
        }
    });
});
