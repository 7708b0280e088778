// Counts -> figures: the one place where rates are made, rounded (one decimal, half away from zero, in exact
// integer arithmetic), suppressed and ordered. Engines only count; this step is shared by every engine.
import type { MeasureName, Outcome } from '../definition/types.js';

export interface CountRow {
    readonly cohortYear: number;
    readonly breakdown: readonly (string | null)[];
    readonly outcome: Outcome;
    readonly n: number;
}

export interface FigureRow {
    readonly cohortYear: number;
    readonly breakdown: readonly (string | null)[];
    /** Cohort size (the denominator). */
    readonly denominator: number;
    /** People with the measured outcome. */
    readonly numerator: number;
    /** The rate in tenths of a percent (157 = 15.7%), absent when suppressed. */
    readonly rateTenths?: number;
    readonly suppressed: boolean;
    /** Every outcome's count, for tables that show the whole distribution. */
    readonly outcomes: Readonly<Record<Outcome, number>>;
}

export interface IncompleteYear { readonly year: number; readonly reason: string }

/** The outcome each measure counts; destination is a distribution over all its categories. */
export const MEASURED_OUTCOME: Readonly<Partial<Record<MeasureName, Outcome>>> = {
    dropout: 'dropout', switch: 'switched', retention: 'retained', success: 'graduated', vsv: 'vsv',
    startersresultaat: 'success', jaarresultaat: 'diploma',
};

export function isDistribution(measure: MeasureName): boolean {
    return measure === 'destination';
}

/** numerator / denominator in tenths of a percent, rounded half away from zero. */
export function rateTenths(numerator: number, denominator: number): number {
    return Math.floor((2 * numerator * 1000 + denominator) / (2 * denominator));
}

export function formatRate(tenths: number): string {
    return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/** Compares by code point (not locale): the order users get everywhere. */
export function codePointCompare(a: string | null, b: string | null): number {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return a < b ? -1 : 1;
}

export function figures(rows: readonly CountRow[], measure: MeasureName, threshold: number): FigureRow[] {
    if (isDistribution(measure)) return distribution(rows, threshold);
    const target = MEASURED_OUTCOME[measure];
    if (!target) throw new Error(`no figure rule for measure ${measure}`);
    const groups = new Map<string, { cohortYear: number; breakdown: readonly (string | null)[]; outcomes: Record<Outcome, number> }>();
    for (const r of rows) {
        const key = JSON.stringify([r.cohortYear, r.breakdown]);
        const g = groups.get(key) ?? { cohortYear: r.cohortYear, breakdown: r.breakdown, outcomes: {} };
        g.outcomes[r.outcome] = (g.outcomes[r.outcome] ?? 0) + r.n;
        groups.set(key, g);
    }
    const out: FigureRow[] = [];
    for (const g of groups.values()) {
        const denominator = Object.values(g.outcomes).reduce((a, b) => a + b, 0);
        const numerator = g.outcomes[target] ?? 0;
        const suppressed = denominator < threshold;
        out.push({
            cohortYear: g.cohortYear, breakdown: g.breakdown, denominator, numerator, suppressed, outcomes: g.outcomes,
            ...(suppressed ? {} : { rateTenths: rateTenths(numerator, denominator) }),
        });
    }
    return out.sort((a, b) => a.cohortYear - b.cohortYear || compareBreakdown(a.breakdown, b.breakdown));
}

/** A distribution: one row per category (appended to the breakdown), each a share of its cohort cell. */
function distribution(rows: readonly CountRow[], threshold: number): FigureRow[] {
    const totals = new Map<string, number>();
    const keyOf = (r: CountRow) => JSON.stringify([r.cohortYear, r.breakdown]);
    for (const r of rows) totals.set(keyOf(r), (totals.get(keyOf(r)) ?? 0) + r.n);
    const out: FigureRow[] = rows.map((r) => {
        const denominator = totals.get(keyOf(r))!;
        const suppressed = denominator < threshold;
        return {
            cohortYear: r.cohortYear, breakdown: [...r.breakdown, r.outcome], denominator, numerator: r.n, suppressed,
            outcomes: { [r.outcome]: r.n }, ...(suppressed ? {} : { rateTenths: rateTenths(r.n, denominator) }),
        };
    });
    return out.sort((a, b) => a.cohortYear - b.cohortYear || compareBreakdown(a.breakdown, b.breakdown));
}

function compareBreakdown(a: readonly (string | null)[], b: readonly (string | null)[]): number {
    for (let i = 0; i < a.length; i++) {
        const c = codePointCompare(a[i], b[i]);
        if (c !== 0) return c;
    }
    return 0;
}
