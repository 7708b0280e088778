// Populations and outcomes the publisher already classified (`population from F on D`, `outcomes from G`,
// `measure vsv classified by source`): the real CLI on DuckDB and PostgreSQL against counts made here independently
// from the CSV files, explain and compare saying it is the publisher's classification, persons outside the
// population reported with small counts hidden, and the validation errors.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, build, diagnostics, writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';
import { postgresFor } from '../postgres.js';

const EXAMPLE = 'examples/duo-vsv.stroom';
const DATA = path.join(REPO, 'examples', 'data', 'duo-vsv');

const LEVEL: Record<string, string> = {
    'VO onderbouw': 'vo-onderbouw', 'VMBO bovenbouw': 'vmbo-bovenbouw', 'HAVO/VWO bovenbouw': 'havo-vwo-bovenbouw',
    'Mbo1 opleidingen': 'mbo-1', 'Mbo2 opleidingen': 'mbo-2', 'Mbo3 opleidingen': 'mbo-3', 'Mbo4 opleidingen': 'mbo-4',
};

/** Rows of a semicolon file as header -> value. */
function readRows(file: string): Array<Record<string, string>> {
    const [head, ...lines] = fs.readFileSync(path.join(DATA, file), 'utf8').trim().split('\n');
    const cols = head.split(';');
    return lines.map((l) => Object.fromEntries(l.split(';').map((v, i) => [cols[i], v])));
}

/** The contract, computed here without Stroom: distinct persons (first row wins), leavers among them, leavers outside. */
function expected(kind: 'definitief' | 'voorlopig', year: number) {
    const population = new Map<string, string>();
    for (const r of readRows(`startpopulatie-${year}-${kind}.csv`)) {
        const person = r.BSN || r.ONDERWIJSNUMMER;
        if (!population.has(person)) population.set(person, LEVEL[r.NIVEAU]);
    }
    const leavers = new Set(readRows(`nieuwe-vsv-${year}-${kind}.csv`).map((r) => r.BSN || r.ONDERWIJSNUMMER));
    const vsv = [...population.keys()].filter((p) => leavers.has(p));
    const outside = [...leavers].filter((p) => !population.has(p)).length;
    const byLevel = new Map<string, [number, number]>();
    for (const [p, level] of population) {
        const cell = byLevel.get(level) ?? [0, 0];
        byLevel.set(level, [cell[0] + 1, cell[1] + (leavers.has(p) ? 1 : 0)]);
    }
    return { size: population.size, vsv: vsv.length, outside, byLevel, population, leavers };
}

async function json(args: string[], cwd = REPO): Promise<any> {
    const r = await stroomIn([...args, '--format', 'json'], cwd);
    assert.equal(r.status, 0, r.stderr);
    return { ...JSON.parse(r.stdout), stderr: r.stderr };
}

describe('classified by source (DUO vsv files)', function () {
    this.timeout(120_000);

    it('the example data hold what the tests lean on: duplicates, leavers outside the population, a small and a large count', () => {
        const d21 = expected('definitief', 2021);
        const d22 = expected('definitief', 2022);
        assert.ok(readRows('startpopulatie-2022-definitief.csv').length > d22.size, 'a person listed twice');
        assert.ok(d21.outside > 0 && d21.outside < 5, `2021 outside: ${d21.outside}`);
        assert.ok(d22.outside >= 5, `2022 outside: ${d22.outside}`);
        assert.ok(d21.size > 200 && d22.size > 200);
    });

    it('run: cohort size and vsv count per year are the distinct starters and those of them on the leavers list', async () => {
        const out = await json(['run', EXAMPLE, '--indicator', 'VsvDuo']);
        const rows = out.results[0].rows;
        for (const year of [2021, 2022]) {
            const e = expected('definitief', year);
            const row = rows.find((r: any) => r.cohort_year === year);
            assert.equal(row.cohort_size, e.size, `${year} size`);
            assert.equal(row.count, e.vsv, `${year} vsv`);
        }
    });

    it('run --records: one row per distinct person with the level of their first row, vsv exactly when DUO lists them', async () => {
        const out = await json(['run', EXAMPLE, '--indicator', 'VsvDuoNiveau', '--records']);
        const rows: any[] = out.results[0].rows;
        for (const year of [2021, 2022]) {
            const e = expected('definitief', year);
            const mine = rows.filter((r) => r.cohort_year === year);
            assert.equal(mine.length, e.size);
            for (const r of mine) {
                assert.equal(r.by_level ?? r.level, e.population.get(String(r.person)), `level of ${r.person}`);
                assert.equal(r.outcome, e.leavers.has(String(r.person)) ? 'vsv' : 'not-vsv');
            }
        }
    });

    it('breaks down by the population\'s level, small counts hidden as <5', async () => {
        const out = await json(['run', EXAMPLE, '--indicator', 'VsvDuoNiveau']);
        const rows: any[] = out.results[0].rows;
        const e = expected('definitief', 2022);
        for (const [level, [size, vsv]] of e.byLevel) {
            const row = rows.find((r) => r.cohort_year === 2022 && r.breakdown.level === level);
            assert.ok(row, `row for ${level}`);
            assert.equal(row.cohort_size, size, level);
            if (vsv >= 5) assert.equal(row.count, vsv, level);
            else if (vsv > 0) assert.equal(row.count, null, `${level}: ${vsv} must be hidden`);
        }
    });

    it('shows the rate with the indicator\'s two decimals and holds each mbo level against DUO\'s vsv norm of its year', async () => {
        const out = await json(['run', EXAMPLE, '--indicator', 'VsvDuoNiveau']);
        const result = out.results[0];
        assert.equal(result.decimals, 2);
        assert.equal(result.norms, 'sources.DuoVsvNormen');
        // The norm file, read here: per mille, "27,5" is 2.75%.
        const [head, ...lines] = fs.readFileSync(path.join(REPO, 'examples', 'data', 'norms', 'duo-vsv-normen.csv'), 'utf8').trim().split('\n');
        const cols = head.split(';');
        const norms = new Map(lines.map((l) => l.split(';')).map((v) => [`${v[cols.indexOf('JAAR')]} ${v[cols.indexOf('NIVEAU')]}`, Number(v[cols.indexOf('NORM_PROMILLAGE')].replace(',', '.')) / 10]));
        let checked = 0;
        for (const year of [2021, 2022]) {
            for (const [level, [size, vsv]] of expected('definitief', year).byLevel) {
                const row = result.rows.find((r: any) => r.cohort_year === year && r.breakdown.level === level);
                const norm = /^mbo-(\d)$/.exec(level) ? norms.get(`${year} NIVEAU ${level.slice(4)}`) : undefined;
                assert.equal(row.norm, norm ?? null, `${year} ${level} norm`);
                if (vsv < 5) continue;
                const rate = Math.round((vsv / size) * 10000) / 100;
                assert.equal(row.rate, rate, `${year} ${level} rate at two decimals`);
                if (norm !== undefined) {
                    assert.equal(row.norm_met, rate <= norm, `${year} ${level}: ${rate}% against the norm ${norm}% (at most)`);
                    checked++;
                }
            }
        }
        assert.ok(checked >= 2, `levels with a shown rate and a norm: ${checked}`);
    });

    it('run warns about leavers not in the population, with a small count as <5', async () => {
        const r = await stroomIn(['run', EXAMPLE, '--indicator', 'VsvDuo']);
        assert.equal(r.status, 0, r.stderr);
        const e21 = expected('definitief', 2021);
        const e22 = expected('definitief', 2022);
        assert.match(r.stderr, new RegExp(`cohort 2022: ${e22.outside} leavers in data/duo-vsv/nieuwe-vsv-2022-definitief.csv are not in the population`));
        assert.match(r.stderr, /cohort 2021: <5 leavers in data\/duo-vsv\/nieuwe-vsv-2021-definitief\.csv/);
        assert.ok(!r.stderr.includes(`cohort 2021: ${e21.outside} `), 'the small count itself is not printed');
    });

    it('explain says the outcome was taken from the named file, not computed, names the population and its peildatum, and reports leavers outside', async () => {
        const en = await stroomIn(['explain', EXAMPLE, '--indicator', 'VsvDuo', '--lang', 'en']);
        assert.equal(en.status, 0, en.stderr);
        assert.match(en.stdout, /The outcome `vsv` was taken from `data\/duo-vsv\/nieuwe-vsv-2021-definitief\.csv`, `data\/duo-vsv\/nieuwe-vsv-2022-definitief\.csv` as the publisher classified it, not computed by Stroom/);
        assert.match(en.stdout, /Cohort 2022: population `data\/duo-vsv\/startpopulatie-2022-definitief\.csv` on 1 October 2022; outcomes from `data\/duo-vsv\/nieuwe-vsv-2022-definitief\.csv`\./);
        assert.match(en.stdout, new RegExp(`Cohort 2022: ${expected('definitief', 2022).outside} leavers are not in the population`));
        assert.match(en.stdout, /Cohort 2021: <5 leavers is not in the population|Cohort 2021: <5 leavers are not in the population/);
        assert.ok(!/Funnel/.test(en.stdout), 'no funnel for a population nobody in Stroom chose');
        const nl = await stroomIn(['explain', EXAMPLE, '--indicator', 'VsvDuo', '--lang', 'nl']);
        assert.match(nl.stdout, /is overgenomen uit `data\/duo-vsv\/nieuwe-vsv-2021-definitief\.csv`.*niet door Stroom berekend/);
        assert.match(nl.stdout, /populatie `data\/duo-vsv\/startpopulatie-2021-definitief\.csv` op 1 oktober 2021/);
        const noData = await stroomIn(['explain', EXAMPLE, '--indicator', 'VsvDuo', '--lang', 'en', '--no-data']);
        assert.ok(!noData.stdout.includes('not in the population'), 'no data read, nothing reported');
    });

    it('compare definitive vs provisional: two sources, both sides labelled the publisher\'s classification', async () => {
        const compared = await stroomIn(['compare', EXAMPLE, '--format', 'json']);
        assert.equal(compared.status, 0, compared.stderr);
        const [cmp] = JSON.parse(compared.stdout);
        assert.equal(cmp.kind, 'sources');
        for (const side of [cmp.left, cmp.right]) {
            assert.equal(side.classified_by, 'DUO');
            assert.equal(side.computed, false);
            assert.match(side.label, /DUO's classification/);
        }
        assert.deepEqual(cmp.choices.map((x: any) => x.key), ['peildatum', 'suppression']);
        for (const [i, year] of [2021, 2022].entries()) {
            const def = expected('definitief', year);
            const prov = expected('voorlopig', year);
            const f = cmp.figures[i];
            assert.equal(f.cohort_year, year);
            assert.deepEqual([f.left.cohort_size, f.left.count], [def.size, def.vsv]);
            assert.deepEqual([f.right.cohort_size, f.right.count], [prov.size, prov.vsv]);
        }
        const text = await stroomIn(['compare', EXAMPLE]);
        assert.match(text.stdout, /VsvDuo on DuoVsvDefinitief \(DUO's classification\): the publisher's classification \(DUO\), taken from the files of source DuoVsvDefinitief, not computed by Stroom\./);
        const html = await stroomIn(['compare', EXAMPLE, '--format', 'html']);
        assert.equal(html.status, 0, html.stderr);
        assert.match(html.stdout, /<p class="classified" data-classified-by="DUO">VsvDuo on DuoVsvDefinitief \(DUO&#39;s classification\)|<p class="classified" data-classified-by="DUO">VsvDuo on DuoVsvDefinitief \(DUO's classification\)/);
    });

    it('funnel refuses: the publisher chose the population', async () => {
        const r = await stroomIn(['funnel', EXAMPLE]);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /VsvDuo is classified by source: .* no funnel/);
    });

    describe('on PostgreSQL', () => {
        let url: string;
        before(async function () {
            url = (await postgresFor(this)).url;
        });

        it('gives the same results as DuckDB, breakdown and records included', async () => {
            for (const extra of [[], ['--records']]) {
                const args = ['run', EXAMPLE, ...extra, '--format', 'json'];
                const duck = await stroomIn(args);
                const pg = await stroomIn([...args, '--engine', 'postgres', '--db', url]);
                assert.equal(pg.status, 0, pg.stderr);
                assert.deepEqual(JSON.parse(pg.stdout).results, JSON.parse(duck.stdout).results);
                assert.match(pg.stderr, /cohort 2021: <5 leavers/);
            }
        });

        it('the hand-counted fixture on PostgreSQL', async () => {
            const dir = writeFiles(FIXTURE);
            const pg = await stroomIn(['run', 't.stroom', '--indicator', 'VsvDuo', '--records', '--format', 'json', '--engine', 'postgres', '--db', url], dir);
            assert.equal(pg.status, 0, pg.stderr);
            const rows = JSON.parse(pg.stdout).results[0].rows;
            assert.deepEqual(rows.map((r: any) => [String(r.person), r.institution, r.by_level ?? r.level, r.outcome]), HAND_RECORDS);
        });
    });
});

// A fixture counted by hand: 7 rows, 6 persons (100000001 twice: the first row, mbo-2 at 25PT, wins; 700000004 has
// only an onderwijsnummer). Leavers 100000002 and 100000005 are in the population; 100000009 (listed twice) is not.
const FIXTURE: Record<string, string> = {
    'data/starters.csv': [
        'BSN,ONDERWIJSNUMMER,BRIN,NIVEAU',
        '100000001,,25PT,Mbo2 opleidingen',
        '100000002,,25PT,Mbo2 opleidingen',
        '100000003,,27KL,Mbo3 opleidingen',
        '100000001,,27KL,Mbo4 opleidingen',
        ',700000004,02AB,HAVO/VWO bovenbouw',
        '100000005,,25PT,Mbo2 opleidingen',
        '100000006,,27KL,Mbo3 opleidingen',
    ].join('\n') + '\n',
    'data/leavers.csv': 'BSN,ONDERWIJSNUMMER,BRIN\n100000002,,25PT\n100000005,,25PT\n100000009,,25PT\n100000009,,27KL\n',
    'data/enr.csv': [
        'pid,brin,opl,sector,niveau,start,eind',
        '100000001,25PT,25180,MBO,2,20220801,',
        '100000002,25PT,25180,MBO,2,20220801,20230115',
        '100000003,27KL,25651,MBO,3,20220801,',
        '100000005,25PT,25180,MBO,2,20220801,20230301',
        '100000006,27KL,25651,MBO,3,20220801,',
    ].join('\n') + '\n',
    'data/dipl.csv': 'pid,niveau,datum\n100000003,3,20230620\n',
    't.stroom': `package t
source Duo {
    publisher "DUO"
    file starters csv "data/starters.csv"
    file leavers csv "data/leavers.csv"
    population from starters on 1 october 2022 {
        person = BSN or ONDERWIJSNUMMER
        institution = BRIN
        level = NIVEAU map { "Mbo2 opleidingen": mbo-2, "Mbo3 opleidingen": mbo-3, "Mbo4 opleidingen": mbo-4, "HAVO/VWO bovenbouw": havo-vwo }
    }
    outcomes from leavers { person = BSN or ONDERWIJSNUMMER  outcome = constant vsv }
}
source Eigen {
    observed from 2021-09-01 until 2024-09-30
    file enr csv "data/enr.csv"
    file dipl csv "data/dipl.csv"
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "MBO": mbo }
        level = niveau map { "2": mbo-2, "3": mbo-3 }
        start = date(start, "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
    diplomas from dipl { person = pid  level = niveau map { "2": mbo-2, "3": mbo-3 }  date = date(datum, "yyyyMMdd") }
}
indicator VsvDuo { measure vsv classified by source  by level  suppress below 2  on Duo }
indicator VsvDuoTotaal { measure vsv classified by source  suppress below 2  on Duo }
cohort Ingeschreven { kind enrolled  years 2022 }
indicator VsvEigen { cohort Ingeschreven  measure vsv  suppress below 2  on Eigen }
compare "DUO tegen eigen" { VsvDuoTotaal, VsvEigen }
`,
};

/** The fixture's persons by hand, in the order --records gives them (cohort year, person). */
const HAND_RECORDS = [
    ['100000001', '25PT', 'mbo-2', 'not-vsv'], ['100000002', '25PT', 'mbo-2', 'vsv'], ['100000003', '27KL', 'mbo-3', 'not-vsv'],
    ['100000005', '25PT', 'mbo-2', 'vsv'], ['100000006', '27KL', 'mbo-3', 'not-vsv'], ['700000004', '02AB', 'havo-vwo', 'not-vsv'],
];

describe('classified by source: a fixture counted by hand', function () {
    this.timeout(60_000);
    let dir: string;
    before(() => { dir = writeFiles(FIXTURE); });

    it('counts the 6 distinct persons, 2 of them vsv, each with the level of their first row', async () => {
        const out = await json(['run', 't.stroom', '--indicator', 'VsvDuoTotaal'], dir);
        assert.deepEqual(out.results[0].rows.map((r: any) => [r.cohort_year, r.cohort_size, r.count]), [[2022, 6, 2]]);
        // The one leaver outside the population (listed twice: one person) is below the threshold of 2.
        assert.match(out.stderr, /cohort 2022: <2 leavers in data\/leavers\.csv are not in the population/);
        const records = (await json(['run', 't.stroom', '--indicator', 'VsvDuo', '--records'], dir)).results[0].rows;
        assert.deepEqual(records.map((r: any) => [String(r.person), r.institution, r.by_level ?? r.level, r.outcome]), HAND_RECORDS);
    });

    it('a breakdown is protected like any other: the single havo-vwo pupil and what would give it away are hidden', async () => {
        const rows = (await json(['run', 't.stroom', '--indicator', 'VsvDuo'], dir)).results[0].rows;
        assert.deepEqual(rows.map((r: any) => [r.breakdown.level, r.cohort_size, r.count]), [['mbo-2', 3, null], ['mbo-3', 2, null], ['x', null, null]]);
    });

    it('compare against a vsv Stroom computes: the publisher\'s side is named, and no bridge of choices is invented', async () => {
        const [c] = JSON.parse((await stroomIn(['compare', 't.stroom', '--format', 'json'], dir)).stdout);
        assert.equal(c.kind, 'definitions');
        assert.equal(c.left.classified_by, 'DUO');
        assert.equal(c.right.computed, true);
        assert.equal(c.right.classified_by, undefined);
        assert.match(c.no_bridge, /VsvDuoTotaal is the publisher's classification/);
        assert.equal(c.choices.find((x: any) => x.key === 'sector').left, 'classified by source');
        assert.deepEqual([c.figures[0].left.cohort_size, c.figures[0].left.count], [6, 2]);
    });
});

describe('classified by source: validation', function () {
    this.timeout(60_000);
    const source = (members: string) => `package t
source Duo {
    file starters csv "data/starters.csv"
    file leavers csv "data/leavers.csv"
${members}
}
`;
    const files = (text: string) => ({ 'data/starters.csv': FIXTURE['data/starters.csv'], 'data/leavers.csv': FIXTURE['data/leavers.csv'], 'v.stroom': text });
    const found = async (text: string) => {
        const { documents } = await build(files(text));
        return diagnostics(documents['v.stroom']).filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
    };
    const ok = source(`    population from starters on 1 october 2022 { person = BSN }
    outcomes from leavers { person = BSN  outcome = constant vsv }`);

    it('a valid source and indicator (no cohort named) have no errors', async () => {
        assert.deepEqual(await found(`${ok}indicator V { measure vsv classified by source  by level  on Duo }\n`), []);
    });

    it('classified by source on a source without population or outcomes', async () => {
        const text = `package t
source Eigen {
    observed from 2021-09-01 until 2024-09-30
    file enr csv "data/starters.csv"
    enrollments from enr { person = BSN  institution = BRIN  programme = BRIN  sector = constant mbo  start = date(BSN, "yyyyMMdd") }
}
indicator V { measure vsv classified by source  on Eigen }
`;
        const errors = await found(text);
        assert.ok(errors.some((e) => /^7:27 classified-source measure vsv is classified by source, but source Eigen has no `population from/.test(e)), errors.join('\n'));
    });

    it('an outcome that is not the measure\'s', async () => {
        const text = source(`    population from starters on 1 october 2022 { person = BSN }
    outcomes from leavers { person = BSN  outcome = constant dropout }`) + 'indicator V { measure vsv classified by source  on Duo }\n';
        const errors = await found(text);
        assert.ok(errors.some((e) => /^8:23 invalid-outcome No outcomes mapping of source Duo can give vsv/.test(e)), errors.join('\n'));
        assert.ok(errors.some((e) => /invalid-outcome Source Duo classifies outcomes that measure vsv does not have: dropout/.test(e)), errors.join('\n'));
        const unknown = await found(source(`    population from starters on 1 october 2022 { person = BSN }
    outcomes from leavers { person = BSN  outcome = constant weg }`));
        assert.ok(unknown.some((e) => /^6:53 invalid-outcome 'weg' is no outcome of any measure/.test(e)), unknown.join('\n'));
    });

    it('a population without person; outcomes without outcome', async () => {
        const errors = await found(source(`    population from starters on 1 october 2022 { level = NIVEAU }
    outcomes from leavers { person = BSN }`));
        assert.ok(errors.some((e) => /^5:21 missing-field A population needs a 'person' field/.test(e)), errors.join('\n'));
        assert.ok(errors.some((e) => /^6:19 missing-field Outcomes need a 'outcome' field/.test(e)), errors.join('\n'));
    });

    it('cohort clauses that read dates are errors on a classified measure, in the indicator and in a named cohort', async () => {
        const errors = await found(`${ok}cohort C { entry first in sector mbo  inflow any  years 2022 }
indicator V { cohort C  measure vsv classified by source  after 1 year  lookback 2 years  on Duo }
`);
        assert.ok(errors.some((e) => /^9:22 classified-clause cohort C chooses its members from enrollments \(`entry` line 8, `inflow` line 8\)/.test(e)), errors.join('\n'));
        assert.ok(errors.some((e) => /^9:59 classified-clause `after` chooses the cohort or its outcome from enrollment dates/.test(e)), errors.join('\n'));
        assert.ok(errors.some((e) => /^9:73 classified-clause `lookback`/.test(e)), errors.join('\n'));
        // A cohort with only years is fine.
        assert.deepEqual(await found(`${ok}cohort C { years 2022 }\nindicator V { cohort C  measure vsv classified by source  on Duo }\n`), []);
    });

    it('several populations: one per cohort year, one peildatum, and outcomes that say which population they belong to', async () => {
        const errors = await found(source(`    population from starters on 1 october 2022 { person = BSN }
    population from starters on 1 october 2022 { person = BSN }
    population from starters on 15 september 2021 { person = BSN }
    outcomes from leavers { person = BSN  outcome = constant vsv }
    outcomes from leavers on 1 october 2020 { person = BSN  outcome = constant vsv }`));
        assert.ok(errors.some((e) => /^6:43 duplicate-mapping Cohort 2022 already has a population \(line 5\)/.test(e)), errors.join('\n'));
        assert.ok(errors.some((e) => /^7:36 classified-source All populations of a source are counted on one peildatum \(1 october\)/.test(e)), errors.join('\n'));
        assert.ok(errors.some((e) => /^8:19 classified-source Source Duo has 3 populations: say which one/.test(e)), errors.join('\n'));
        assert.ok(errors.some((e) => /^9:40 classified-source No population of source Duo is on 1 october 2020/.test(e)), errors.join('\n'));
    });

    it('a column the file does not have', async () => {
        const errors = await found(source(`    population from starters on 1 october 2022 { person = BSN  level = NIVO }
    outcomes from leavers { person = BSN  outcome = constant vsv }`));
        assert.ok(errors.some((e) => /^5:72 unknown-column data\/starters\.csv has no column 'NIVO'/.test(e)), errors.join('\n'));
    });
});
