// The semantics contract: test/spec/cases.json, read as it is. Each variant is written as Stroom text, each
// case's records as CSV files, and every expectation is checked through the real pipeline (parse -> card -> plan ->
// SQL -> DuckDB, and PostgreSQL) with one row per person (--records). The reference evaluator checks the same
// file independently (test/evaluate/cases.test.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBEngine, PostgresEngine, execute, prepare, loadWorkspace, type Engine } from '@stroom/language';
import { postgresFor } from '../postgres.js';
import { SPEC, tempDir } from '../helpers.js';

interface Rec { [k: string]: unknown }
interface Variant {
    cohort: { kind?: string; entry?: string; sector?: string[]; inflow?: string; gap?: number; inflow_sectors?: string[]; lookback?: number; main_only?: boolean; main_anchor_only?: boolean; entry_flag?: { column: string; value: string }; history?: { sector: string; within_years?: number }; prior?: string[]; age_below?: number; funded?: boolean; level?: string[] };
    indicator: { measure: string; horizon?: number; scope?: string; switch?: string; switch_domain?: string | string[]; reentry?: string; unit?: string; over_retained_after?: number };
}
interface Case {
    name: string; about: string; observed: { from: string; until: string };
    persons: Rec[]; enrollments: Rec[]; diplomas: Rec[]; prior: Rec[];
    variants: Record<string, Variant>;
    expect: Array<{ variant: string; cohort_year: number; person: string; entry_unit?: string; outcome: string }>;
}

// cases-next.json must stay byte for byte the team's reference copy (test/spec/sync.test.ts), so its cases are not
// moved into cases.json when their feature lands: the landed ones are named here and run with the rest.
const LANDED_NEXT = ['main-anchor-only', 'entry-flag', 'history-vso'];
const spec = JSON.parse(fs.readFileSync(path.join(SPEC, 'cases.json'), 'utf8')) as { cases: Case[] };
const next = JSON.parse(fs.readFileSync(path.join(SPEC, 'cases-next.json'), 'utf8')) as { cases: Case[] };
spec.cases.push(...next.cases.filter((c) => LANDED_NEXT.includes(c.name)));


function csv(header: string[], rows: Rec[], pick: (r: Rec, col: string) => unknown = (r, col) => r[col]): string {
    const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    return `${[header.join(','), ...rows.map((r) => header.map((h) => cell(pick(r, h))).join(','))].join('\n')}\n`;
}

function sourceText(c: Case): string {
    return `package cases
source Case {
    observed from ${c.observed.from} until ${c.observed.until}
    year-only diplomas count at last day
    file persons csv "persons.csv"
    file enrollments csv "enrollments.csv"
    file diplomas csv "diplomas.csv"
    file priors csv "prior.csv"
    persons from persons {
        person = person
        birth date = date(birth_date, "yyyy-MM-dd")
    }
    enrollments from enrollments {
        person = person
        institution = institution
        programme = programme
        sector = sector
        level = level
        mode = mode
        main = main
        funded = funded
        start = date(start, "yyyy-MM-dd")
        end = date(end, "yyyy-MM-dd")
    }
    diplomas from diplomas {
        person = person
        institution = institution
        programme = programme
        sector = sector
        level = level
        kind = kind
        date = period date(first_day, "yyyy-MM-dd") to date(last_day, "yyyy-MM-dd")
    }
    prior education from priors {
        person = person
        category = category
        diploma year = school year starting school_year
    }
}
`;
}

/** One variant of the contract as a Stroom cohort and indicator. */
export function variantText(id: string, v: Variant): string {
    const c = v.cohort;
    const i = v.indicator;
    const years = (n: number) => (n === 1 ? 'year' : 'years');
    const cohort = [`cohort C${id} {`];
    if (c.kind && c.kind !== 'entering') cohort.push(`    kind ${c.kind}`);
    if (c.entry) cohort.push(`    entry first in ${c.entry}`);
    if (c.sector) cohort.push(`    sector ${c.sector.join(', ')}`);
    switch (c.inflow) {
        case 'direct': cohort.push(`    inflow direct gap ${c.gap ?? 0} ${years(c.gap ?? 0)}`); break;
        case 'indirect': cohort.push(`    inflow indirect gap ${c.gap ?? 0} ${years(c.gap ?? 0)}`); break;
        case 'direct-by-enrollment': cohort.push(`    inflow direct by enrollment${c.inflow_sectors ? ` in ${c.inflow_sectors.join(', ')}` : ''}`); break;
        case 'any': cohort.push('    inflow any'); break;
    }
    if (c.lookback !== undefined) cohort.push(`    lookback ${c.lookback} ${years(c.lookback)}`);
    if (c.main_only) cohort.push('    main enrollments only');
    if (c.main_anchor_only) cohort.push('    main anchor only');
    if (c.entry_flag) cohort.push(`    entry flag ${JSON.stringify(c.entry_flag.column)} = ${JSON.stringify(c.entry_flag.value)}`);
    if (c.history) cohort.push(`    history ${c.history.sector}${c.history.within_years !== undefined ? ` within ${c.history.within_years} ${years(c.history.within_years)}` : ''}`);
    if (c.prior) cohort.push(`    prior ${c.prior.join(', ')}`);
    if (c.age_below !== undefined) cohort.push(`    age below ${c.age_below}`);
    if (c.funded) cohort.push('    funded only');
    if (c.kind === 'graduating' || c.kind === 'leaving' || c.kind === 'enrolled') { /* no entry or inflow */ }
    if (c.level) cohort.push(`    level ${c.level.join(', ')}`);
    cohort.push('}');
    const ind = [`indicator I${id} {`, `    cohort C${id}`];
    ind.push(`    measure ${i.measure}${i.over_retained_after !== undefined ? ` over retained after ${i.over_retained_after} ${years(i.over_retained_after)}` : ''}`);
    if (i.horizon !== undefined) ind.push(`    after ${i.horizon} ${years(i.horizon)}`);
    if (i.scope) ind.push(`    scope ${i.scope}`);
    if (i.switch) ind.push(`    switchers count as ${i.switch}`);
    if (i.switch_domain) {
        ind.push(Array.isArray(i.switch_domain) ? `    switch within sectors ${i.switch_domain.join(', ')}` : `    switch within ${i.switch_domain}`);
    }
    if (i.reentry === 'first-exit') ind.push('    reentry first-exit');
    if (i.unit) ind.push(`    unit ${i.unit}`);
    ind.push('}');
    return `${cohort.join('\n')}\n\n${ind.join('\n')}\n`;
}

function writeCase(c: Case, dir: string, variants: Array<[string, Variant]>): string {
    fs.writeFileSync(path.join(dir, 'stroom.json'), '{}');
    fs.writeFileSync(path.join(dir, 'persons.csv'), csv(['person', 'birth_date'], c.persons));
    // A record's extra fields (the entry-flag case's first_year) are columns of the file too.
    const extra = [...new Set(c.enrollments.flatMap((e) => Object.keys((e.extra as Rec | undefined) ?? {})))];
    fs.writeFileSync(path.join(dir, 'enrollments.csv'), csv(['person', 'institution', 'programme', 'sector', 'level', 'mode', 'main', 'funded', 'start', 'end', ...extra], c.enrollments,
        (r, col) => (extra.includes(col) ? (r.extra as Rec | undefined)?.[col] : r[col])));
    // A dated diploma is a period of one day; a year-only diploma has its own first and last day.
    fs.writeFileSync(path.join(dir, 'diplomas.csv'), csv(['person', 'institution', 'programme', 'sector', 'level', 'kind', 'first_day', 'last_day'], c.diplomas,
        (r, col) => (col === 'first_day' ? (r.period as Rec | undefined)?.first ?? r.date : col === 'last_day' ? (r.period as Rec | undefined)?.last ?? r.date : r[col])));
    fs.writeFileSync(path.join(dir, 'prior.csv'), csv(['person', 'category', 'school_year'], c.prior));
    fs.writeFileSync(path.join(dir, 'source.stroom'), sourceText(c));
    const defs = variants.map(([, v], n) => variantText(String(n), v)).join('\n');
    const file = path.join(dir, 'variants.stroom');
    fs.writeFileSync(file, `package cases\n\n${defs}`);
    return file;
}

for (const engineName of ['DuckDB', 'PostgreSQL'] as const) describe(`spec cases (test/spec/cases.json) on ${engineName}`, function () {
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

    let checked = 0;
    after(() => {
        const total = spec.cases.reduce((a, c) => a + c.expect.length, 0);
        console.log(`      ${checked} of ${total} expectations checked on ${engineName}.`);
    });

    for (const c of spec.cases) {
        const runnable = Object.entries(c.variants);
        it(`${c.name}: ${c.about}`, async () => {
            const dir = tempDir('stroom-case-');
            const file = writeCase(c, dir, runnable);
            const ws = await loadWorkspace(dir, [file]);
            const failures: string[] = [];
            for (const [n, [name]] of runnable.entries()) {
                let prepared;
                try {
                    [prepared] = prepare(ws, file, { indicator: `I${n}` });
                } catch (e) {
                    throw new Error(`${(e as Error).message}\n${((e as { diagnostics?: string[] }).diagnostics ?? []).join("\n")}\n${fs.readFileSync(file, "utf8")}`);
                }
                const result = await execute(engine, prepared, { records: true, reader });
                for (const e of c.expect.filter((x) => x.variant === name)) {
                    let got: string;
                    if (prepared.plan.incomplete.some((i) => i.year === e.cohort_year)) got = 'incomplete';
                    else {
                        const rows = (result.records ?? []).filter((r) => Number(r.cohort_year) === e.cohort_year && r.person === e.person
                            && (e.entry_unit === undefined || r.programme === e.entry_unit));
                        assert.ok(rows.length <= 1, `${name}: several rows for ${e.person}`);
                        got = rows.length === 0 ? 'absent' : String(rows[0].outcome);
                    }
                    checked++;
                    if (got !== e.outcome) failures.push(`${name} ${e.cohort_year} ${e.person}${e.entry_unit ? ` (${e.entry_unit})` : ''}: expected ${e.outcome}, got ${got}`);
                }
            }
            assert.deepEqual(failures, []);
        });
    }
});
