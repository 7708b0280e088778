// What a mapping reads: a data file as the dialect reads it, or, for a multi-record file, the lines of one record
// type cut into its fields (with the header line's fields and a joined record's fields), and decode tables.
// Written once in standard SQL (split_part, trim) so DuckDB and PostgreSQL read records the same way.
import type { DataFileSpec, DecodeSpec, FieldValue, WhereSpec } from '../definition/types.js';
import { readCsvHeaderInfo } from '../workspace/csv-header.js';
import { recordColumns } from '../workspace/records-layout.js';
import type { Dialect } from './dialect.js';
import { FILE, LINE, q as iq, ROW, TEXT } from './internal.js';

export interface MappingInput {
    readonly file: DataFileSpec;
    readonly recordType?: string;
    readonly join?: { readonly type: string; readonly on: readonly string[] };
}

/** The delimiter of a CSV or records file: declared, else sniffed from the first line, else a comma. */
export function fileDelimiter(file: DataFileSpec): string {
    // A refused file is not opened, not even for its first line.
    if (file.refused) return file.delimiter ?? ',';
    return readCsvHeaderInfo(file.path, file.delimiter)?.delimiter ?? file.delimiter ?? ',';
}

/** The relation a mapping reads: every column as text plus ROW (records files: also FILE and LINE; sql/internal.ts). */
export function mappingInput(d: Dialect, m: MappingInput, shownPath?: string): string {
    const raw = d.readFile(m.file, fileDelimiter(m.file), shownPath);
    const layout = m.file.records;
    if (m.file.format !== 'records' || !layout || !m.recordType) return raw;
    const delim = d.quoteString(fileDelimiter(m.file));
    const q = (s: string) => d.quoteIdent(s);
    const field = (alias: string, i: number) => `trim(split_part(${alias}.${iq(TEXT)}, ${delim}, ${i + 1}))`;
    const typeIs = (alias: string, type: string) => `split_part(${alias}.${iq(TEXT)}, ${delim}, 1) = ${d.quoteString(type)}`;
    const own = layout.types[m.recordType] ?? [];
    // Ours first (sql/internal.ts), then the record's fields.
    const cols = [`"r".${iq(ROW)}`, `"r".${iq(FILE)}`, `"r".${iq(LINE)}`, ...own.map((f, i) => `${field('"r"', i)} AS ${q(f)}`)];
    const joins: string[] = [];
    if (layout.header && layout.header !== m.recordType && layout.types[layout.header]) {
        // The header line's fields (one header line per file; MIN keeps one if a file repeats it).
        const fields = layout.types[layout.header].slice(1);
        const select = fields.map((f, i) => `MIN(${field('"l"', i + 1)}) AS ${q(f)}`);
        joins.push(`LEFT JOIN (SELECT "l".${iq(FILE)}, ${select.join(', ')} FROM ${raw} AS "l" WHERE ${typeIs('"l"', layout.header)} GROUP BY "l".${iq(FILE)}) AS "h" ON "h".${iq(FILE)} = "r".${iq(FILE)}`);
        cols.push(...fields.map((f) => `"h".${q(f)}`));
    }
    if (m.join && layout.types[m.join.type]) {
        const other = layout.types[m.join.type];
        const taken = new Set(recordColumns(layout, m.recordType) ?? own);
        const extra = other.map((f, i) => [f, i] as const).filter(([f], i) => i > 0 && !taken.has(f));
        const keys = m.join.on.filter((k) => other.includes(k) && own.includes(k));
        const select = [...keys.map((k) => `${field('"l"', other.indexOf(k))} AS ${q(k)}`), ...extra.map(([f, i]) => `${field('"l"', i)} AS ${q(f)}`)];
        const on = [`"j".${iq(FILE)} = "r".${iq(FILE)}`, ...keys.map((k) => `"j".${q(k)} = ${field('"r"', own.indexOf(k))}`)];
        joins.push(`LEFT JOIN (SELECT "l".${iq(FILE)}, ${select.join(', ')} FROM ${raw} AS "l" WHERE ${typeIs('"l"', m.join.type)}) AS "j" ON ${on.join(' AND ')}`);
        cols.push(...extra.map(([f]) => `"j".${q(f)}`));
    }
    // Laid out like the printer's own SQL: one column a line, one join a line.
    const lines = [
        '(SELECT', `        ${cols.join(',\n        ')}`,
        `      FROM ${raw} AS "r"`, ...joins.map((j) => `      ${j}`),
        `      WHERE ${typeIs('"r"', m.recordType)})`,
    ];
    return lines.join('\n');
}

/**
 * A mapping's row filter as a WHERE clause on the file's raw cells: `ref` prints a column (qualified or not, cast to
 * text or not), `missing` lists the source's missing values. Codes compare as text, as written; a number or date
 * comparison reads a missing cell (empty or a missing value) as NULL, so it never holds for one; the data checks
 * refuse a cell that is not a number or not a date in its format (run/checks.ts).
 */
export function whereSql(d: Dialect, where: WhereSpec, ref: (column: string) => string, missing: readonly string[]): string {
    return `WHERE ${whereCondition(d, where, ref, missing)}`;
}

export function whereCondition(d: Dialect, w: WhereSpec, ref: (column: string) => string, missing: readonly string[]): string {
    const nothing = ['', ...missing].map((m) => d.quoteString(m)).join(', ');
    const cell = (c: string) => `CASE WHEN ${ref(c)} IN (${nothing}) THEN NULL ELSE ${ref(c)} END`;
    const inner = (x: WhereSpec) => {
        const text = whereCondition(d, x, ref, missing);
        return x.kind === 'and' || x.kind === 'or' ? `(${text})` : text;
    };
    switch (w.kind) {
        case 'and':
        case 'or':
            return w.operands.map(inner).join(` ${w.kind.toUpperCase()} `);
        case 'not':
            return `NOT (${whereCondition(d, w.operand, ref, missing)})`;
        case 'codes':
            return w.operator === '=' || w.operator === '!='
                ? `${ref(w.column)} ${w.operator === '=' ? '=' : '<>'} ${d.quoteString(w.values[0])}`
                : `${ref(w.column)} ${w.operator === 'in' ? 'IN' : 'NOT IN'} (${w.values.map((v) => d.quoteString(v)).join(', ')})`;
        case 'number':
            return `CAST(trim(${cell(w.column)}) AS NUMERIC) ${w.operator} ${w.value}`;
        case 'date':
            return `${d.parseDate(cell(w.column), w.format)} ${w.operator} DATE ${d.quoteString(w.value)}`;
        case 'missing':
            return w.negated
                ? `(${ref(w.column)} IS NOT NULL AND ${ref(w.column)} NOT IN (${nothing}))`
                : `(${ref(w.column)} IS NULL OR ${ref(w.column)} IN (${nothing}))`;
    }
}

/** A decode table as (code, label): one label per code (the lowest if the table repeats a code). */
export function decodeInput(d: Dialect, decode: DecodeSpec, shownPath?: string): string {
    const raw = mappingInput(d, { file: decode.file }, shownPath);
    return `(SELECT trim(${d.quoteIdent(decode.code)}) AS "code", MIN(trim(${d.quoteIdent(decode.label)})) AS "label" FROM ${raw} AS "t" GROUP BY trim(${d.quoteIdent(decode.code)}))`;
}

/** The decode tables a list of field values reads, once each, in order of appearance. */
export function decodesOf(values: readonly FieldValue[]): DecodeSpec[] {
    const out: DecodeSpec[] = [];
    for (const v of values) {
        if (v.kind === 'column' && v.decode && !out.some((o) => o.name === v.decode!.name)) out.push(v.decode);
    }
    return out;
}

/** Every data file a plan reads: the mapped files and the decode tables, once each (by local name and path). */
export function filesOf(relations: ReadonlyArray<{ readonly file: DataFileSpec; readonly columns: ReadonlyArray<{ readonly value: FieldValue }> }>): DataFileSpec[] {
    const out = new Map<string, DataFileSpec>();
    for (const r of relations) {
        out.set(`${r.file.name}\0${r.file.path}`, r.file);
        for (const dec of decodesOf(r.columns.map((c) => c.value))) out.set(`${dec.file.name}\0${dec.file.path}`, dec.file);
    }
    return [...out.values()];
}
