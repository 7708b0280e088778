// Counts -> figures: the one place where rates are made, rounded (one decimal unless the indicator or stroom.json
// says `decimals N`; half away from zero, in exact integer arithmetic), suppressed and ordered. Engines only count; this step is shared by every engine.
// Which cells may be shown is decided by the disclosure module (disclosure/disclosure.ts), on the sorted rows.
import type { MeasureName, Outcome } from '../definition/types.js';
import { disclosurePolicy, protectFigures, type CellState, type DisclosurePolicy, type ProtectedCell } from '../disclosure/disclosure.js';

export interface CountRow {
    readonly cohortYear: number;
    readonly breakdown: readonly (string | null)[];
    readonly outcome: Outcome;
    readonly n: number;
    /** A margin's counts: per breakdown dimension whether it is summed over (its value reads TOTAL_VALUE). */
    readonly total?: readonly boolean[];
}

export interface FigureRow {
    readonly cohortYear: number;
    readonly breakdown: readonly (string | null)[];
    /** Cohort size (the denominator). */
    readonly denominator: number;
    /** People with the measured outcome. */
    readonly numerator: number;
    /** The rate in tenths of a percent (157 = 15.7%), absent when the rate is hidden. */
    readonly rateTenths?: number;
    /** The rate as shown, in units of the last shown decimal (1575 = 15.75% at 2 decimals), absent when hidden. */
    readonly rateScaled?: number;
    /** Decimals of the shown rate (the indicator's `decimals`, else stroom.json's, else 1). */
    readonly decimals: number;
    /** The published norm of this row's year and breakdown, and whether the rate meets it (run/norms.ts). */
    readonly norm?: NormCell;
    /** Nothing of this row is shown (its cohort size is hidden, and with it count and rate). */
    readonly suppressed: boolean;
    /** The cells as outputs show them (disclosure control): `12`, `<5` or `x`. Use these, not the exact numbers. */
    readonly size: ProtectedCell;
    readonly count: ProtectedCell;
    readonly rate: ProtectedCell;
    /** The count is hidden because few people do NOT have the outcome (its complement is below the threshold). */
    readonly smallComplement: boolean;
    /** Every outcome's count, for tables that show the whole distribution. */
    readonly outcomes: Readonly<Record<Outcome, number>>;
    /**
     * The breakdown values are not shown: this row stands for the groups of its cohort year (and category) whose cells
     * are all hidden, merged, so that not even which groups exist is given away. Its values read `x`.
     */
    readonly breakdownHidden?: boolean;
    /** How many groups a row with a hidden breakdown stands for. */
    readonly hiddenGroups?: number;
    /**
     * A margin row (`by a, b` in a run): per breakdown dimension whether it is summed over (its value reads
     * TOTAL_VALUE). Absent on ordinary rows.
     */
    readonly total?: readonly boolean[];
    /** Year-on-year change of the rate (trends: five or more cohort years), see withChanges. */
    readonly change?: ChangeCell;
}

/** The change of a rate since the previous cohort year, in percentage points. */
export interface ChangeCell {
    /** The change (`2.5` for +2.5 points), null when there is none or it is hidden. */
    readonly value: number | null;
    /** As shown: `+2.5`, `-1.0`, `0.0`; `x` when hidden; empty when there is no previous year. */
    readonly shown: string;
    /** Hidden because either year's rate is (a difference must not give a hidden rate back). */
    readonly hidden: boolean;
}

/** From this many cohort years on, outputs show the year-on-year change of the rate. */
export const TREND_YEARS = 5;

/** What a margin row's summed-over dimension reads. */
export const TOTAL_VALUE = '(total)';

/** What a hidden breakdown value reads, the mark of a hidden cell. */
export const HIDDEN_VALUE = 'x';

export interface IncompleteYear { readonly year: number; readonly reason: string }

/** The outcome each measure counts; destination is a distribution over all its categories. */
export const MEASURED_OUTCOME: Readonly<Partial<Record<MeasureName, Outcome>>> = {
    dropout: 'dropout', switch: 'switched', retention: 'retained', success: 'graduated', vsv: 'vsv',
    startersresultaat: 'success', jaarresultaat: 'diploma',
};

export function isDistribution(measure: MeasureName): boolean {
    return measure === 'destination';
}

/** Rates are shown with one decimal unless `decimals N` (0..MAX_DECIMALS) says otherwise. */
export const DEFAULT_DECIMALS = 1;
export const MAX_DECIMALS = 6;

/**
 * numerator / denominator as a percentage in units of 10^-decimals percent, rounded half away from zero. BigInt
 * keeps it exact at every size (1/8 at 0 decimals is 13, 201/20000 at 2 decimals is 1.01: no binary 1.005).
 */
export function scaledRate(numerator: number, denominator: number, decimals: number): number {
    const n = BigInt(numerator) * 100n * 10n ** BigInt(decimals);
    const d = BigInt(denominator);
    const negative = (n < 0n) !== (d < 0n);
    const a = n < 0n ? -n : n;
    const b = d < 0n ? -d : d;
    const rounded = (2n * a + b) / (2n * b);
    return Number(negative ? -rounded : rounded);
}

/** numerator / denominator in tenths of a percent, rounded half away from zero. */
export function rateTenths(numerator: number, denominator: number): number {
    return scaledRate(numerator, denominator, 1);
}

/** A scaled rate as text: `formatRate(1575, 2)` is `15.75%`, `formatRate(13, 0)` is `13%`. */
export function formatRate(scaled: number, decimals: number = DEFAULT_DECIMALS): string {
    return `${formatScaled(scaled, decimals)}%`;
}

/** An integer in units of 10^-decimals as a decimal number without exponent: `formatScaled(-5, 2)` is `-0.05`. */
export function formatScaled(scaled: number, decimals: number): string {
    const digits = String(Math.abs(scaled)).padStart(decimals + 1, '0');
    const sign = scaled < 0 ? '-' : '';
    return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** A norm beside a figure: its value as the publisher wrote it (in percent) and whether the rate meets it. */
export interface NormCell {
    /** The norm in percent, as a number and as text with its own decimals (`2.7`, `58`). */
    readonly value: number;
    readonly shown: string;
    /** Decimals of the norm (in percent): the rate is rounded to these before it is compared. */
    readonly decimals: number;
    /** Met, not met, or null when the rate is hidden (the cell then reads the rate's mark). */
    readonly met: boolean | null;
}

/** Compares by code point (not locale): the order users get everywhere. */
export function codePointCompare(a: string | null, b: string | null): number {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return a < b ? -1 : 1;
}

/**
 * Figures of counts: per cohort cell the size, the count of the measured outcome and the rate, protected by the
 * policy (a bare number is the threshold, zeros shown, no rounding).
 */
export function figures(rows: readonly CountRow[], measure: MeasureName, policy: number | DisclosurePolicy, decimals: number = DEFAULT_DECIMALS,
    options: { readonly margins?: boolean } = {}): FigureRow[] {
    const p = typeof policy === 'number' ? disclosurePolicy(policy) : policy;
    const dims = rows[0]?.breakdown.length ?? 0;
    const counted = options.margins && dims >= 2 ? [...rows, ...marginCounts(rows, dims)] : rows;
    const exact = isDistribution(measure) ? distribution(counted) : measured(counted, measure);
    exact.sort((a, b) => a.cohortYear - b.cohortYear || compareBreakdown(a.breakdown, b.breakdown, a.total, b.total));
    const dist = isDistribution(measure);
    const guarded = protectFigures(exact.map((f) => ({
        cohortYear: f.cohortYear, cell: dist ? f.breakdown.slice(0, -1) : f.breakdown,
        ...(dist ? { category: String(f.breakdown[f.breakdown.length - 1]) } : {}),
        ...(f.total ? { total: dist ? f.total.slice(0, -1) : f.total } : {}),
        size: f.denominator, count: f.numerator,
    })), p);
    return hideGroupsOfHiddenRows(exact.map((f, i): FigureRow => {
        const g = guarded.rows[i];
        const tenths = rateTenths(f.numerator, f.denominator);
        const scaled = scaledRate(f.numerator, f.denominator, decimals);
        const rate: ProtectedCell = g.rate === false
            ? { value: Number(formatScaled(scaled, decimals)), shown: formatRate(scaled, decimals), hidden: false }
            : { value: null, shown: 'x', hidden: g.rate };
        return {
            ...f, suppressed: g.size.hidden !== false, size: g.size, count: g.count, rate, smallComplement: g.smallComplement,
            decimals, ...(g.rate === false ? { rateTenths: tenths, rateScaled: scaled } : {}),
        };
    }), dist);
}

/**
 * Rows whose every cell is hidden would still print their breakdown values (a rare programme, a birth date): those
 * rows of one cohort year (and, for a distribution, one category, which is not about persons) become one row whose
 * breakdown reads `x`, listed after the year's shown rows. Its exact numbers are the sums; they are hidden too.
 */
function hideGroupsOfHiddenRows(rows: readonly FigureRow[], distribution: boolean): FigureRow[] {
    if (rows.length === 0 || rows[0].breakdown.length === (distribution ? 1 : 0)) return [...rows];
    // A grand total names no group: it stays where it is, hidden or not.
    const named = (r: FigureRow) => r.breakdown.some((_, j) => !r.total?.[j] && !(distribution && j === r.breakdown.length - 1));
    const out: FigureRow[] = [];
    let pending = new Map<string, FigureRow>();
    const flush = () => { out.push(...pending.values()); pending = new Map(); };
    for (const [i, r] of rows.entries()) {
        if (i > 0 && rows[i - 1].cohortYear !== r.cohortYear) flush();
        if (!r.suppressed || !named(r)) { out.push(r); continue; }
        const category = distribution ? r.breakdown[r.breakdown.length - 1] : null;
        // Margin rows are merged with the margin rows of the same dimensions only (a sum of cells and totals means nothing).
        const key = JSON.stringify([category, r.total ?? null]);
        const merged = pending.get(key);
        const breakdown = r.breakdown.map((v, j) => (distribution && j === r.breakdown.length - 1 ? v : r.total?.[j] ? TOTAL_VALUE : HIDDEN_VALUE));
        pending.set(key, merged ? mergeHidden(merged, r) : { ...r, breakdown, breakdownHidden: true, hiddenGroups: 1 });
    }
    flush();
    return out;
}

function mergeHidden(a: FigureRow, b: FigureRow): FigureRow {
    const outcomes: Record<string, number> = { ...a.outcomes };
    for (const [k, v] of Object.entries(b.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    const { rateTenths: _dropped, rateScaled: _also, ...rest } = a;
    // `<5` of one group is not true of their sum: merged cells read `x`.
    const x: ProtectedCell = { value: null, shown: HIDDEN_VALUE, hidden: 'secondary' };
    return {
        ...rest, size: x, count: x, rate: x, denominator: a.denominator + b.denominator, numerator: a.numerator + b.numerator,
        outcomes: outcomes as FigureRow['outcomes'], hiddenGroups: (a.hiddenGroups ?? 1) + 1,
    };
}

/**
 * The year-on-year change of each row's rate, when the rows span TREND_YEARS cohort years or more: the shown rate
 * minus the shown rate of the same breakdown value (and category) a cohort year before. Hidden (`x`) when either
 * rate is hidden, and when last year's row may have been merged into a hidden group (so a change never tells which
 * groups existed). Fewer years: the rows as they are.
 */
export function withChanges(rows: readonly FigureRow[]): FigureRow[] {
    if (new Set(rows.map((r) => r.cohortYear)).size < TREND_YEARS) return [...rows];
    const keyOf = (r: FigureRow, year: number) => JSON.stringify([year, r.breakdown, r.total ?? null]);
    const byKey = new Map(rows.filter((r) => !r.breakdownHidden).map((r) => [keyOf(r, r.cohortYear), r]));
    // Years in which some groups were merged into a hidden row: a group missing there may be one of them.
    const merged = new Set(rows.filter((r) => r.breakdownHidden).map((r) => r.cohortYear));
    const hidden: ChangeCell = { value: null, shown: HIDDEN_VALUE, hidden: true };
    return rows.map((r) => {
        if (r.breakdownHidden) return { ...r, change: hidden };
        const prev = byKey.get(keyOf(r, r.cohortYear - 1));
        if (!prev) return { ...r, change: merged.has(r.cohortYear - 1) ? hidden : { value: null, shown: '', hidden: false } };
        if (prev.rateScaled === undefined || r.rateScaled === undefined) return { ...r, change: hidden };
        const shown = rateDifference(prev, r);
        return { ...r, change: { value: Number(shown), shown, hidden: false } };
    });
}

type ExactRow = Pick<FigureRow, 'cohortYear' | 'breakdown' | 'denominator' | 'numerator' | 'outcomes' | 'total'>;

/**
 * The counts of every margin of a breakdown by several dimensions: per cohort year and outcome, summed over each
 * non-empty set of dimensions (which then read TOTAL_VALUE), down to the year's grand total.
 */
function marginCounts(rows: readonly CountRow[], dims: number): CountRow[] {
    const out = new Map<string, CountRow>();
    for (let mask = 1; mask < 1 << dims; mask++) {
        const total = Array.from({ length: dims }, (_, d) => Boolean((mask >> d) & 1));
        for (const r of rows) {
            const breakdown = r.breakdown.map((v, d) => (total[d] ? TOTAL_VALUE : v));
            const key = JSON.stringify([r.cohortYear, breakdown, mask, r.outcome]);
            const seen = out.get(key);
            out.set(key, { cohortYear: r.cohortYear, breakdown, total, outcome: r.outcome, n: (seen?.n ?? 0) + r.n });
        }
    }
    return [...out.values()];
}

/** The difference b - a of two shown rates, in percentage points at the larger of their decimals (`+2.5`). */
export function rateDifference(a: FigureRow | undefined, b: FigureRow | undefined): string {
    if (!a || !b || a.rateScaled === undefined || b.rateScaled === undefined) return '';
    const decimals = Math.max(a.decimals, b.decimals);
    const at = (f: FigureRow) => f.rateScaled! * 10 ** (decimals - f.decimals);
    const d = at(b) - at(a);
    return `${d > 0 ? '+' : ''}${formatScaled(d, decimals)}`;
}

function measured(rows: readonly CountRow[], measure: MeasureName): ExactRow[] {
    const target = MEASURED_OUTCOME[measure];
    if (!target) throw new Error(`no figure rule for measure ${measure}`);
    const groups = new Map<string, { cohortYear: number; breakdown: readonly (string | null)[]; outcomes: Record<Outcome, number>; total?: readonly boolean[] }>();
    for (const r of rows) {
        const key = JSON.stringify([r.cohortYear, r.breakdown, r.total ?? null]);
        const g = groups.get(key) ?? { cohortYear: r.cohortYear, breakdown: r.breakdown, outcomes: {}, ...(r.total ? { total: r.total } : {}) };
        g.outcomes[r.outcome] = (g.outcomes[r.outcome] ?? 0) + r.n;
        groups.set(key, g);
    }
    return [...groups.values()].map((g) => ({
        cohortYear: g.cohortYear, breakdown: g.breakdown, outcomes: g.outcomes, ...(g.total ? { total: g.total } : {}),
        denominator: Object.values(g.outcomes).reduce((a, b) => a + b, 0), numerator: g.outcomes[target] ?? 0,
    }));
}

/** A distribution: one row per category (appended to the breakdown), each a share of its cohort cell. */
function distribution(rows: readonly CountRow[]): ExactRow[] {
    const totals = new Map<string, number>();
    const keyOf = (r: CountRow) => JSON.stringify([r.cohortYear, r.breakdown, r.total ?? null]);
    for (const r of rows) totals.set(keyOf(r), (totals.get(keyOf(r)) ?? 0) + r.n);
    return rows.map((r) => ({
        cohortYear: r.cohortYear, breakdown: [...r.breakdown, r.outcome], denominator: totals.get(keyOf(r))!, numerator: r.n,
        outcomes: { [r.outcome]: r.n }, ...(r.total ? { total: [...r.total, false] } : {}),
    }));
}

/** A breakdown whose values are nearly all distinct across the persons of a cohort year: an identifier, not a group. */
export interface IdentifyingBreakdown { readonly index: number; readonly cohortYear: number; readonly persons: number; readonly values: number }

/** Below this many persons a cohort year says nothing about whether a breakdown identifies. */
export const IDENTIFIER_MIN_PERSONS = 20;
/** Distinct values per person from which a breakdown counts as an identifier. */
export const IDENTIFIER_SHARE = 0.9;

/** The first breakdown (of those `indices` allows) that identifies persons in some cohort year, if any. */
export function identifyingBreakdown(rows: readonly CountRow[], indices: readonly number[]): IdentifyingBreakdown | undefined {
    for (const index of indices) {
        const perYear = new Map<number, { persons: number; values: Set<string | null> }>();
        for (const r of rows) {
            const y = perYear.get(r.cohortYear) ?? { persons: 0, values: new Set() };
            y.persons += r.n;
            y.values.add(r.breakdown[index]);
            perYear.set(r.cohortYear, y);
        }
        for (const [cohortYear, y] of [...perYear].sort((a, b) => a[0] - b[0])) {
            if (y.persons >= IDENTIFIER_MIN_PERSONS && y.values.size >= IDENTIFIER_SHARE * y.persons) {
                return { index, cohortYear, persons: y.persons, values: y.values.size };
            }
        }
    }
    return undefined;
}

/** How many shown cells (size, count, rate) of these rows are hidden, and of how many. */
export function hiddenCells(rows: readonly FigureRow[]): { hidden: number; cells: number; byReason: Readonly<Record<Exclude<CellState, false>, number>> } {
    const byReason = { small: 0, complement: 0, secondary: 0 };
    let hidden = 0;
    for (const r of rows) {
        for (const c of [r.size, r.count, r.rate]) {
            if (c.hidden === false) continue;
            hidden++;
            byReason[c.hidden]++;
        }
    }
    return { hidden, cells: rows.length * 3, byReason };
}

/** Breakdown values in code point order, a total after every value of its dimension. */
function compareBreakdown(a: readonly (string | null)[], b: readonly (string | null)[], ta?: readonly boolean[], tb?: readonly boolean[]): number {
    for (let i = 0; i < a.length; i++) {
        if (Boolean(ta?.[i]) !== Boolean(tb?.[i])) return ta?.[i] ? 1 : -1;
        const c = codePointCompare(a[i], b[i]);
        if (c !== 0) return c;
    }
    return 0;
}
