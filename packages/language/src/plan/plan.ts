// Definition x Source -> Plan: plain data that says which relations to build, which cohort years are computable
// and the relational steps of the cohort and its outcome. The SQL printers read only this.
import { breakdownHistory, HISTORY_BREAKDOWN, historyField } from '../definition/types.js';
import type {
    CodeSet, DataFileSpec, Definition, FieldValue, History, Inflow, MappingSpec, MonthDay, Outcome, RecordKind, ScopeUnit, SourceSpec,
    SwitchDomain, SwitchTreatment, WhereSpec,
} from '../definition/types.js';
import { ANCHOR_ATTRIBUTES, CLASSIFIED_MEASURED, RECORD_FIELDS, type FieldType, PRIOR_CATEGORIES, priorRank } from '../vocabulary.js';
import { peilDate } from '../explain/card.js';
import { missingRecords, missingRecordsMessage } from './needs.js';

export class PlanError extends Error { }

export type RelationName = 'enrollment' | 'diploma' | 'prior_education' | 'person' | 'population' | 'outcomes';

export const RELATION_OF: Readonly<Record<Exclude<RecordKind, 'figures' | 'norms'>, RelationName>> = {
    enrollments: 'enrollment', diplomas: 'diploma', 'prior education': 'prior_education', persons: 'person',
};

export interface ColumnPlan {
    /** Canonical column name in the relation (spaces become underscores: birth_date). */
    readonly name: string;
    readonly type: FieldType;
    readonly value: FieldValue;
}

export interface RelationPlan {
    readonly name: RelationName;
    readonly file: DataFileSpec;
    readonly where?: WhereSpec;
    /** A records file: the record type read and the type joined onto it. */
    readonly recordType?: string;
    readonly join?: { readonly type: string; readonly on: readonly string[] };
    readonly columns: readonly ColumnPlan[];
    readonly missing: readonly string[];
    readonly at: { readonly file: string; readonly line: number };
}

/** P(y) = make_date(y + offset, month, day): the peildatum of study year y. */
export interface PeilPlan extends MonthDay { readonly offset: number }

export type UnitKey = readonly ('institution' | 'programme' | 'sector')[];

export type BreakdownPlan =
    | { readonly name: string; readonly from: 'anchor' | 'person' | 'prior' | 'inflow' | 'leave reason' | 'leave timing'; readonly column: string }
    /**
     * `by history S` (column null: yes / no) or `by history.<field>` (that field of the latest-starting earlier
     * enrollment): read after the anchor is chosen, since the anchor itself is left out.
     */
    | { readonly name: string; readonly from: 'history'; readonly column: string | null; readonly history: HistoryPlan };

/**
 * `history S [within N years]`: an enrollment in sector S that starts before P(y) and, with `within`, is open or ends
 * on or after P(y-N); for entering cohorts the anchor (each candidate anchor) is left out.
 */
export interface HistoryPlan extends History { readonly excludeAnchor: boolean }

/** Population filters on the anchor record (and the person, for age and prior education). */
export interface FilterPlan {
    readonly sector: CodeSet;
    readonly mode: CodeSet;
    readonly level: CodeSet;
    readonly prior: CodeSet;
    readonly funded: boolean;
    /** `main anchor only`: the anchor must be a main enrollment (history and status read every enrollment). */
    readonly mainAnchorOnly: boolean;
    readonly ageBelow: number | null;
    /** `history S [within N years]`: null = no filter. */
    readonly history: HistoryPlan | null;
}

export type CohortPlan =
    | (FilterPlan & {
        readonly kind: 'entering';
        /** Columns that identify the entry unit (empty: education as a whole). */
        readonly entryKey: UnitKey;
        readonly inflow: Inflow;
        /**
         * `entry flag`: the anchor is an enrollment whose raw flag column (carried as "entry_flag" in the enrollment
         * relation) has this value; no newness test, so no lookback.
         */
        readonly entryFlag: string | null;
        /** History is checked from this peildatum year (absolute) or this many years back. */
        readonly lookback: { readonly kind: 'window'; readonly firstYear: number } | { readonly kind: 'years'; readonly years: number };
        readonly unit: 'person' | 'enrollment';
    })
    | (FilterPlan & { readonly kind: 'enrolled'; readonly unit: 'person' | 'enrollment' })
    | (FilterPlan & { readonly kind: 'graduating'; readonly diplomaKinds: readonly string[]; readonly unit: 'person' | 'enrollment' })
    | (FilterPlan & { readonly kind: 'leaving' })
    /**
     * De-registrations: enrollments ending in P(y) .. P(y+1) - 1 day at an institution where the person has no final
     * diploma dated on or before the end + `diplomaGraceDays`. `firstYearOnly`: see FIRST_YEAR below.
     */
    | (FilterPlan & {
        readonly kind: 'deregistration';
        readonly unit: 'person' | 'enrollment';
        readonly leaveReasons: CodeSet;
        readonly firstYearOnly: boolean;
        readonly diplomaGraceDays: number;
        readonly timing: LeaveTimingPlan;
    });

/**
 * The timing groups of a de-registration in its year: before the first 1 October on or after P(y), from then until
 * the next 1 February, later. `octoberOffset` is the calendar year of that 1 October minus the year of P(y).
 */
export interface LeaveTimingPlan { readonly octoberOffset: number; readonly groups: readonly [string, string, string] }

/** What `by leave timing` shows, in order (the labels sort as they come in the year). */
export const LEAVE_TIMING_GROUPS = [
    'a. before 1 October / voor 1 oktober',
    'b. 1 October - 31 January / 1 oktober - 31 januari',
    'c. from 1 February / vanaf 1 februari',
] as const;

/** A final diploma at the institution dated up to this many days after the end still makes the end a graduation. */
export const DEREGISTRATION_DIPLOMA_GRACE_DAYS = 31;

/** The first 1 October on or after a peildatum: in its own calendar year unless the peildatum lies after 1 October. */
export function leaveTimingPlan(peil: MonthDay): LeaveTimingPlan {
    return { octoberOffset: peil.month * 100 + peil.day > 1001 ? 1 : 0, groups: LEAVE_TIMING_GROUPS };
}

export interface OutcomePlan {
    readonly horizon: number;
    /** The years after entry at which a status is needed (1..n for first exit, n otherwise, plus 1 for over-retained). */
    readonly checkpoints: readonly number[];
    readonly scopeKey: UnitKey;
    readonly scopeAll: boolean;
    readonly diplomaKinds: readonly string[] | null;
    readonly switchDomain: SwitchDomain;
    readonly switchTreatment: SwitchTreatment;
    readonly reentry: 'horizon' | 'first-exit';
    readonly overRetainedAfter?: number;
}

/** What is measured on the anchors; the dropout family shares the outcome steps. */
export type MeasurePlan =
    | { readonly kind: 'outcome'; readonly outcome: OutcomePlan }
    | { readonly kind: 'vsv'; readonly startkwalificatie: readonly string[]; readonly cutoffDay: 'first' | 'last' }
    | { readonly kind: 'startersresultaat'; readonly diplomaKinds: readonly string[] }
    /** destination: `graduated` (entering only) by a diploma within the entry unit (`diplomaScope`, empty = anywhere). */
    | { readonly kind: 'destination'; readonly horizon: number; readonly diplomaKinds: readonly string[] | null; readonly diplomaScope: UnitKey }
    /** De-registrations: the destination category on the day end + `months` (no graduated category). */
    | { readonly kind: 'deregistration destination'; readonly months: number }
    /** jaarresultaat: diplomas of the sector and levels, of any kind, count (the evaluator's FIXED_RULES). */
    | { readonly kind: 'jaarresultaat'; readonly sector: string; readonly levels: readonly string[] }
    /** classified by source: the publisher's outcome, read from its outcomes file; the rest of the population is `other`. */
    | { readonly kind: 'classified'; readonly outcome: Outcome; readonly other: Outcome };

/** A publisher-classified population and outcomes (`population from F on D`, `outcomes from G`). */
export interface ClassifiedPlan {
    /** One population per cohort year, in source order. */
    readonly populations: ReadonlyArray<{ readonly year: number; readonly on: string; readonly relation: RelationPlan }>;
    /** Outcomes files and the cohort years they belong to. */
    readonly outcomes: ReadonlyArray<{ readonly years: readonly number[]; readonly relation: RelationPlan }>;
}

export interface Plan {
    readonly definition: Definition;
    readonly source: SourceSpec;
    readonly relations: readonly RelationPlan[];
    readonly mainOnly: boolean;
    readonly peil: PeilPlan;
    /** Study years start on this day (P(y) and the graduating cohort's study year y-1 depend on it). */
    readonly studyYearStart: MonthDay;
    /** The cohort years the SQL computes (with `pool`, also the earlier years each figure sums). */
    readonly years: readonly number[];
    /** The cohort years that get a figure. */
    readonly shownYears: readonly number[];
    /** How many cohort years each figure sums (1: no pooling). */
    readonly pool: number;
    readonly incomplete: ReadonlyArray<{ readonly year: number; readonly reason: string }>;
    readonly cohort: CohortPlan;
    readonly measure: MeasurePlan;
    readonly breakdown: readonly BreakdownPlan[];
    readonly priorRanks: ReadonlyArray<readonly [string, number]>;
    readonly needsPrior: boolean;
    readonly needsPerson: boolean;
    /** Set when the measure is classified by source: the cohort and outcome come from these files, not from enrollments. */
    readonly classified?: ClassifiedPlan;
}

/** SEMANTICS.md's fixed rules for the measures that carry them. */
export const STARTKWALIFICATIE_LEVELS = ['havo', 'vwo', 'mbo-2', 'mbo-3', 'mbo-4'] as const;
export const JAARRESULTAAT_LEVELS = ['mbo-2', 'mbo-3', 'mbo-4'] as const;

const KEY_OF: Readonly<Record<ScopeUnit, UnitKey>> = {
    programme: ['programme'],
    institution: ['institution'],
    'institution-programme': ['institution', 'programme'],
    sector: ['sector'],
    education: [],
};

/** The enrollment relation's column for the raw `entry flag` column (not a record field, so it cannot clash). */
export const ENTRY_FLAG_COLUMN = 'entry_flag';

export function columnName(field: string): string {
    return field.replace(/ /g, '_');
}

/** First and last peildatum year that a date range covers (SEMANTICS.md, the integer form). */
export function coveredYears(peil: PeilPlan, start: string, end: string | null): [number, number] {
    const md = peil.month * 100 + peil.day;
    const [sy, sm, sd] = start.split('-').map(Number);
    const k1 = sy + (sm * 100 + sd > md ? 1 : 0) - peil.offset;
    if (end === null) return [k1, Number.POSITIVE_INFINITY];
    const [ey, em, ed] = end.split('-').map(Number);
    return [k1, ey - (em * 100 + ed < md ? 1 : 0) - peil.offset];
}

export function peilPlan(peil: MonthDay, studyYearStart: MonthDay): PeilPlan {
    const before = peil.month * 100 + peil.day < studyYearStart.month * 100 + studyYearStart.day;
    return { ...peil, offset: before ? 1 : 0 };
}

/** Every mapping of a source as a relation to read (published figures aside): what `stroom check-data` checks. */
export function sourceRelations(source: SourceSpec): RelationPlan[] {
    // Classified populations and outcomes are read only by a measure classified by source (classifiedPlan).
    const classified = [
        ...(source.populations ?? []).map((p) => classifiedRelation('population', p, source.missing)),
        ...(source.outcomes ?? []).map((o) => classifiedRelation('outcomes', o, source.missing)),
    ];
    return [...mappedRelations(source), ...classified];
}

function mappedRelations(source: SourceSpec): RelationPlan[] {
    return source.mappings.flatMap((m) => {
        if (m.record === 'figures' || m.record === 'norms') return [];
        const specs = RECORD_FIELDS[m.record];
        const columns: ColumnPlan[] = Object.entries(m.fields).map(([field, value]) => ({
            name: columnName(field),
            type: specs.find((s) => s.name === field)?.type ?? 'text',
            value,
        }));
        return [{
            name: RELATION_OF[m.record], file: m.file, ...(m.where ? { where: m.where } : {}), columns,
            ...(m.recordType ? { recordType: m.recordType } : {}), ...(m.join ? { join: m.join } : {}),
            missing: source.missing, at: m.at,
        }];
    });
}

function iso(y: number, md: MonthDay): string {
    return `${String(y).padStart(4, '0')}-${String(md.month).padStart(2, '0')}-${String(md.day).padStart(2, '0')}`;
}

/** The outcome that is not the measured one, per measure (what the rest of a classified population has). */
const OTHER_OUTCOME: Readonly<Partial<Record<string, Outcome>>> = {
    vsv: 'not-vsv', startersresultaat: 'no', jaarresultaat: 'without diploma',
};


function classifiedRelation(name: 'population' | 'outcomes', m: { file: DataFileSpec; where?: MappingSpec['where']; fields: Readonly<Record<string, FieldValue>>; at: { file: string; line: number } }, missing: readonly string[]): RelationPlan {
    return {
        name, file: m.file, ...(m.where ? { where: m.where } : {}), missing, at: m.at,
        columns: Object.entries(m.fields).map(([field, value]) => ({ name: columnName(field), type: value.kind === 'date' ? 'date' as const : 'text' as const, value })),
    };
}

/**
 * Publisher-classified: cohort year y is the population whose peildatum is P(y); no date is read and the observation
 * window is not used (SEMANTICS.md, Additions). Breakdowns are the population's fields.
 */
function classifiedPlan(def: Definition, source: SourceSpec): Plan {
    const pops = source.populations ?? [];
    const outs = source.outcomes ?? [];
    const where = `(${source.file}:${source.line})`;
    if (pops.length === 0 || outs.length === 0) {
        throw new PlanError(`${def.indicator.name} is classified by source, but source ${source.name} declares ${pops.length === 0 ? 'no `population from ... on ...`' : 'no `outcomes from ...`'} ${where}.`
            + ` / ${def.indicator.name} neemt de uitkomst van de bron over, maar bron ${source.name} heeft ${pops.length === 0 ? 'geen populatie' : 'geen uitkomsten'}.`);
    }
    const outcome = CLASSIFIED_MEASURED[def.measure.name];
    if (!outcome) throw new PlanError(`${def.indicator.name}: measure ${def.measure.name} cannot be classified by source (it is a distribution).`);
    const populations = pops.map((p) => ({ year: p.year, on: p.on, relation: classifiedRelation('population', p, source.missing) }));
    const allYears = populations.map((p) => p.year);
    const outcomes = outs.map((o) => ({
        years: o.on ? populations.filter((p) => p.on === o.on).map((p) => p.year) : allYears,
        relation: classifiedRelation('outcomes', o, source.missing),
    }));
    const range2 = def.cohort.years;
    const shown = range2 ? range(range2[0], range2[1]) : [...new Set(allYears)].sort((a, b) => a - b);
    const years = shown.filter((y) => allYears.includes(y));
    const incomplete = shown.filter((y) => !allYears.includes(y)).map((y) => ({
        year: y, reason: `source ${source.name} has no population for cohort ${y} / bron ${source.name} heeft geen populatie voor cohort ${y}`,
    }));
    const fields = new Set(populations.flatMap((p) => p.relation.columns.map((col) => col.name)));
    const breakdown = def.breakdown.map((name): BreakdownPlan => {
        const col = columnName(name);
        if (col !== 'person' && fields.has(col)) return { name, from: 'person', column: col };
        throw new PlanError(`${def.indicator.name}: cannot break down by '${name}': the populations of source ${source.name} have no such field (${[...fields].filter((f) => f !== 'person').join(', ') || 'none'}).`
            + ` / De populatie heeft geen veld '${name}'.`);
    });
    const first = pops[0];
    const peil = peilPlan({ month: Number(first.on.slice(5, 7)), day: Number(first.on.slice(8, 10)) }, source.studyYearStart);
    const c = def.choices;
    return {
        definition: def, source,
        relations: [...populations.map((p) => p.relation), ...outcomes.map((o) => o.relation)],
        mainOnly: false, peil, studyYearStart: source.studyYearStart, years, shownYears: years, pool: 1, incomplete,
        cohort: { kind: 'enrolled', sector: c.sector.value, mode: c.mode.value, level: c.level.value, prior: c.prior.value, funded: false, mainAnchorOnly: false, ageBelow: null, history: null, unit: 'person' },
        measure: { kind: 'classified', outcome, other: OTHER_OUTCOME[def.measure.name] ?? `not ${outcome}` },
        breakdown, priorRanks: [], needsPrior: false, needsPerson: false,
        classified: { populations, outcomes },
    };
}

export function plan(def: Definition, source: SourceSpec): Plan {
    if (def.classified) return classifiedPlan(def, source);
    const c = def.choices;
    const kind = def.cohort.kind;
    const m = def.measure.name;
    if (!source.observed) {
        throw new PlanError(`source ${source.name} declares no observation window: add \`observed from YYYY-MM-DD until YYYY-MM-DD\` (${source.file}:${source.line}).`);
    }
    const observed = source.observed;
    const flag = kind === 'entering' ? c.entryFlag?.value ?? null : null;
    // The flag is a raw column of the enrollments file, carried through the enrollment relation only when read.
    const rels = sourceRelations(source).map((r) => (flag && r.name === 'enrollment'
        ? { ...r, columns: [...r.columns, { name: ENTRY_FLAG_COLUMN, type: 'text' as const, value: { kind: 'column' as const, column: flag.column } }] }
        : r));
    if (!rels.some((r) => r.name === 'enrollment')) throw new PlanError(`source ${source.name} maps no enrollments.`);
    const has = (r: RelationName) => rels.some((x) => x.name === r);
    // A record kind the definition needs and the source lacks stops here, before any SQL (lint says the same at
    // the indicator's `on`); a warning (nobody graduates) is lint's to show.
    const lacking = missingRecords(def, source).filter((x) => x.severity === 'error');
    if (lacking.length > 0) {
        throw new PlanError(lacking.map((x) => `${missingRecordsMessage(def.indicator.name, source.name, x)} (${source.file}:${source.line})`).join('\n'));
    }
    const peil = peilPlan(c.peildatum.value, source.studyYearStart);
    // vsv and startersresultaat are fixed at one year, whatever the card's horizon says (SEMANTICS.md).
    const horizon = m === 'vsv' || m === 'startersresultaat' ? 1 : c.horizon?.value ?? 1;
    const diploma = c.diploma?.value ?? { counts: true, kinds: ['final'] };

    let measure: MeasurePlan;
    if (m === 'dropout' || m === 'switch' || m === 'retention' || m === 'success') {
        if (!c.scope || !c.switchTreatment || !c.switchDomain) throw new PlanError(`${def.indicator.name}: the definition card is incomplete.`);
        const reentry = c.reentry?.value ?? 'horizon';
        // First exit walks P(y+1) .. P(y+n) and falls back to P(y+n) itself (also when n = 0).
        const checkpoints = new Set<number>([...(reentry === 'first-exit' ? range(1, horizon) : []), horizon]);
        if (def.measure.overRetainedAfter !== undefined) checkpoints.add(def.measure.overRetainedAfter);
        measure = {
            kind: 'outcome',
            outcome: {
                horizon, checkpoints: [...checkpoints].sort((a, b) => a - b), scopeKey: KEY_OF[c.scope.value],
                scopeAll: c.scope.value === 'education',
                diplomaKinds: diploma.counts && has('diploma') ? diploma.kinds : null,
                switchDomain: c.switchDomain.value, switchTreatment: c.switchTreatment.value, reentry,
                ...(def.measure.overRetainedAfter !== undefined ? { overRetainedAfter: def.measure.overRetainedAfter } : {}),
            },
        };
    } else if (m === 'vsv') {
        const dipl = source.mappings.find((x) => x.record === 'diplomas');
        const yearOnly = dipl && ['period', 'year period'].includes(dipl.fields.date?.kind ?? '');
        if (yearOnly && !source.yearOnlyAt) {
            throw new PlanError(`${def.indicator.name}: vsv's cutoff (31 December) falls inside year-only diploma periods of source ${source.name}; declare which day counts: \`year-only diplomas count at first day\` or \`... at last day\` (${source.file}:${source.line}).`);
        }
        measure = { kind: 'vsv', startkwalificatie: STARTKWALIFICATIE_LEVELS, cutoffDay: source.yearOnlyAt ?? 'last' };
    } else if (m === 'startersresultaat') {
        if (c.entry?.value !== 'institution') {
            throw new PlanError(`${def.indicator.name}: startersresultaat counts new entrants at an institution: the cohort needs \`entry first in institution\`.`);
        }
        measure = { kind: 'startersresultaat', diplomaKinds: ['final'] };
    } else if (m === 'destination' && kind === 'deregistration') {
        measure = { kind: 'deregistration destination', months: c.horizonMonths?.value ?? 0 };
    } else if (m === 'destination') {
        measure = {
            kind: 'destination', horizon, diplomaKinds: kind === 'entering' && has('diploma') ? ['final'] : null,
            diplomaScope: c.entry ? KEY_OF[c.entry.value] : [],
        };
    } else {
        measure = { kind: 'jaarresultaat', sector: 'mbo', levels: JAARRESULTAAT_LEVELS };
    }

    // The observation window decides which cohort years can be computed (before membership): each kind reads
    // different days (SEMANTICS.md, Observation window).
    const [windowFirst] = coveredYears(peil, observed.from, null);
    const [, windowLast] = coveredYears(peil, '0001-01-01', observed.until);
    const lookback = c.lookback?.value ?? 'all';
    const lastStep = measure.kind === 'outcome' ? Math.max(...measure.outcome.checkpoints) : kind === 'leaving' ? 1 : horizon;
    // `within N years` reads back to P(y-N), whether the history filters or breaks down (SEMANTICS.md, Additions).
    const breaksDownByHistory = def.breakdown.some((b) => b === HISTORY_BREAKDOWN || historyField(b) !== undefined);
    const historyWithin = Math.max(0, ...[c.history?.value, breaksDownByHistory ? breakdownHistory(def) : undefined].map((h) => h?.within ?? 0));
    const firstNeeded = (y: number): string => {
        const own = firstNeededByKind(y);
        const back = historyWithin > 0 ? peilDate(y - historyWithin, c.peildatum.value, source.studyYearStart) : own;
        return back < own ? back : own;
    };
    const firstNeededByKind = (y: number): string => {
        switch (kind) {
            // The lookback reads back to P(y-N) (all observed history: at least P(y-1)); inflow direct by enrollment
            // reads P(y-1) whatever the lookback (`lookback 0 years` included).
            case 'entering': {
                const history = flag ? 0 : lookback === 'all' ? 1 : lookback;
                const back = Math.max(history, c.inflow?.value.kind === 'direct-by-enrollment' ? 1 : 0);
                return peilDate(y - back, c.peildatum.value, source.studyYearStart);
            }
            case 'graduating': return iso(y - 1, source.studyYearStart);
            default: return peilDate(y, c.peildatum.value, source.studyYearStart);
        }
    };
    const lastNeeded = (y: number): string => {
        // De-registrations: the last enrollment that can count ends P(y+1) - 1 day; its destination is read N months on.
        if (measure.kind === 'deregistration destination') {
            return addMonths(dayBefore(peilDate(y + 1, c.peildatum.value, source.studyYearStart)), measure.months);
        }
        const horizonDay = peilDate(y + lastStep, c.peildatum.value, source.studyYearStart);
        const cutoff = iso(y + 1, { month: 12, day: 31 });
        return measure.kind === 'vsv' && cutoff > horizonDay ? cutoff : horizonDay;
    };
    const shown = def.cohort.years ? range(def.cohort.years[0], def.cohort.years[1]) : range(windowFirst, windowLast);
    // A pooled figure for year y sums the cohorts y-pool+1 .. y: those are computed too.
    const pool = def.measure.pool ?? 1;
    const wanted = [...new Set(shown.flatMap((y) => range(y - pool + 1, y)))].sort((a, b) => a - b);
    let years: number[] = [];
    let incomplete: Array<{ year: number; reason: string }> = [];
    for (const y of wanted) {
        const first = firstNeeded(y);
        const last = lastNeeded(y);
        if (first < observed.from) {
            const what = kind === 'entering' ? 'history needs' : 'cohort needs';
            const wat = kind === 'entering' ? 'geschiedenis vraagt' : 'cohort vraagt';
            incomplete.push({ year: y, reason: `${what} ${first}, data start ${observed.from} / ${wat} ${first}, data beginnen ${observed.from}` });
        } else if (last > observed.until) {
            incomplete.push({ year: y, reason: `horizon needs ${last}, data end ${observed.until} / meetmoment vraagt ${last}, data eindigen ${observed.until}` });
        } else years.push(y);
    }
    const shownYears = shown.filter((y) => range(y - pool + 1, y).every((py) => years.includes(py)));
    if (pool > 1) {
        incomplete = shown.filter((y) => !shownYears.includes(y)).map((y) => {
            const missing = range(y - pool + 1, y).map((py) => incomplete.find((i) => i.year === py)).find((i) => i);
            return { year: y, reason: `pool of ${pool} years needs cohort ${missing?.year}: ${missing?.reason}` };
        });
    }
    if (shownYears.length === 0) years = [];

    const personColumns = rels.find((r) => r.name === 'person')?.columns.map((col) => col.name) ?? [];
    const enrollmentColumns = [...new Set([...RECORD_FIELDS.enrollments.map((f) => columnName(f.name)),
        ...(rels.find((r) => r.name === 'enrollment')?.columns.map((col) => col.name) ?? [])])];
    const historyPlan = (h: History): HistoryPlan => ({ ...h, excludeAnchor: kind === 'entering' });
    const breakdown = def.breakdown.map((name): BreakdownPlan => {
        const field = historyField(name);
        if (name === HISTORY_BREAKDOWN || field !== undefined) {
            const h = name === HISTORY_BREAKDOWN ? def.historyBreakdown : breakdownHistory(def);
            if (!h) throw new PlanError(`${def.indicator.name}: \`by ${name}\` needs a history to read: add \`history <sector>\` to the cohort or \`by history <sector>\` to the indicator. / \`by ${name}\` vraagt een geschiedenis.`);
            if (kind === 'leaving') throw new PlanError(`${def.indicator.name}: a breakdown by history needs an entering, enrolled or graduating cohort. / Uitsplitsen naar geschiedenis kan niet bij een cohort van vertrekkers.`);
            if (field !== undefined && !enrollmentColumns.includes(columnName(field))) {
                throw new PlanError(`${def.indicator.name}: cannot break down by '${name}': enrollments of source ${source.name} have no field '${field}' (${enrollmentColumns.join(', ')}). / Inschrijvingen hebben geen veld '${field}'.`);
            }
            return { name, from: 'history', column: field === undefined ? null : columnName(field), history: historyPlan(h) };
        }
        if (name === 'prior') return { name, from: 'prior', column: 'category' };
        if (name === 'inflow') {
            if (kind !== 'entering') throw new PlanError(`${def.indicator.name}: a breakdown by inflow needs an entering cohort.`);
            return { name, from: 'inflow', column: 'inflow' };
        }
        if (name === 'leave reason' || name === 'leave timing') {
            if (kind !== 'deregistration') throw new PlanError(`${def.indicator.name}: a breakdown by ${name} needs a cohort of kind leaving without diploma.`);
            return { name, from: name, column: name === 'leave reason' ? 'leave_reason' : 'leave_timing' };
        }
        if ((ANCHOR_ATTRIBUTES as readonly string[]).includes(name)) return { name, from: 'anchor', column: name };
        const col = columnName(name);
        if (personColumns.includes(col) && col !== 'person') return { name, from: 'person', column: col };
        throw new PlanError(`${def.indicator.name}: cannot break down by '${name}': it is not an enrollment field (${ANCHOR_ATTRIBUTES.join(', ')}) nor a person attribute mapped by source ${source.name} (${personColumns.filter((p) => p !== 'person').join(', ') || 'none'}).`);
    });
    const inflow = c.inflow?.value ?? { kind: 'any' as const };
    const needsPrior = inflow.kind === 'direct' || inflow.kind === 'indirect' || c.prior.value !== 'any'
        || breakdown.some((b) => b.from === 'prior' || b.from === 'inflow');
    const needsPerson = c.ageBelow.value !== null || breakdown.some((b) => b.from === 'person');

    const filters: FilterPlan = {
        sector: c.sector.value, mode: c.mode.value, level: c.level.value, prior: c.prior.value, funded: c.funded.value,
        mainAnchorOnly: c.mainAnchorOnly?.value ?? false, ageBelow: c.ageBelow.value,
        history: c.history ? historyPlan(c.history.value) : null,
    };
    let cohort: CohortPlan;
    switch (kind) {
        case 'entering':
            if (!c.entry || !c.inflow) throw new PlanError(`${def.indicator.name}: the definition card is incomplete.`);
            cohort = {
                kind, ...filters, entryKey: KEY_OF[c.entry.value], inflow, entryFlag: flag ? flag.value : null,
                lookback: lookback === 'all' ? { kind: 'window', firstYear: windowFirst } : { kind: 'years', years: lookback },
                unit: c.unit.value,
            };
            break;
        case 'enrolled': cohort = { kind, ...filters, unit: c.unit.value }; break;
        case 'graduating': cohort = { kind, ...filters, diplomaKinds: diploma.counts ? diploma.kinds : ['final'], unit: c.unit.value }; break;
        case 'leaving': cohort = { kind, ...filters }; break;
        case 'deregistration':
            cohort = {
                kind, ...filters, unit: c.unit.value, leaveReasons: c.leaveReasons?.value ?? 'any',
                firstYearOnly: c.firstYearOnly?.value ?? false, diplomaGraceDays: DEREGISTRATION_DIPLOMA_GRACE_DAYS,
                timing: leaveTimingPlan(c.peildatum.value),
            };
            break;
    }
    const needsDiploma = kind === 'graduating' || kind === 'leaving' || kind === 'deregistration' || measure.kind === 'vsv' || measure.kind === 'startersresultaat'
        || (measure.kind === 'destination' && measure.diplomaKinds !== null)
        || (measure.kind === 'outcome' && measure.outcome.diplomaKinds !== null);
    // Only the relations this definition reads are built, checked and (for PostgreSQL) loaded; of the enrollments'
    // own attributes, only those a `by history.<field>` reads.
    const standard = new Set([...RECORD_FIELDS.enrollments.map((f) => columnName(f.name)), ENTRY_FLAG_COLUMN]);
    const historyFields = new Set(breakdown.flatMap((b) => (b.from === 'history' && b.column !== null ? [b.column] : [])));
    const used = rels.filter((r) => r.name === 'enrollment' || (r.name === 'prior_education' && needsPrior)
        || (r.name === 'person' && needsPerson) || (r.name === 'diploma' && needsDiploma))
        .map((r) => (r.name === 'enrollment' ? { ...r, columns: r.columns.filter((col) => standard.has(col.name) || historyFields.has(col.name)) } : r));
    return {
        definition: def, source, relations: used, mainOnly: c.mainOnly.value, peil, studyYearStart: source.studyYearStart,
        years, shownYears, pool, incomplete, cohort, measure, breakdown,
        priorRanks: PRIOR_CATEGORIES.map((t) => [t.code, priorRank(t.code)] as const),
        needsPrior, needsPerson,
    };
}

/** The day before an ISO date. */
export function dayBefore(date: string): string {
    const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) - 1));
    return d.toISOString().slice(0, 10);
}

/** An ISO date plus N months; a day the month lacks becomes its last day (31 January + 1 month = 28/29 February), as in SQL. */
export function addMonths(date: string, months: number): string {
    const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
    const year = Math.floor(total / 12);
    const month = total % 12 + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = Math.min(Number(date.slice(8, 10)), last);
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function range(from: number, to: number): number[] {
    const out: number[] = [];
    for (let y = from; y <= to; y++) out.push(y);
    return out;
}
