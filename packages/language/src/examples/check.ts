// Example blocks: made-up people with timelines and `expect` lines, checked on the reference evaluator (in the
// editor, as you type) and on a database engine (`stroom test`). Both read the same records, written here once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ast from '../generated/ast.js';
import { lineOf, documentPath, resolveCohort, resolveIndicator, resolveSource, unquote } from '../definition/resolve.js';
import type { Definition, FieldValue, MappingSpec, SourceSpec } from '../definition/types.js';
import { evaluate, type ObservationWindow } from '../evaluate/evaluate.js';
import type { Diploma, Enrollment, Person, PriorEducation, Records } from '../evaluate/records.js';
import { plan } from '../plan/plan.js';
import type { DuckDBEngine, Engine } from '../run/engine.js';
import { execute } from '../run/session.js';
import { csvDocument } from '../text/csv.js';

/** Without an `observed` clause an example's data cover every day a definition could read. */
export const OPEN_WINDOW = { from: '1900-09-01', until: '2099-09-30' } as const;

export interface Outcomes {
    /** One row per counted person (or unit) and cohort year, with its breakdown values by breakdown name. */
    readonly rows: ReadonlyArray<{ readonly cohortYear: number; readonly person: string; readonly outcome: string; readonly breakdown?: Readonly<Record<string, string | null>> }>;
    readonly incomplete: readonly number[];
}

export interface ExpectationResult {
    readonly expectation: ast.Expectation;
    /** The expect line as written. */
    readonly text: string;
    readonly line: number;
    readonly expected: string;
    readonly got: string;
    readonly ok: boolean;
}

export interface ExampleResult {
    readonly example: ast.Example;
    readonly name: string;
    readonly file: string;
    readonly line: number;
    readonly expectations: readonly ExpectationResult[];
    /** A problem that keeps the example from running at all (an incomplete definition, say). */
    readonly error?: string;
}

export class ExampleError extends Error { }

function exampleSource(example: ast.Example): SourceSpec | undefined {
    const source = example.source?.ref;
    return source ? resolveSource(source) : undefined;
}

/** The example's people as the records a source's mapping would give. */
export function exampleRecords(example: ast.Example): Records {
    const persons: Person[] = [];
    const enrollments: Enrollment[] = [];
    const diplomas: Diploma[] = [];
    const prior: PriorEducation[] = [];
    for (const p of example.members.filter(ast.isExamplePerson)) {
        const attributes: Record<string, string | null> = {};
        let birthDate: string | null = null;
        for (const e of p.events) {
            if (ast.isBornEvent(e)) birthDate = e.date;
            else if (ast.isAttributeEvent(e)) attributes[e.attribute] = unquote(e.value);
            else if (ast.isPriorEvent(e)) prior.push({ person: p.name, category: e.category, schoolYear: e.from, sourceRow: prior.length + 1 });
            else if (ast.isEnrolledEvent(e)) {
                enrollments.push({
                    person: p.name, institution: unquote(e.institution), programme: unquote(e.programme), sector: e.sector,
                    level: e.level ?? null, mode: e.mode ?? null, main: !e.secondary, funded: !e.unfunded,
                    start: e.start, end: e.end ?? null, leaveReason: e.leaveReason ?? null, sourceRow: enrollments.length + 1,
                    ...(e.attributes.length > 0 ? { attributes: Object.fromEntries(e.attributes.map((a) => [a.name, unquote(a.value)])) } : {}),
                });
            } else if (ast.isDiplomaEvent(e)) {
                diplomas.push({
                    person: p.name, institution: unquote(e.institution), programme: unquote(e.programme), sector: e.sector,
                    level: e.level ?? null, kind: e.kind ?? 'final', first: e.date ?? e.first ?? '', last: e.date ?? e.last ?? '',
                    sourceRow: diplomas.length + 1,
                });
            }
        }
        persons.push({ person: p.name, birthDate, attributes });
    }
    return { persons, enrollments, diplomas, prior };
}

export function exampleWindow(example: ast.Example): ObservationWindow {
    const observed = example.members.find(ast.isObservedClause);
    const source = exampleSource(example);
    // With only dated diplomas no period can straddle a cutoff, so which day counts is moot; a `between` diploma
    // needs the declaration of the example's source.
    const periods = example.members.filter(ast.isExamplePerson).some((p) => p.events.some((e) => ast.isDiplomaEvent(e) && !e.date));
    const yearOnlyAt = source?.yearOnlyAt ?? (periods ? undefined : 'last');
    return {
        observed: observed ? { from: observed.from, until: observed.until } : { ...OPEN_WINDOW },
        studyYearStart: source?.studyYearStart ?? { month: 9, day: 1 },
        ...(yearOnlyAt ? { yearOnlyAt } : {}),
    };
}

/** The card an expectation checks: the indicator's, or for membership the cohort's own. */
function cardFor(expectation: ast.Expectation, source: SourceSpec | undefined): Definition {
    const ctx = source ? { source } : {};
    const target = ast.isExpectMember(expectation) ? expectation.target?.ref : (expectation as ast.ExpectOutcome).indicator?.ref;
    if (!target) throw new ExampleError('the cohort or indicator is not found');
    const { definition, problems } = ast.isCohort(target) ? resolveCohort(target, ctx) : resolveIndicator(target, ctx);
    if (!definition) {
        const why = problems.filter((p) => p.severity === 'error').map((p) => p.message.split(' / ')[0].replace(/\.$/, ''));
        const hint = ast.isCohort(target) ? ` (a cohort that takes choices from a convention is checked through its indicator: \`expect p in <Indicator>\`)` : '';
        throw new ExampleError(`${why.join('; ')}${hint}`);
    }
    const by = ast.isExpectOutcome(expectation) ? expectation.breakdown : undefined;
    if (by && !definition.breakdown.includes(by)) {
        throw new ExampleError(`${definition.indicator.name} is not broken down by ${by} (${definition.breakdown.length > 0 ? `it is by ${definition.breakdown.join(', ')}` : 'it has no `by`'})`);
    }
    // An example person's enrollments carry no file columns, so no first-year flag: every expectation would fail.
    if (definition.choices.entryFlag?.value) {
        throw new ExampleError(`${definition.indicator.name} takes entry from the file's flag (\`entry flag\`), which example persons do not have`);
    }
    return definition;
}

/** Checks one expectation against the outcomes of its card. */
function judge(expectation: ast.Expectation, outcomes: Outcomes): { expected: string; got: string } {
    const year = expectation.year;
    const personName = expectation.person?.$refText ?? '';
    const rows = outcomes.rows.filter((r) => r.person === personName && (year === undefined || r.cohortYear === year));
    if (ast.isExpectMember(expectation)) {
        const expected = expectation.negated ? 'not in' : 'in';
        if (year !== undefined && outcomes.incomplete.includes(year)) return { expected, got: 'incomplete' };
        const years = [...new Set(rows.map((r) => r.cohortYear))];
        return { expected, got: rows.length > 0 ? `in (cohort ${years.join(', ')})` : 'not in' };
    }
    const outcome = expectation as ast.ExpectOutcome;
    // `with B = "v"`: the breakdown value is part of what is expected (a missing value shows as `missing`).
    const by = outcome.breakdown;
    const shown = (v: string | null | undefined) => (v === null || v === undefined ? 'missing' : JSON.stringify(v));
    const withBy = (o: string, v?: string | null) => (by ? `${o} with ${by} = ${v === undefined ? '?' : shown(v)}` : o);
    const expected = withBy(unquote(outcome.outcome), by ? unquote(outcome.value) : undefined);
    if (year !== undefined && outcomes.incomplete.includes(year)) return { expected, got: 'incomplete' };
    const years = [...new Set(rows.map((r) => r.cohortYear))];
    if (years.length > 1) throw new ExampleError(`${personName} is in cohorts ${years.join(' and ')}: add \`in YEAR\``);
    if (rows.length === 0) return { expected, got: 'absent' };
    return { expected, got: [...new Set(rows.map((r) => withBy(r.outcome, by ? r.breakdown?.[by] ?? null : undefined)))].join(' and ') };
}

function matches(expected: string, got: string): boolean {
    if (expected === 'in') return got.startsWith('in');
    return expected === got;
}

/** Runs every expectation of an example with `compute` giving the outcomes of a card. */
async function runExample(example: ast.Example, compute: (def: Definition) => Promise<Outcomes> | Outcomes): Promise<ExampleResult> {
    const base = { example, name: unquote(example.name), file: documentPath(example), line: lineOf(example) };
    const source = exampleSource(example);
    const results: ExpectationResult[] = [];
    try {
        for (const expectation of example.members.filter(ast.isExpectation)) {
            const outcomes = await compute(cardFor(expectation, source));
            const { expected, got } = judge(expectation, outcomes);
            results.push({
                expectation, text: expectation.$cstNode?.text.replace(/\s+/g, ' ') ?? '', line: lineOf(expectation),
                expected, got, ok: matches(expected, got),
            });
        }
    } catch (e) {
        return { ...base, expectations: results, error: (e as Error).message };
    }
    return { ...base, expectations: results };
}

/** The example on the reference evaluator: synchronous work, fast enough to run as you type. */
export async function checkOnEvaluator(example: ast.Example): Promise<ExampleResult> {
    const records = exampleRecords(example);
    const window = exampleWindow(example);
    return runExample(example, (def) => {
        const ev = evaluate(def, records, window);
        return {
            rows: ev.rows.map((r) => ({ ...r, breakdown: Object.fromEntries(def.breakdown.map((b, i) => [b, r.breakdown[i]])) })),
            incomplete: ev.incomplete.map((i) => i.year),
        };
    });
}

// ------------------------------------------------------------------ on a database engine

const CSV_HEADERS = {
    persons: ['person', 'birth_date'],
    enrollments: ['person', 'institution', 'programme', 'sector', 'level', 'mode', 'main', 'funded', 'start', 'end', 'leave_reason'],
    diplomas: ['person', 'institution', 'programme', 'sector', 'level', 'kind', 'first_day', 'last_day'],
    prior: ['person', 'category', 'school_year'],
} as const;

function csvCell(v: unknown): string {
    return v === null || v === undefined ? '' : String(v);
}

/** Writes the example's records as CSV files in `dir` and describes them as a source. */
export function exampleSourceSpec(example: ast.Example, dir: string): SourceSpec {
    const records = exampleRecords(example);
    const window = exampleWindow(example);
    const source = exampleSource(example);
    const attributes = [...new Set(records.persons.flatMap((p) => Object.keys(p.attributes)))].sort();
    const write = (name: string, header: readonly string[], rows: ReadonlyArray<readonly unknown[]>) => {
        fs.writeFileSync(path.join(dir, `${name}.csv`), csvDocument([header, ...rows.map((r) => r.map(csvCell))]));
    };
    write('persons', [...CSV_HEADERS.persons, ...attributes], records.persons.map((p) => [p.person, p.birthDate, ...attributes.map((a) => p.attributes[a] ?? null)]));
    // Enrollment attributes (`with cluster = "2"`) get columns of their own, named apart from the fixed ones.
    const enrollmentAttributes = [...new Set(records.enrollments.flatMap((e) => Object.keys(e.attributes ?? {})))].sort();
    const attributeColumn = (a: string) => `attribute_${a}`;
    write('enrollments', [...CSV_HEADERS.enrollments, ...enrollmentAttributes.map(attributeColumn)], records.enrollments.map((e) => [e.person, e.institution, e.programme, e.sector, e.level, e.mode, e.main, e.funded, e.start, e.end, e.leaveReason,
        ...enrollmentAttributes.map((a) => e.attributes?.[a] ?? null)]));
    write('diplomas', CSV_HEADERS.diplomas, records.diplomas.map((d) => [d.person, d.institution, d.programme, d.sector, d.level, d.kind, d.first, d.last]));
    write('prior', CSV_HEADERS.prior, records.prior.map((p) => [p.person, p.category, p.schoolYear]));
    const at = { file: documentPath(example), line: lineOf(example) };
    const column = (c: string): FieldValue => ({ kind: 'column', column: c });
    const date = (c: string): FieldValue => ({ kind: 'date', column: c, format: 'yyyy-MM-dd' });
    const mapping = (record: MappingSpec['record'], file: string, fields: Record<string, FieldValue>): MappingSpec => ({
        record, fields, at,
        file: { name: file, format: 'csv', path: path.join(dir, `${file}.csv`), written: `${file}.csv`, delimiter: ',', at, ownFolder: dir },
    });
    return {
        name: 'example', qualifiedName: 'example', studyYearStart: window.studyYearStart, observed: window.observed,
        missing: [], labels: {}, ...(source?.peildatum ? { peildatum: source.peildatum } : {}),
        ...(window.yearOnlyAt ? { yearOnlyAt: window.yearOnlyAt } : {}),
        mappings: [
            mapping('persons', 'persons', { person: column('person'), 'birth date': date('birth_date'), ...Object.fromEntries(attributes.map((a) => [a, column(a)])) }),
            mapping('enrollments', 'enrollments', {
                person: column('person'), institution: column('institution'), programme: column('programme'), sector: column('sector'),
                level: column('level'), mode: column('mode'), main: column('main'), funded: column('funded'), start: date('start'), end: date('end'),
                'leave reason': column('leave_reason'),
                ...Object.fromEntries(enrollmentAttributes.map((a) => [a, column(attributeColumn(a))])),
            }),
            mapping('diplomas', 'diplomas', {
                person: column('person'), institution: column('institution'), programme: column('programme'), sector: column('sector'),
                level: column('level'), kind: column('kind'),
                date: { kind: 'period', from: { column: 'first_day', format: 'yyyy-MM-dd' }, to: { column: 'last_day', format: 'yyyy-MM-dd' } },
            }),
            mapping('prior education', 'prior', { person: column('person'), category: column('category'), 'diploma year': { kind: 'school year', column: 'school_year' } }),
        ],
        file: at.file, line: at.line,
    };
}

/** The example on a database engine, through the real plan and SQL. */
export async function checkOnEngine(example: ast.Example, engine: Engine, reader: DuckDBEngine, dir: string): Promise<ExampleResult> {
    const spec = exampleSourceSpec(example, dir);
    return runExample(example, async (def) => {
        // Without an explicit source the card's own peildatum (or 1 October) holds; the records are the example's.
        const p = plan(def, spec);
        const result = await execute(engine, { definition: def, source: spec, plan: p }, { records: true, reader });
        return {
            rows: (result.records ?? []).map((r) => ({
                cohortYear: Number(r.cohort_year), person: String(r.person), outcome: String(r.outcome),
                breakdown: Object.fromEntries(def.breakdown.map((b) => {
                    const v = r[`by_${b}`];
                    return [b, v === null || v === undefined ? null : String(v)];
                })),
            })),
            incomplete: p.incomplete.map((i) => i.year),
        };
    });
}
