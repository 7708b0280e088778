// Issue 13: compound row filters and typed constants in mappings, `entry flag` and `main anchor only` in cohorts,
// through the real pipeline (parse -> card -> plan -> SQL -> DuckDB and PostgreSQL), and their validation.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    DataError, DuckDBEngine, PostgresEngine, bridge, choiceRows, execute, funnel, loadWorkspace, prepare, printSql, type Engine,
} from '@stroom/language';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { postgresFor } from '../postgres.js';
import { build, diagnostics, tempDir, writeFiles } from '../helpers.js';

const HEADER = 'person;institution;programme;start;end;status;opl;jaar;datum;eerstejaars;hoofd';
// a and c pass the filter; b (status), d (opl missing), e (jaar), f (datum) do not.
const ROWS = [
    'a;A;34001;20200901;;actief;34001;2020;20200901;1;J',
    'b;A;34001;20200901;;weg;34001;2020;20200901;1;J',
    'c;A;34001;20200901;;x;34001;2020;20200901;1;J',
    'd;A;34001;20200901;;actief;-;2020;20200901;1;J',
    'e;A;34001;20200901;;actief;34001;2018;20200901;1;J',
    'f;A;34001;20200901;;actief;34001;2020;20210115;1;J',
];

function source(where: string, extra = ''): string {
    return `package w
source S {
    observed from 2015-09-01 until 2024-09-30
    missing "-"
    file enr csv "enr.csv" delimiter ";"
    enrollments from enr where ${where} {
        person = person
        institution = institution
        programme = programme
        sector = constant hbo
        main = constant true
        funded = constant true
        start = date(start, "yyyyMMdd")
        end = date(end, "yyyyMMdd")${extra}
    }
}
`;
}

const INDICATOR = (cohortClauses: string) => `package w
cohort C {
    entry first in institution-programme
    inflow any
    years 2020
${cohortClauses}
}
indicator I {
    cohort C
    on S
    measure dropout
    after 1 year
    scope institution-programme
    switchers count as dropout
}
`;

const FILTER = '(status = "actief" or status in ("x")) and not opl is missing and jaar >= 2019 and date(datum, "yyyyMMdd") < 2021-01-01';

async function records(engine: Engine, reader: DuckDBEngine, files: Record<string, string>): Promise<string[]> {
    const dir = writeFiles({ 'stroom.json': '{}', ...files });
    const file = path.join(dir, 'def.stroom');
    const ws = await loadWorkspace(dir, [path.join(dir, 'src.stroom'), file]);
    const [prepared] = prepare(ws, file, { indicator: 'I' });
    const result = await execute(engine, prepared, { records: true, reader });
    return (result.records ?? []).map((r) => `${r.person}:${r.outcome}`);
}

for (const engineName of ['DuckDB', 'PostgreSQL'] as const) describe(`mappings and entry on ${engineName}`, function () {
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

    it('keeps the rows a compound where selects: and, or, not, in, is missing, a number and a date compared', async () => {
        const got = await records(engine, reader, {
            'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'src.stroom': source(FILTER), 'def.stroom': INDICATOR(''),
        });
        assert.deepEqual(got, ['a:retained', 'c:retained']);
    });

    it('takes entry from the file\'s own flag, and reads the flag column only when a cohort uses it', async () => {
        // g has flag 1 in 2020 although enrolled since 2019 (so not new by dates); h has flag 2 and is left out.
        const rows = [
            'g;A;34001;20190901;20200831;actief;34001;2019;20190901;2;J',
            'g;A;34001;20200901;;actief;34001;2020;20200901;1;J',
            'h;A;34001;20200901;;actief;34001;2020;20200901;2;J',
        ];
        const files = { 'enr.csv': [HEADER, ...rows].join('\n') + '\n', 'src.stroom': source('jaar >= 2000') };
        assert.deepEqual(await records(engine, reader, { ...files, 'def.stroom': INDICATOR('    entry flag "eerstejaars" = "1"') }), ['g:retained']);
        assert.deepEqual(await records(engine, reader, { ...files, 'def.stroom': INDICATOR('') }), ['h:retained']);
    });

    it('counts a main anchor whose earlier secondary enrollment makes it not new under main anchor only', async () => {
        const rows = [
            'k;A;34001;20190901;20200831;actief;34001;2019;20190901;1;N',
            'k;A;34001;20200901;;actief;34001;2020;20200901;1;J',
        ];
        const files = { 'enr.csv': [HEADER, ...rows].join('\n') + '\n', 'src.stroom': source('jaar >= 2000').replace('main = constant true', 'main = hoofd') };
        assert.deepEqual(await records(engine, reader, { ...files, 'def.stroom': INDICATOR('    main enrollments only') }), ['k:retained']);
        assert.deepEqual(await records(engine, reader, { ...files, 'def.stroom': INDICATOR('    main anchor only') }), []);
    });
});

describe('mappings and entry: the funnel', () => {
    it('has the flag as its entry step and main anchor only as a step, ending at the run\'s cohort', async () => {
        const rows = [
            'g;A;34001;20190901;20200831;actief;34001;2019;20190901;2;J',
            'g;A;34001;20200901;;actief;34001;2020;20200901;1;J',
            'h;A;34001;20200901;;actief;34001;2020;20200901;2;J',
            'm;A;34001;20200901;;actief;34001;2020;20200901;1;N',
        ];
        const dir = writeFiles({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...rows].join('\n') + '\n',
            'src.stroom': source('jaar >= 2000').replace('main = constant true', 'main = hoofd'),
            'def.stroom': INDICATOR('    entry flag "eerstejaars" = "1"\n    main anchor only') });
        const ws = await loadWorkspace(dir, [path.join(dir, 'src.stroom'), path.join(dir, 'def.stroom')]);
        const [prepared] = prepare(ws, path.join(dir, 'def.stroom'), { indicator: 'I' });
        const engine = await DuckDBEngine.open();
        try {
            const f = await funnel(engine, prepared);
            assert.deepEqual(f.steps.map((s) => s.clause ?? s.key), ['base', 'entry first in institution-programme, entry flag "eerstejaars" = "1"', 'main anchor only']);
            // base g, h, m; the flag keeps g and m; main anchor only keeps g.
            assert.deepEqual(f.years.map((y) => [y.cohortYear, ...y.kept]), [[2020, 3, 2, 1]]);
        } finally {
            await engine.close();
        }
    });
});

describe('mappings and entry: data errors and SQL', () => {
    it('stops on a value a number comparison cannot read, naming file, row and column', async () => {
        const reader = await DuckDBEngine.open();
        try {
            const rows = [...ROWS.slice(0, 2), 'z;A;34001;20200901;;actief;34001;twee;20200901;1;J'];
            await assert.rejects(records(reader, reader, { 'enr.csv': [HEADER, ...rows].join('\n') + '\n', 'src.stroom': source(FILTER), 'def.stroom': INDICATOR('') }),
                (e: unknown) => e instanceof DataError && /enr\.csv.*row 3.*column 'jaar'.*"twee".*not a number/s.test(e.message));
        } finally {
            await reader.close();
        }
    });

    it('names the file and column when the entry flag column is not there', async () => {
        const reader = await DuckDBEngine.open();
        try {
            await assert.rejects(records(reader, reader, { 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'src.stroom': source('jaar >= 2000'), 'def.stroom': INDICATOR('    entry flag "Indicatie eerstejaars" = "1"') }),
                (e: unknown) => e instanceof DataError && /enr\.csv has no column 'Indicatie eerstejaars'/.test(e.message));
        } finally {
            await reader.close();
        }
    });

    it('prints the filter readably, parenthesised, every column and literal quoted, and no flag column unless used', async () => {
        const dir = writeFiles({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'src.stroom': source(FILTER), 'def.stroom': INDICATOR('') });
        const ws = await loadWorkspace(dir, [path.join(dir, 'src.stroom'), path.join(dir, 'def.stroom')]);
        const [prepared] = prepare(ws, path.join(dir, 'def.stroom'), { indicator: 'I' });
        const sql = printSql(prepared.plan, (await DuckDBEngine.open()).dialect, {});
        assert.match(sql, /WHERE \("status" = 'actief' OR "status" IN \('x'\)\) AND NOT \(\("opl" IS NULL OR "opl" IN \('', '-'\)\)\) AND CAST\(trim\(CASE WHEN "jaar" IN \('', '-'\) THEN NULL ELSE "jaar" END\) AS NUMERIC\) >= 2019 AND /);
        assert.match(sql, / < DATE '2021-01-01'/);
        assert.doesNotMatch(sql, /entry_flag/);
    });
});

describe('mappings and entry: the card', () => {
    it('shows entry flag and main anchor only in compare\'s card diff, as off on the side without them', async () => {
        const dir = tempDir();
        writeFiles({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', 'src.stroom': source('jaar >= 2000'),
            'a.stroom': INDICATOR('').replace('package w', 'package a').replace('on S', 'on w.S'),
            'b.stroom': INDICATOR('    entry flag "eerstejaars" = "1"\n    main anchor only').replace('package w', 'package b').replace('on S', 'on w.S') }, dir);
        const ws = await loadWorkspace(dir, ['src.stroom', 'a.stroom', 'b.stroom'].map((f) => path.join(dir, f)));
        const a = prepare(ws, path.join(dir, 'a.stroom'), { indicator: 'I', source: 'w.S' })[0];
        const b = prepare(ws, path.join(dir, 'b.stroom'), { indicator: 'I', source: 'w.S' })[0];
        const rows = choiceRows(a.definition, b.definition).filter((r) => r.differs);
        assert.deepEqual(rows.map((r) => [r.left, r.right]), [
            ['entry by dates', 'entry flag "eerstejaars" = "1"'],
            ['main anchor any', 'main anchor only'],
        ]);
        assert.deepEqual(a.definition.choices.entryFlag, undefined);
        assert.deepEqual(b.definition.choices.entryFlag?.value, { column: 'eerstejaars', value: '1' });
    });

    it('bridges from entry by dates to the flag and main anchor only, one step each, adding up', async () => {
        const rows = [
            'g;A;34001;20190901;20200831;actief;34001;2019;20190901;2;J',
            'g;A;34001;20200901;;actief;34001;2020;20200901;1;J',
            'h;A;34001;20200901;;actief;34001;2020;20200901;2;J',
            'm;A;34001;20200901;;actief;34001;2020;20200901;1;N',
        ];
        const dir = writeFiles({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...rows].join('\n') + '\n',
            'src.stroom': source('jaar >= 2000').replace('main = constant true', 'main = hoofd'),
            'a.stroom': INDICATOR('').replace('package w', 'package a').replace('on S', 'on w.S'),
            'b.stroom': INDICATOR('    entry flag "eerstejaars" = "1"\n    main anchor only').replace('package w', 'package b').replace('on S', 'on w.S') });
        const ws = await loadWorkspace(dir, ['src.stroom', 'a.stroom', 'b.stroom'].map((f) => path.join(dir, f)));
        const a = prepare(ws, path.join(dir, 'a.stroom'), { indicator: 'I' })[0];
        const b = prepare(ws, path.join(dir, 'b.stroom'), { indicator: 'I' })[0];
        const engine = await DuckDBEngine.open();
        try {
            const result = await bridge(engine, a, b);
            assert.ok('steps' in result, JSON.stringify(result));
            assert.deepEqual(result.steps.map((s) => [s.key, s.from, s.to, s.cohortIn, s.cohortOut]), [
                // By dates h and m are new; by the flag g and m; then m's anchor is not main.
                ['entryFlag', 'entry by dates', 'entry flag "eerstejaars" = "1"', 1, 1],
                ['mainAnchorOnly', 'main anchor any', 'main anchor only', 0, 1],
            ]);
        } finally {
            await engine.close();
        }
    });
});

describe('mappings and entry: validation', () => {
    async function check(files: Record<string, string>, name: string): Promise<ReturnType<typeof diagnostics>> {
        const { documents } = await build({ 'stroom.json': '{}', 'enr.csv': [HEADER, ...ROWS].join('\n') + '\n', ...files });
        return diagnostics(documents[name]);
    }

    it('accepts a compound where and typed constants without any diagnostic', async () => {
        assert.deepEqual(await check({ 'src.stroom': source(FILTER) }, 'src.stroom'), []);
    });

    it('refuses a constant of another type than its field, and a date compared without date(...)', async () => {
        const text = source('jaar >= 2022-10-01 or date(datum, "yyyyMMdd") = "x"')
            .replace('main = constant true', 'main = constant 2022').replace('funded = constant true', 'funded = constant true\n        end = constant yes')
            .replace('        end = date(end, "yyyyMMdd")', '');
        const found = await check({ 'src.stroom': text }, 'src.stroom');
        assert.deepEqual(found.map((d) => [d.code, d.text]), [
            ['constant-type', '2022'],
            ['constant-type', 'yes'],
            ['invalid-condition', '2022-10-01'],
            ['invalid-condition', 'datum'],
        ]);
        assert.match(found[0].message, /main takes true or false, not a number: write `constant true \(or false\)`/);
        assert.match(found[1].message, /end takes a date, not a code: write `constant 2022-10-01`/);
    });

    it('accepts a date constant for a date and a number for a year', async () => {
        const text = source('jaar >= 2000').replace('        end = date(end, "yyyyMMdd")', '        end = constant 2022-07-31');
        assert.deepEqual(await check({ 'src.stroom': text }, 'src.stroom'), []);
    });

    it('says entry flag is for entering cohorts, that lookback is ignored beside it, and that main anchor only contradicts main enrollments only', async () => {
        const text = `package w
cohort E {
    kind enrolled
    entry flag "eerstejaars" = "1"
}
cohort F {
    entry first in programme
    inflow any
    entry flag eerstejaars = "1"
    lookback 3 years
}
cohort M {
    entry first in programme
    inflow any
    main enrollments only
    main anchor only
}
`;
        const found = await check({ 'src.stroom': source('jaar >= 2000'), 'c.stroom': text }, 'c.stroom');
        assert.deepEqual(found.map((d) => [d.code, d.severity, d.line]), [
            ['entry-flag-kind', 'error', 4],
            ['lookback-ignored', 'warning', 10],
            ['contradicting-choices', 'error', 16],
        ]);
    });

    it('reports a parse error alone, without the cascade of missing fields it would set off', async () => {
        const text = source('a = "1" && b = "2"');
        const found = await check({ 'src.stroom': text }, 'src.stroom');
        assert.ok(found.length > 0);
        assert.deepEqual([...new Set(found.map((d) => d.code))], ['parse-error']);
    });

    it('says a reserved word used as a name is reserved, at the word, in English and Dutch', async () => {
        const found = await check({ 'x.stroom': 'package w\nexample "e" {\n    person direct {\n        born 2000-01-01\n    }\n}\n' }, 'x.stroom');
        assert.equal(found[0].code, 'parse-error');
        assert.deepEqual([found[0].line, found[0].column, found[0].text], [3, 12, 'direct']);
        assert.match(found[0].message, /`direct` is a reserved word of Stroom and cannot be a name; .* \/ `direct` is een gereserveerd woord van Stroom/);
        const cohort = await check({ 'y.stroom': 'package w\ncohort entering {\n    inflow any\n}\n' }, 'y.stroom');
        assert.deepEqual([cohort[0].line, cohort[0].column, cohort[0].text], [2, 8, 'entering']);
        assert.match(cohort[0].message, /`entering` is a reserved word/);
        const column = await check({ 'src.stroom': source('jaar >= 2000').replace('person = person', 'person = measure') }, 'src.stroom');
        assert.match(column[0].message, /`measure` is a reserved word of Stroom .* quote it: "measure"/);
    });

    it('keeps names that later features made keywords: a file called per or population, a cohort called norm', async () => {
        // Files written before `per mille`, `population from` and `norm from` existed must still parse and link.
        const text = source(FILTER).replace(/\benr\b/g, 'per').replace('source S {', 'source population {')
            + '\ncohort norm {\n    kind entering\n    inflow direct\n    on population\n}\n';
        const found = await check({ 'src.stroom': text }, 'src.stroom');
        assert.deepEqual(found.filter((d) => d.code === 'parse-error' || d.code === 'unresolved-reference'), [], JSON.stringify(found));
        const other = await check({ 'src.stroom': text, 'use.stroom': 'package v\nimport w.{norm, population}\nindicator decimals {\n    cohort norm\n    measure dropout\n    after 1 year\n    switchers count as dropout\n    on population\n}\n' }, 'use.stroom');
        assert.deepEqual(other.filter((d) => d.code === 'parse-error' || d.code === 'unresolved-reference'), [], JSON.stringify(other));
    });

    it('formats a compound where: tight parentheses and date(...), the author\'s line breaks before and / or kept', async () => {
        const canonical = `package w
source S {
    observed from 2014-09-01 until 2024-09-30
    file enr csv "enr.csv" delimiter ";"
    enrollments from enr where (status = "actief" or status in ("x", "y"))
        and not opl is missing and jaar >= 2019
        and date(datum, "yyyyMMdd") < 2021-01-01 {
        person = person
    }
}
`;
        const scrambled = canonical.replace('(status', '(  status').replace('("x", "y"))', '( "x" ,"y" ) )')
            .replace('date(datum, "yyyyMMdd")', 'date ( datum ,"yyyyMMdd" )').replace('jaar >= 2019', 'jaar   >=  2019');
        const format = async (text: string) => {
            const { documents, services } = await build({ 'f.stroom': text });
            const doc = documents['f.stroom'];
            const edits = await services.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
            return TextDocument.applyEdits(doc.textDocument, edits);
        };
        assert.equal(await format(canonical), canonical);
        assert.equal(await format(scrambled), canonical);
    });

    it('says an example cannot check a cohort with entry flag, instead of failing every expectation', async () => {
        const text = `package w
cohort F {
    entry first in programme
    entry flag "eerstejaars" = "1"
    inflow any
}
example "flag" {
    person p {
        enrolled hbo "21PB" programme "34604" fulltime from 2020-09-01
    }
    expect p in F year 2020
}
`;
        const found = await check({ 'src.stroom': source('jaar >= 2000'), 'e.stroom': text }, 'e.stroom');
        assert.deepEqual(found.map((d) => d.code), ['example-error']);
        assert.match(found[0].message, /entry flag.*example persons do not have/);
    });
});
