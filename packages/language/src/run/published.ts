// Published figures (CBS StatLine tables, DUO open-data downloads) as a source: one row per cohort year, breakdown
// and outcome with a count, a total and/or a rate. Cells may be suppressed by the publisher ("<5", "<10") or
// missing ("." or a declared sentinel); anything else that is not a number stops with file, row and column.
import * as path from 'node:path';
import type { MappingSpec, SourceSpec } from '../definition/types.js';
import { mappingInput, whereSql } from '../sql/input.js';
import { DataError, engineMessage, readable } from './checks.js';
import { cut } from '../text/quote.js';
import type { DuckDBEngine } from './engine.js';
import { q, ROW } from '../sql/internal.js';
import { csvRowLines } from './lines.js';
import { isPattern } from '../workspace/files.js';

/** A published number: a value, a cell the publisher suppressed (below a threshold), or nothing. */
export type PublishedCell = { readonly value: number } | { readonly suppressedBelow: number } | null;

export interface PublishedRow {
    readonly year: number;
    /** Breakdown values by field name (region, sector, ...), in mapping order. */
    readonly breakdown: Readonly<Record<string, string | null>>;
    readonly outcome: string | null;
    readonly count: PublishedCell;
    readonly total: PublishedCell;
    /** A percentage. */
    readonly rate: PublishedCell;
    /** Where the row is (for messages). */
    readonly row: number;
}

export interface PublishedFigures {
    readonly source: SourceSpec;
    readonly mapping: MappingSpec;
    readonly breakdown: readonly string[];
    readonly rows: readonly PublishedRow[];
}

const VALUE_FIELDS = ['year', 'outcome', 'count', 'total', 'rate'];

/** Numbers as Dutch publishers write them: a decimal comma ("15,7") or point ("15.7"), dots between groups of three
 *  digits as thousands separators ("1.234"), an optional percent sign. */
export function parseNumber(text: string): number | undefined {
    const t = text.trim().replace(/\s|%$/g, '');
    if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'));
    if (/^-?\d+([.,]\d+)?$/.test(t)) return Number(t.replace(',', '.'));
    return undefined;
}

export function parseCell(text: string | null, missing: readonly string[]): PublishedCell | 'bad' {
    if (text === null) return null;
    const t = text.trim();
    if (t === '' || missing.includes(t) || t === '.' || t === '-') return null;
    const below = /^<\s*(\d+)$/.exec(t);
    if (below) return { suppressedBelow: Number(below[1]) };
    const value = parseNumber(t);
    return value === undefined ? 'bad' : { value };
}

function shown(file: string): string {
    return path.relative(process.cwd(), file) || file;
}

/** The rows of a mapping of published aggregates, with each field's text (mapped, trimmed, missing as null). */
export interface MappingRows {
    readonly rows: ReadonlyArray<Record<string, unknown>>;
    /** A field's value as text: a constant, or the column's value through its map; null when empty or missing. */
    text(row: Record<string, unknown>, field: string): string | null;
    /** Where a cell is, for messages: `file, row 3 (line 4), column 'x'`. */
    at(row: Record<string, unknown>, column: string): string;
    /** The cohort year a field's text starts with (`2021`, `2021/2022`); a data error otherwise. */
    year(row: Record<string, unknown>): number;
}

/** Reads the columns a mapping of published aggregates (figures, norms) names, in file order. */
export async function readMappingRows(engine: DuckDBEngine, source: SourceSpec, m: MappingSpec, what: string): Promise<MappingRows> {
    readable(m.file);
    const d = engine.dialect;
    const from = mappingInput(d, m);
    const columns = new Set<string>();
    for (const v of Object.values(m.fields)) if (v.kind === 'column' || v.kind === 'school year') columns.add(v.column);
    const where = m.where ? ` ${whereSql(d, m.where, (c) => d.quoteIdent(c), source.missing)}` : '';
    let rows: Array<Record<string, unknown>>;
    try {
        rows = await engine.query(`SELECT ${[...columns].map((c) => d.quoteIdent(c)).join(', ')}, ${q(ROW)} FROM ${from} AS "file"${where} ORDER BY ${q(ROW)}`);
    } catch (e) {
        throw new DataError(`${shown(m.file.path)}: cannot read the ${what} (${engineMessage(e)})`);
    }
    const at = (row: Record<string, unknown>, column: string) => {
        const n = Number(row[ROW]);
        // Only for a message: the physical line, which a quoted field over several lines moves (run/lines.ts).
        const line = m.file.format === 'csv' && !isPattern(m.file.path) ? csvRowLines(m.file.path, [n]).get(n) : m.file.format === 'csv' ? undefined : n;
        return `${shown(m.file.path)}, row ${n}${line !== undefined ? ` (line ${line})` : ''}, column '${column}'`;
    };
    const text = (row: Record<string, unknown>, field: string): string | null => {
        const v = m.fields[field];
        if (!v) return null;
        if (v.kind === 'constant') return v.value;
        if (v.kind !== 'column' && v.kind !== 'school year') return null;
        const raw = row[v.column];
        if (raw === null || raw === undefined) return null;
        const s = String(raw).trim();
        if (s === '' || source.missing.includes(s)) return null;
        if (v.kind === 'column' && v.map) {
            const key = v.map.prefix !== undefined ? s.slice(0, v.map.prefix) : s;
            return v.map.entries.find(([k]) => k === key)?.[1] ?? null;
        }
        return s;
    };
    const year = (row: Record<string, unknown>): number => {
        const yearText = text(row, 'year');
        const y = yearText === null ? NaN : Number(/^\d{4}/.exec(yearText)?.[0]);
        if (!Number.isInteger(y)) {
            const f = m.fields.year;
            const col = f && 'column' in f ? f.column : 'year';
            throw new DataError(`${at(row, col)}: "${cut(String(yearText ?? ''))}" does not start with a year (four digits)`);
        }
        return y;
    };
    return { rows, text, at, year };
}

/** Reads the published figures of a source (every `figures` mapping), checking every cell. */
export async function readPublished(engine: DuckDBEngine, source: SourceSpec): Promise<PublishedFigures[]> {
    const out: PublishedFigures[] = [];
    for (const m of source.mappings.filter((x) => x.record === 'figures')) {
        const { rows, text, at, year } = await readMappingRows(engine, source, m, 'published figures');
        const breakdown = Object.keys(m.fields).filter((f) => !VALUE_FIELDS.includes(f));
        const parsed: PublishedRow[] = rows.map((row) => {
            const cell = (field: 'count' | 'total' | 'rate'): PublishedCell => {
                const v = m.fields[field];
                if (!v || v.kind !== 'column') return null;
                const raw = row[v.column] === null || row[v.column] === undefined ? null : String(row[v.column]);
                const c = parseCell(raw, source.missing);
                if (c === 'bad') throw new DataError(`${at(row, v.column)}: "${cut(String(raw))}" is not a number, a suppressed cell ("<5") or missing (".")`);
                return c;
            };
            return {
                year: year(row), outcome: text(row, 'outcome'),
                breakdown: Object.fromEntries(breakdown.map((b) => [b, text(row, b)])),
                count: cell('count'), total: cell('total'), rate: cell('rate'), row: Number(row[ROW]),
            };
        });
        out.push({ source, mapping: m, breakdown, rows: parsed });
    }
    return out;
}
