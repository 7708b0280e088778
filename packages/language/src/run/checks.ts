// Data checks before a run, one aggregate query per mapped file: the file must be readable, every mapped column must
// exist, no column may use Stroom's reserved prefix. Then every value is judged by a rule (docs/diagnostics.md, "Data
// checks"), set-based in SQL where the data is read:
//
// - errors (the run stops): a date that does not parse in its format or is written with too few digits (`27-10-01`
//   for yyyy-MM-dd, `2020011` for yyyyMMdd), a year that is not four digits, a date or year outside 1900..2100;
// - dropped (the record is left out, counted): a record without a person key, an enrollment that ends before it
//   starts (it covers no peildatum, so the figures never used it; now it is also said);
// - warnings (used as they are, or as missing): codes a map or decode table lacks, records of another width than the
//   layout's, a file with a header but no rows.
//
// Each finding names file, row (the record's number), the physical line it starts on, column and the first value.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { whereColumns, type DataFileSpec, type FieldValue, type SourceSpec, type WhereSpec } from '../definition/types.js';
import type { RelationPlan } from '../plan/plan.js';
import type { Dialect } from '../sql/dialect.js';
import { translateDateFormat } from '../sql/dialect.js';
import { decodeInput, fileDelimiter, mappingInput } from '../sql/input.js';
import { FILE, LINE, q, reservedColumns, RESERVED_PREFIX, ROW, TEXT, WIDTH } from '../sql/internal.js';
import { isPattern, matchingFiles } from '../workspace/files.js';
import type { DuckDBEngine, Engine } from './engine.js';
import { DataError } from './data-error.js';
import { assertMayRead } from '../workspace/data-access.js';
import { cut, nameList } from '../text/quote.js';

export { DataError };
import { csvRowLines } from './lines.js';

export type FindingSeverity = 'error' | 'dropped' | 'warning';

export interface DataFinding {
    readonly file: string;
    readonly column: string;
    readonly message: string;
    /** error: nothing is computed; dropped: the records are left out; warning: used as they are (or as missing). */
    readonly severity?: FindingSeverity;
    /** A stable name of the rule (docs/diagnostics.md): date-format, date-range, year-format, year-range, ... */
    readonly rule?: string;
    /** How many records the rule caught, the first one's row and physical line, and its value. */
    readonly count?: number;
    readonly row?: number;
    readonly line?: number;
    readonly value?: string | null;
}


/** What the checks read: the relations of a plan (or all of a source's mappings) and the source's missing values. */
export interface CheckInput {
    readonly relations: readonly RelationPlan[];
    readonly source: Pick<SourceSpec, 'missing'>;
}

/** The years a date or year in the data may have: outside them a value cannot mean what it says. */
export const YEAR_RANGE = [1900, 2100] as const;

/**
 * The run's data checks: every finding, or a DataError listing every error (one per rule and column, with the first
 * place and value) when there is any. Nothing is computed on data with an error.
 */
export async function checkData(engine: Engine, input: CheckInput): Promise<DataFinding[]> {
    const findings = await inspectData(engine, input);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) throw new DataError(errors.map((e) => e.message).join('\n'), errors);
    return findings;
}

/** Every finding of the data checks, errors included (`stroom check-data`); throws only when a file cannot be read. */
export async function inspectData(engine: Engine, input: CheckInput): Promise<DataFinding[]> {
    const findings: DataFinding[] = [];
    // Said once per file, whichever of its mappings comes first: the record types, an empty file, the record width.
    const seen = { width: new Set<string>(), records: new Set<string>(), empty: new Set<string>() };
    for (const r of input.relations) {
        // Database tables are checked by the engine that reads them (PostgreSQL).
        if (r.file.format === 'table') continue;
        const file = r.file.path;
        const found = await relationFindings(engine, r, input.source.missing);
        if (r.file.format === 'records' && !seen.records.has(file)) {
            seen.records.add(file);
            if (found.recordTypes) findings.push(found.recordTypes);
        }
        if (found.empty && !seen.empty.has(file)) {
            seen.empty.add(file);
            findings.push(found.empty);
        }
        findings.push(...found.values);
        if (r.file.format === 'fixed width' && r.file.layout && !seen.width.has(file)) {
            seen.width.add(file);
            if (found.width) findings.push(found.width);
        }
    }
    return findings;
}

/** What the checks find in one relation: its values' findings, and those said once per file. */
interface RelationFindings {
    readonly values: readonly DataFinding[];
    readonly recordTypes?: DataFinding;
    readonly empty?: DataFinding;
    readonly width?: DataFinding;
}

/**
 * A relation's findings, once per run however many indicators read it (and, with the workspace cache, once for as
 * long as its files are unchanged): the engine that reads the files keeps them.
 */
async function relationFindings(engine: Engine, r: RelationPlan, missing: readonly string[]): Promise<RelationFindings> {
    readable(r.file);
    const store = (engine as Partial<DuckDBEngine>).store;
    if (!store) return inspectRelation(engine, r, missing);
    // Messages name the mapping's place and paths relative to the current folder: both are part of the key.
    const checkKey = JSON.stringify([r, missing, process.cwd()]);
    return store.checked(r, checkKey, () => inspectRelation(engine, r, missing));
}

interface Probe {
    readonly rule: string;
    readonly severity: FindingSeverity;
    readonly column: string;
    readonly describe: string;
    /** SQL condition on one row of the file: true when the rule catches it. */
    readonly bad: string;
    /** What is shown as the value (default: the column). */
    readonly shown?: string;
    /**
     * A rule on codes (a map or decode table lacks them): the finding lists the distinct codes, and says what they
     * are not in, for one code and for several, in English and Dutch ("not in the map of 'mode'").
     */
    readonly codes?: { readonly en: readonly [string, string]; readonly nl: readonly [string, string] };
}

async function inspectRelation(engine: Engine, r: RelationPlan, missing: readonly string[]): Promise<RelationFindings> {
    const d = engine.dialect;
    const file = r.file.path;
    const from = mappingInput(d, r);
    const columns = await columnsIn(engine, from, r.file);
    const recordTypes = r.file.format === 'records' ? await unknownRecordTypes(engine, r.file) : undefined;
    const used = columnsOf(r);
    for (const col of [...used.map((u) => u.column), ...(r.where ? whereColumns(r.where) : [])]) {
        if (!columns.includes(col)) {
            throw new DataError(`${shown(r.at.file)}:${r.at.line}: ${shown(file)} has no column '${col}'; its columns: ${columns.join(', ')}`);
        }
    }
    const probes = [...await probesOf(engine, r, used, missing), ...whereProbes(d, r, missing)];
    // One file may feed several mappings (1cijferHO's EV file): its record width is said once (inspectData).
    if (r.file.format === 'fixed width' && r.file.layout) {
        probes.push({ rule: 'record-width', severity: 'warning', column: 'record_width', shown: q(WIDTH),
            describe: `is the width of a record that should be ${r.file.layout.width} characters wide (the layout's width)`, bad: `${q(WIDTH)} <> ${r.file.layout.width}` });
    }
    const select = [`COUNT(*) AS "rows"`, ...probes.map((p, i) => `MIN(CASE WHEN ${p.bad} THEN ${q(ROW)} END) AS "p${i}_row", SUM(CASE WHEN ${p.bad} THEN 1 ELSE 0 END) AS "p${i}_n"`)];
    const [row] = await engine.query(`SELECT\n  ${select.join(',\n  ')}\nFROM ${from} AS "file"`);
    const empty: DataFinding | undefined = Number(row.rows) !== 0 ? undefined : {
        file, column: '', severity: 'warning', rule: 'no-rows', count: 0,
        message: `${shown(file)} has no data rows${r.file.format === 'csv' ? ' (only a header)' : ''}: every figure on it is empty`,
    };
    const caught = probes.map((p, i) => ({ p, first: row[`p${i}_row`], n: Number(row[`p${i}_n`]) })).filter((c) => c.first !== null && c.first !== undefined);
    const lines = r.file.format === 'csv' && !isPattern(file) && caught.length > 0 ? csvRowLines(file, caught.map((c) => Number(c.first))) : new Map<number, number>();
    const values: DataFinding[] = [];
    let width: DataFinding | undefined;
    for (const { p, first, n } of caught) {
        const finding = await describeFinding(engine, r, from, p, Number(first), n, lines);
        if (p.rule === 'record-width') width = finding; else values.push(finding);
    }
    return { values, ...(recordTypes ? { recordTypes } : {}), ...(empty ? { empty } : {}), ...(width ? { width } : {}) };
}

/** The probes of a relation's values (see the head of this file for the rules). */
async function probesOf(engine: Engine, r: RelationPlan, used: ReturnType<typeof columnsOf>, missing: readonly string[]): Promise<Probe[]> {
    const d = engine.dialect;
    const nothing = ['', ...missing].map((m) => d.quoteString(m)).join(', ');
    const cell = (c: string) => `CASE WHEN ${d.quoteIdent(c)} IN (${nothing}) THEN NULL ELSE ${d.quoteIdent(c)} END`;
    const [lo, hi] = YEAR_RANGE;
    const probes: Probe[] = [];
    for (const u of used) {
        const v = u.value;
        if (v.kind === 'date') probes.push(...dateProbes(d, cell(v.column), v.column, v.format));
        else if (v.kind === 'school year' || v.kind === 'year period') {
            probes.push({ rule: 'year-format', severity: 'error', column: v.column, describe: 'is not a year (four digits)',
                bad: `${cell(v.column)} IS NOT NULL AND NOT ${d.isYear(cell(v.column))}` });
            probes.push({ rule: 'year-range', severity: 'error', column: v.column, describe: `is a year outside ${lo}..${hi}`,
                bad: `CASE WHEN ${d.isYear(cell(v.column))} THEN CAST(${cell(v.column)} AS INTEGER) END NOT BETWEEN ${lo} AND ${hi}` });
        }
        if (v.kind === 'column' && v.decode) probes.push(await decodeProbe(engine, cell(v.column), v));
        else if (v.kind === 'column' && v.map) {
            const key = v.map.prefix !== undefined ? `substr(${cell(v.column)}, 1, ${v.map.prefix})` : cell(v.column);
            const field = u.field.replace(/_/g, ' ');
            probes.push({ rule: 'unmapped-code', severity: 'warning', column: v.column, describe: `has codes not in the map of '${field}' (they count as missing)`,
                bad: `${cell(v.column)} IS NOT NULL AND ${key} NOT IN (${v.map.entries.map(([k]) => d.quoteString(k)).join(', ')})`,
                codes: {
                    en: [`has a code not in the map of '${field}'`, `have codes not in the map of '${field}'`],
                    nl: [`heeft een code die niet in de map van '${field}' staat`, `hebben codes die niet in de map van '${field}' staan`],
                } });
        }
    }
    const person = r.columns.find((c) => c.name === 'person')?.value;
    if (person && person.kind === 'column') {
        // The printer leaves such records out (print.ts, relation): joined on the person, they would all be one
        // person, counted in no enrollment of their own.
        const key = `COALESCE(${[person.column, ...(person.alternatives ?? [])].map(cell).join(', ')})`;
        probes.push({ rule: 'empty-person', severity: 'dropped', column: person.column, describe: 'is empty: a record without a person key is left out',
            bad: `${key} IS NULL OR trim(${key}) = ''` });
    }
    const start = r.name === 'enrollment' ? r.columns.find((c) => c.name === 'start')?.value : undefined;
    const end = r.name === 'enrollment' ? r.columns.find((c) => c.name === 'end')?.value : undefined;
    if (start?.kind === 'date' && end?.kind === 'date') {
        // Such an enrollment covers no peildatum, so it never counted; said here so the data can be fixed.
        probes.push({ rule: 'end-before-start', severity: 'dropped', column: end.column, describe: `is before '${start.column}': an enrollment that ends before it starts is left out`,
            bad: `${d.tryParseDate(cell(end.column), end.format)} < ${d.tryParseDate(cell(start.column), start.format)}` });
    }
    return probes;
}

/**
 * A row filter's number and date comparisons read their cells as numbers and dates: a cell that is neither missing
 * nor such a value is an error (the engine would stop on it with no row to show, or a filter would silently drop it).
 */
function whereProbes(d: Dialect, r: RelationPlan, missing: readonly string[]): Probe[] {
    if (!r.where) return [];
    const nothing = ['', ...missing].map((m) => d.quoteString(m)).join(', ');
    const cell = (c: string) => `CASE WHEN ${d.quoteIdent(c)} IN (${nothing}) THEN NULL ELSE ${d.quoteIdent(c)} END`;
    const probes: Probe[] = [];
    const seen = new Set<string>();
    const walk = (w: WhereSpec): void => {
        switch (w.kind) {
            case 'and': case 'or': w.operands.forEach(walk); return;
            case 'not': walk(w.operand); return;
            case 'number': {
                if (seen.has(`n\0${w.column}`)) return;
                seen.add(`n\0${w.column}`);
                probes.push({ rule: 'number-format', severity: 'error', column: w.column, describe: `is not a number (the mapping's \`where\` compares it with ${w.value})`,
                    bad: `${cell(w.column)} IS NOT NULL AND NOT ${d.fullMatch(`trim(${cell(w.column)})`, '-?[0-9]+([.][0-9]+)?')}` });
                return;
            }
            case 'date':
                if (seen.has(`d\0${w.column}\0${w.format}`)) return;
                seen.add(`d\0${w.column}\0${w.format}`);
                probes.push(...dateProbes(d, cell(w.column), w.column, w.format));
                return;
            default: return;
        }
    };
    walk(r.where);
    return probes;
}

/** A date must parse in its format, be written with the format's digits, and lie in 1900..2100. */
function dateProbes(d: Dialect, cell: string, column: string, format: string): Probe[] {
    const [lo, hi] = YEAR_RANGE;
    const parsed = d.tryParseDate(cell, format);
    return [
        { rule: 'date-format', severity: 'error', column, describe: `is not a date in format ${format}`,
            bad: `${cell} IS NOT NULL AND (${parsed} IS NULL OR NOT ${d.fullMatch(cell, dateFormatPattern(format))})` },
        { rule: 'date-range', severity: 'error', column, describe: `is a date outside the years ${lo}..${hi}`,
            bad: `${cell} IS NOT NULL AND ${d.fullMatch(cell, dateFormatPattern(format))} AND EXTRACT(YEAR FROM ${parsed}) NOT BETWEEN ${lo} AND ${hi}` },
    ];
}

/**
 * The digits a date format asks for, as a regular expression: yyyy four, MM and dd two, M and d one or two. strptime
 * alone reads `27-10-01` as the year 27 and `2020011` as 2020-01-01.
 */
export function dateFormatPattern(format: string): string {
    return translateDateFormat(format, { yyyy: '[0-9]{4}', MM: '[0-9]{2}', dd: '[0-9]{2}', M: '[0-9]{1,2}', d: '[0-9]{1,2}' },
        (ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

async function decodeProbe(engine: Engine, cell: string, v: Extract<FieldValue, { kind: 'column' }>): Promise<Probe> {
    const d = engine.dialect;
    const dec = v.decode!;
    readable(dec.file);
    const decodeColumns = await columnsIn(engine, mappingInput(d, { file: dec.file }), dec.file);
    for (const col of [dec.code, dec.label]) {
        if (!decodeColumns.includes(col)) throw new DataError(`${shown(dec.file.at.file)}:${dec.file.at.line}: decode table ${dec.name} (${shown(dec.file.path)}) has no column '${col}'; its columns: ${decodeColumns.join(', ')}`);
    }
    const table = `${dec.name} (${path.basename(dec.file.path)})`;
    return { rule: 'unknown-decode-code', severity: 'warning', column: v.column, describe: `has codes that decode table ${table} does not have (they count as missing)`,
        bad: `${cell} IS NOT NULL AND ${cell} NOT IN (SELECT "code" FROM ${decodeInput(d, dec)} AS "decode")`,
        codes: {
            en: [`has a code that decode table ${table} does not have`, `have codes that decode table ${table} does not have`],
            nl: [`heeft een code die niet in decodeertabel ${table} staat`, `hebben codes die niet in decodeertabel ${table} staan`],
        } };
}

/** A caught rule as a finding: the first row's value and place, and how many rows. */
async function describeFinding(engine: Engine, r: RelationPlan, from: string, p: Probe, first: number, n: number, lines: ReadonlyMap<number, number>): Promise<DataFinding> {
    const d = engine.dialect;
    const file = r.file.path;
    const records = r.file.format === 'records';
    const [valueRow] = await engine.query(`SELECT ${p.shown ?? d.quoteIdent(p.column)} AS "v"${records ? `, ${q(FILE)} AS "f", ${q(LINE)} AS "l"` : ''} FROM ${from} AS "file" WHERE ${q(ROW)} = ${first}`);
    // Only the cell at fault, cut: a CR-only or header-less file must not put a whole row into a message.
    const value = valueRow?.v === null || valueRow?.v === undefined ? null : cut(String(valueRow.v));
    // A fixed-width file has no header, so its rows are its lines; a CSV's row starts where the scan found it.
    const line = records ? Number(valueRow?.l) : r.file.format === 'csv' ? lines.get(first) : r.file.format === 'fixed width' ? first : undefined;
    const what = p.column === 'record_width' ? 'the whole record' : `column '${cut(p.column)}'`;
    const where = records ? `${shown(String(valueRow?.f))}, line ${line}, ${r.recordType} record, ${what}`
        : `${shown(file)}, row ${first}${line !== undefined ? ` (line ${line})` : ''}, ${what}`;
    const more = n - 1;
    const message = p.codes
        ? await codesMessage(engine, r, from, p, n, { file: records ? shown(String(valueRow?.f)) : shown(file), what, first: records ? `line ${line}` : `row ${first}${line !== undefined ? `, line ${line}` : ''}` })
        : `${where}: "${value ?? ''}" ${p.describe}${more > 0 ? ` (and ${more} more row${more === 1 ? '' : 's'})` : ''}`;
    return { file, column: p.column, message, severity: p.severity, rule: p.rule, count: n, row: first, ...(line !== undefined ? { line } : {}), value };
}

/** At most this many distinct codes are listed in a finding. */
const CODES_SHOWN = 10;

/**
 * A finding on codes, grammatical for one row and for many, in English and Dutch: the file and column, the mapping
 * that reads it, how many rows, the distinct codes (by code point, the first ten) and the first row.
 */
async function codesMessage(engine: Engine, r: RelationPlan, from: string, p: Probe, n: number,
    at: { file: string; what: string; first: string }): Promise<string> {
    const d = engine.dialect;
    const rows = await engine.query(`SELECT DISTINCT ${p.shown ?? d.quoteIdent(p.column)} AS "v" FROM ${from} AS "file" WHERE ${p.bad} ORDER BY ${d.codePoint('"v"')} LIMIT ${CODES_SHOWN + 1}`);
    const codes = rows.slice(0, CODES_SHOWN).map((row) => `"${cut(String(row.v))}"`).join(', ') + (rows.length > CODES_SHOWN ? ', ...' : '');
    const one = n === 1;
    const recordType = r.file.format === 'records' && r.recordType ? `, ${r.recordType} record` : '';
    const mapping = `${shown(r.at.file)}:${r.at.line}`;
    const en = `${at.file}${recordType}, ${at.what} (mapping at ${mapping}): ${n} ${one ? 'row' : 'rows'} ${p.codes!.en[one ? 0 : 1]}: ${codes}`
        + ` (${one ? '' : 'first: '}${at.first}); ${one ? 'it counts' : 'they count'} as missing`;
    const kolom = at.what.replace(/^column /, 'kolom ').replace(/^the whole record$/, 'het hele record');
    const nl = `${at.file}${recordType}, ${kolom} (koppeling op ${mapping}): ${n} ${one ? 'rij' : 'rijen'} ${p.codes!.nl[one ? 0 : 1]}: ${codes}`
        + ` (${one ? '' : 'eerste: '}${at.first.replace('row', 'rij').replace('line', 'regel')}); ${one ? 'die telt' : 'die tellen'} als ontbrekend`;
    return `${en} / ${nl}`;
}

/** Each file column a mapping reads, with the value it feeds (a period reads two date columns). */
function columnsOf(r: RelationPlan): Array<{ column: string; value: FieldValue; field: string }> {
    const out: Array<{ column: string; value: FieldValue; field: string }> = [];
    for (const c of r.columns) {
        const v = c.value;
        if (v.kind === 'period') {
            out.push({ column: v.from.column, value: { kind: 'date', ...v.from }, field: c.name });
            out.push({ column: v.to.column, value: { kind: 'date', ...v.to }, field: c.name });
        } else if (v.kind === 'column') {
            for (const col of [v.column, ...(v.alternatives ?? [])]) out.push({ column: col, value: col === v.column ? v : { kind: 'column', column: col }, field: c.name });
        } else if (v.kind !== 'constant') out.push({ column: v.column, value: v, field: c.name });
    }
    return out;
}

function shown(file: string): string {
    return path.relative(process.cwd(), file) || file;
}

/** A data file (or every file of a pattern) must be readable. */
export function readable(file: DataFileSpec): void {
    assertMayRead(file);
    const files = matchingFiles(file.path);
    if (files.length === 0) {
        throw new DataError(`${shown(file.path)}: ${isPattern(file.path) ? 'no file matches this pattern' : 'cannot read data file'} (declared in ${shown(file.at.file)}:${file.at.line} as "${file.written}")`);
    }
    for (const f of files) {
        try {
            fs.accessSync(f, fs.constants.R_OK);
        } catch {
            throw new DataError(`${shown(f)}: cannot read data file (declared in ${shown(file.at.file)}:${file.at.line} as "${file.written}")`);
        }
    }
}

/** The file's own columns (Stroom's left out); a column that takes Stroom's reserved prefix stops the run. */
async function columnsIn(engine: Engine, from: string, file: DataFileSpec): Promise<string[]> {
    let all: string[];
    try {
        all = (await engine.query(`DESCRIBE SELECT * FROM ${from} AS "file"`)).map((row) => String(row.column_name));
    } catch (e) {
        throw new DataError(`${shown(file.path)}: cannot read as ${file.format} (${engineMessage(e)})`);
    }
    const reserved = reservedColumns(all);
    if (reserved.length > 0) {
        throw new DataError(`${shown(file.path)}: column${reserved.length > 1 ? 's' : ''} ${reserved.map((c) => `'${c}'`).join(', ')} start${reserved.length > 1 ? '' : 's'} with '${RESERVED_PREFIX}', which Stroom keeps for its own columns: rename ${reserved.length > 1 ? 'them' : 'it'} in the file`);
    }
    return all.filter((c) => ![ROW, FILE, LINE, TEXT, WIDTH].includes(c));
}

/** Lines of a records file whose type the layout does not describe: counted, with the first one shown. */
async function unknownRecordTypes(engine: Engine, file: DataFileSpec): Promise<DataFinding | undefined> {
    const layout = file.records;
    if (!layout) return undefined;
    const d = engine.dialect;
    const type = `split_part(${q(TEXT)}, ${d.quoteString(fileDelimiter(file))}, 1)`;
    const known = Object.keys(layout.types).map((t) => d.quoteString(t)).join(', ');
    const [row] = await engine.query(`SELECT count(*) AS "n", MIN(${q(ROW)}) AS "first" FROM ${d.readFile(file, fileDelimiter(file))} AS "l" WHERE ${type} NOT IN (${known})`);
    if (!row || Number(row.n) === 0) return undefined;
    const [line] = await engine.query(`SELECT ${type} AS "t", ${q(FILE)} AS "f", ${q(LINE)} AS "l" FROM ${d.readFile(file, fileDelimiter(file))} AS "l" WHERE ${q(ROW)} = ${Number(row.first)}`);
    return {
        file: file.path, column: 'record type', severity: 'warning', rule: 'unknown-record-type', count: Number(row.n), line: Number(line.l), value: cut(String(line.t)),
        message: `${shown(String(line.f))}, line ${line.l}: record type "${cut(String(line.t))}" is not in the layout ${path.basename(layout.path)} (${Number(row.n)} such lines, skipped; known: ${nameList(Object.keys(layout.types))})`,
    };
}

/** An engine's error as a message may show it: its first line, cut short (DuckDB quotes the line it choked on). */
export function engineMessage(e: unknown): string {
    return cut((e as Error).message.split('\n')[0], 160);
}
