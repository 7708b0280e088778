// The reference evaluator: computes a definition card over in-memory records with plain loops, following
// SEMANTICS.md literally. It reads the Definition, never the Plan or the SQL, so that a mistake in planning or
// printing shows up as a disagreement instead of being copied. It returns one row per counted person (or per
// person x entry unit); turning rows into counts is `counts`, turning counts into figures is run/figures.ts.
import type {
    CodeSet, Definition, DiplomaRule, EntryUnit, History, MeasureName, MonthDay, Outcome, ScopeUnit, SwitchDomain,
    SwitchTreatment, CohortKind,
} from '../definition/types.js';
import { breakdownHistory, HISTORY_BREAKDOWN, historyField } from '../definition/types.js';
import { codePointCompare, type CountRow, type IncompleteYear } from '../run/figures.js';
import type { Diploma, Enrollment, Person, PriorEducation, Records } from './records.js';
import {
    ageOn, calendar, coversAnyPeildatum, coversPeildatum, dayBefore, enrolledOnDay, firstPeildatumYearFrom, isoDate,
    lastPeildatumYearUntil, peildatumOf, plusDays, plusMonths, studyYearOf, studyYearStartOf, yearOf, type Calendar,
} from './time.js';

// ------------------------------------------------------------------------------------------------ fixed rules

/**
 * SEMANTICS.md's fixed rules that the Definition card does not carry (yet). They are kept here, in one place, so
 * that when a rule becomes a choice of the card it is replaced in exactly one spot.
 */
export const FIXED_RULES = {
    /**
     * The workspace's default prior-education rank, highest first; categories in one inner list share a rank
     * (vmbo-t = vmbo-g). A category not listed ranks below `other`.
     */
    priorRank: [
        ['wo-ma'], ['wo-ba'], ['hbo-ma'], ['hbo-ba'], ['hbo-ad'], ['wo-p'], ['hbo-p'], ['vwo'], ['havo'], ['mbo-4'],
        ['mbo-3'], ['mbo-2'], ['mbo-1'], ['vmbo-t', 'vmbo-g'], ['vmbo-k'], ['vmbo-b'], ['vso'], ['other'],
    ] as readonly (readonly string[])[],
    /** Diploma kinds that count when the card carries no diploma rule (graduating cohorts, destination). */
    defaultDiplomaRule: { counts: true, kinds: ['final'] } as DiplomaRule,
    /** startersresultaat: horizon fixed at one year; a diploma at the institution is a final diploma. */
    startersresultaat: { horizon: 1, diplomaKinds: ['final'] as readonly string[] },
    /**
     * vsv: horizon fixed at one year; a startkwalificatie is a diploma of one of these levels, whatever its kind,
     * dated on or before 31 December of y+1.
     */
    vsv: {
        horizon: 1,
        startkwalificatieLevels: ['havo', 'vwo', 'mbo-2', 'mbo-3', 'mbo-4'] as readonly string[],
        cutoff: { yearsAfterCohort: 1, monthDay: { month: 12, day: 31 } as MonthDay },
        /**
         * A year-only diploma period that straddles the cutoff counts at this day of its period unless the source
         * declares otherwise (`ObservationWindow.yearOnlyAt`). SEMANTICS.md calls the undeclared case an error;
         * this evaluator takes the last day, so only a period lying wholly on or before the cutoff counts.
         */
        yearOnlyAt: 'last' as 'first' | 'last',
    },
    /** A person listed more than once (a file with a record per enrollment): the first row's attributes count. */
    duplicatePersons: 'first row' as const,
    /** jaarresultaat: the diplomas that make up its numerator are mbo diplomas of level 2-4 (any kind). */
    jaarresultaat: { sector: 'mbo', levels: ['mbo-2', 'mbo-3', 'mbo-4'] as readonly string[] },
    /**
     * De-registrations: a final diploma at the institution dated (a period: its first day) up to this many days after
     * the end makes the end a graduation, not a de-registration; `first year only` means ending within this many
     * months of the start with no earlier start in the same programme at the same institution.
     */
    deregistration: {
        diplomaGraceDays: 31,
        firstYearMonths: 12,
        timing: ['a. before 1 October / voor 1 oktober', 'b. 1 October - 31 January / 1 oktober - 31 januari', 'c. from 1 February / vanaf 1 februari'] as readonly string[],
    },
} as const;

/** The cohort kinds each measure may use (any other combination is a validation error). */
const VALID_KINDS: Readonly<Record<MeasureName, readonly CohortKind[]>> = {
    dropout: ['entering'], switch: ['entering'], retention: ['entering'], success: ['entering'],
    startersresultaat: ['entering'], jaarresultaat: ['leaving'], vsv: ['enrolled'],
    destination: ['entering', 'enrolled', 'graduating', 'deregistration'],
};

// ------------------------------------------------------------------------------------------------ result shapes

export type DestinationCategory =
    | 'graduated'
    | 'same programme and institution'
    | 'other programme, same institution'
    | 'same sector, other institution'
    | `other sector: ${string}`
    | 'not in education';

export type EvaluatedOutcome =
    | Outcome
    | 'vsv' | 'not-vsv'
    | 'success' | 'no'
    | 'diploma' | 'left without diploma'
    | DestinationCategory;

/** One counted person (unit person) or person x entry unit (unit enrollment) of one cohort year. */
export interface EvaluatedRow {
    readonly cohortYear: number;
    readonly person: string;
    /** The anchor's entry unit: a programme, institution, `institution/programme`, sector or `education`. */
    readonly entryUnit: string | null;
    /** The anchor's institution, programme and sector. */
    readonly institution: string | null;
    readonly programme: string | null;
    readonly sector: string | null;
    /** Values of `def.breakdown`, in its order. */
    readonly breakdown: readonly (string | null)[];
    readonly outcome: EvaluatedOutcome;
}

export interface Evaluation {
    /** Cohort years that were computed. */
    readonly years: readonly number[];
    /** Cohort years outside the observation window: no rows, only the reason. */
    readonly incomplete: readonly IncompleteYear[];
    readonly rows: readonly EvaluatedRow[];
}

export interface ObservationWindow {
    readonly observed: { readonly from: string; readonly until: string };
    readonly studyYearStart: MonthDay;
    /** The source's declaration of which day of a year-only diploma period counts at a cutoff inside it. */
    readonly yearOnlyAt?: 'first' | 'last';
}

// ------------------------------------------------------------------------------------------------ entry point

export function evaluate(def: Definition, records: Records, window: ObservationWindow, years?: readonly number[]): Evaluation {
    checkMeasureKind(def);
    const cal = calendar(def.choices.peildatum.value, window.studyYearStart);
    const people = peopleOf(records, def.choices.mainOnly.value);
    const computed: number[] = [];
    const incomplete: IncompleteYear[] = [];
    const rows: EvaluatedRow[] = [];
    for (const y of years ?? defaultYears(def, cal, window)) {
        const ctx: YearContext = { def, cal, window, y };
        // Incomplete is decided before membership: a year the window does not cover has no rows at all.
        const reason = incompleteReason(ctx);
        if (reason !== undefined) {
            incomplete.push({ year: y, reason });
            continue;
        }
        computed.push(y);
        for (const p of people) rows.push(...personRows(ctx, p));
    }
    return { years: computed, incomplete, rows };
}

function checkMeasureKind(def: Definition): void {
    // The publisher's outcome cannot be derived from example persons' enrollments: say so rather than compute one.
    if (def.classified) throw new Error(`${def.indicator.name}: measure ${def.measure.name} is classified by source; the reference evaluator computes outcomes from enrollments, so an example cannot check it`);
    const valid = VALID_KINDS[def.measure.name];
    if (!valid.includes(def.cohort.kind)) {
        throw new Error(`${def.indicator.name}: measure ${def.measure.name} needs a cohort of kind ${valid.join(' or ')}, not ${def.cohort.kind}`);
    }
}

/** The cohort's own years, else every year whose peildatum lies in the observation window. */
function defaultYears(def: Definition, cal: Calendar, window: ObservationWindow): number[] {
    const [from, until] = def.cohort.years
        ?? [firstPeildatumYearFrom(cal, window.observed.from), lastPeildatumYearUntil(cal, window.observed.until)];
    const years: number[] = [];
    for (let y = from; y <= until; y++) years.push(y);
    return years;
}

interface YearContext {
    readonly def: Definition;
    readonly cal: Calendar;
    readonly window: ObservationWindow;
    readonly y: number;
}

/** P(y + k) for the context's cohort year. */
function peil(ctx: YearContext, k: number): string {
    return peildatumOf(ctx.cal, ctx.y + k);
}

// ------------------------------------------------------------------------------------------------ people

/** Everything one person has. `enrollments` holds only main enrollments when `main enrollments only` holds. */
interface PersonData {
    readonly key: string;
    readonly info: Person | undefined;
    readonly enrollments: Enrollment[];
    readonly diplomas: Diploma[];
    readonly prior: PriorEducation[];
}

function peopleOf(records: Records, mainOnly: boolean): PersonData[] {
    const byKey = new Map<string, PersonData>();
    const get = (key: string): PersonData => {
        let p = byKey.get(key);
        if (!p) {
            p = { key, info: undefined, enrollments: [], diplomas: [], prior: [] };
            byKey.set(key, p);
        }
        return p;
    };
    // A person listed twice: the first row counts (as in the SQL).
    for (const info of records.persons) if (!get(info.person).info) byKey.set(info.person, { ...get(info.person), info });
    // `main enrollments only` removes secondary enrollments everywhere: as anchors, in the history check and in
    // the status on the horizon. A missing main flag counts as false.
    for (const e of records.enrollments) if (!mainOnly || e.main === true) get(e.person).enrollments.push(e);
    for (const d of records.diplomas) get(d.person).diplomas.push(d);
    for (const r of records.prior) get(r.person).prior.push(r);
    return [...byKey.values()].sort((a, b) => codePointCompare(a.key, b.key));
}

// ------------------------------------------------------------------------------------------------ observation window

interface DayRead { readonly day: string; readonly why: string }

/** The earliest and latest days a cohort year reads, per kind (SEMANTICS.md "Observation window"). */
function daysRead(ctx: YearContext): DayRead[] {
    const { def, y } = ctx;
    if (def.cohort.kind === 'deregistration') {
        // The last enrollment that can count ends the day before P(y+1); its destination is read N months later.
        const months = monthsOf(def);
        return [
            { day: peil(ctx, 0), why: `the peildatum of ${y}` },
            { day: plusMonths(dayBefore(peil(ctx, 1)), months), why: `${months} months after the last day of the year` },
        ];
    }
    const n = horizonOf(def);
    switch (def.cohort.kind) {
        case 'entering': {
            const days: DayRead[] = [{ day: peil(ctx, 0), why: `the peildatum of ${y}` }];
            const lookback = def.choices.lookback?.value ?? 'all';
            // With `entry flag` there is no newness test, so no history to read.
            if (def.choices.entryFlag?.value) {
                // nothing before P(y)
            } else if (lookback === 'all') {
                // "All observed history" is only a history when there is at least one earlier peildatum.
                days.push({ day: peil(ctx, -1), why: 'an earlier peildatum for the lookback over all observed history' });
            } else {
                days.push({ day: peil(ctx, -lookback), why: `the lookback of ${lookback} years` });
            }
            if (def.choices.inflow?.value.kind === 'direct-by-enrollment') {
                days.push({ day: peil(ctx, -1), why: 'the previous peildatum for inflow direct by enrollment' });
            }
            days.push({ day: peil(ctx, lastHorizonYear(def)), why: `the horizon after ${lastHorizonYear(def)} years` });
            return days;
        }
        case 'enrolled': {
            const days: DayRead[] = [
                { day: peil(ctx, 0), why: `the peildatum of ${y}` },
                { day: peil(ctx, n), why: `the horizon after ${n} years` },
            ];
            if (def.measure.name === 'vsv') days.push({ day: vsvCutoff(ctx), why: 'the startkwalificatie cutoff' });
            return days;
        }
        case 'graduating':
            return [
                { day: studyYearStartOf(ctx.cal, y - 1), why: `the start of study year ${y - 1} (diplomas of cohort ${y})` },
                { day: peil(ctx, n), why: `the horizon after ${n} years` },
            ];
        case 'leaving':
            return [
                { day: peil(ctx, 0), why: `the peildatum of ${y}` },
                { day: peil(ctx, 1), why: `the peildatum of ${y + 1}` },
            ];
    }
}

/** `history S within N years` reads back to P(y-N), as a filter or a breakdown; without `within` it adds nothing. */
function historyDaysRead(ctx: YearContext): DayRead[] {
    const { def } = ctx;
    const byHistory = def.breakdown.some((b) => b === HISTORY_BREAKDOWN || historyField(b) !== undefined);
    return [def.choices.history?.value, byHistory ? breakdownHistory(def) : undefined]
        .flatMap((h) => (h && h.within !== null ? [{ day: peil(ctx, -h.within), why: `history ${h.sector} within ${h.within} years` }] : []));
}

function incompleteReason(ctx: YearContext): string | undefined {
    const { from, until } = ctx.window.observed;
    for (const { day, why } of [...historyDaysRead(ctx), ...daysRead(ctx)]) {
        if (day < from) return `needs ${day} (${why}); observed from ${from}`;
        if (day > until) return `needs ${day} (${why}); observed until ${until}`;
    }
    return undefined;
}

/** The horizon n in years: required for most measures, fixed for vsv and startersresultaat. */
function horizonOf(def: Definition): number {
    switch (def.measure.name) {
        case 'vsv': return FIXED_RULES.vsv.horizon;
        case 'startersresultaat': return FIXED_RULES.startersresultaat.horizon;
        // jaarresultaat has its own period, P(y) .. P(y+1) - 1 day.
        case 'jaarresultaat': return 1;
        default: {
            const h = def.choices.horizon?.value;
            if (h === undefined) throw new Error(`${def.indicator.name}: measure ${def.measure.name} needs a horizon`);
            return h;
        }
    }
}

/** The horizon of de-registrations in months (0 for a cohort looked at on its own). */
function monthsOf(def: Definition): number {
    return def.choices.horizonMonths?.value ?? 0;
}

/** The last peildatum an entering cohort reads: the horizon, or the "over retained after" year when later. */
function lastHorizonYear(def: Definition): number {
    const over = def.measure.name === 'success' ? def.measure.overRetainedAfter ?? 0 : 0;
    return Math.max(horizonOf(def), over);
}

// ------------------------------------------------------------------------------------------------ rows per kind

function personRows(ctx: YearContext, p: PersonData): EvaluatedRow[] {
    switch (ctx.def.cohort.kind) {
        case 'entering': return enteringRows(ctx, p);
        case 'enrolled': return enrolledRows(ctx, p);
        case 'graduating': return graduatingRows(ctx, p);
        case 'leaving': return jaarresultaatRows(ctx, p);
        case 'deregistration': return deregistrationRows(ctx, p);
    }
}

function enteringRows(ctx: YearContext, p: PersonData): EvaluatedRow[] {
    const rows: EvaluatedRow[] = [];
    for (const e of enteringAnchors(ctx, p)) {
        const anchor = anchorOfEnrollment(e, entryUnitLabel(e, entryOf(ctx.def)));
        const outcome = enteringOutcome(ctx, p, anchor);
        if (outcome !== null) rows.push(row(ctx, p, anchor, outcome));
    }
    return rows;
}

function enrolledRows(ctx: YearContext, p: PersonData): EvaluatedRow[] {
    return enrolledAnchors(ctx, p).map((e) => {
        const anchor = anchorOfEnrollment(e, null);
        const outcome = ctx.def.measure.name === 'vsv' ? vsvOutcome(ctx, p) : destinationOf(ctx, p, anchor, false);
        return row(ctx, p, anchor, outcome);
    });
}

function graduatingRows(ctx: YearContext, p: PersonData): EvaluatedRow[] {
    // Only destination is valid for graduating cohorts; a graduate cannot be "graduated" again.
    return graduatingAnchors(ctx, p).map((d) => {
        const anchor = anchorOfDiploma(d);
        return row(ctx, p, anchor, destinationOf(ctx, p, anchor, false));
    });
}

function row(ctx: YearContext, p: PersonData, anchor: Anchor, outcome: EvaluatedOutcome): EvaluatedRow {
    return {
        cohortYear: ctx.y, person: p.key, entryUnit: anchor.entryUnit,
        institution: anchor.institution, programme: anchor.programme, sector: anchor.sector,
        breakdown: breakdownValues(ctx, p, anchor), outcome,
    };
}

// ------------------------------------------------------------------------------------------------ anchors

/** The record a person is counted by, reduced to what outcomes and breakdowns read. */
interface Anchor {
    readonly institution: string | null;
    readonly programme: string | null;
    readonly sector: string | null;
    readonly level: string | null;
    readonly mode: string | null;
    /** The enrollment's start, or a diploma's date (first day of its period). */
    readonly start: string;
    readonly entryUnit: string | null;
    /** De-registrations: the ended enrollment's leave reason and its timing group. */
    readonly leaveReason?: string | null;
    readonly leaveTiming?: string;
    /** The anchor enrollment itself (null for a diploma): an entering cohort's history leaves it out. */
    readonly record: Enrollment | null;
}

function anchorOfEnrollment(e: Enrollment, entryUnit: string | null): Anchor {
    return {
        institution: e.institution, programme: e.programme, sector: e.sector, level: e.level, mode: e.mode,
        start: e.start, entryUnit, record: e,
    };
}

function anchorOfDiploma(d: Diploma): Anchor {
    return {
        institution: d.institution, programme: d.programme, sector: d.sector, level: d.level, mode: null,
        start: d.first, entryUnit: null, record: null,
    };
}

/** What the tie-break reads: main first, then earliest start, lowest institution, programme, source row. */
interface TieBreakKeys {
    readonly main: boolean | null;
    readonly start: string;
    readonly institution: string | null;
    readonly programme: string | null;
    readonly sourceRow: number;
}

const enrollmentKeys = (e: Enrollment): TieBreakKeys => e;
// Diplomas have no main flag (all equal on it); their "start" is the date or the period's first day.
const diplomaKeys = (d: Diploma): TieBreakKeys => ({ ...d, main: null, start: d.first });

/** The tie-break of SEMANTICS.md; missing values sort last (a missing main flag counts as false). */
function compareTieBreak(a: TieBreakKeys, b: TieBreakKeys): number {
    const mainRank = (k: TieBreakKeys) => (k.main === true ? 0 : 1);
    return mainRank(a) - mainRank(b)
        || codePointCompare(a.start, b.start)
        || codePointCompare(a.institution, b.institution)
        || codePointCompare(a.programme, b.programme)
        || a.sourceRow - b.sourceRow;
}

/** The first record by the tie-break. */
function firstByTieBreak<T>(records: readonly T[], keys: (r: T) => TieBreakKeys): T | undefined {
    let best: T | undefined;
    for (const r of records) if (best === undefined || compareTieBreak(keys(r), keys(best)) < 0) best = r;
    return best;
}

/**
 * Anchors from candidates: unit person takes the one the tie-break picks; unit enrollment takes one per unit (the
 * tie-break picks within a unit), so each qualifying (person, unit) counts once.
 */
function chooseAnchors<T>(ctx: YearContext, candidates: readonly T[], keys: (r: T) => TieBreakKeys, sameUnit: (a: T, b: T) => boolean): T[] {
    if (ctx.def.choices.unit.value === 'person') {
        const best = firstByTieBreak(candidates, keys);
        return best === undefined ? [] : [best];
    }
    const groups: T[][] = [];
    for (const c of candidates) {
        const group = groups.find((g) => sameUnit(g[0], c));
        if (group) group.push(c);
        else groups.push([c]);
    }
    return groups.map((g) => firstByTieBreak(g, keys)!);
}

/**
 * Entering: among the person's enrollments on P(y) that pass the filters and are new (cover no earlier peildatum
 * of their own entry unit within the lookback), the tie-break picks the anchor. A person who fails a person-level
 * filter (age, prior education, inflow) has no anchor.
 */
function enteringAnchors(ctx: YearContext, p: PersonData): Enrollment[] {
    if (!passesPersonFilters(ctx, p) || !passesInflow(ctx, p)) return [];
    const entry = entryOf(ctx.def);
    const flag = ctx.def.choices.entryFlag?.value ?? null;
    // `entry flag`: the file's own first-year flag marks the anchor; no newness test (SEMANTICS.md, Additions).
    const candidates = p.enrollments.filter((e) =>
        enrolledOnPeildatum(ctx, e, 0)
        && passesEnrollmentFilters(ctx.def, e)
        && (flag !== null
            ? (e.extra?.[flag.column] ?? null) === flag.value
            // An enrollment whose entry unit is unknown cannot be new in it (a missing filtered field fails).
            : entryUnitLabel(e, entry) !== null && isNewInEntryUnit(ctx, p, e))
        // `history S`: tested once per candidate anchor, leaving that candidate out.
        && passesHistory(ctx, p, e));
    return chooseAnchors(ctx, candidates, enrollmentKeys, (a, b) => sameEntryUnit(a, b, entry));
}

/** Enrolled: the person's enrollments on P(y) that pass the filters; unit enrollment counts each programme. */
function enrolledAnchors(ctx: YearContext, p: PersonData): Enrollment[] {
    if (!passesPersonFilters(ctx, p)) return [];
    const candidates = p.enrollments.filter((e) => enrolledOnPeildatum(ctx, e, 0) && passesEnrollmentFilters(ctx.def, e));
    return chooseAnchors(ctx, candidates, enrollmentKeys, (a, b) => sameEntryUnit(a, b, 'institution-programme'));
}

/**
 * Graduating: a diploma of the counted kinds dated in study year y-1 (a diploma known only by a period belongs to
 * the study year of the period's first day).
 */
function graduatingAnchors(ctx: YearContext, p: PersonData): Diploma[] {
    if (!passesPersonFilters(ctx, p)) return [];
    const rule = ctx.def.choices.diploma?.value ?? FIXED_RULES.defaultDiplomaRule;
    const candidates = p.diplomas.filter((d) =>
        diplomaKindCounts(rule, d)
        && studyYearOf(ctx.cal, d.first) === ctx.y - 1
        && passesDiplomaFilters(ctx.def, d));
    return chooseAnchors(ctx, candidates, diplomaKeys, (a, b) => sameEntryUnit(a, b, 'institution-programme'));
}

/**
 * Leaving: per institution, enrolled there on P(y) (an enrollment that passes the filters) and not enrolled there
 * on P(y+1) (any enrollment). The anchor is the enrollment on P(y) the tie-break picks. Leaving is per
 * institution by its nature, whatever the unit.
 */
function leavingAnchors(ctx: YearContext, p: PersonData): Enrollment[] {
    if (!passesPersonFilters(ctx, p)) return [];
    const candidates = p.enrollments.filter((e) =>
        e.institution !== null && enrolledOnPeildatum(ctx, e, 0) && passesEnrollmentFilters(ctx.def, e));
    const anchors: Enrollment[] = [];
    for (const institution of distinct(candidates.map((e) => e.institution!))) {
        const stays = p.enrollments.some((e) => e.institution === institution && enrolledOnPeildatum(ctx, e, 1));
        if (stays) continue;
        anchors.push(firstByTieBreak(candidates.filter((e) => e.institution === institution), enrollmentKeys)!);
    }
    return anchors;
}

function distinct(values: readonly string[]): string[] {
    return [...new Set(values)].sort(codePointCompare);
}

// ------------------------------------------------------------------------------------------------ entry units

function entryOf(def: Definition): EntryUnit {
    const entry = def.choices.entry?.value;
    if (entry === undefined) throw new Error(`${def.indicator.name}: an entering cohort needs an entry unit`);
    return entry;
}

/** Equal and known: a missing value never matches anything. */
function same(a: string | null, b: string | null): boolean {
    return a !== null && a === b;
}

function sameEntryUnit(a: UnitFields, b: UnitFields, entry: EntryUnit): boolean {
    switch (entry) {
        case 'programme': return same(a.programme, b.programme);
        case 'institution': return same(a.institution, b.institution);
        case 'institution-programme': return same(a.institution, b.institution) && same(a.programme, b.programme);
        case 'sector': return same(a.sector, b.sector);
        case 'education': return true;
    }
}

interface UnitFields {
    readonly institution: string | null;
    readonly programme: string | null;
    readonly sector: string | null;
}

/** The entry unit as text for the output row; null when the record lacks the field the unit needs. */
function entryUnitLabel(e: UnitFields, entry: EntryUnit): string | null {
    switch (entry) {
        case 'programme': return e.programme;
        case 'institution': return e.institution;
        case 'institution-programme':
            return e.institution === null || e.programme === null ? null : `${e.institution}/${e.programme}`;
        case 'sector': return e.sector;
        case 'education': return 'education';
    }
}

/**
 * New: none of the person's enrollments (all of them, whatever the filters; only main ones under `main
 * enrollments only`) in the same entry unit covers an earlier peildatum within the lookback.
 */
function isNewInEntryUnit(ctx: YearContext, p: PersonData, e: Enrollment): boolean {
    const entry = entryOf(ctx.def);
    const { from, to } = lookbackYears(ctx);
    return !p.enrollments.some((f) => sameEntryUnit(f, e, entry) && coversAnyPeildatum(ctx.cal, f.start, f.end, from, to));
}

/**
 * The earlier peildata the history check reads: `lookback N years` = P(y-N) .. P(y-1); all observed history =
 * every peildatum from the first in the observation window up to P(y-1).
 */
function lookbackYears(ctx: YearContext): { from: number; to: number } {
    const lookback = ctx.def.choices.lookback?.value ?? 'all';
    const from = lookback === 'all' ? firstPeildatumYearFrom(ctx.cal, ctx.window.observed.from) : ctx.y - lookback;
    return { from, to: ctx.y - 1 };
}

// ------------------------------------------------------------------------------------------------ filters

function inSet(set: CodeSet, value: string | null): boolean {
    return set === 'any' || (value !== null && set.includes(value));
}

/** Record-level filters on an enrollment: sector, level, mode, funded. A missing field fails a filter on it. */
function passesEnrollmentFilters(def: Definition, e: Enrollment): boolean {
    const c = def.choices;
    return inSet(c.sector.value, e.sector)
        && inSet(c.level.value, e.level)
        && inSet(c.mode.value, e.mode)
        && (!c.funded.value || e.funded === true)
        // `main anchor only`: the anchor must be main; history and status still read every enrollment.
        && (!c.mainAnchorOnly?.value || e.main === true);
}

/**
 * Record-level filters on a diploma anchor: sector and level. A diploma has no mode or funded field at all (as
 * opposed to a missing value), so those filters select enrollments only and do not apply to diplomas.
 */
function passesDiplomaFilters(def: Definition, d: Diploma): boolean {
    return inSet(def.choices.sector.value, d.sector) && inSet(def.choices.level.value, d.level);
}

/**
 * `history S [within N years]` (SEMANTICS.md, Additions): the person's enrollments in sector S (all of them; only
 * main ones under `main enrollments only`) other than `leftOut`, started before P(y) and, with `within`, open or
 * ending on or after P(y-N). A record whose sector or start is missing is no such enrollment.
 */
function historyEnrollments(ctx: YearContext, p: PersonData, h: History, leftOut: Enrollment | null): Enrollment[] {
    const before = peil(ctx, 0);
    const since = h.within === null ? null : peil(ctx, -h.within);
    return p.enrollments.filter((e) => e !== leftOut && e.sector === h.sector && e.start < before
        && (since === null || e.end === null || e.end >= since));
}

/** The history filter for an entering cohort's candidate anchor `candidate` (left out), or for the person. */
function passesHistory(ctx: YearContext, p: PersonData, candidate: Enrollment | null): boolean {
    const h = ctx.def.choices.history?.value;
    return !h || historyEnrollments(ctx, p, h, candidate).length > 0;
}

/** The latest-starting enrollment of the history; ties by the usual tie-break. */
function latestHistory(ctx: YearContext, p: PersonData, h: History, anchor: Anchor): Enrollment | undefined {
    const leftOut = ctx.def.cohort.kind === 'entering' ? anchor.record : null;
    let best: Enrollment | undefined;
    for (const e of historyEnrollments(ctx, p, h, leftOut)) {
        if (best === undefined || e.start > best.start || (e.start === best.start && compareTieBreak(e, best) < 0)) best = e;
    }
    return best;
}

/** A field of an enrollment by name: a record field, else an attribute the source maps beside them. */
function enrollmentField(e: Enrollment, field: string): string | null {
    switch (field) {
        case 'person': return e.person;
        case 'institution': return e.institution;
        case 'programme': return e.programme;
        case 'sector': return e.sector;
        case 'level': return e.level;
        case 'mode': return e.mode;
        case 'leave reason': return e.leaveReason;
        default: return e.attributes?.[field] ?? null;
    }
}

/** Person-level filters: age below on P(y) in completed years, and prior education for cohort year y. */
function passesPersonFilters(ctx: YearContext, p: PersonData): boolean {
    // The history of an entering cohort is tested per candidate anchor (enteringAnchors); other kinds leave nothing out.
    if (ctx.def.cohort.kind !== 'entering' && !passesHistory(ctx, p, null)) return false;
    const ageBelow = ctx.def.choices.ageBelow.value;
    if (ageBelow !== null) {
        const birthDate = p.info?.birthDate ?? null;
        if (birthDate === null || ageOn(birthDate, peil(ctx, 0)) >= ageBelow) return false;
    }
    const prior = ctx.def.choices.prior.value;
    if (prior !== 'any') {
        const category = priorEducationFor(p, ctx.y)?.category ?? null;
        if (!inSet(prior, category)) return false;
    }
    return true;
}

function enrolledOnPeildatum(ctx: YearContext, e: Enrollment, k: number): boolean {
    return coversPeildatum(ctx.cal, e.start, e.end, ctx.y + k);
}

// ------------------------------------------------------------------------------------------------ prior education and inflow

const PRIOR_RANK: ReadonlyMap<string, number> = (() => {
    const rank = new Map<string, number>();
    FIXED_RULES.priorRank.forEach((tier, i) => { for (const c of tier) rank.set(c, FIXED_RULES.priorRank.length - i); });
    return rank;
})();

/**
 * The prior education for cohort year y: the highest category among records with S <= y-1 (records with S >= y
 * are ignored), ties broken by the latest S, then by the lowest source row.
 */
function priorEducationFor(p: PersonData, y: number): PriorEducation | undefined {
    let best: PriorEducation | undefined;
    for (const r of p.prior) {
        if (r.schoolYear > y - 1) continue;
        if (best === undefined) { best = r; continue; }
        const byRank = (PRIOR_RANK.get(r.category) ?? 0) - (PRIOR_RANK.get(best.category) ?? 0);
        const better = byRank > 0 || (byRank === 0 && (r.schoolYear > best.schoolYear
            || (r.schoolYear === best.schoolYear && r.sourceRow < best.sourceRow)));
        if (better) best = r;
    }
    return best;
}

type InflowClass = 'direct' | 'indirect' | null;

/** By prior education: direct when y-1-g <= S <= y-1; indirect when known and not direct; null when unknown. */
function inflowByPrior(p: PersonData, y: number, gap: number): InflowClass {
    const prior = priorEducationFor(p, y);
    if (prior === undefined) return null;
    return prior.schoolYear >= y - 1 - gap ? 'direct' : 'indirect';
}

/** By enrollment: direct when enrolled on P(y-1) anywhere in education, or in the given sectors. */
function inflowByEnrollment(ctx: YearContext, p: PersonData, sectors: readonly string[] | 'any'): InflowClass {
    const before = p.enrollments.some((e) => enrolledOnPeildatum(ctx, e, -1) && inSet(sectors, e.sector));
    return before ? 'direct' : 'indirect';
}

/** The person's inflow for cohort year y, judged by the card's inflow rule (by prior education with gap 0 for `any`). */
function inflowOf(ctx: YearContext, p: PersonData): InflowClass {
    const inflow = ctx.def.choices.inflow?.value ?? { kind: 'any' as const };
    switch (inflow.kind) {
        case 'direct-by-enrollment': return inflowByEnrollment(ctx, p, inflow.sectors);
        case 'direct':
        case 'indirect': return inflowByPrior(p, ctx.y, inflow.gap);
        case 'any': return inflowByPrior(p, ctx.y, 0);
    }
}

/** The inflow filter: unknown inflow is excluded by direct and indirect, kept by any. */
function passesInflow(ctx: YearContext, p: PersonData): boolean {
    const inflow = ctx.def.choices.inflow?.value ?? { kind: 'any' as const };
    switch (inflow.kind) {
        case 'any': return true;
        case 'indirect': return inflowOf(ctx, p) === 'indirect';
        case 'direct':
        case 'direct-by-enrollment': return inflowOf(ctx, p) === 'direct';
    }
}

// ------------------------------------------------------------------------------------------------ breakdown

function breakdownValues(ctx: YearContext, p: PersonData, anchor: Anchor): (string | null)[] {
    return ctx.def.breakdown.map((name) => {
        switch (name) {
            case 'institution': return anchor.institution;
            case 'programme': return anchor.programme;
            case 'sector': return anchor.sector;
            case 'level': return anchor.level;
            case 'mode': return anchor.mode;
            case 'prior': return priorEducationFor(p, ctx.y)?.category ?? null;
            case 'inflow': return inflowOf(ctx, p);
            case 'leave reason': return anchor.leaveReason ?? null;
            case 'leave timing': return anchor.leaveTiming ?? null;
            case HISTORY_BREAKDOWN: {
                const h = ctx.def.historyBreakdown;
                if (!h) throw new Error(`${ctx.def.indicator.name}: \`by history\` without a sector`);
                return latestHistory(ctx, p, h, anchor) ? 'yes' : 'no';
            }
            default: {
                const field = historyField(name);
                if (field === undefined) return p.info?.attributes[name] ?? null;
                const h = breakdownHistory(ctx.def);
                if (!h) throw new Error(`${ctx.def.indicator.name}: \`by ${name}\` needs a history filter or \`by history <sector>\``);
                const e = latestHistory(ctx, p, h, anchor);
                return e ? enrollmentField(e, field) : null;
            }
        }
    });
}

// ------------------------------------------------------------------------------------------------ status and outcome

/** Within the scope of the anchor: the same programme / institution / both / sector, or anywhere in education. */
function inScope(r: UnitFields, anchor: Anchor, scope: ScopeUnit): boolean {
    return sameEntryUnit(r, anchor, scope);
}

/** Inside the switch domain: the anchor's institution or sector, one of a named set of sectors, or anywhere. */
function inSwitchDomain(r: UnitFields, anchor: Anchor, domain: SwitchDomain): boolean {
    switch (domain.kind) {
        case 'institution': return same(r.institution, anchor.institution);
        case 'sector': return same(r.sector, anchor.sector);
        case 'sectors': return r.sector !== null && domain.sectors.includes(r.sector);
        case 'education': return true;
    }
}

/** A diploma's kind counts: the rule counts diplomas, lists its kind, and it is never a propedeuse. */
function diplomaKindCounts(rule: DiplomaRule, d: Diploma): boolean {
    return rule.counts && d.kind !== null && d.kind !== 'propedeuse' && rule.kinds.includes(d.kind);
}

/**
 * Graduated by a day: a diploma of a counted kind, within the diploma scope of the anchor, whose date or whole
 * period lies after the anchor's start and on or before the day. A diploma dated before (or on) the anchor's
 * start never counts.
 */
function graduatedBy(p: PersonData, anchor: Anchor, day: string, rule: DiplomaRule, scope: ScopeUnit): boolean {
    return p.diplomas.some((d) =>
        diplomaKindCounts(rule, d) && inScope(d, anchor, scope) && d.first > anchor.start && d.last <= day);
}

interface OutcomeRules {
    readonly scope: ScopeUnit;
    readonly treatment: SwitchTreatment;
    readonly domain: SwitchDomain;
    readonly diploma: DiplomaRule;
}

function outcomeRules(def: Definition): OutcomeRules {
    const scope = def.choices.scope?.value;
    const treatment = def.choices.switchTreatment?.value;
    if (scope === undefined || treatment === undefined) {
        throw new Error(`${def.indicator.name}: measure ${def.measure.name} needs a scope and a switch treatment`);
    }
    return {
        scope, treatment,
        domain: def.choices.switchDomain?.value ?? { kind: 'education' },
        // The diploma scope is the same as `scope` by default; the card does not carry a separate one yet.
        diploma: def.choices.diploma?.value ?? FIXED_RULES.defaultDiplomaRule,
    };
}

/** Status on P(y+k), before switch treatment: the first of graduated, retained, switched, dropout that holds. */
function statusOn(ctx: YearContext, p: PersonData, anchor: Anchor, k: number, rules: OutcomeRules): Outcome {
    if (graduatedBy(p, anchor, peil(ctx, k), rules.diploma, rules.scope)) return 'graduated';
    const enrolled = p.enrollments.filter((e) => enrolledOnPeildatum(ctx, e, k));
    if (enrolled.some((e) => inScope(e, anchor, rules.scope))) return 'retained';
    if (enrolled.some((e) => inSwitchDomain(e, anchor, rules.domain))) return 'switched';
    return 'dropout';
}

/** Switch treatment maps switched to dropout or retained, or keeps it separate. */
function treatSwitch(status: Outcome, treatment: SwitchTreatment): Outcome {
    if (status !== 'switched') return status;
    return treatment === 'separate' ? 'switched' : treatment;
}

/**
 * The outcome on the horizon n. With `first exit counts`, walk k = 1..n: graduated at P(y+k) is final; the first
 * k whose treated status is dropout makes the outcome dropout; otherwise the status at P(y+n).
 */
function horizonOutcome(ctx: YearContext, p: PersonData, anchor: Anchor): Outcome {
    const rules = outcomeRules(ctx.def);
    const n = horizonOf(ctx.def);
    if (ctx.def.choices.reentry?.value === 'first-exit') {
        for (let k = 1; k <= n; k++) {
            const status = treatSwitch(statusOn(ctx, p, anchor, k, rules), rules.treatment);
            if (status === 'graduated' || status === 'dropout') return status;
        }
    }
    return treatSwitch(statusOn(ctx, p, anchor, n, rules), rules.treatment);
}

/** Success `over retained after m years`: only people whose treated status on P(y+m) is retained are counted. */
function retainedAfter(ctx: YearContext, p: PersonData, anchor: Anchor, m: number): boolean {
    const rules = outcomeRules(ctx.def);
    return treatSwitch(statusOn(ctx, p, anchor, m, rules), rules.treatment) === 'retained';
}

/** An entering cohort member's outcome by measure; null = not in the denominator. */
function enteringOutcome(ctx: YearContext, p: PersonData, anchor: Anchor): EvaluatedOutcome | null {
    switch (ctx.def.measure.name) {
        case 'dropout':
        case 'switch':
        case 'retention':
            return horizonOutcome(ctx, p, anchor);
        case 'success': {
            const m = ctx.def.measure.overRetainedAfter;
            if (m !== undefined && !retainedAfter(ctx, p, anchor, m)) return null;
            return horizonOutcome(ctx, p, anchor);
        }
        case 'startersresultaat': return startersresultaatOutcome(ctx, p, anchor);
        case 'destination': return destinationOf(ctx, p, anchor, true);
        default: throw new Error(`measure ${ctx.def.measure.name} is not for entering cohorts`);
    }
}

// ------------------------------------------------------------------------------------------------ mbo and vsv measures

/**
 * startersresultaat: success when a diploma at the anchor's institution is dated after the anchor's start and on or
 * before P(y+1), or the person is enrolled at the institution on P(y+1). Scope and switch choices do not apply.
 */
function startersresultaatOutcome(ctx: YearContext, p: PersonData, anchor: Anchor): 'success' | 'no' {
    const { horizon, diplomaKinds } = FIXED_RULES.startersresultaat;
    const day = peil(ctx, horizon);
    const diploma = p.diplomas.some((d) =>
        d.kind !== null && diplomaKinds.includes(d.kind) && same(d.institution, anchor.institution)
        && d.first > anchor.start && d.last <= day);
    const stays = p.enrollments.some((e) => same(e.institution, anchor.institution) && enrolledOnPeildatum(ctx, e, horizon));
    return diploma || stays ? 'success' : 'no';
}

/** 31 December of y+1: a startkwalificatie dated on or before it still makes someone not-vsv. */
function vsvCutoff(ctx: YearContext): string {
    const { yearsAfterCohort, monthDay } = FIXED_RULES.vsv.cutoff;
    return isoDate(ctx.y + yearsAfterCohort, monthDay);
}

/**
 * vsv: not enrolled in any education on P(y+1) and no startkwalificatie (havo, vwo, mbo-2..4, whatever its kind)
 * dated on or before 31 December of y+1.
 *
 * A year-only diploma whose period straddles the cutoff is dated by the day the source declares (first or last day
 * of its period). Undeclared, SEMANTICS.md calls it an error; this evaluator then takes the period's LAST day
 * (FIXED_RULES.vsv.yearOnlyAt): such a diploma is a startkwalificatie only when its whole period lies on or before
 * the cutoff. For a dated diploma first = last, so the choice changes nothing there.
 */
function vsvOutcome(ctx: YearContext, p: PersonData): 'vsv' | 'not-vsv' {
    if (p.enrollments.some((e) => enrolledOnPeildatum(ctx, e, FIXED_RULES.vsv.horizon))) return 'not-vsv';
    const cutoff = vsvCutoff(ctx);
    const levels = FIXED_RULES.vsv.startkwalificatieLevels;
    const at = ctx.window.yearOnlyAt ?? FIXED_RULES.vsv.yearOnlyAt;
    const qualified = p.diplomas.some((d) =>
        d.level !== null && levels.includes(d.level) && (at === 'first' ? d.first : d.last) <= cutoff);
    return qualified ? 'not-vsv' : 'vsv';
}

/**
 * A diploma that makes up jaarresultaat's numerator: an mbo diploma of level 2-4 at the institution, dated in the
 * period P(y) .. P(y+1) - 1 day. A year-only diploma belongs to the period of its first day (as a diploma belongs to
 * the study year of its period's first day for graduating cohorts).
 */
function jaarresultaatDiploma(ctx: YearContext, d: Diploma, institution: string): boolean {
    const { sector, levels } = FIXED_RULES.jaarresultaat;
    const from = peil(ctx, 0);
    const until = dayBefore(peil(ctx, 1));
    return same(d.institution, institution) && d.sector === sector && d.level !== null && levels.includes(d.level)
        && from <= d.first && d.first <= until;
}

/**
 * jaarresultaat, its own population per institution: everyone with a qualifying diploma at the institution in the
 * period (whether or not they stay), plus everyone who left the institution (enrolled on P(y), not on P(y+1))
 * without such a diploma. The cohort's filters select the anchors (the diploma, or the enrollment on P(y)).
 */
function jaarresultaatRows(ctx: YearContext, p: PersonData): EvaluatedRow[] {
    if (ctx.def.measure.name !== 'jaarresultaat') throw new Error(`measure ${ctx.def.measure.name} is not for leaving cohorts`);
    const rows: EvaluatedRow[] = [];
    const withDiploma = new Set<string>();
    if (passesPersonFilters(ctx, p)) {
        const diplomas = p.diplomas.filter((d) => d.institution !== null && passesDiplomaFilters(ctx.def, d));
        for (const institution of distinct(diplomas.map((d) => d.institution!))) {
            const atInstitution = diplomas.filter((d) => jaarresultaatDiploma(ctx, d, institution));
            const anchor = firstByTieBreak(atInstitution, diplomaKeys);
            if (anchor === undefined) continue;
            withDiploma.add(institution);
            rows.push(row(ctx, p, anchorOfDiploma(anchor), 'diploma'));
        }
    }
    for (const e of leavingAnchors(ctx, p)) {
        // "Without such a diploma": any qualifying diploma at the institution, whatever the filters.
        const hasDiploma = withDiploma.has(e.institution!)
            || p.diplomas.some((d) => jaarresultaatDiploma(ctx, d, e.institution!));
        if (!hasDiploma) rows.push(row(ctx, p, anchorOfEnrollment(e, null), 'left without diploma'));
    }
    return rows;
}

// ------------------------------------------------------------------------------------------------ de-registrations

/**
 * De-registrations (SEMANTICS.md, Additions): the person's enrollments (every one, also those that cover no peildatum)
 * that end in P(y) .. P(y+1) - 1 day at an institution where the person has no final diploma dated on or before the
 * end + 31 days, passing the filters. Unit person: the first to end in the year (then the tie-break); unit
 * enrollment: each. The outcome is where the person is on the day end + N months.
 */
function deregistrationRows(ctx: YearContext, p: PersonData): EvaluatedRow[] {
    if (ctx.def.measure.name !== 'destination') throw new Error(`measure ${ctx.def.measure.name} is not for de-registrations`);
    if (!passesPersonFilters(ctx, p)) return [];
    const c = ctx.def.choices;
    const rules = FIXED_RULES.deregistration;
    const first = peil(ctx, 0);
    const last = dayBefore(peil(ctx, 1));
    const reasons = c.leaveReasons?.value ?? 'any';
    const ended = p.enrollments.filter((e) => {
        if (e.end === null || e.institution === null || e.end < first || e.end > last) return false;
        if (!passesEnrollmentFilters(ctx.def, e) || !inSet(reasons, e.leaveReason)) return false;
        const graceEnd = plusDays(e.end, rules.diplomaGraceDays);
        const graduated = p.diplomas.some((d) => same(d.institution, e.institution) && d.kind === 'final' && d.first <= graceEnd);
        if (graduated) return false;
        return !c.firstYearOnly?.value || isFirstYear(p, e);
    });
    let counted = ended;
    if (ctx.def.choices.unit.value === 'person') {
        const earliest = ended.filter((e) => ended.every((f) => e.end! <= f.end!));
        const pick = firstByTieBreak(earliest, enrollmentKeys);
        counted = pick === undefined ? [] : [pick];
    }
    return counted.map((e) => {
        const anchor: Anchor = { ...anchorOfEnrollment(e, null), leaveReason: e.leaveReason, leaveTiming: leaveTiming(ctx, e.end!) };
        return row(ctx, p, anchor, deregistrationDestination(p, anchor, plusMonths(e.end!, monthsOf(ctx.def))));
    });
}

/** In its first year: it ends within 12 months of its start, and no enrollment in that programme there started earlier. */
function isFirstYear(p: PersonData, e: Enrollment): boolean {
    const within = e.end !== null && e.end < plusMonths(e.start, FIXED_RULES.deregistration.firstYearMonths);
    const earlier = p.enrollments.some((f) => same(f.institution, e.institution) && same(f.programme, e.programme) && f.start < e.start);
    return within && !earlier;
}

/** Before the first 1 October on or after P(y); from then to the next 1 February; later. */
function leaveTiming(ctx: YearContext, end: string): string {
    const [before, winter, later] = FIXED_RULES.deregistration.timing;
    const start = peil(ctx, 0);
    let october = isoDate(yearOf(start), { month: 10, day: 1 });
    if (october < start) october = isoDate(yearOf(start) + 1, { month: 10, day: 1 });
    const february = isoDate(yearOf(october) + 1, { month: 2, day: 1 });
    return end < october ? before : end < february ? winter : later;
}

/** The destination categories on a day (start <= day <= end), judged against the ended enrollment; never graduated. */
function deregistrationDestination(p: PersonData, anchor: Anchor, day: string): DestinationCategory {
    const enrolled = p.enrollments.filter((e) => enrolledOnDay(e.start, e.end, day));
    if (enrolled.some((e) => same(e.institution, anchor.institution) && same(e.programme, anchor.programme))) return 'same programme and institution';
    if (enrolled.some((e) => same(e.institution, anchor.institution))) return 'other programme, same institution';
    if (enrolled.some((e) => same(e.sector, anchor.sector))) return 'same sector, other institution';
    const elsewhere = firstByTieBreak(enrolled, enrollmentKeys);
    return elsewhere !== undefined ? `other sector: ${elsewhere.sector ?? 'unknown'}` : 'not in education';
}

// ------------------------------------------------------------------------------------------------ destination

/**
 * Destination on P(y+n), judged against the anchor, the first that holds: graduated (entering cohorts only);
 * same programme and institution; other programme, same institution; same sector, other institution; other
 * sector (named by the sector of the enrollment the tie-break picks); not in education.
 */
function destinationOf(ctx: YearContext, p: PersonData, anchor: Anchor, canGraduate: boolean): DestinationCategory {
    const n = horizonOf(ctx.def);
    if (canGraduate) {
        // Destination carries no scope of its own: a diploma counts when it is of what the person entered.
        const scope = ctx.def.choices.scope?.value ?? entryOf(ctx.def);
        const rule = ctx.def.choices.diploma?.value ?? FIXED_RULES.defaultDiplomaRule;
        if (graduatedBy(p, anchor, peil(ctx, n), rule, scope)) return 'graduated';
    }
    const enrolled = p.enrollments.filter((e) => enrolledOnPeildatum(ctx, e, n));
    if (enrolled.some((e) => same(e.institution, anchor.institution) && same(e.programme, anchor.programme))) {
        return 'same programme and institution';
    }
    if (enrolled.some((e) => same(e.institution, anchor.institution))) return 'other programme, same institution';
    if (enrolled.some((e) => same(e.sector, anchor.sector))) return 'same sector, other institution';
    const elsewhere = firstByTieBreak(enrolled, enrollmentKeys);
    if (elsewhere !== undefined) return `other sector: ${elsewhere.sector ?? 'unknown'}`;
    return 'not in education';
}

// ------------------------------------------------------------------------------------------------ counts

const DROPOUT_FAMILY: readonly string[] = ['graduated', 'retained', 'switched', 'dropout'] satisfies Outcome[];

/**
 * Rows -> the shared CountRow[] of run/figures.ts: integer counts per cohort year, breakdown and outcome. CountRow
 * carries the dropout family's outcomes only (dropout, switch, retention, success); any other outcome is an error
 * here rather than a silent drop. Use `outcomeCounts` for the other measures.
 */
export function counts(rows: readonly EvaluatedRow[]): CountRow[] {
    return outcomeCounts(rows).map((c) => {
        if (!DROPOUT_FAMILY.includes(c.outcome)) {
            throw new Error(`counts: outcome "${c.outcome}" is not graduated, retained, switched or dropout`);
        }
        return { ...c, outcome: c.outcome as Outcome };
    });
}

/** Rows -> integer counts per cohort year, breakdown and outcome, for every measure. No rounding, no order. */
export function outcomeCounts(rows: readonly EvaluatedRow[]): { cohortYear: number; breakdown: readonly (string | null)[]; outcome: EvaluatedOutcome; n: number }[] {
    const groups = new Map<string, { cohortYear: number; breakdown: readonly (string | null)[]; outcome: EvaluatedOutcome; n: number }>();
    for (const r of rows) {
        const key = JSON.stringify([r.cohortYear, r.breakdown, r.outcome]);
        const group = groups.get(key);
        if (group) group.n += 1;
        else groups.set(key, { cohortYear: r.cohortYear, breakdown: r.breakdown, outcome: r.outcome, n: 1 });
    }
    return [...groups.values()];
}
