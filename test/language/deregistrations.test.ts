// Issue 14: de-registrations without a diploma (`kind leaving without diploma`), their leave reason and timing, the
// destination N months after the end, and negative bsa for first-year students: parse, diagnostics, the explain card,
// and the SQL engine against the reference evaluator on a tiny workspace.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
    DuckDBEngine, PostgresEngine, evaluate, execute, explainMarkdown, loadWorkspace, prepare, type Diploma, type Engine, type Enrollment,
    type Prepared, type Records,
} from '@stroom/language';
import { postgresFor } from '../postgres.js';
import { build, diagnostics, writeFiles } from '../helpers.js';

const SOURCE = `package w
source S {
    observed from 2018-08-01 until 2023-09-30
    study year starts 1 august
    file enr csv "enr.csv" delimiter ";"
    file dip csv "dip.csv" delimiter ";"
    enrollments from enr {
        person = person
        institution = institution
        programme = programme
        sector = sector
        main = constant true
        funded = constant true
        start = date(start, "yyyyMMdd")
        end = date(end, "yyyyMMdd")
        leave reason = reden map { "11": bsa, "12": instelling, "02": eigen-keuze, "14": verhuizing, "99": overig }
    }
    diplomas from dip {
        person = person
        institution = institution
        programme = programme
        sector = sector
        kind = constant final
        date = date(date, "yyyyMMdd")
    }
}
`;

const DEFINITIONS = `package w
cohort C {
    kind leaving without diploma
    peildatum 1 august
    years 2019..2022
}
cohort B {
    kind leaving without diploma
    peildatum 1 august
    leave reason bsa
    first year only
    years 2019..2022
}
indicator Reden {
    cohort C
    measure destination
    after 3 months
    unit enrollment
    by leave reason
    on S
}
indicator Moment {
    cohort C
    measure destination
    after 3 months
    by leave timing
    on S
}
indicator Jaar {
    cohort C
    measure destination
    after 12 months
    on S
}
indicator Bsa {
    cohort B
    measure destination
    after 12 months
    on S
}
`;

const CODES = ['11', '12', '02', '14', '99', ''];
const MAPPED: Readonly<Record<string, string | null>> = { '11': 'bsa', '12': 'instelling', '02': 'eigen-keuze', '14': 'verhuizing', '99': 'overig', '': null };

/** A small random population (a fixed seed): enrollments that end on any day, re-enrollments, diplomas near the end. */
function population(): { enrollments: string[][]; diplomas: string[][] } {
    let seed = 20261205;
    const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const day = (from: number, span: number) => new Date(Date.UTC(2019, 0, 1) + (from + next(span)) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const enrollments: string[][] = [];
    const diplomas: string[][] = [];
    for (let i = 0; i < 120; i++) {
        const person = `p${String(i).padStart(3, '0')}`;
        const n = 1 + next(3);
        let offset = next(400);
        for (let k = 0; k < n; k++) {
            const institution = ['A', 'B'][next(2)];
            const programme = ['P1', 'P2'][next(2)];
            const sector = next(6) === 0 ? 'vavo' : 'mbo';
            const start = day(offset, 60);
            const length = next(5) === 0 ? 20 + next(40) : 60 + next(500);
            const end = next(6) === 0 ? '' : day(offset + length, 1);
            enrollments.push([person, institution, programme, sector, start, end, end === '' ? '' : CODES[next(CODES.length)]]);
            if (end !== '' && next(4) === 0) {
                // A diploma some days before or after the end (31 days after still counts as graduating), or elsewhere.
                const at = next(5) === 0 ? (institution === 'A' ? 'B' : 'A') : institution;
                diplomas.push([person, at, programme, sector, day(offset + length - 10 + next(50), 1)]);
            }
            offset += length + next(120);
        }
    }
    return { enrollments, diplomas };
}

function iso(compact: string): string {
    return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}

function records(data: ReturnType<typeof population>): Records {
    const enrollments: Enrollment[] = data.enrollments.map(([person, institution, programme, sector, start, end, reden], i) => ({
        person, institution, programme, sector, level: null, mode: null, main: true, funded: true,
        start: iso(start), end: end === '' ? null : iso(end), leaveReason: MAPPED[reden], sourceRow: i + 1,
    }));
    const diplomas: Diploma[] = data.diplomas.map(([person, institution, programme, sector, date], i) => ({
        person, institution, programme, sector, level: null, kind: 'final', first: iso(date), last: iso(date), sourceRow: i + 1,
    }));
    return { persons: [], enrollments, diplomas, prior: [] };
}

function files(data: ReturnType<typeof population>, definitions = DEFINITIONS): Record<string, string> {
    return {
        'stroom.json': '{}',
        'src.stroom': SOURCE,
        'def.stroom': definitions,
        'enr.csv': ['person;institution;programme;sector;start;end;reden', ...data.enrollments.map((r) => r.join(';'))].join('\n') + '\n',
        'dip.csv': ['person;institution;programme;sector;date', ...data.diplomas.map((r) => r.join(';'))].join('\n') + '\n',
    };
}

async function prepared(data: ReturnType<typeof population>, definitions = DEFINITIONS): Promise<Prepared[]> {
    const dir = writeFiles(files(data, definitions));
    const ws = await loadWorkspace(dir, [path.join(dir, 'src.stroom'), path.join(dir, 'def.stroom')]);
    return prepare(ws, path.join(dir, 'def.stroom'));
}

/** One line per counted row: year, person, institution, programme, breakdown values, outcome. */
function line(y: unknown, person: unknown, institution: unknown, programme: unknown, by: readonly unknown[], outcome: unknown): string {
    return [y, person, institution, programme, ...by.map((b) => b ?? '-'), outcome].join('|');
}

describe('de-registrations: language', () => {
    it('parses the cohort kind, its filters, the breakdowns and a horizon in months without diagnostics', async () => {
        const { documents } = await build({ 'enr.csv': 'person;institution;programme;sector;start;end;reden\n', 'dip.csv': 'person;institution;programme;sector;date\n', 'src.stroom': SOURCE, 'def.stroom': DEFINITIONS });
        assert.deepEqual(diagnostics(documents['def.stroom']), []);
        assert.deepEqual(diagnostics(documents['src.stroom']), []);
    });

    it('reports clauses for de-registrations elsewhere, a horizon in the wrong unit and an unknown leave reason, at their line and column', async () => {
        const text = `package w
cohort E {
    entry first in institution
    inflow any
    leave reason bsa
    first year only
}
cohort D {
    kind leaving without diploma
    leave reason bsaa
}
indicator X {
    cohort E
    measure destination
    after 3 months
    by leave timing
}
indicator Y {
    cohort D
    measure destination
    after 1 year
}
indicator Z {
    cohort D
    measure destination
    after 3 months
    on S
}
indicator V {
    cohort D
    measure dropout
    after 1 year
}
`;
        const { documents } = await build({ 'enr.csv': 'person;institution;programme;sector;start;end;reden\n', 'dip.csv': 'person;institution;programme;sector;date\n', 'src.stroom': SOURCE, 'def.stroom': text });
        const found = diagnostics(documents['def.stroom']).map((d) => `${d.code} ${d.line}:${d.column} ${d.text.split('\n')[0]}`);
        assert.deepEqual(found.sort(), [
            'deregistration-only 16:5 by leave timing',
            'deregistration-only 5:5 leave reason bsa',
            'deregistration-only 6:5 first year only',
            'horizon-unit 15:5 after 3 months',
            'horizon-unit 21:5 after 1 year',
            'invalid-measure-for-kind 31:13 dropout',
            'unknown-leave-reason 27:8 S',
        ]);
        const unknown = diagnostics(documents['def.stroom']).find((d) => d.code === 'unknown-leave-reason')!;
        assert.match(unknown.message, /no 'bsaa'.*bsa, instelling, eigen-keuze, verhuizing, overig/);
        assert.match(unknown.message, / \/ Bron S kent geen reden 'bsaa'/);
    });

    it('says exactly who is counted on the explain card, in Dutch and English', async () => {
        const [, , , bsa] = await prepared(population());
        const en = explainMarkdown([{ definition: bsa.definition, source: bsa.source, plan: bsa.plan }], 'en');
        assert.match(en, /every enrollment \(also one that covers no reference date\) whose end date lies from the reference date of the cohort year to the day before the next, at an institution where the person has no final diploma dated \(for a period: its first day\) on or before 31 days after that end/);
        assert.match(en, /`leave reason bsa`\): Only enrollments whose leave reason is `bsa`/);
        assert.match(en, /the enrollment ended within 12 months of its start, and the person had no earlier-starting enrollment in the same programme at the same institution/);
        assert.match(en, /`after 12 months`\): The destination is decided on the day 12 months after each de-registration's end date/);
        assert.match(en, /enrollments ending from 1 August 2020 to 31 July 2021, destination measured up to 31 July 2022 for cohort 2020/);
        assert.match(en, /Graduated does not occur/);
        const nl = explainMarkdown([{ definition: bsa.definition, source: bsa.source, plan: bsa.plan }], 'nl');
        assert.match(nl, /Alleen eerstejaars: de inschrijving eindigde binnen 12 maanden na haar begin/);
        assert.match(nl, /inschrijvingen met einddatum van 1 augustus 2020 tot en met 31 juli 2021/);
        // The last cohort year needs 31 July 2023 + 12 months, after the data end (30 September 2023).
        assert.deepEqual(bsa.plan.shownYears, [2019, 2020, 2021]);
        assert.match(bsa.plan.incomplete.map((i) => i.reason).join(), /horizon needs 2024-07-31, data end 2023-09-30/);
    });
});

for (const engineName of ['DuckDB', 'PostgreSQL'] as const) describe(`de-registrations on ${engineName}`, function () {
    let engine: Engine;
    let reader: DuckDBEngine;
    before(async function () {
        reader = await DuckDBEngine.open();
        engine = engineName === 'DuckDB' ? reader : await PostgresEngine.open((await postgresFor(this)).url);
    });
    after(async () => {
        if (engine && engine !== reader) await engine.close();
        await reader?.close();
    });

    it('counts the same rows as the reference evaluator for every indicator (reason, timing, 3 and 12 months, negative bsa)', async () => {
        const data = population();
        const recs = records(data);
        for (const p of await prepared(data)) {
            const result = await execute(engine, p, { records: true, reader });
            const sql = (result.records ?? []).map((r) => line(r.cohort_year, r.person, r.institution, r.programme,
                p.plan.breakdown.map((b) => r[`by_${b.name}`]), r.outcome)).sort();
            const ev = evaluate(p.definition, recs, { observed: p.source.observed!, studyYearStart: p.source.studyYearStart }, p.plan.years);
            const expected = ev.rows.map((r) => line(r.cohortYear, r.person, r.institution, r.programme, r.breakdown, r.outcome)).sort();
            assert.ok(expected.length > 5, `${p.definition.indicator.name} counts too few to compare`);
            assert.deepEqual(sql, expected, p.definition.indicator.name);
        }
    });

    it('groups leave reasons and timing as worked out by hand', async () => {
        // q1: first year, bsa on 30 June 2021 (cohort 2020, from 1 February); at B from 1 August, before 30 September.
        // q2: leaves on 15 September 2020 (before 1 October) and again from its next enrollment on 31 January 2021.
        // q3: diploma 20 days after the end: not a de-registration.
        const data = {
            enrollments: [
                ['q1', 'A', 'P1', 'mbo', '20200801', '20210630', '11'],
                ['q1', 'B', 'P2', 'mbo', '20210801', '', ''],
                ['q2', 'A', 'P1', 'mbo', '20200801', '20200915', '02'],
                ['q2', 'A', 'P2', 'mbo', '20200916', '20210131', '14'],
                ['q3', 'A', 'P1', 'mbo', '20190801', '20210630', '99'],
            ],
            diplomas: [['q3', 'A', 'P1', 'mbo', '20210720']],
        };
        const [reden, moment, jaar, bsa] = await prepared(data);
        const rows = async (p: Prepared) => ((await execute(engine, p, { records: true, reader })).records ?? [])
            .map((r) => line(r.cohort_year, r.person, r.institution, r.programme, p.plan.breakdown.map((b) => r[`by_${b.name}`]), r.outcome));
        assert.deepEqual((await rows(reden)).sort(), [
            '2020|q1|A|P1|bsa|same sector, other institution',
            '2020|q2|A|P1|eigen-keuze|other programme, same institution',
            '2020|q2|A|P2|verhuizing|not in education',
        ]);
        // Unit person: q2 by the enrollment that ended first.
        assert.deepEqual((await rows(moment)).sort(), [
            '2020|q1|A|P1|c. from 1 February / vanaf 1 februari|same sector, other institution',
            '2020|q2|A|P1|a. before 1 October / voor 1 oktober|other programme, same institution',
        ]);
        assert.deepEqual((await rows(jaar)).sort(), [
            '2020|q1|A|P1|same sector, other institution',
            '2020|q2|A|P1|not in education',
        ]);
        assert.deepEqual(await rows(bsa), ['2020|q1|A|P1|same sector, other institution']);
    });
});
