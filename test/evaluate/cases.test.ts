// The reference evaluator against the semantics contract: every expectation of test/spec/cases.json, read as
// it is. Each variant (a card in neutral form) becomes a Definition through the small builder below, which fills
// every choice the variant leaves out with SEMANTICS.md's default (origin 'default'); each case's records become
// in-memory Records. Nothing is skipped: a failing expectation is reported with expected vs got.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    counts, evaluate,
    type Chosen, type CodeSet, type Definition, type Evaluation, type Inflow, type MeasureName, type MonthDay,
    type Origin, type Records, type SwitchDomain,
} from '@stroom/language';
import { SPEC } from '../helpers.js';

// ------------------------------------------------------------------ the file's shapes

interface CaseFile {
    readonly peildatum: string;
    readonly cases: readonly Case[];
}

interface Case {
    readonly name: string;
    readonly about: string;
    readonly observed: { readonly from: string; readonly until: string };
    readonly persons: ReadonlyArray<{ readonly person: string; readonly birth_date?: string | null; readonly [attribute: string]: unknown }>;
    readonly enrollments: ReadonlyArray<{
        readonly person: string; readonly institution: string | null; readonly programme: string | null;
        readonly sector: string | null; readonly level: string | null; readonly mode: string | null;
        readonly main?: boolean | null; readonly funded?: boolean | null; readonly start: string;
        readonly end: string | null; readonly leave_reason?: string | null;
        readonly extra?: Readonly<Record<string, string | null>>;
    }>;
    readonly diplomas: ReadonlyArray<{
        readonly person: string; readonly institution: string | null; readonly programme: string | null;
        readonly sector: string | null; readonly level: string | null; readonly kind: string | null;
        readonly date?: string; readonly period?: { readonly first: string; readonly last: string };
    }>;
    readonly prior: ReadonlyArray<{ readonly person: string; readonly category: string; readonly school_year: number }>;
    readonly variants: Readonly<Record<string, Variant>>;
    readonly expect: readonly Expectation[];
}

interface Variant {
    readonly cohort: {
        readonly kind: 'entering' | 'enrolled' | 'graduating' | 'leaving';
        readonly entry?: 'programme' | 'institution' | 'institution-programme' | 'sector' | 'education';
        readonly sector?: string[]; readonly mode?: string[]; readonly level?: string[]; readonly prior?: string[];
        readonly inflow?: 'any' | 'direct' | 'indirect' | 'direct-by-enrollment';
        readonly gap?: number; readonly inflow_sectors?: string[];
        readonly lookback?: number | 'all'; readonly main_only?: boolean; readonly age_below?: number;
        readonly funded?: boolean; readonly main_anchor_only?: boolean;
        readonly entry_flag?: { readonly column: string; readonly value: string };
        readonly history?: { readonly sector: string; readonly within_years?: number };
    };
    readonly indicator: {
        readonly measure: MeasureName; readonly horizon?: number;
        readonly scope?: 'programme' | 'institution' | 'institution-programme' | 'sector' | 'education';
        readonly switch?: 'dropout' | 'retained' | 'separate';
        readonly switch_domain?: 'institution' | 'sector' | 'education' | string[];
        readonly reentry?: 'first-exit'; readonly unit?: 'person' | 'enrollment'; readonly over_retained_after?: number;
    };
}

interface Expectation {
    readonly variant: string;
    readonly cohort_year: number;
    readonly person: string;
    readonly entry_unit?: string;
    readonly outcome: string;
}

const CASES_FILE = path.join(SPEC, 'cases.json');
// cases-next.json must stay byte for byte the team's reference copy (test/spec/sync.test.ts), so its cases are not
// moved into cases.json when their feature lands: the landed ones are named here and run with the rest.
const LANDED_NEXT = ['main-anchor-only', 'entry-flag', 'history-vso'];
const next = JSON.parse(fs.readFileSync(path.join(SPEC, 'cases-next.json'), 'utf8')) as CaseFile;
const spec: CaseFile = {
    ...JSON.parse(fs.readFileSync(CASES_FILE, 'utf8')) as CaseFile,
};
(spec as { cases: Case[] }).cases = [...spec.cases, ...next.cases.filter((c) => LANDED_NEXT.includes(c.name))];

// ------------------------------------------------------------------ variant -> Definition

const DEFAULT: Origin = { kind: 'default' };
const OUTCOME_MEASURES: readonly MeasureName[] = ['dropout', 'switch', 'retention', 'success'];

/** The variant's own value (explicit, naming the variant) or SEMANTICS.md's default. */
function choice<T>(given: T | undefined, fallback: T, where: string): Chosen<T> {
    return given === undefined
        ? { value: fallback, origin: DEFAULT }
        : { value: given, origin: { kind: 'explicit', element: where, file: CASES_FILE, line: 0 } };
}

function required<T>(given: T | undefined, what: string, where: string): Chosen<T> {
    if (given === undefined) throw new Error(`${where}: ${what} is required and not given`);
    return choice(given, given, where);
}

function codes(list: string[] | undefined): CodeSet | undefined {
    return list === undefined ? undefined : list;
}

function inflowOf(c: Variant['cohort']): Inflow | undefined {
    switch (c.inflow) {
        case undefined: return undefined;
        case 'any': return { kind: 'any' };
        case 'direct-by-enrollment': return { kind: 'direct-by-enrollment', sectors: c.inflow_sectors ?? 'any' };
        default: return { kind: c.inflow, gap: c.gap ?? 0 };
    }
}

function switchDomainOf(domain: Variant['indicator']['switch_domain']): SwitchDomain | undefined {
    if (domain === undefined) return undefined;
    return Array.isArray(domain) ? { kind: 'sectors', sectors: domain } : { kind: domain };
}

function peildatumOf(text: string): MonthDay {
    const [month, day] = text.split('-').map(Number);
    return { month, day };
}

function definitionOf(caseName: string, variantName: string, v: Variant): Definition {
    const where = `${caseName} / ${variantName}`;
    const { cohort: c, indicator: i } = v;
    const measure = i.measure;
    const entering = c.kind === 'entering';
    const outcomeMeasure = OUTCOME_MEASURES.includes(measure);
    const ref = { name: variantName, qualifiedName: `${caseName}.${variantName}`, file: CASES_FILE, line: 0 };
    return {
        indicator: ref,
        cohort: { ...ref, kind: c.kind },
        measure: { name: measure, ...(i.over_retained_after === undefined ? {} : { overRetainedAfter: i.over_retained_after }) },
        conventions: [],
        breakdown: [],
        choices: {
            peildatum: choice(undefined, peildatumOf(spec.peildatum), where),
            ...(entering ? {
                entry: required(c.entry, 'entry', where),
                inflow: required(inflowOf(c), 'inflow', where),
                ...(c.entry_flag ? { entryFlag: choice(c.entry_flag, null, where) } : {}),
                lookback: choice(c.lookback, 'all' as const, where),
            } : {}),
            prior: choice(codes(c.prior), 'any', where),
            sector: choice(codes(c.sector), 'any', where),
            mode: choice(codes(c.mode), 'any', where),
            level: choice(codes(c.level), 'any', where),
            funded: choice(c.funded, false, where),
            mainOnly: choice(c.main_only, false, where),
            ...(c.main_anchor_only ? { mainAnchorOnly: choice(c.main_anchor_only, false, where) } : {}),
            ...(c.history ? { history: choice({ sector: c.history.sector, within: c.history.within_years ?? null }, { sector: '', within: null }, where) } : {}),
            ageBelow: choice<number | null>(c.age_below, null, where),
            // jaarresultaat has its own period; vsv and startersresultaat are fixed at one year.
            ...(measure === 'jaarresultaat' ? {} : { horizon: choice(i.horizon, 1, where) }),
            ...(outcomeMeasure ? {
                scope: required(i.scope, 'scope', where),
                switchTreatment: required(i.switch, 'switch', where),
                switchDomain: choice(switchDomainOf(i.switch_domain), { kind: 'education' } as SwitchDomain, where),
                diploma: choice(undefined, { counts: true, kinds: ['final'] }, where),
                reentry: choice(i.reentry === undefined ? undefined : 'first-exit' as const, 'horizon' as const, where),
            } : {}),
            unit: choice(i.unit, 'person' as const, where),
            suppression: choice(undefined, 5, where),
        },
    };
}

// ------------------------------------------------------------------ case records -> Records

function recordsOf(c: Case): Records {
    return {
        persons: c.persons.map(({ person, birth_date, ...rest }) => ({
            person,
            birthDate: birth_date ?? null,
            attributes: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)])),
        })),
        // A record's source row number is its position in its list (1-based).
        enrollments: c.enrollments.map((e, i) => ({
            person: e.person, institution: e.institution, programme: e.programme, sector: e.sector, level: e.level,
            mode: e.mode, main: e.main ?? null, funded: e.funded ?? null, start: e.start, end: e.end,
            leaveReason: e.leave_reason ?? null, sourceRow: i + 1, ...(e.extra ? { extra: e.extra } : {}),
        })),
        diplomas: c.diplomas.map((d, i) => {
            const period = d.period ?? (d.date !== undefined ? { first: d.date, last: d.date } : undefined);
            if (period === undefined) throw new Error(`${c.name}: diploma ${i + 1} has neither a date nor a period`);
            return {
                person: d.person, institution: d.institution, programme: d.programme, sector: d.sector, level: d.level,
                kind: d.kind, first: period.first, last: period.last, sourceRow: i + 1,
            };
        }),
        prior: c.prior.map((r, i) => ({ person: r.person, category: r.category, schoolYear: r.school_year, sourceRow: i + 1 })),
    };
}

// ------------------------------------------------------------------ expectations

/** What the evaluator says for one expectation, in the file's vocabulary. */
function got(evaluation: Evaluation, e: Expectation): string {
    if (evaluation.incomplete.some((i) => i.year === e.cohort_year)) return 'incomplete';
    const rows = evaluation.rows.filter((r) =>
        r.cohortYear === e.cohort_year && r.person === e.person
        && (e.entry_unit === undefined || r.entryUnit === e.entry_unit));
    if (rows.length === 0) return 'absent';
    if (rows.length > 1) return `several rows (${rows.map((r) => `${r.entryUnit}: ${r.outcome}`).join('; ')})`;
    return rows[0].outcome;
}

function evaluateCase(c: Case): { failures: string[]; checked: number } {
    const records = recordsOf(c);
    const window = { observed: c.observed, studyYearStart: { month: 9, day: 1 } };
    const evaluations = new Map<string, Evaluation>();
    const failures: string[] = [];
    for (const [name, variant] of Object.entries(c.variants)) {
        const years = [...new Set(c.expect.filter((e) => e.variant === name).map((e) => e.cohort_year))].sort();
        if (years.length === 0) continue;
        evaluations.set(name, evaluate(definitionOf(c.name, name, variant), records, window, years));
    }
    for (const e of c.expect) {
        const evaluation = evaluations.get(e.variant);
        const actual = evaluation === undefined ? `no variant "${e.variant}"` : got(evaluation, e);
        if (actual !== e.outcome) {
            const unit = e.entry_unit === undefined ? '' : ` unit ${e.entry_unit}`;
            failures.push(`${e.variant}, cohort ${e.cohort_year}, ${e.person}${unit}: expected "${e.outcome}", got "${actual}"`);
        }
    }
    return { failures, checked: c.expect.length };
}

describe('reference evaluator: the hand-worked cases of test/spec/cases.json (and the landed ones of cases-next.json)', () => {
    const total = spec.cases.reduce((n, c) => n + c.expect.length, 0);
    const tally = { checked: 0, failed: 0 };

    after(() => {
        process.stdout.write(`      evaluator: ${tally.checked - tally.failed} of ${total} expectations hold\n`);
    });

    for (const c of spec.cases) {
        it(`${c.name}: ${c.about}`, () => {
            const { failures, checked } = evaluateCase(c);
            tally.checked += checked;
            tally.failed += failures.length;
            assert.equal(failures.length, 0, `${failures.length} of ${checked} expectations fail:\n  ${failures.join('\n  ')}`);
        });
    }

    it('checked every expectation in the file', () => {
        assert.equal(tally.checked, total);
    });
});

describe('reference evaluator: counts', () => {
    const c = spec.cases.find((x) => x.name === 'same-programme-other-institution')!;
    const window = { observed: c.observed, studyYearStart: { month: 9, day: 1 } };

    it('turns dropout-family rows into the shared CountRow shape', () => {
        const def = definitionOf(c.name, 'scope-institution/switch-separate', c.variants['scope-institution/switch-separate']);
        const evaluation = evaluate(def, recordsOf(c), window, [2020]);
        assert.deepEqual(counts(evaluation.rows), [{ cohortYear: 2020, breakdown: [], outcome: 'switched', n: 1 }]);
    });

    it('refuses outcomes CountRow cannot carry instead of dropping them', () => {
        const vsv = spec.cases.find((x) => x.name === 'vsv')!;
        const def = definitionOf(vsv.name, 'vsv', vsv.variants.vsv);
        const evaluation = evaluate(def, recordsOf(vsv), { observed: vsv.observed, studyYearStart: { month: 9, day: 1 } }, [2020]);
        assert.throws(() => counts(evaluation.rows), /not graduated, retained, switched or dropout/);
    });
});

// ------------------------------------------------------------------ rules the cases do not pin

describe('reference evaluator: rules beyond the cases', () => {
    const OBSERVED = { from: '2015-09-01', until: '2024-09-30' };
    const SEPTEMBER = { month: 9, day: 1 };
    const hbo = (person: string, start: string, end: string | null, sourceRow = 1) => ({
        person, institution: 'A', programme: '34001', sector: 'hbo', level: null, mode: 'fulltime', main: true,
        funded: true, start, end, leaveReason: null, sourceRow,
    });
    const noRecords: Records = { persons: [], enrollments: [], diplomas: [], prior: [] };
    const inflowCase = spec.cases.find((x) => x.name === 'inflow')!;
    const dropout = definitionOf('extra', 'any', inflowCase.variants.any);

    it('puts a 1 February peildatum in the next calendar year', () => {
        const def: Definition = { ...dropout, choices: { ...dropout.choices, peildatum: { value: { month: 2, day: 1 }, origin: DEFAULT } } };
        const records: Records = { ...noRecords, enrollments: [hbo('a', '2020-09-01', '2021-01-31'), hbo('b', '2020-09-01', '2021-02-01')] };
        const rows = evaluate(def, records, { observed: OBSERVED, studyYearStart: SEPTEMBER }, [2020]).rows;
        assert.deepEqual(rows.map((r) => [r.person, r.outcome]), [['b', 'dropout']]);
    });

    it('rejects 29 February as a peildatum', () => {
        const def: Definition = { ...dropout, choices: { ...dropout.choices, peildatum: { value: { month: 2, day: 29 }, origin: DEFAULT } } };
        assert.throws(() => evaluate(def, noRecords, { observed: OBSERVED, studyYearStart: SEPTEMBER }, [2020]), /29 February/);
    });

    it('says why a year is incomplete, and lists the window years when none are asked for', () => {
        const evaluation = evaluate(dropout, noRecords, { observed: { from: '2015-09-01', until: '2022-09-30' }, studyYearStart: SEPTEMBER });
        assert.deepEqual(evaluation.years, [2016, 2017, 2018, 2019, 2020]);
        assert.deepEqual(evaluation.incomplete.map((i) => i.year), [2015, 2021]);
        assert.match(evaluation.incomplete[0].reason, /needs 2014-10-01 .*observed from 2015-09-01/);
        assert.match(evaluation.incomplete[1].reason, /needs 2022-10-01 .*observed until 2022-09-30/);
    });

    it('breaks down by prior education, inflow and a person attribute', () => {
        const def: Definition = { ...dropout, breakdown: ['prior', 'inflow', 'gender', 'institution'] };
        const records: Records = { ...recordsOf(inflowCase), persons: [{ person: 'p13', birthDate: null, attributes: { gender: 'v' } }] };
        const rows = evaluate(def, records, { observed: OBSERVED, studyYearStart: SEPTEMBER }, [2020]).rows;
        assert.deepEqual(rows.map((r) => [r.person, ...r.breakdown]), [
            ['p13', 'havo', 'indirect', 'v', 'A'],
            ['p14', 'havo', 'direct', null, 'A'],
            ['p15', 'havo', 'direct', null, 'A'],
            ['p16', null, null, null, 'A'],
        ]);
    });

    it('dates a year-only startkwalificatie that straddles 31 December by its last day unless the source says first', () => {
        const vsvCase = spec.cases.find((x) => x.name === 'vsv')!;
        const def = definitionOf('extra', 'vsv', vsvCase.variants.vsv);
        const records: Records = {
            persons: [{ person: 'q', birthDate: '2003-01-01', attributes: {} }],
            enrollments: [{ ...hbo('q', '2019-08-01', '2021-06-30'), sector: 'mbo', level: 'mbo-3' }],
            diplomas: [{ person: 'q', institution: 'M', programme: '25001', sector: 'mbo', level: 'mbo-2', kind: 'final', first: '2021-10-01', last: '2022-09-30', sourceRow: 1 }],
            prior: [],
        };
        const outcome = (yearOnlyAt?: 'first' | 'last') =>
            evaluate(def, records, { observed: OBSERVED, studyYearStart: SEPTEMBER, ...(yearOnlyAt ? { yearOnlyAt } : {}) }, [2020]).rows[0].outcome;
        assert.equal(outcome(), 'vsv');
        assert.equal(outcome('last'), 'vsv');
        assert.equal(outcome('first'), 'not-vsv');
    });

    it('refuses a measure on a cohort kind it does not belong to', () => {
        const def: Definition = { ...dropout, cohort: { ...dropout.cohort, kind: 'enrolled' } };
        assert.throws(() => evaluate(def, noRecords, { observed: OBSERVED, studyYearStart: SEPTEMBER }, [2020]), /needs a cohort of kind entering/);
    });
});
