// Published norms (Inspectie: startersresultaat and jaarresultaat per level; DUO: vsv per level, in per mille) as a
// source: per cohort year and breakdown a threshold shown beside the figure (SEMANTICS.md, Norms). The rate is
// rounded to the norm's own decimals, as the publisher rounds, and compared exactly in integers: rate >= norm for
// success-like measures, rate <= norm for dropout-like ones. A hidden rate gets no verdict; a cell without a norm
// gets no norm.
import type { MappingSpec, MeasureName, SourceSpec } from '../definition/types.js';
import { cut } from '../text/quote.js';
import { DataError } from './checks.js';
import type { DuckDBEngine } from './engine.js';
import { formatScaled, scaledRate, type FigureRow, type NormCell } from './figures.js';
import { readMappingRows } from './published.js';

export type NormDirection = 'at least' | 'at most';

/** How a measure meets its norm; undefined for a distribution (destination), which has no single rate. */
export function normDirection(measure: MeasureName): NormDirection | undefined {
    switch (measure) {
        case 'startersresultaat': case 'jaarresultaat': case 'success': case 'retention': return 'at least';
        case 'vsv': case 'dropout': case 'switch': return 'at most';
        default: return undefined;
    }
}

export interface NormRow {
    readonly year: number;
    /** Breakdown values by field name; a field the row leaves empty applies to every value. */
    readonly breakdown: Readonly<Record<string, string | null>>;
    /** The norm in units of 10^-decimals percent (27 with decimals 1 is 2.7%). */
    readonly scaled: number;
    readonly decimals: number;
    /** Where the row is (for messages). */
    readonly at: string;
}

export interface Norms {
    readonly source: SourceSpec;
    readonly mapping: MappingSpec;
    readonly breakdown: readonly string[];
    readonly rows: readonly NormRow[];
}

/**
 * A norm as written: a decimal comma or point, an optional percent (or per-mille) sign. Kept as digits and decimals,
 * never as a binary fraction: `27` per mille is 27 at one decimal of a percent.
 */
export function parseNorm(text: string, perMille: boolean): { scaled: number; decimals: number } | undefined {
    const t = text.trim().replace(/\s/g, '').replace(perMille ? /‰$/ : /%$/, '');
    const m = /^(\d{1,9})(?:[.,](\d{1,6}))?$/.exec(t);
    if (!m) return undefined;
    const fraction = m[2] ?? '';
    return { scaled: Number(m[1] + fraction), decimals: fraction.length + (perMille ? 1 : 0) };
}

/** Reads the norms of a source (its `norms` mapping), checking every year and norm. */
export async function readNorms(engine: DuckDBEngine, source: SourceSpec): Promise<Norms | undefined> {
    const m = source.mappings.find((x) => x.record === 'norms');
    if (!m) return undefined;
    const { rows, text, at, year } = await readMappingRows(engine, source, m, 'norms');
    const breakdown = Object.keys(m.fields).filter((f) => f !== 'year' && f !== 'norm');
    const perMille = m.perMille?.includes('norm') ?? false;
    const normField = m.fields.norm;
    const normColumn = normField && 'column' in normField ? normField.column : 'norm';
    const parsed: NormRow[] = [];
    for (const row of rows) {
        const y = year(row);
        const written = text(row, 'norm');
        // A year and level without a norm (not published) is no norm, not a norm of 0.
        if (written === null) continue;
        const norm = parseNorm(written, perMille);
        if (!norm) {
            throw new DataError(`${at(row, normColumn)}: "${cut(written)}" is not a norm (a number such as 58 or 58,5${perMille ? ' per mille' : ''})`);
        }
        parsed.push({ year: y, breakdown: Object.fromEntries(breakdown.map((b) => [b, text(row, b)])), ...norm, at: at(row, normColumn) });
    }
    return { source, mapping: m, breakdown, rows: parsed };
}

/** The norm of one figure: the row of its year whose every given breakdown value matches, the most specific first. */
function normOf(norms: Norms, names: readonly string[], f: FigureRow): NormRow | undefined {
    let best: NormRow | undefined;
    let bestFields = -1;
    for (const r of norms.rows) {
        if (r.year !== f.cohortYear) continue;
        let fields = 0;
        let fits = true;
        for (const b of norms.breakdown) {
            const want = r.breakdown[b];
            if (want === null) continue;
            const i = names.indexOf(b);
            if (i < 0 || f.breakdown[i] !== want) { fits = false; break; }
            fields++;
        }
        if (!fits) continue;
        if (fields === bestFields && best && (best.scaled !== r.scaled || best.decimals !== r.decimals)) {
            throw new DataError(`${r.at}: a second, different norm for cohort ${f.cohortYear}${norms.breakdown.map((b) => (r.breakdown[b] !== null ? ` ${b} ${r.breakdown[b]}` : '')).join('')} (the first: ${best.at})`);
        }
        if (fields > bestFields) { best = r; bestFields = fields; }
    }
    return best;
}

/** The figures with their norms: a norm where one applies, met or not (null while the rate is hidden). */
export function applyNorms(rows: readonly FigureRow[], norms: Norms, names: readonly string[], measure: MeasureName): FigureRow[] {
    const direction = normDirection(measure);
    if (!direction) return [...rows];
    return rows.map((f) => {
        if (f.breakdownHidden) return f;
        const n = normOf(norms, names, f);
        if (!n) return f;
        let met: boolean | null = null;
        if (f.rate.hidden === false) {
            const rate = scaledRate(f.numerator, f.denominator, n.decimals);
            met = direction === 'at least' ? rate >= n.scaled : rate <= n.scaled;
        }
        const norm: NormCell = { value: Number(formatScaled(n.scaled, n.decimals)), shown: formatScaled(n.scaled, n.decimals), decimals: n.decimals, met };
        return { ...f, norm };
    });
}

/** What the met column reads: met / not met (gehaald / niet gehaald), the rate's mark when it is hidden, else empty. */
export function normMetText(f: FigureRow, lang: 'en' | 'nl' = 'en'): string {
    if (!f.norm) return '';
    if (f.norm.met === null) return f.rate.shown;
    if (lang === 'nl') return f.norm.met ? 'gehaald' : 'niet gehaald';
    return f.norm.met ? 'met' : 'not met';
}
