// The funnel of a cohort: per cohort year, how many people each clause of the definition keeps. The base is everyone
// with a record that could anchor them (an enrollment on P(y); for graduating cohorts a diploma of study year y-1; for
// leaving cohorts a qualifying diploma or a departure in the year), then one step per clause the definition has,
// each applied on top of the ones before it to the same anchor record, so the counts never grow and the last step is
// the cohort exactly as `run` builds it. One SQL query on the printer's own steps (CTEs), set-based, for every
// dialect; the counts are plain integers (what may be shown is decided by `protectFunnel`, through the disclosure module).
import type { Definition, Origin } from '../definition/types.js';
import type { ChoiceKey } from '../definition/choices.js';
import { showChoice } from '../definition/choices.js';
import { ENTRY_FLAG_COLUMN, type Plan } from '../plan/plan.js';
import type { Dialect } from '../sql/dialect.js';
import { Printer, type PrintOptions } from '../sql/print.js';
import { commentLines } from '../sql/comment.js';
import type { DuckDBEngine, Engine } from '../run/engine.js';
import type { Prepared } from '../run/session.js';
import { DataError, engineMessage } from '../run/checks.js';
import { protectCells, protectedCell, protectFigures, type CellSpec, type DisclosurePolicy, type GroupSpec, type ProtectedCell } from '../disclosure/disclosure.js';

/**
 * A funnel step. `base`: everyone with a candidate anchor record; a clause of the card (`entry` includes its
 * lookback); `retained`: the denominator of `measure success over retained after N years` (those retained after N).
 */
export type FunnelStepKey = 'base' | 'entry' | 'sector' | 'prior' | 'inflow' | 'mode' | 'level' | 'funded' | 'mainOnly'
    | 'mainAnchorOnly' | 'history' | 'ageBelow' | 'retained';

export interface FunnelStep {
    readonly key: FunnelStepKey;
    /** The clause as Stroom writes it (`sector hbo`, `entry first in sector, lookback all`); absent for the base. */
    readonly clause?: string;
    /** Where the clause came from (the card's origin); absent for the base and the measure's own step. */
    readonly origin?: Origin;
}

/** What a funnel count counts: persons, or (person, unit) pairs where the cohort does. */
export type FunnelUnit = 'person' | 'person and entry unit' | 'person and institution' | 'person and programme';

export interface FunnelYear {
    readonly cohortYear: number;
    /** kept[i]: how many passed steps 0..i (before suppression). Non-increasing. */
    readonly kept: readonly number[];
}

export interface FunnelResult {
    readonly prepared: Prepared;
    readonly steps: readonly FunnelStep[];
    readonly unit: FunnelUnit;
    readonly years: readonly FunnelYear[];
    readonly queryMs: number;
}

/**
 * One person in one cohort year of the funnel's base.
 *
 * Contract of `funnelRecords`: one record per cohort year the plan computes (`plan.years`) and per person who has at
 * least one base record that year (for entering and enrolled cohorts: any enrollment, main or not, covering the
 * peildatum P(y); graduating: a diploma of the counted kinds dated in study year y-1; leaving: an mbo diploma of level
 * 2-4 at an institution dated in P(y) .. P(y+1) - 1 day, or enrolled at an institution on P(y) and not on P(y+1)
 * without such a diploma). A person without a base record that year is not listed: for them the base itself is what
 * keeps them out. `droppedAt` is the key of the first step (after the base, in the order of `funnelSteps`) that no
 * record of the person passes together with all the steps before it; null when the person is in the cohort (all
 * steps passed: exactly the people `run` counts for that year, or, with `over retained after N`, its denominator).
 * `person` is the person key as text. Where the cohort counts (person, unit) pairs (`unit enrollment`, leaving
 * cohorts per institution), a person is in when any of their units is, and otherwise gets the step of the unit that
 * came furthest. Records are sorted by cohort year, then person by code point.
 */
export interface FunnelRecord {
    readonly cohortYear: number;
    readonly person: string;
    readonly droppedAt: FunnelStepKey | null;
}

export interface FunnelOptions {
    /** For an engine that cannot read data files itself (PostgreSQL): DuckDB reads them and the engine loads them. */
    readonly reader?: DuckDBEngine;
}

/** Set filters of the card, in funnel order (entry first, then the population filters). */
const FILTER_ORDER: readonly FunnelStepKey[] = ['entry', 'sector', 'prior', 'inflow', 'mode', 'level', 'funded', 'mainOnly', 'mainAnchorOnly', 'history', 'ageBelow'];

/** The steps of a definition's funnel: the base, then only the clauses that filter its cohort. */
export function funnelSteps(def: Definition): FunnelStep[] {
    const c = def.choices;
    const kind = def.cohort.kind;
    const steps: FunnelStep[] = [{ key: 'base' }];
    const withClause = (key: ChoiceKey & FunnelStepKey, clause?: string): FunnelStep => {
        const chosen = c[key]!;
        return { key, clause: clause ?? showChoice(key, chosen.value), origin: chosen.origin };
    };
    // Diplomas carry no mode or funding, and a graduating cohort is made of diplomas: those clauses filter nothing
    // there (main enrollments only reads enrollments only).
    const onEnrollments = kind !== 'graduating';
    for (const key of FILTER_ORDER) {
        switch (key) {
            case 'entry':
                if (c.entry) {
                    // With `entry flag` the file's flag is the entry step; no lookback is read.
                    const lookback = c.entryFlag ? `, ${showChoice('entryFlag', c.entryFlag.value)}`
                        : c.lookback ? `, ${showChoice('lookback', c.lookback.value)}` : '';
                    steps.push(withClause('entry', `${showChoice('entry', c.entry.value)}${lookback}`));
                }
                break;
            case 'inflow':
                if (c.inflow && c.inflow.value.kind !== 'any') steps.push(withClause('inflow'));
                break;
            case 'sector': case 'prior': case 'mode': case 'level':
                if (c[key].value !== 'any' && (onEnrollments || key !== 'mode')) steps.push(withClause(key));
                break;
            case 'funded':
                if (c.funded.value && onEnrollments) steps.push(withClause('funded'));
                break;
            case 'mainOnly':
                if (c.mainOnly.value && onEnrollments) steps.push(withClause('mainOnly'));
                break;
            case 'mainAnchorOnly':
                if (c.mainAnchorOnly?.value && onEnrollments) steps.push(withClause('mainAnchorOnly'));
                break;
            case 'history':
                if (c.history) steps.push(withClause('history'));
                break;
            case 'ageBelow':
                if (c.ageBelow.value !== null) steps.push(withClause('ageBelow'));
                break;
        }
    }
    if (def.measure.overRetainedAfter !== undefined) {
        const n = def.measure.overRetainedAfter;
        steps.push({ key: 'retained', clause: `over retained after ${n} ${n === 1 ? 'year' : 'years'}` });
    }
    return steps;
}

export function funnelUnit(plan: Plan): FunnelUnit {
    const c = plan.cohort;
    if (c.kind === 'leaving') return 'person and institution';
    if (c.unit !== 'enrollment') return 'person';
    if (c.kind === 'entering') return 'person and entry unit';
    return 'person and programme';
}

/**
 * The funnel query. Counts: one row per cohort year with "step_0" .. "step_k" (people or units kept after each
 * step). Records: one row per cohort year and base person with "reached", the number of steps after the base that the
 * person's furthest record passed (k: in the cohort).
 */
export function funnelSql(plan: Plan, dialect: Dialect, options: Pick<PrintOptions, 'records' | 'relationTable'> = {}): string {
    if (plan.years.length === 0) throw new Error('no complete cohort year to compute');
    const steps = funnelSteps(plan.definition);
    const pr = new Printer(dialect, plan, undefined, [], options.relationTable);
    const ctes = pr.ctes();
    const c = plan.cohort;
    const id = (s: string) => pr.id(s);
    const flag = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
    const filterSteps = steps.filter((s) => s.key !== 'base' && s.key !== 'retained');

    // Every candidate anchor record with one 0/1 flag per step: the conditions the printer applies, one by one.
    const [k1, k2] = pr.coverage();
    // All enrollments with their covered peildata, main or not: `main enrollments only` is a step of its own (history
    // and later status still read the printer's "enrollment", which holds only main ones then).
    ctes.push(['funnel_enrollment', `SELECT *, ${k1} AS "k1", ${k2} AS "k2"\n  FROM "enrollment_record"`]);
    // The printer ranks prior education for its own candidates only; every funnel candidate needs it.
    if (plan.needsPrior) ctes.push(['funnel_prior_best', pr.priorBestSql()]);
    const flags = new Map<FunnelStepKey, string>();
    const joins = (rec: string) => [
        ...(plan.needsPrior ? [`LEFT JOIN "funnel_prior_best" AS pb ON pb."person" = ${rec}."person" AND pb."cohort_year" = y."cohort_year"`] : []),
        ...(plan.needsPerson ? [`LEFT JOIN "person" AS pp ON pp."person" = ${rec}."person"`] : []),
    ];
    const setFlag = (key: FunnelStepKey, cond: string | undefined) => { if (cond) flags.set(key, flag(cond)); };
    const commonFlags = (rec: string, diploma: boolean) => {
        setFlag('sector', pr.inSet(`${rec}."sector"`, c.sector));
        setFlag('level', pr.inSet(`${rec}."level"`, c.level));
        setFlag('prior', pr.inSet('pb."category"', c.prior));
        if (c.ageBelow !== null) setFlag('ageBelow', `${pr.ageOnPeil()} < ${c.ageBelow}`);
        // The same semi-join as the cohort's (an entering cohort leaves the candidate itself out).
        if (c.history) setFlag('history', `EXISTS (\n      SELECT 1 FROM "history_enrollment" AS hs\n      WHERE ${pr.historyMatch(c.history, rec, 'y."cohort_year"')}\n    )`);
        if (!diploma) {
            setFlag('mode', pr.inSet(`${rec}."mode"`, c.mode));
            if (c.funded) setFlag('funded', `${rec}."funded"`);
            if (plan.mainOnly) setFlag('mainOnly', `${rec}."main"`);
            if (c.mainAnchorOnly) setFlag('mainAnchorOnly', `${rec}."main"`);
        }
    };
    const flagColumns = (rows?: 'diploma') => filterSteps.map((s) => {
        const name = id(`flag_${s.key}`);
        // A diploma row of a leaving cohort has no mode, funding or main flag to fail.
        if (rows === 'diploma' && (s.key === 'mode' || s.key === 'funded' || s.key === 'mainOnly' || s.key === 'mainAnchorOnly')) return `1 AS ${name}`;
        return `${flags.get(s.key) ?? '1'} AS ${name}`;
    });
    // The flag columns after a select list; none at all when the cohort has no filter (PostgreSQL, unlike DuckDB,
    // refuses a trailing comma before FROM).
    const afterColumns = (list: readonly string[]) => list.map((f) => `,\n    ${f}`).join('');
    const unitColumns: string[] = [];
    let candidate: string;
    if (c.kind === 'entering' || c.kind === 'enrolled') {
        commonFlags('e', false);
        if (c.kind === 'entering') {
            const gap = c.inflow.kind === 'direct' || c.inflow.kind === 'indirect' ? c.inflow.gap : 0;
            const direct = `pb."school_year" BETWEEN y."cohort_year" - ${1 + gap} AND y."cohort_year" - 1`;
            if (c.inflow.kind === 'direct') setFlag('inflow', direct);
            if (c.inflow.kind === 'indirect') setFlag('inflow', `pb."school_year" IS NOT NULL AND NOT (${direct})`);
        }
        const unitKey = c.kind === 'entering' ? c.entryKey : (['institution', 'programme'] as const);
        if (c.unit === 'enrollment') {
            unitColumns.push(...unitKey.map((k) => `"${k}"`));
            unitColumns.push(`CASE WHEN ${unitKey.map((k) => `"${k}" IS NULL`).join(' OR ')} THEN "source_row" END`);
        }
        candidate = [
            `SELECT row_number() OVER () AS "candidate_id", y."cohort_year", e."person", e."institution", e."programme", e."sector", e."source_row"${c.kind === 'entering' && c.entryFlag !== null ? `, e.${id(ENTRY_FLAG_COLUMN)}` : ''}${afterColumns(flagColumns())}`,
            '  FROM "funnel_enrollment" AS e',
            `  JOIN "cohort_year" AS y ON ${pr.covers('e', 'y."cohort_year"')}`,
            ...joins('e').map((j) => `  ${j}`),
        ].join('\n');
    } else if (c.kind === 'graduating') {
        commonFlags('d', true);
        if (c.unit === 'enrollment') unitColumns.push('"institution"', '"programme"', 'CASE WHEN "institution" IS NULL OR "programme" IS NULL THEN "source_row" END');
        candidate = [
            `SELECT row_number() OVER () AS "candidate_id", y."cohort_year", d."person", d."institution", d."programme", d."sector", d."source_row"${afterColumns(flagColumns())}`,
            '  FROM "diploma" AS d',
            '  CROSS JOIN "cohort_year" AS y',
            ...joins('d').map((j) => `  ${j}`),
            `  WHERE d."kind" IN (${pr.list(c.diplomaKinds)}) AND d."date" >= ${pr.studyYearStart('y."cohort_year" - 1')} AND d."date" < ${pr.studyYearStart('y."cohort_year"')}`,
        ].join('\n');
    } else {
        const m = plan.measure;
        // De-registrations have no funnel yet: say so instead of building the jaarresultaat population.
        if (c.kind === 'deregistration') throw new Error('the funnel does not cover de-registrations (kind leaving without diploma) yet / de trechter kent nog geen uitschrijvingen');
        if (m.kind !== 'jaarresultaat') throw new Error('a leaving cohort is measured by jaarresultaat');
        unitColumns.push('"institution"');
        const inPeriod = (d: string) => `${d}."date" >= ${pr.peilDate('y."cohort_year"', plan.peil)} AND ${d}."date" < ${pr.peilDate('y."cohort_year" + 1', plan.peil)}`;
        const qualifying = (d: string) => `${d}."sector" = ${pr.lit(m.sector)} AND ${d}."level" IN (${pr.list(m.levels)}) AND ${inPeriod(d)}`;
        commonFlags('d', true);
        const diplomaFlags = flagColumns('diploma');
        flags.clear();
        commonFlags('e', false);
        const leaverFlags = flagColumns();
        const head = (rec: string, list: readonly string[]) => `SELECT y."cohort_year", ${rec}."person", ${rec}."institution", ${rec}."programme", ${rec}."sector", ${rec}."source_row"${afterColumns(list)}`;
        candidate = [
            'SELECT row_number() OVER () AS "candidate_id", u.* FROM (',
            `  ${head('d', diplomaFlags)}`,
            '  FROM "diploma" AS d',
            '  CROSS JOIN "cohort_year" AS y',
            ...joins('d').map((j) => `  ${j}`),
            `  WHERE d."institution" IS NOT NULL AND ${qualifying('d')}`,
            '  UNION ALL',
            `  ${head('e', leaverFlags)}`,
            '  FROM "funnel_enrollment" AS e',
            `  JOIN "cohort_year" AS y ON ${pr.covers('e', 'y."cohort_year"')}`,
            ...joins('e').map((j) => `  ${j}`),
            '  WHERE e."institution" IS NOT NULL',
            `    AND NOT EXISTS (\n      SELECT 1 FROM "enrollment" AS n\n      WHERE n."person" = e."person" AND n."institution" = e."institution" AND ${pr.covers('n', 'y."cohort_year" + 1')}\n    )`,
            `    AND NOT EXISTS (\n      SELECT 1 FROM "diploma" AS q\n      WHERE q."person" = e."person" AND q."institution" = e."institution" AND ${qualifying('q')}\n    )`,
            ') AS u',
        ].join('\n');
    }
    ctes.push(['funnel_candidate', candidate]);

    // Facts about other records of the person, joined per candidate and aggregated (no per-row subqueries).
    const extra: string[] = [];
    const entryCond: string[] = [];
    if (c.kind === 'entering') {
        // An enrollment whose entry unit is unknown cannot be new in it; else: no enrollment of the same unit covered
        // an earlier peildatum within the lookback (read from the printer's "enrollment": main ones only when asked).
        // With `entry flag`: the file's flag instead of both.
        if (c.entryFlag !== null) entryCond.push(`c.${id(ENTRY_FLAG_COLUMN)} = ${pr.lit(c.entryFlag)}`);
        else for (const k of c.entryKey) entryCond.push(`c.${id(k)} IS NOT NULL`);
        const lo = c.lookback.kind === 'window' ? String(c.lookback.firstYear) : `c."cohort_year" - ${c.lookback.years}`;
        if (c.entryFlag === null && (c.lookback.kind === 'window' || c.lookback.years > 0)) {
            ctes.push(['funnel_history', [
                'SELECT c."candidate_id", MAX(CASE WHEN h."person" IS NULL THEN 0 ELSE 1 END) AS "seen"',
                '  FROM "funnel_candidate" AS c',
                `  LEFT JOIN "enrollment" AS h ON h."person" = c."person" AND ${pr.keyEquals(c.entryKey, 'c', 'h')}`,
                `    AND h."k1" <= c."cohort_year" - 1 AND h."k2" >= ${lo}`,
                '  GROUP BY c."candidate_id"',
            ].join('\n')]);
            extra.push('JOIN "funnel_history" AS fh ON fh."candidate_id" = c."candidate_id"');
            entryCond.push('fh."seen" = 0');
        }
        if (c.inflow.kind === 'direct-by-enrollment') {
            const sectors = c.inflow.sectors === 'any' ? '' : ` AND d."sector" IN (${pr.list(c.inflow.sectors)})`;
            ctes.push(['funnel_before', [
                'SELECT c."candidate_id", MAX(CASE WHEN d."person" IS NULL THEN 0 ELSE 1 END) AS "enrolled_before"',
                '  FROM "funnel_candidate" AS c',
                `  LEFT JOIN "enrollment" AS d ON d."person" = c."person" AND ${pr.covers('d', 'c."cohort_year" - 1')}${sectors}`,
                '  GROUP BY c."candidate_id"',
            ].join('\n')]);
            extra.push('JOIN "funnel_before" AS fb ON fb."candidate_id" = c."candidate_id"');
        }
    }
    const stepFlag = (key: FunnelStepKey): string => {
        if (key === 'entry') return entryCond.length > 0 ? flag(entryCond.join(' AND ')) : '1';
        if (key === 'inflow' && c.kind === 'entering' && c.inflow.kind === 'direct-by-enrollment') return 'fb."enrolled_before"';
        return `c.${id(`flag_${key}`)}`;
    };
    // How many steps after the base each candidate passes in a row.
    const passed = filterSteps.length === 0 ? '0'
        : `CASE ${filterSteps.map((s, i) => `WHEN ${stepFlag(s.key)} = 0 THEN ${i}`).join(' ')} ELSE ${filterSteps.length} END`;
    const unitSelect = unitColumns.map((u, i) => `${u.replace(/"(\w+)"/g, 'c."$1"')} AS ${id(`unit_${i}`)}`);
    ctes.push(['funnel_passed', [
        `SELECT c."cohort_year", c."person"${unitSelect.map((u) => `, ${u}`).join('')}, ${passed} AS "passed"`,
        '  FROM "funnel_candidate" AS c',
        ...extra.map((j) => `  ${j}`),
    ].join('\n')]);
    const unitNames = unitColumns.map((_, i) => id(`unit_${i}`));
    const groupBy = ['"cohort_year"', '"person"', ...unitNames].join(', ');
    ctes.push(['funnel_unit', `SELECT ${groupBy}, MAX("passed") AS "passed"\n  FROM "funnel_passed"\n  GROUP BY ${groupBy}`]);
    let reachedFrom = 'funnel_unit';
    if (steps.some((s) => s.key === 'retained')) {
        // The measure's own step: the unit is in the figure's denominator ("outcome" holds only those retained).
        const k = filterSteps.length;
        const unitJoin = unitColumns.slice(0, -1).map((u, i) => ` AND o.${u} = fu.${unitNames[i]}`).join('');
        ctes.push(['funnel_denominator', `SELECT DISTINCT "cohort_year", "person"${c.kind === 'entering' && c.unit === 'enrollment' ? c.entryKey.map((x) => `, "${x}"`).join('') : ''}\n  FROM "outcome"`]);
        ctes.push(['funnel_reached', [
            `SELECT fu."cohort_year", fu."person"${unitNames.map((u) => `, fu.${u}`).join('')},`,
            `    CASE WHEN fu."passed" = ${k} AND o."person" IS NOT NULL THEN ${k + 1} ELSE fu."passed" END AS "passed"`,
            '  FROM "funnel_unit" AS fu',
            `  LEFT JOIN "funnel_denominator" AS o ON o."cohort_year" = fu."cohort_year" AND o."person" = fu."person"${unitJoin}`,
        ].join('\n')]);
        reachedFrom = 'funnel_reached';
    }
    const body = ctes.map(([name, sql]) => `${id(name)} AS (\n  ${sql}\n)`).join(',\n');
    const final = options.records
        ? `SELECT "cohort_year", "person", MAX("passed") AS "reached"\nFROM ${id(reachedFrom)}\nGROUP BY "cohort_year", "person"\nORDER BY "cohort_year", ${dialect.codePoint('"person"')}`
        : `SELECT "cohort_year", ${steps.map((_, i) => `SUM(CASE WHEN "passed" >= ${i} THEN 1 ELSE 0 END) AS ${id(`step_${i}`)}`).join(', ')}\nFROM ${id(reachedFrom)}\nGROUP BY "cohort_year"\nORDER BY "cohort_year"`;
    const header = commentLines(`funnel of ${plan.definition.indicator.qualifiedName}: ${steps.map((s) => s.clause ?? s.key).join(' -> ')}`);
    return `${header.join('\n')}\nWITH\n${body}\n${final};\n`;
}

/** Loads the data where the engine needs it, and says which tables hold the relations the run built. */
async function ready(engine: Engine, prepared: Prepared, options: FunnelOptions): Promise<PrintOptions['relationTable']> {
    const reader = options.reader ?? (engine.prepareData ? undefined : engine as DuckDBEngine);
    if (!reader) throw new Error(`the ${engine.name} engine needs a DuckDB reader for data files`);
    if (engine.prepareData) await engine.prepareData(prepared.plan, reader);
    try {
        return engine.relations ? await engine.relations(prepared.plan, reader) : undefined;
    } catch (e) {
        throw new DataError(`${prepared.definition.indicator.name}: ${engine.name} could not compute the funnel: ${engineMessage(e)}`);
    }
}

async function query(engine: Engine, prepared: Prepared, sql: string) {
    try {
        return await engine.query(sql);
    } catch (e) {
        throw new DataError(`${prepared.definition.indicator.name}: ${engine.name} could not compute the funnel: ${engineMessage(e)}`);
    }
}

/**
 * The funnel of a prepared indicator on an engine that can read its data (see FunnelOptions), for every cohort year
 * the plan computes. The data files are not checked here (run `checkData` first for errors that name file and row).
 */
export async function funnel(engine: Engine, prepared: Prepared, options: FunnelOptions = {}): Promise<FunnelResult> {
    if (prepared.plan.classified) throw new DataError(`${prepared.definition.indicator.name} is classified by source: it has no funnel.`);
    const steps = funnelSteps(prepared.definition);
    const unit = funnelUnit(prepared.plan);
    if (prepared.plan.years.length === 0) return { prepared, steps, unit, years: [], queryMs: 0 };
    const t0 = performance.now();
    const relationTable = await ready(engine, prepared, options);
    const rows = await query(engine, prepared, funnelSql(prepared.plan, engine.dialect, { relationTable }));
    const queryMs = performance.now() - t0;
    const byYear = new Map(rows.map((r) => [Number(r.cohort_year), steps.map((_, i) => Number(r[`step_${i}`]))]));
    // A cohort year without any base record has a row of zeros.
    const years = prepared.plan.years.map((y) => ({ cohortYear: y, kept: byYear.get(y) ?? steps.map(() => 0) }));
    return { prepared, steps, unit, years, queryMs };
}

/** Per cohort year and person of the base, the first step that dropped them (contract: FunnelRecord). */
export async function funnelRecords(engine: Engine, prepared: Prepared, options: FunnelOptions = {}): Promise<FunnelRecord[]> {
    if (prepared.plan.years.length === 0) return [];
    const steps = funnelSteps(prepared.definition);
    const relationTable = await ready(engine, prepared, options);
    const rows = await query(engine, prepared, funnelSql(prepared.plan, engine.dialect, { records: true, relationTable }));
    const last = steps.length - 1;
    return rows.map((r) => {
        const reached = Number(r.reached);
        return { cohortYear: Number(r.cohort_year), person: String(r.person), droppedAt: reached >= last ? null : steps[reached + 1].key };
    });
}

export interface ProtectedFunnelYear {
    readonly cohortYear: number;
    /** Per step the count as shown: `12`, `<k` or `x` (value null when hidden). */
    readonly kept: readonly ProtectedCell[];
}

/**
 * The funnel's counts as they may be shown (docs/privacy.md). Per cohort year the steps are counts of people, and so
 * are the differences between two steps (the people a clause dropped): a difference of 1..k-1 must not be worked out
 * from shown steps, so it is a derived cell protected by the step after it (like a complement), and the additive
 * groups (step = next step + dropped; base = last step + all dropped) let the auditor hide more steps where needed.
 * The last step is `run`'s cohort size of that year: it is decided as `run` decides a cohort size (protectFigures on
 * the sizes alone) and kept fixed, so the funnel and `run` together never give a hidden size back.
 */
export function protectFunnel(result: Pick<FunnelResult, 'years'>, policy: DisclosurePolicy): ProtectedFunnelYear[] {
    const lastShown = protectFigures(result.years.map((y) => ({ cohortYear: y.cohortYear, cell: [], size: y.kept[y.kept.length - 1] ?? 0, count: 0 })), policy)
        .rows.map((r) => r.size.hidden);
    return result.years.map((y, yi) => {
        const m = y.kept.length - 1;
        const cells: CellSpec[] = y.kept.map((n, i) => ({ id: `s${i}`, value: n, ...(i === m ? { fixed: lastShown[yi] } : {}) }));
        const groups: GroupSpec[] = [];
        for (let i = 1; i <= m; i++) {
            cells.push({ id: `d${i}`, value: y.kept[i - 1] - y.kept[i], protectedBy: `s${i}` });
            groups.push({ cells: [`s${i}`, `d${i}`], total: `s${i - 1}` });
        }
        if (m > 1) groups.push({ cells: [`s${m}`, ...Array.from({ length: m }, (_, i) => `d${i + 1}`)], total: 's0' });
        const p = protectCells(cells, groups, policy);
        return { cohortYear: y.cohortYear, kept: y.kept.map((n, i) => protectedCell(n, p.state.get(`s${i}`)!, policy)) };
    });
}
