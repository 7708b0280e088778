// @duckdb/node-api in the browser, as far as Stroom's engine uses it (run/engine.ts), over DuckDB-Wasm: the same
// SQL text runs, and rows come back as the same JSON values (getRowObjectsJson: BIGINT and DECIMAL as text, DATE as
// YYYY-MM-DD), so the figures step downstream cannot tell the two apart.
import type { AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import { DataType, type Table, type Vector } from 'apache-arrow';
import { connect, duckdb } from '../engine/duckdb.js';
import fs from './fs.js';
import { mounts } from '../workspace.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export function version(): string {
    return (globalThis as { STROOM_BUILD?: { duckdb: string } }).STROOM_BUILD?.duckdb ?? 'wasm';
}

/** What DuckDB holds of the workspace: path -> the file's modification time and size when it was registered. */
const registered = new Map<string, string>();

/**
 * Every data file of the in-memory workspace, registered with DuckDB under its own path, so read_csv finds it. A file
 * is copied into DuckDB's worker once, and again only when it changed: a run on large data does not copy it each time.
 */
async function registerWorkspaceFiles(): Promise<void> {
    const db = await duckdb();
    const seen = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
        if (!fs.existsSync(dir)) return;
        for (const name of fs.readdirSync(dir) as string[]) {
            const p = `${dir}/${name}`;
            const st = fs.statSync(p);
            if (st.isDirectory()) {
                await walk(p);
            } else if (!/\.(stroom|json|md)$/i.test(name)) {
                seen.add(p);
                const stamp = `${mounts}:${st.mtimeMs}:${st.size}`;
                if (registered.get(p) === stamp) continue;
                await db.registerFileBuffer(p, new Uint8Array(fs.readFileSync(p) as Uint8Array));
                registered.set(p, stamp);
            }
        }
    };
    await walk('/workspace');
    for (const p of [...registered.keys()].filter((k) => !seen.has(k))) {
        await db.dropFile(p);
        registered.delete(p);
    }
}

function decimalText(words: Uint32Array, scale: number): string {
    let v = 0n;
    for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i]);
    const bits = BigInt(words.length * 32);
    if (v >> (bits - 1n)) v -= 1n << bits;
    const negative = v < 0n;
    const digits = (negative ? -v : v).toString().padStart(scale + 1, '0');
    const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return negative ? `-${text}` : text;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function dateText(ms: number): string {
    const d = new Date(ms);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
function timestampText(ms: number): string {
    const d = new Date(ms);
    return `${dateText(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function jsonValue(type: DataType, value: unknown): Json {
    if (value === null || value === undefined) return null;
    if (DataType.isInt(type)) return type.bitWidth === 64 ? String(value) : Number(value);
    if (DataType.isFloat(type)) return Number.isFinite(value as number) ? value as number : String(value);
    if (DataType.isDecimal(type)) return decimalText(value as Uint32Array, type.scale);
    if (DataType.isDate(type)) return dateText(Number(value));
    if (DataType.isTimestamp(type)) return timestampText(Number(value));
    if (DataType.isBool(type)) return Boolean(value);
    if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return String(value);
    if (DataType.isList(type)) return [...(value as Vector)].map((v) => jsonValue(type.children[0].type, v));
    return String(value);
}

function rowsOf(table: Table): Record<string, Json>[] {
    const fields = table.schema.fields;
    const columns = fields.map((_, i) => table.getChildAt(i)!);
    const rows: Record<string, Json>[] = [];
    for (let r = 0; r < table.numRows; r++) {
        const row: Record<string, Json> = {};
        fields.forEach((f, i) => { row[f.name] = jsonValue(f.type, columns[i].get(r)); });
        rows.push(row);
    }
    return rows;
}

class Reader {
    constructor(private readonly table: Table) { }
    getRowObjectsJson(): Record<string, Json>[] { return rowsOf(this.table); }
    getRowsJson(): Json[][] { return rowsOf(this.table).map((r) => Object.values(r)); }
}

export class DuckDBConnection {
    constructor(private readonly conn: AsyncDuckDBConnection) { }
    async run(sql: string): Promise<void> { await this.conn.query(sql); }
    async runAndReadAll(sql: string): Promise<Reader> { return new Reader(await this.conn.query(sql)); }
    async stream(sql: string) {
        const table = await this.conn.query(sql);
        return { async *yieldRows() { yield rowsOf(table).map((r) => Object.values(r)); } };
    }
    closeSync(): void { void this.conn.close(); }
}

export class DuckDBInstance {
    static async create(path: string, _settings?: Record<string, string>): Promise<DuckDBInstance> {
        // Only an in-memory database: the workspace cache (a database file) stays with the command line.
        if (path !== ':memory:') throw new Error('the browser keeps no database file / de browser bewaart geen databasebestand');
        await registerWorkspaceFiles();
        return new DuckDBInstance();
    }
    async connect(): Promise<DuckDBConnection> {
        const conn = await connect();
        return new DuckDBConnection(conn);
    }
    closeSync(): void { /* the page's one database lives on; its connections are closed */ }
}

export type DuckDBValue = Json;
