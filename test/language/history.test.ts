// Issue 14: `history S [within N years]` as a cohort filter and `by history S` / `by history.<field>` as breakdowns,
// through the real pipeline (parse -> card -> plan -> SQL -> DuckDB and PostgreSQL), the reference evaluator on the
// same records, the explain card, compare, and validation.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
    DuckDBEngine, PostgresEngine, bridge, choiceRows, evaluate, execute, explainMarkdown, funnel, loadWorkspace, prepare, printSql,
    type Engine, type Prepared, type Records,
} from '@stroom/language';
import { postgresFor } from '../postgres.js';
import { build, diagnostics, writeFiles } from '../helpers.js';

const HEADER = 'person;institution;programme;sector;main;start;end;cluster;profiel';
// a: two vso enrollments (the later one, cluster 2, counts), then mbo. b: left vso in 2016, drops out of mbo.
// c: came from vo. d: starts vso after entering mbo. e: a secondary vso enrollment. g: a second mbo programme.
const ROWS = [
    'a;S1;vso;vso;J;20120801;20140731;1;arbeid',
    'a;S2;vso;vso;J;20140801;20190731;2;vervolgonderwijs',
    'a;M;25001;mbo;J;20200801;;;',
    'b;S1;vso;vso;J;20100801;20160731;3;arbeid',
    'b;M;25001;mbo;J;20200801;20210630;;',
    'c;X;vmbo;vo;J;20160801;20200731;;',
    'c;M;25001;mbo;J;20200801;;;',
    'd;M;25001;mbo;J;20200801;;;',
    'd;S1;vso;vso;J;20201101;20210731;4;arbeid',
    'e;S1;vso;vso;N;20150801;20190731;1;dagbesteding',
    'e;M;25001;mbo;J;20200801;;;',
    'g;M;25001;mbo;J;20180801;20200731;;',
    'g;M;25002;mbo;J;20200801;;;',
];
const PERSONS = 'person;gender\na;V\nb;M\nc;V\nd;M\ne;V\ng;M\n';

function source(from = '2010-09-01'): string {
    return `package w
source S {
    observed from ${from} until 2024-09-30
    file enr csv "enr.csv" delimiter ";"
    file per csv "per.csv" delimiter ";"
    persons from per {
        person = person
        gender = gender
    }
    enrollments from enr {
        person = person
        institution = institution
        programme = programme
        sector = sector
        main = main
        funded = constant true
        start = date(start, "yyyyMMdd")
        end = date(end, "yyyyMMdd")
        cluster = cluster
        uitstroomprofiel = profiel
    }
}
`;
}

function definition(cohortClauses: string, by = '', entry = 'sector'): string {
    return `package w
cohort C {
    entry first in ${entry}
    sector mbo
    inflow any
    years 2020
${cohortClauses}
}
indicator I {
    cohort C
    on S
    measure dropout
    after 1 year
    scope sector
    switchers count as dropout
    diploma ignored
${by ? `    by ${by}\n` : ''}}
`;
}

async function prepared(files: Record<string, string>): Promise<Prepared> {
    const dir = writeFiles({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'per.csv': PERSONS, 'src.stroom': source(), ...files });
    const ws = await loadWorkspace(dir, [path.join(dir, 'src.stroom'), path.join(dir, 'def.stroom')]);
    return prepare(ws, path.join(dir, 'def.stroom'), { indicator: 'I' })[0];
}

/** person:outcome (and the breakdown values) of each counted person, by person. */
async function records(engine: Engine, reader: DuckDBEngine, def: string): Promise<string[]> {
    const p = await prepared({ 'def.stroom': def });
    const result = await execute(engine, p, { records: true, reader });
    const by = p.definition.breakdown.map((b) => `by_${b}`);
    return (result.records ?? []).map((r) => [`${r.person}:${r.outcome}`, ...by.map((b) => String(r[b] ?? '-'))].join(' '));
}

/** The same rows as in-memory records for the reference evaluator. */
function recordsOf(): Records {
    return {
        persons: PERSONS.trim().split('\n').slice(1).map((l) => { const [person, gender] = l.split(';'); return { person, birthDate: null, attributes: { gender } }; }),
        enrollments: ROWS.map((l, i) => {
            const [person, institution, programme, sector, main, start, end, cluster, profiel] = l.split(';');
            const iso = (d: string) => (d ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : null);
            return {
                person, institution, programme, sector, level: null, mode: null, main: main === 'J', funded: true,
                start: iso(start)!, end: iso(end), leaveReason: null, sourceRow: i + 1,
                attributes: { cluster: cluster || null, uitstroomprofiel: profiel || null },
            };
        }),
        diplomas: [],
        prior: [],
    };
}

function evaluated(p: Prepared): string[] {
    const ev = evaluate(p.definition, recordsOf(), { observed: p.source.observed!, studyYearStart: p.source.studyYearStart });
    return ev.rows.map((r) => [`${r.person}:${r.outcome}`, ...r.breakdown.map((v) => v ?? '-')].join(' '));
}

for (const engineName of ['DuckDB', 'PostgreSQL'] as const) describe(`history on ${engineName}`, function () {
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

    it('keeps entrants with an earlier vso enrollment, secondary ones too, but not one that starts after entry', async () => {
        assert.deepEqual(await records(engine, reader, definition('    history vso')), ['a:retained', 'b:dropout', 'e:retained']);
    });

    it('with `within 2 years` keeps only a vso enrollment still running on P(y-2)', async () => {
        assert.deepEqual(await records(engine, reader, definition('    history vso within 2 years')), ['a:retained', 'e:retained']);
    });

    it('reads only main enrollments under `main enrollments only`, every one under `main anchor only`', async () => {
        assert.deepEqual(await records(engine, reader, definition('    history vso\n    main enrollments only')), ['a:retained', 'b:dropout']);
        assert.deepEqual(await records(engine, reader, definition('    history vso\n    main anchor only')), ['a:retained', 'b:dropout', 'e:retained']);
    });

    it('leaves the anchor itself out: only g has an mbo enrollment besides the one it enters by', async () => {
        assert.deepEqual(await records(engine, reader, definition('    history mbo', '', 'programme')), ['g:retained']);
    });

    it('breaks down by history yes / no and by the latest-starting vso enrollment\'s fields, beside a person attribute', async () => {
        assert.deepEqual(await records(engine, reader, definition('', 'gender, history vso, history.cluster, history.uitstroomprofiel')), [
            'a:retained V yes 2 vervolgonderwijs',
            'b:dropout M yes 3 arbeid',
            'c:retained V no - -',
            'd:retained M no - -',
            'e:retained V yes 1 dagbesteding',
        ]);
    });

    it('takes the fields of `by history.<field>` from the cohort\'s history filter', async () => {
        assert.deepEqual(await records(engine, reader, definition('    history vso within 2 years', 'history.cluster')), ['a:retained 2', 'e:retained 1']);
    });
});

describe('history: the reference evaluator agrees with the SQL', () => {
    for (const [name, clauses, by, entry] of [
        ['filter', '    history vso', '', 'sector'],
        ['within', '    history vso within 2 years', 'history.uitstroomprofiel', 'sector'],
        ['main only', '    history vso\n    main enrollments only', '', 'sector'],
        ['anchor left out', '    history mbo', 'history.programme', 'programme'],
        ['breakdown', '', 'history vso within 5 years, history.cluster, gender', 'sector'],
    ] as const) {
        it(name, async () => {
            const p = await prepared({ 'def.stroom': definition(clauses, by, entry) });
            const reader = await DuckDBEngine.open();
            try {
                const sql = await records(reader, reader, definition(clauses, by, entry));
                assert.ok(sql.length > 0);
                assert.deepEqual(evaluated(p), sql);
            } finally {
                await reader.close();
            }
        });
    }
});

describe('history: card, window, compare', () => {
    it('shows the filter on the card with its origin, and the breakdown with its sector', async () => {
        const p = await prepared({ 'def.stroom': definition('    history vso within 2 years', 'history vso, history.cluster') });
        assert.deepEqual(p.definition.choices.history?.value, { sector: 'vso', within: 2 });
        assert.deepEqual(p.definition.breakdown, ['history', 'history.cluster']);
        const sql = printSql(p.plan, (await DuckDBEngine.open()).dialect, {});
        assert.match(sql, /^-- by history vso, history\.cluster$/m);
        assert.match(sql, /^-- history vso within 2 years +<- cohort C \(def\.stroom:7\)$/m);
        assert.match(sql, /EXISTS \(\n\s+SELECT 1 FROM "history_enrollment" AS hs\n\s+WHERE hs."person" = e."person" AND hs."sector" = 'vso' AND hs."start" < make_date\(y."cohort_year", 10, 1\) AND \(hs."end" IS NULL OR hs."end" >= make_date\(y."cohort_year" - 2, 10, 1\)\) AND hs."source_row" <> e."source_row"/);
    });

    it('explains the filter in Dutch and English', async () => {
        const p = await prepared({ 'def.stroom': definition('    history vso within 2 years') });
        const en = explainMarkdown([{ definition: p.definition, source: p.source, plan: p.plan }], 'en');
        const nl = explainMarkdown([{ definition: p.definition, source: p.source, plan: p.plan }], 'nl');
        assert.match(en, /Only people with an enrollment in `vso` that started before the reference date \(other than the enrollment they enter by\) and that was still running on the reference date 2 years earlier/);
        assert.match(nl, /Alleen wie een inschrijving in `vso` heeft die vóór de peildatum begon \(een andere dan de inschrijving waarmee iemand instroomt\) en die op de peildatum 2 jaar eerder nog liep/);
        const none = explainMarkdown([{ definition: (await prepared({ 'def.stroom': definition('') })).definition }], 'en');
        assert.doesNotMatch(none, /earlier enrollment/i);
    });

    it('makes a cohort year incomplete when the window does not reach P(y-N)', async () => {
        const dir = writeFiles({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'per.csv': PERSONS,
            'src.stroom': source('2019-09-01'), 'def.stroom': definition('    history vso within 2 years'), 'def2.stroom': definition('    history vso').replace('package w', 'package v').replace('on S', 'on w.S') });
        const ws = await loadWorkspace(dir, ['src.stroom', 'def.stroom', 'def2.stroom'].map((f) => path.join(dir, f)));
        const within = prepare(ws, path.join(dir, 'def.stroom'), { indicator: 'I' })[0];
        assert.deepEqual(within.plan.incomplete.map((i) => [i.year, i.reason.split(' / ')[0]]), [[2020, 'history needs 2018-10-01, data start 2019-09-01']]);
        const plain = prepare(ws, path.join(dir, 'def2.stroom'), { indicator: 'I' })[0];
        assert.deepEqual(plain.plan.years, [2020]);
        const ev = evaluate(within.definition, recordsOf(), { observed: within.source.observed!, studyYearStart: within.source.studyYearStart });
        assert.deepEqual(ev.incomplete.map((i) => i.year), [2020]);
    });

    it('is a step of the funnel, which ends at the cohort run counts', async () => {
        const p = await prepared({ 'def.stroom': definition('    history vso within 2 years') });
        const engine = await DuckDBEngine.open();
        try {
            const f = await funnel(engine, p);
            assert.deepEqual(f.steps.map((s) => s.clause ?? s.key), ['base', 'entry first in sector, lookback all', 'sector mbo', 'history vso within 2 years']);
            // base: the six people enrolled on P(2020); new in mbo: a, b, c, d, e (g was in mbo before); recent vso: a, e.
            assert.deepEqual(f.years.map((y) => [y.cohortYear, ...y.kept]), [[2020, 6, 5, 5, 2]]);
        } finally {
            await engine.close();
        }
    });

    it('is a choice in compare: shown as `history any` on the side without it, and one bridge step', async () => {
        const dir = writeFiles({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'per.csv': PERSONS, 'src.stroom': source(),
            'a.stroom': definition('', 'gender').replace('package w', 'package a').replace('on S', 'on w.S'),
            'b.stroom': definition('    history vso', 'gender, history.cluster').replace('package w', 'package b').replace('on S', 'on w.S') });
        const ws = await loadWorkspace(dir, ['src.stroom', 'a.stroom', 'b.stroom'].map((f) => path.join(dir, f)));
        const a = prepare(ws, path.join(dir, 'a.stroom'), { indicator: 'I' })[0];
        const b = prepare(ws, path.join(dir, 'b.stroom'), { indicator: 'I' })[0];
        assert.deepEqual(choiceRows(a.definition, b.definition).filter((r) => r.differs).map((r) => [r.key, r.left, r.right]), [['history', 'history any', 'history vso']]);
        const engine = await DuckDBEngine.open();
        try {
            const result = await bridge(engine, a, b);
            assert.ok('steps' in result, JSON.stringify(result));
            // c and d have no vso background: they leave the cohort.
            assert.deepEqual(result.steps.map((s) => [s.key, s.from, s.to, s.cohortIn, s.cohortOut]), [['history', 'history any', 'history vso', 0, 2]]);
        } finally {
            await engine.close();
        }
    });
});

describe('history: parsing and validation', () => {
    async function check(def: string): Promise<ReturnType<typeof diagnostics>> {
        const { documents } = await build({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'per.csv': PERSONS, 'src.stroom': source(), 'def.stroom': def });
        return diagnostics(documents['def.stroom']);
    }

    it('parses the filter and `by` lists that mix attributes and history items without any diagnostic', async () => {
        assert.deepEqual(await check(definition('    history vso within 2 years', 'gender, history vso, history.cluster')), []);
        assert.deepEqual(await check(definition('    history vso', 'history.uitstroomprofiel, gender')), []);
    });

    it('keeps `history` and `with` usable as names of fields and data files', async () => {
        const text = source().replace('file per csv "per.csv"', 'file history csv "per.csv"').replace('persons from per', 'persons from history')
            .replace('gender = gender', 'gender = gender\n        with = gender\n        history = gender');
        const { documents } = await build({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'per.csv': PERSONS, 'src.stroom': text });
        assert.deepEqual(diagnostics(documents['src.stroom']).filter((d) => d.severity === 'error'), []);
    });

    it('says which history a `by history.<field>` should read, at the item', async () => {
        const found = await check(definition('', 'gender, history.cluster'));
        assert.deepEqual(found.map((d) => [d.code, d.line, d.column, d.text]), [['invalid-history', 17, 24, 'cluster']]);
        assert.match(found[0].message, /add `history <sector>` to cohort C or `by history <sector>` to I/);
    });

    it('refuses two different history breakdowns, an unknown sector, and a history breakdown on a leaving cohort', async () => {
        assert.deepEqual((await check(definition('', 'history vso, history mbo within 1 year'))).map((d) => [d.code, d.line, d.column, d.text]),
            [['invalid-history', 17, 29, 'mbo']]);
        assert.deepEqual((await check(definition('    history vsx'))).map((d) => [d.code, d.line, d.column, d.text]),
            [['unknown-code', 7, 13, 'vsx']]);
        const leaving = `package w
cohort L {
    kind leaving
}
indicator I {
    cohort L
    on S
    measure jaarresultaat
    by history vso
}
`;
        assert.deepEqual((await check(leaving)).filter((d) => d.code === 'invalid-history').map((d) => [d.line, d.column, d.text]), [[9, 8, 'history vso']]);
    });

    it('refuses a history filter in an indicator: it belongs to the cohort', async () => {
        const found = await check(definition('', '').replace('    switchers count as dropout', '    switchers count as dropout\n    history vso'));
        assert.deepEqual(found.map((d) => [d.code, d.line]), [['clause-not-allowed', 16]]);
        assert.match(found[0].message, /`history` does not belong in an indicator/);
    });
});
