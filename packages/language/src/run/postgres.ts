// PostgreSQL as an engine: connection from a URL (never from a definition file), data files loaded into temporary
// tables (read with DuckDB, which already checked them), then the same generic SQL in the PostgreSQL dialect.
import pg from 'pg';
import type { Plan, RelationPlan } from '../plan/plan.js';
import { whereColumns } from '../definition/types.js';
import { valueColumns } from '../sql/print.js';
import { DataError, engineMessage } from './checks.js';
import { assertMayRead } from '../workspace/data-access.js';
import { cut, nameList } from '../text/quote.js';
import { loadedTableName, postgres } from '../sql/postgres.js';
import { fileDelimiter, filesOf } from '../sql/input.js';
import { EngineError, type DuckDBEngine, type Engine, type Row } from './engine.js';
import { q as iq, reservedColumns, RESERVED_PREFIX, ROW } from '../sql/internal.js';

const DATE_OID = 1082;
// node-pg sends the parameter count as a signed 16-bit number (at most 32,767 per statement): wide files (1cijferHO's
// EV has over 100 columns) get fewer rows per INSERT.
const MAX_PARAMETERS = 30_000;
const BATCH_ROWS = 2000;

export class PostgresEngine implements Engine {
    readonly name = 'postgres';
    readonly dialect = postgres;
    /** Which file each temporary table holds now. */
    private readonly loaded = new Map<string, string>();

    private constructor(private readonly client: pg.Client, readonly version: string) { }

    /** Set when the connection failed between queries (the server stopped): every later query says so. */
    private lost?: Error;

    static async open(url: string): Promise<PostgresEngine> {
        const client = new pg.Client({
            connectionString: url,
            // DATE as text: node-pg would make a JS Date shifted by the local time zone.
            types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
        });
        // Without a listener, a server that goes away between queries is an unhandled 'error' event: a crash.
        const early: { error?: Error } = {};
        client.on('error', (e) => { early.error = e; });
        try {
            await client.connect();
        } catch (e) {
            throw new EngineError(connectionFault(e));
        }
        await client.query("SET standard_conforming_strings = on; SET client_min_messages = warning; SET datestyle = 'ISO, YMD'");
        // Every Stroom query scans whole relations; the planner's row guesses through windowed CTEs are often 1,
        // which makes it pick nested loops that take minutes. Hash and merge joins are always the right shape here.
        // JIT compiling would cost more than these queries take (and the costs above trigger it).
        await client.query('SET enable_nestloop = off; SET jit = off');
        const { rows } = await client.query('SHOW server_version');
        const engine = new PostgresEngine(client, String(rows[0].server_version));
        client.removeAllListeners('error');
        client.on('error', (e) => { engine.lost = e; });
        if (early.error) engine.lost = early.error;
        return engine;
    }

    async query(sql: string): Promise<Row[]> {
        return (await this.send(sql)).rows as Row[];
    }

    /**
     * Every statement goes through here: a lost connection becomes an EngineError (exit 2, "the database went away"),
     * whatever the statement was; an error of the statement itself (a bad value) stays what it is.
     */
    private async send(sql: string, values?: unknown[]): Promise<pg.QueryResult> {
        if (this.lost) throw lostConnection(this.lost);
        try {
            return await this.client.query(sql, values);
        } catch (e) {
            if (this.lost || isConnectionFault(e)) throw lostConnection(this.lost ?? e);
            throw e;
        }
    }

    /** Loads every data file of the plan into a temporary table (once per file per session). */
    async prepareData(plan: Plan, reader: DuckDBEngine): Promise<void> {
        for (const r of plan.relations) if (r.file.format === 'table') await this.checkTable(r);
        // Files are read through the DuckDB reader; each is checked again before it is.
        for (const file of filesOf(plan.relations)) assertMayRead(file);
        for (const file of filesOf(plan.relations)) {
            if (file.format === 'table') continue;
            const table = loadedTableName(file);
            if (this.loaded.get(table) === file.path) continue;
            const delimiter = fileDelimiter(file);
            const rows = await reader.query(`SELECT * FROM ${reader.dialect.readFile(file, delimiter)} AS "file" ORDER BY ${iq(ROW)}`);
            const columns = rows.length > 0 ? Object.keys(rows[0]).filter((c) => c !== ROW)
                : (await reader.query(`DESCRIBE SELECT * FROM ${reader.dialect.readFile(file, delimiter)} AS "file"`)).map((d) => String(d.column_name)).filter((c) => c !== ROW);
            const q = postgres.quoteIdent;
            await this.send(`DROP TABLE IF EXISTS ${q(table)}`);
            await this.send(`CREATE TEMPORARY TABLE ${q(table)} (${[...columns.map((c) => `${q(c)} TEXT`), `${iq(ROW)} BIGINT`].join(', ')})`);
            const all = [...columns, ROW];
            const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / (columns.length + 1))));
            for (let start = 0; start < rows.length; start += perBatch) {
                const batch = rows.slice(start, start + perBatch);
                const values: Array<string | number | null> = [];
                const tuples = batch.map((row, i) => {
                    for (const c of all) values.push(row[c] === null || row[c] === undefined ? null : c === ROW ? Number(row[c]) : String(row[c]));
                    return `(${all.map((_, j) => `$${i * all.length + j + 1}`).join(', ')})`;
                });
                await this.send(`INSERT INTO ${q(table)} (${all.map(q).join(', ')}) VALUES ${tuples.join(', ')}`, values);
            }
            // Temporary tables get no statistics by themselves; without them the planner picks nested loops.
            await this.send(`ANALYZE ${q(table)}`);
            this.loaded.set(table, file.path);
        }
    }

    /** A database table: it must exist and have every column the mapping reads. */
    private async checkTable(r: RelationPlan): Promise<void> {
        // Before any query: pg_authid and friends are never read, whatever the definition says.
        assertMayRead(r.file);
        const name = r.file.path.split('.').map(postgres.quoteIdent).join('.');
        let columns: string[];
        try {
            columns = (await this.send(`SELECT * FROM ${name} LIMIT 0`)).fields.map((f) => f.name);
        } catch (e) {
            throw new DataError(`${r.file.at.file}:${r.file.at.line}: cannot read table ${r.file.written} (${engineMessage(e)})`);
        }
        const reserved = reservedColumns(columns);
        if (reserved.length > 0) {
            throw new DataError(`table ${r.file.written}: column ${reserved.map((c) => `'${c}'`).join(', ')} uses the prefix '${RESERVED_PREFIX}', which Stroom keeps for its own columns: rename it`);
        }
        const wanted = [...r.columns.flatMap((c) => valueColumns(c.value)), ...(r.where ? whereColumns(r.where) : [])];
        for (const col of wanted) {
            if (!columns.includes(col)) throw new DataError(`${r.at.file}:${r.at.line}: table ${r.file.written} has no column '${cut(col)}'; its columns: ${nameList(columns)}`);
        }
    }

    async close(): Promise<void> {
        // After a lost connection, end() would wait for a server that is gone.
        if (this.lost) return;
        await this.client.end().catch(() => undefined);
    }
}

/** Errors of the connection, not of a statement: socket errors, and PostgreSQL's shutdown and connection classes. */
function isConnectionFault(e: unknown): boolean {
    const err = e as { code?: unknown; message?: unknown };
    const code = typeof err.code === 'string' ? err.code : '';
    if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
    if (/^(08|57P)/.test(code)) return true;
    return /Connection terminated|connection is closed|Client has encountered a connection error/i.test(String(err.message ?? ''));
}

/** The engine's first line (engineMessage), led by the socket's code when the message does not say it. */
function connectionFault(e: unknown): string {
    const first = engineMessage(e instanceof Error ? e : new Error(String(e)));
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && !first.includes(code) ? `${code}: ${first}` : first;
}

function lostConnection(e: unknown): EngineError {
    return new EngineError(`PostgreSQL: the connection was lost during the run (${connectionFault(e)}); no figures were written. `
        + `Check that the server is running and run again. / De verbinding met PostgreSQL viel weg; er zijn geen cijfers geschreven.`);
}
