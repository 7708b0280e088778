// The funnel as an analyst meets it: per cohort year, how many people each clause keeps. The counts never grow from
// one step to the next, the last step is exactly the cohort `run` counts (computed separately, by the run itself),
// the per-person form gives the same counts and the same people, PostgreSQL gives the same counts as DuckDB, and
// `stroom funnel` prints it with small cells suppressed.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    DuckDBEngine, PostgresEngine, disclosurePolicy, execute, funnel, funnelRecords, funnelSteps, loadWorkspace, prepare,
    protectFunnel, type FunnelResult, type Prepared,
} from '@stroom/language';
import { EXAMPLES, MINI_SOURCE, stroom, tempDir, writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';
import { postgresFor } from '../postgres.js';

const FILES = ['havo-hbo.stroom', 'mbo.stroom', 'vsv.stroom', 'hbo-inspectie.stroom', 'vo-bestemming.stroom'];

interface Computed {
    readonly prepared: Prepared;
    readonly funnel: FunnelResult;
    /** Rows of `run --records` per cohort year: the run's cohort (its denominator, with over retained). */
    readonly runRecords: Map<number, Array<Record<string, unknown>>>;
    /** Cohort size per cohort year from the run's figures (summed over breakdown values), unpooled indicators only. */
    readonly runSizes?: Map<number, number>;
}

describe('funnel', function () {
    let engine: DuckDBEngine;
    const computed: Computed[] = [];
    before(async () => {
        engine = await DuckDBEngine.open();
        for (const file of FILES) {
            const full = path.join(EXAMPLES, file);
            const ws = await loadWorkspace(full, [full]);
            for (const p of prepare(ws, full)) {
                const f = await funnel(engine, p);
                const records = (await execute(engine, p, { records: true })).records!;
                const runRecords = new Map<number, Array<Record<string, unknown>>>();
                for (const r of records) runRecords.set(Number(r.cohort_year), [...(runRecords.get(Number(r.cohort_year)) ?? []), r]);
                let runSizes: Map<number, number> | undefined;
                if (p.plan.pool === 1 && p.definition.measure.name !== 'destination') {
                    runSizes = new Map();
                    for (const row of (await execute(engine, p)).figures) runSizes.set(row.cohortYear, (runSizes.get(row.cohortYear) ?? 0) + row.denominator);
                }
                computed.push({ prepared: p, funnel: f, runRecords, ...(runSizes ? { runSizes } : {}) });
            }
        }
    });
    after(async () => { await engine?.close(); });

    it('covers indicators of every cohort kind in the example files', () => {
        const kinds = new Set(computed.map((c) => c.prepared.definition.cohort.kind));
        assert.deepEqual([...kinds].sort(), ['enrolled', 'entering', 'graduating', 'leaving']);
        assert.ok(computed.length >= 15, `${computed.length} indicators`);
    });

    it('has a step per clause the cohort has, in order, and counts that never grow from step to step', () => {
        for (const { prepared, funnel: f } of computed) {
            const name = prepared.definition.indicator.name;
            assert.equal(f.steps[0].key, 'base');
            assert.deepEqual(f.steps, funnelSteps(prepared.definition));
            assert.deepEqual(f.years.map((y) => y.cohortYear), prepared.plan.years, name);
            for (const y of f.years) {
                assert.equal(y.kept.length, f.steps.length);
                for (let i = 1; i < y.kept.length; i++) assert.ok(y.kept[i] <= y.kept[i - 1], `${name} ${y.cohortYear}: step ${f.steps[i].key} grows: ${y.kept.join(' ')}`);
                assert.ok(y.kept[0] > y.kept[y.kept.length - 1], `${name} ${y.cohortYear}: the clauses filter something`);
            }
        }
        const uitval = computed.find((c) => c.prepared.definition.indicator.name === 'UitvalCBS')!;
        assert.deepEqual(uitval.funnel.steps.map((s) => s.clause ?? s.key),
            ['base', 'entry first in programme, lookback all', 'sector hbo', 'prior havo', 'inflow direct gap 0 years', 'mode fulltime']);
        const vsv = computed.find((c) => c.prepared.definition.indicator.name === 'Vsv')!;
        assert.deepEqual(vsv.funnel.steps.map((s) => s.key), ['base', 'sector', 'funded', 'ageBelow']);
        const rendement = computed.find((c) => c.prepared.definition.indicator.name === 'RendementInspectieHO')!;
        assert.equal(rendement.funnel.steps[rendement.funnel.steps.length - 1].key, 'retained');
    });

    it('ends, year by year, on the cohort size `run` reports', () => {
        let compared = 0;
        for (const { prepared, funnel: f, runRecords, runSizes } of computed) {
            const name = prepared.definition.indicator.name;
            for (const y of f.years) {
                const last = y.kept[y.kept.length - 1];
                assert.equal(last, runRecords.get(y.cohortYear)?.length ?? 0, `${name} ${y.cohortYear}: funnel ${y.kept.join(' ')}, run --records`);
                if (runSizes?.has(y.cohortYear)) {
                    assert.equal(last, runSizes.get(y.cohortYear), `${name} ${y.cohortYear}: funnel ${y.kept.join(' ')}, run's cohort size`);
                    compared++;
                }
            }
        }
        assert.ok(compared > 60, `${compared} cohort sizes compared`);
    });

    it('gives per person the first clause that dropped them, agreeing with the counts and with the people `run` counts', async () => {
        for (const { prepared, funnel: f, runRecords } of computed.filter((c) => ['UitvalCBS', 'Startersresultaat', 'Vsv', 'RendementInspectieHO', 'BestemmingHavoVwo'].includes(c.prepared.definition.indicator.name))) {
            const name = prepared.definition.indicator.name;
            const records = await funnelRecords(engine, prepared);
            const keys = f.steps.map((s) => s.key);
            for (const y of f.years) {
                const mine = records.filter((r) => r.cohortYear === y.cohortYear);
                assert.equal(new Set(mine.map((r) => r.person)).size, mine.length, `${name} ${y.cohortYear}: one record per person`);
                // kept[i]: those not dropped at any step up to i.
                const kept = keys.map((_, i) => mine.filter((r) => r.droppedAt === null || keys.indexOf(r.droppedAt) > i).length);
                assert.deepEqual(kept, y.kept, `${name} ${y.cohortYear}`);
                assert.ok(mine.every((r) => r.droppedAt !== 'base'));
                const inCohort = mine.filter((r) => r.droppedAt === null).map((r) => r.person).sort();
                const counted = [...new Set((runRecords.get(y.cohortYear) ?? []).map((r) => String(r.person)))].sort();
                assert.deepEqual(inCohort, counted, `${name} ${y.cohortYear}: the people in the cohort`);
            }
            const sorted = [...records].sort((a, b) => a.cohortYear - b.cohortYear || (a.person < b.person ? -1 : a.person > b.person ? 1 : 0));
            assert.deepEqual(records, sorted, `${name}: sorted by year, then person`);
        }
    });

    it('gives the same counts and records on PostgreSQL', async function () {
        const cluster = await postgresFor(this);
        const pg = await PostgresEngine.open(cluster.url);
        try {
            for (const { prepared, funnel: f } of computed.filter((c) => ['UitvalCBS', 'Startersresultaat', 'Jaarresultaat', 'Vsv', 'RendementInspectieHO', 'BestemmingHavoVwo'].includes(c.prepared.definition.indicator.name))) {
                const onPg = await funnel(pg, prepared, { reader: engine });
                assert.deepEqual(onPg.years, f.years, prepared.definition.indicator.name);
                assert.deepEqual(await funnelRecords(pg, prepared, { reader: engine }), await funnelRecords(engine, prepared), prepared.definition.indicator.name);
            }
        } finally {
            await pg.close();
        }
    });
});

describe('stroom funnel', () => {
    const FILE = path.join(EXAMPLES, 'havo-hbo.stroom');

    it('prints a table per indicator: a row per step with its clause, a column per cohort year, incomplete years with their reason', async () => {
        const r = await stroomIn(['funnel', FILE, '--lang', 'en']);
        assert.equal(r.status, 0, r.stderr);
        const blocks = r.stdout.split(/\n\n(?=\w+ — )/);
        assert.deepEqual(blocks.map((b) => b.split(' — ')[0]), ['UitvalCBS', 'UitvalOCW', 'StudiewisselVH', 'Rendement5']);
        const lines = blocks[0].trimEnd().split('\n');
        assert.match(lines[1], /funnel of cohort HavoHbo · source Voorbeeld · people · counts below 5 hidden \(<5\), with complementary suppression \(x\)/);
        assert.match(lines[3], /^step +clause +2016 +2017 .* 2022$/);
        assert.match(lines[4], /^enrolled on the reference date +\d+/);
        assert.match(lines[5], /^entry +entry first in programme, lookback all +\d+/);
        assert.match(lines[lines.length - 1], /^2023  incomplete: horizon needs 2024-10-01/);
        const nl = await stroomIn(['funnel', FILE, '--indicator', 'UitvalCBS']);
        assert.match(nl.stdout, /trechter van cohort HavoHbo/);
        assert.match(nl.stdout, /\ningeschreven op de peildatum +\d+/);
        assert.match(nl.stdout, /\n2023  niet te berekenen: meetmoment vraagt 2024-10-01/);
    });

    it('gives in json, year by year, a last step equal to the cohort size `stroom run` reports', async () => {
        const f = await stroomIn(['funnel', FILE, '--indicator', 'UitvalOCW', '--format', 'json']);
        const r = await stroomIn(['run', FILE, '--indicator', 'UitvalOCW', '--format', 'json']);
        assert.equal(f.status, 0, f.stderr);
        const funnelJson = JSON.parse(f.stdout);
        const runJson = JSON.parse(r.stdout);
        assert.equal(funnelJson.meta.engine, 'duckdb');
        const [res] = funnelJson.results;
        assert.equal(res.indicator, 'regio_noord.UitvalOCW');
        assert.deepEqual(res.steps.map((s: { key: string }) => s.key), ['base', 'entry', 'sector', 'prior', 'inflow', 'mode']);
        let compared = 0;
        for (const row of runJson.results[0].rows) {
            const year = res.years.find((y: { cohort_year: number }) => y.cohort_year === row.cohort_year);
            assert.equal(year.kept[year.kept.length - 1], row.cohort_size, `${row.cohort_year}`);
            compared++;
        }
        assert.ok(compared >= 7);
        assert.deepEqual(res.incomplete.map((i: { cohort_year: number }) => i.cohort_year), [2023]);
    });

    it('writes csv and md, and --out writes the file with nothing on stdout', async () => {
        const out = path.join(tempDir(), 'funnel.csv');
        const csv = await stroomIn(['funnel', FILE, '--indicator', 'UitvalCBS', '--format', 'csv', '--out', out]);
        assert.equal(csv.status, 0, csv.stderr);
        assert.equal(csv.stdout, '');
        const text = fs.readFileSync(out, 'utf8');
        const [head, ...rows] = text.trimEnd().split('\n');
        assert.equal(head, 'indicator,cohort_year,step,key,clause,count,status,note');
        assert.ok(rows.some((l) => /^UitvalCBS,2018,2,sector,sector hbo,\d+,ok,$/.test(l)), text);
        assert.ok(rows.some((l) => l.startsWith('UitvalCBS,2023,,,,,incomplete,')), text);
        const md = await stroomIn(['funnel', FILE, '--indicator', 'UitvalCBS', '--format', 'md', '--lang', 'en']);
        assert.match(md.stdout, /^## UitvalCBS — /);
        assert.match(md.stdout, /\n\| step \| clause \| 2016 \|/);
        assert.match(md.stdout, /\n\| sector \| sector hbo \| \d+ \|/);
    });

    it('suppresses counts below the threshold in every format', async () => {
        const dir = writeFiles({
            'stroom.json': '{}\n', 'src.stroom': MINI_SOURCE,
            'data/enr.csv': 'pid,brin,opl,sector,start,eind\n'
                + Array.from({ length: 7 }, (_, i) => `p${i},A,34001,HBO,20200901,\n`).join('')
                + Array.from({ length: 3 }, (_, i) => `q${i},A,34001,WO,20200901,\n`).join(''),
            'uitval.stroom': `package t
cohort C {
    entry first in education
    inflow any
    sector wo
    years 2020..2020
}
indicator Uitval {
    cohort C
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
`,
        });
        const table = await stroomIn(['funnel', 'uitval.stroom', '--lang', 'en'], dir);
        assert.equal(table.status, 0, table.stderr);
        assert.match(table.stdout, /\nenrolled on the reference date +10\n/);
        assert.match(table.stdout, /\nsector +sector wo +<5\n/);
        const json = JSON.parse((await stroomIn(['funnel', 'uitval.stroom', '--format', 'json'], dir)).stdout);
        assert.deepEqual(json.results[0].years[0].kept, [10, 10, null]);
        assert.deepEqual(json.results[0].years[0].suppressed, [false, false, true]);
        const csv = (await stroomIn(['funnel', 'uitval.stroom', '--format', 'csv'], dir)).stdout;
        assert.ok(csv.includes('\nUitval,2020,2,sector,sector wo,<5,suppressed,small count / klein aantal\n'), csv);
        assert.ok(!/\b3\b/.test(csv.split('\n').filter((l) => l.includes('sector wo')).join('')), csv);
    });

    it('exits 2 on an unknown --indicator or --source, naming what exists, and 1 when data cannot be read', async () => {
        // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
        const r = stroom(['funnel', FILE, '--indicator', 'UitvalXYZ']);
        assert.equal(r.status, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /has no indicator UitvalXYZ; it has: UitvalCBS, UitvalOCW, StudiewisselVH, Rendement5/);
        const s = await stroomIn(['funnel', FILE, '--source', 'Nergens']);
        assert.equal(s.status, 2);
        assert.match(s.stderr, /no source Nergens/);
        const dir = writeFiles({ 'stroom.json': '{}\n', 'src.stroom': MINI_SOURCE, 'uitval.stroom': 'package t\ncohort C {\n    entry first in sector hbo\n    inflow any\n}\nindicator U {\n    cohort C\n    measure dropout\n    after 1 year\n    scope programme\n    switchers count as dropout\n}\n' });
        const missing = await stroomIn(['funnel', 'uitval.stroom'], dir);
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /data\/enr\.csv/);
    });
});

// What a privacy officer checks on the funnel: no shown step from 1 to 4 at k=5, no number of dropped people from 1 to 4
// that follows from two shown steps, and the last step (the cohort size) hidden exactly when `stroom run` hides it.
describe('stroom funnel: disclosure control', () => {
    const K5 = disclosurePolicy(5);
    const smallCount = (n: unknown) => typeof n === 'number' && n >= 1 && n <= 4;

    for (const file of ['havo-hbo.stroom', 'mbo.stroom']) {
        it(`shows no step and no dropped count from 1 to 4 in ${file}, and hides the last step exactly when run hides the cohort size`, async () => {
            const full = path.join(EXAMPLES, file);
            const f = await stroomIn(['funnel', full, '--format', 'json']);
            assert.equal(f.status, 0, f.stderr);
            const r = await stroomIn(['run', full, '--format', 'json']);
            assert.equal(r.status, 0, r.stderr);
            const runJson = JSON.parse(r.stdout);
            let years = 0;
            let compared = 0;
            for (const res of JSON.parse(f.stdout).results) {
                assert.equal(res.suppression, 5);
                for (const y of res.years) {
                    years++;
                    const kept = y.kept as Array<number | null>;
                    for (const n of kept) assert.ok(!smallCount(n), `${res.indicator} ${y.cohort_year}: step ${n}`);
                    for (let i = 1; i < kept.length; i++) {
                        if (kept[i - 1] === null || kept[i] === null) continue;
                        assert.ok(!smallCount(kept[i - 1]! - kept[i]!), `${res.indicator} ${y.cohort_year}: ${kept[i - 1]} - ${kept[i]}`);
                    }
                    // The run's figure of the same indicator and year, where it has one row per year (no breakdown).
                    const run = runJson.results.find((x: { indicator: string }) => x.indicator === res.indicator);
                    const rows = (run?.rows ?? []).filter((x: { cohort_year: number }) => x.cohort_year === y.cohort_year);
                    if (rows.length !== 1 || (rows[0].breakdown && Object.keys(rows[0].breakdown).length > 0)) continue;
                    assert.equal(kept[kept.length - 1], rows[0].cohort_size, `${res.indicator} ${y.cohort_year}`);
                    compared++;
                }
            }
            assert.ok(years > 0 && compared > 0, `${years} years, ${compared} compared with run`);
        });
    }

    it('hides steps so that no small number of dropped people can be worked out, and no hidden step either', () => {
        const cases = [[20, 18, 18, 10], [30, 27, 20, 19, 10], [30, 3, 0], [12, 12, 9], [50, 46, 46, 45, 2], [8, 8, 8]];
        for (const kept of cases) {
            const [y] = protectFunnel({ years: [{ cohortYear: 2020, kept }] }, K5);
            const shown = y.kept.map((c) => c.value);
            shown.forEach((n, i) => assert.ok(!smallCount(n), `${kept}: step ${i} shown as ${n}`));
            // A brute-force adversary: every non-increasing sequence that fits the shown steps and the markers.
            const k = 5;
            const fits = (cand: number[]) => cand.every((v, i) => {
                const c = y.kept[i];
                if (c.hidden === false) return v === c.value;
                if (c.hidden === 'small') return v >= 1 && v <= k - 1;
                return true;
            }) && cand.every((v, i) => i === 0 || v <= cand[i - 1]);
            const seqs: number[][] = [];
            const extend = (prefix: number[]) => {
                if (prefix.length === kept.length) { if (fits(prefix)) seqs.push(prefix); return; }
                const max = prefix.length === 0 ? kept[0] + 10 : prefix[prefix.length - 1];
                for (let v = 0; v <= max; v++) extend([...prefix, v]);
            };
            extend([]);
            assert.ok(seqs.some((q) => q.every((v, i) => v === kept[i])), `${kept}: the true funnel fits`);
            for (let i = 1; i < kept.length; i++) {
                const d = kept[i - 1] - kept[i];
                if (!smallCount(d)) continue;
                const possible = new Set(seqs.map((q) => q[i - 1] - q[i]));
                assert.ok(possible.size > 1, `${kept}: ${d} dropped at step ${i} can be worked out (${y.kept.map((c) => c.shown)})`);
            }
            y.kept.forEach((c, i) => {
                if (c.hidden === false) return;
                const possible = new Set(seqs.map((q) => q[i]));
                assert.ok(possible.size > 1, `${kept}: hidden step ${i} can be worked out`);
            });
        }
    });

    it('decides the last step as run decides a cohort size: zeros too with suppressZeros, rounding applied to shown steps', () => {
        const zeros = disclosurePolicy(5, { suppressZeros: true });
        const [a] = protectFunnel({ years: [{ cohortYear: 2020, kept: [40, 20, 0] }] }, zeros);
        assert.equal(a.kept[2].shown, '<5');
        const [b] = protectFunnel({ years: [{ cohortYear: 2020, kept: [40, 20, 3] }] }, K5);
        assert.equal(b.kept[2].shown, '<5');
        assert.equal(b.kept[0].shown, '40');
        const [c] = protectFunnel({ years: [{ cohortYear: 2020, kept: [41, 23] }] }, disclosurePolicy(5, { rounding: 5 }));
        assert.deepEqual(c.kept.map((x) => x.shown), ['40', '25']);
    });
});
