// Data checks before a run, one pass per file: the file must be readable, every mapped column must exist, every date
// and year must parse (else an error naming file, row, column and value); codes missing from a value map are
// counted and reported as findings (they become missing values).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataFileSpec, FieldValue } from '../definition/types.js';
import type { Plan, RelationPlan } from '../plan/plan.js';
import { decodeInput, fileDelimiter, mappingInput } from '../sql/input.js';
import { isPattern, matchingFiles } from '../workspace/files.js';
import type { Engine } from './engine.js';
import { DataError } from './data-error.js';
import { assertMayRead } from '../workspace/data-access.js';
import { cut, nameList } from '../text/quote.js';

export { DataError };

export interface DataFinding {
    readonly file: string;
    readonly column: string;
    readonly message: string;
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

export async function checkData(engine: Engine, plan: Plan): Promise<DataFinding[]> {
    const d = engine.dialect;
    const findings: DataFinding[] = [];
    const widthChecked = new Set<string>();
    const recordsChecked = new Set<string>();
    for (const r of plan.relations) {
        // Database tables are checked by the engine that reads them (PostgreSQL).
        if (r.file.format === 'table') continue;
        const file = r.file.path;
        readable(r.file);
        const from = mappingInput(d, r);
        const columns = await columnsIn(engine, from, r.file);
        if (r.file.format === 'records' && !recordsChecked.has(file)) {
            recordsChecked.add(file);
            const finding = await unknownRecordTypes(engine, r.file);
            if (finding) findings.push(finding);
        }
        const used = columnsOf(r);
        const wanted = [...used.map((u) => u.column), ...(r.where ? [r.where.column] : [])];
        for (const col of wanted) {
            if (!columns.includes(col)) {
                throw new DataError(`${shown(r.at.file)}:${r.at.line}: ${shown(file)} has no column '${cut(col)}'; its columns: ${nameList(columns)}`);
            }
        }
        const missing = ['', ...plan.source.missing].map((m) => d.quoteString(m)).join(', ');
        const cell = (c: string) => `CASE WHEN ${d.quoteIdent(c)} IN (${missing}) THEN NULL ELSE ${d.quoteIdent(c)} END`;
        const probes: Array<{ label: string; bad: string; kind: 'error' | 'finding'; column: string; describe: string }> = [];
        for (const u of used) {
            const v = u.value;
            if (v.kind === 'date') {
                probes.push({ label: `p${probes.length}`, column: v.column, kind: 'error', describe: `is not a date in format ${v.format}`,
                    bad: `${cell(v.column)} IS NOT NULL AND ${d.tryParseDate(cell(v.column), v.format)} IS NULL` });
            } else if (v.kind === 'school year' || v.kind === 'year period') {
                probes.push({ label: `p${probes.length}`, column: v.column, kind: 'error', describe: 'is not a year',
                    bad: `${cell(v.column)} IS NOT NULL AND NOT ${d.isYear(cell(v.column))}` });
            }
            if (v.kind === 'column' && v.decode) {
                const dec = v.decode;
                readable(dec.file);
                const decodeColumns = await columnsIn(engine, mappingInput(d, { file: dec.file }), dec.file);
                for (const col of [dec.code, dec.label]) {
                    if (!decodeColumns.includes(col)) throw new DataError(`${shown(dec.file.at.file)}:${dec.file.at.line}: decode table ${dec.name} (${shown(dec.file.path)}) has no column '${cut(col)}'; its columns: ${nameList(decodeColumns)}`);
                }
                probes.push({ label: `p${probes.length}`, column: v.column, kind: 'finding', describe: `has codes that decode table ${dec.name} (${path.basename(dec.file.path)}) does not have (they count as missing)`,
                    bad: `${cell(v.column)} IS NOT NULL AND ${cell(v.column)} NOT IN (SELECT "code" FROM ${decodeInput(d, dec)} AS "decode")` });
            } else if (v.kind === 'column' && v.map) {
                const key = v.map.prefix !== undefined ? `substr(${cell(v.column)}, 1, ${v.map.prefix})` : cell(v.column);
                probes.push({ label: `p${probes.length}`, column: v.column, kind: 'finding', describe: `has codes not in the map of '${u.field.replace(/_/g, ' ')}' (they count as missing)`,
                    bad: `${cell(v.column)} IS NOT NULL AND ${key} NOT IN (${v.map.entries.map(([k]) => d.quoteString(k)).join(', ')})` });
            }
        }
        // One file may feed several mappings (1cijferHO's EV file): its record width is checked once.
        if (r.file.format === 'fixed width' && r.file.layout && !widthChecked.has(file)) {
            widthChecked.add(file);
            probes.push({ label: `p${probes.length}`, column: 'record_width', kind: 'finding', describe: `is the width of a record that should be ${r.file.layout.width} characters wide (the layout's width)`,
                bad: `"record_width" <> ${r.file.layout.width}` });
        }
        if (probes.length === 0) continue;
        const select = probes.map((p) => `MIN(CASE WHEN ${p.bad} THEN "source_row" END) AS "${p.label}_row", SUM(CASE WHEN ${p.bad} THEN 1 ELSE 0 END) AS "${p.label}_n"`).join(',\n  ');
        const [row] = await engine.query(`SELECT\n  ${select}\nFROM ${from} AS "file"`);
        for (const p of probes) {
            const first = row[`${p.label}_row`];
            if (first === null || first === undefined) continue;
            const records = r.file.format === 'records';
            const [valueRow] = await engine.query(`SELECT ${d.quoteIdent(p.column)} AS "v"${records ? ', "file_name", "file_line"' : ''} FROM ${from} AS "file" WHERE "source_row" = ${Number(first)}`);
            // A CSV's first line is its header; a fixed-width file has none; a records file names its own file.
            const line = Number(first) + (r.file.format === 'csv' ? 1 : 0);
            const what = p.column === 'record_width' ? 'the whole record' : `column '${cut(p.column)}'`;
            const where = records ? `${shown(String(valueRow?.file_name))}, line ${valueRow?.file_line}, ${r.recordType} record, ${what}`
                : `${shown(file)}, row ${first} (line ${line}), ${what}`;
            if (p.kind === 'error') {
                throw new DataError(`${where}: "${cut(String(valueRow?.v))}" ${p.describe}${Number(row[`${p.label}_n`]) > 1 ? ` (and ${Number(row[`${p.label}_n`]) - 1} more rows)` : ''}`);
            }
            findings.push({ file, column: p.column, message: `${where}: "${cut(String(valueRow?.v))}" and ${Number(row[`${p.label}_n`]) - 1} more rows ${p.describe}` });
        }
    }
    return findings;
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

async function columnsIn(engine: Engine, from: string, file: DataFileSpec): Promise<string[]> {
    try {
        return (await engine.query(`DESCRIBE SELECT * FROM ${from} AS "file"`)).map((row) => String(row.column_name))
            .filter((c) => !['source_row', 'file_name', 'file_line'].includes(c));
    } catch (e) {
        throw new DataError(`${shown(file.path)}: cannot read as ${file.format} (${engineMessage(e)})`);
    }
}

/** Lines of a records file whose type the layout does not describe: counted, with the first one shown. */
async function unknownRecordTypes(engine: Engine, file: DataFileSpec): Promise<DataFinding | undefined> {
    const layout = file.records;
    if (!layout) return undefined;
    const d = engine.dialect;
    const type = `split_part("line", ${d.quoteString(fileDelimiter(file))}, 1)`;
    const known = Object.keys(layout.types).map((t) => d.quoteString(t)).join(', ');
    const [row] = await engine.query(`SELECT count(*) AS "n", MIN("source_row") AS "first" FROM ${d.readFile(file, fileDelimiter(file))} AS "l" WHERE ${type} NOT IN (${known})`);
    if (!row || Number(row.n) === 0) return undefined;
    const [line] = await engine.query(`SELECT ${type} AS "t", "file_name", "file_line" FROM ${d.readFile(file, fileDelimiter(file))} AS "l" WHERE "source_row" = ${Number(row.first)}`);
    return {
        file: file.path, column: 'record type',
        message: `${shown(String(line.file_name))}, line ${line.file_line}: record type "${cut(String(line.t))}" is not in the layout ${path.basename(layout.path)} (${Number(row.n)} such lines, skipped; known: ${nameList(Object.keys(layout.types))})`,
    };
}

/** An engine's error as a message may show it: its first line, cut short (DuckDB quotes the line it choked on). */
export function engineMessage(e: unknown): string {
    return cut((e as Error).message.split('\n')[0], 160);
}
