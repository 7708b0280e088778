// PostgreSQL as an engine: connection from a URL (never from a definition file), data files loaded into temporary
// tables (read with DuckDB, which already checked them), then the same generic SQL in the PostgreSQL dialect.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataFileSpec } from '../definition/types.js';
import type { Plan, RelationPlan } from '../plan/plan.js';
import { whereColumns } from '../definition/types.js';
import { valueColumns } from '../sql/print.js';
import { DataError, engineMessage } from './checks.js';
import { assertMayRead } from '../workspace/data-access.js';
import { cut, nameList } from '../text/quote.js';
import { loadedTableName, postgres } from '../sql/postgres.js';
import { fileDelimiter, filesOf } from '../sql/input.js';
import { EngineError, type DuckDBEngine, type Engine, type Row } from './engine.js';
import { reservedColumns, RESERVED_PREFIX } from '../sql/internal.js';

const DATE_OID = 1082;

export class PostgresEngine implements Engine {
    readonly name = 'postgres';
    readonly dialect = postgres;
    /** Which file each temporary table holds now. */
    private readonly loaded = new Map<string, string>();
    /** Files prepareData made readable, loaded when a query first names their table. */
    private readonly pending = new Map<string, { file: DataFileSpec; reader: DuckDBEngine }>();
    /** Relation tables copied from the DuckDB reader in this session. */
    private readonly copied = new Set<string>();

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
        // The default 4 MB makes the sorts and hashes of a million enrollments spill to disk (per node, this session only).
        await client.query("SET work_mem = '128MB'");
        const { rows } = await client.query('SHOW server_version');
        const engine = new PostgresEngine(client, String(rows[0].server_version));
        client.removeAllListeners('error');
        client.on('error', (e) => { engine.lost = e; });
        if (early.error) engine.lost = early.error;
        return engine;
    }

    async query(sql: string): Promise<Row[]> {
        // The header comments name the tables a query would read without relation tables: they do not count.
        const code = this.pending.size > 0 ? sql.split('\n').filter((l) => !l.trimStart().startsWith('--')).join('\n') : '';
        for (const [table, { file, reader }] of [...this.pending]) {
            if (!code.includes(postgres.quoteIdent(table))) continue;
            this.pending.delete(table);
            await this.loadFile(file, reader);
        }
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

    /**
     * Checks the plan's database tables, and makes its data files readable by the SQL printed without relation tables
     * (`stroom funnel`, compare's records): each file is loaded, as text, when a query first names its table.
     */
    async prepareData(plan: Plan, reader: DuckDBEngine): Promise<void> {
        for (const r of plan.relations) if (r.file.format === 'table') await this.checkTable(r);
        // Files are read through the DuckDB reader; each is checked again before it is.
        for (const file of filesOf(plan.relations)) assertMayRead(file);
        for (const file of filesOf(plan.relations)) {
            if (file.format === 'table') continue;
            const table = loadedTableName(file);
            if (this.loaded.get(table) !== file.path) this.pending.set(table, { file, reader });
        }
    }

    /**
     * The plan's relations as typed temporary tables: DuckDB reads and maps each data file once (dates parsed there,
     * once), and its rows are copied in with COPY. A database table's relation stays in the query, read by PostgreSQL.
     */
    async relations(plan: Plan, reader: DuckDBEngine): Promise<(r: RelationPlan) => string | undefined> {
        // prepareData, which every caller runs first, has checked the database tables; the reader builds the rest
        // through its dialect, which checks every file it reads (assertMayRead).
        const built = await reader.relations(plan);
        const tableOf = (r: RelationPlan) => (r.file.format === 'table' ? undefined : built(r));
        for (const r of plan.relations) {
            const table = tableOf(r);
            if (table === undefined || this.copied.has(table)) continue;
            await this.copyIn(table, reader, `SELECT * FROM ${reader.dialect.quoteIdent(table)}`);
            this.copied.add(table);
        }
        return tableOf;
    }

    /** Loads a data file as it is (every column as text, plus its row number), under the name the dialect reads. */
    private async loadFile(file: DataFileSpec, reader: DuckDBEngine): Promise<void> {
        const table = loadedTableName(file);
        await this.copyIn(table, reader, `SELECT * FROM ${reader.dialect.readFile(file, fileDelimiter(file))} AS "file"`);
        this.loaded.set(table, file.path);
    }

    /**
     * A temporary table with the columns and types of a DuckDB query, filled by COPY from the query's rows. DuckDB
     * writes each row as a line of COPY's text format (vectorised, far cheaper than a JavaScript value per cell), and
     * the lines stream through a chunk at a time.
     */
    private async copyIn(table: string, reader: DuckDBEngine, select: string): Promise<void> {
        const columns = (await reader.query(`DESCRIBE ${select}`)).map((d) => ({ name: String(d.column_name), type: String(d.column_type) }));
        const q = postgres.quoteIdent;
        await this.send(`DROP TABLE IF EXISTS ${q(table)}`);
        await this.send(`CREATE TEMPORARY TABLE ${q(table)} (${columns.map((c) => `${q(c.name)} ${postgresType(c.type)}`).join(', ')})`);
        const line = columns.map((c) => copyText(reader.dialect.quoteIdent(c.name))).join(" || chr(9) || ");
        const lines = reader.chunks(`SELECT ${line} AS "line" FROM (${select}) AS "rows"`);
        if (this.lost) throw lostConnection(this.lost);
        try {
            await pipeline(Readable.from((async function* () {
                for await (const rows of lines) yield rows.map((r) => `${String(r[0])}\n`).join('');
            })()), this.client.query(copyFrom(`COPY ${q(table)} FROM STDIN`)));
        } catch (e) {
            if (this.lost || isConnectionFault(e)) throw lostConnection(this.lost ?? e);
            throw e;
        }
        // Temporary tables get no statistics by themselves; without them the planner picks nested loops.
        await this.send(`ANALYZE ${q(table)}`);
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

/** The PostgreSQL type of a DuckDB column type (DESCRIBE's column_type). */
export function postgresType(duck: string): string {
    const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(duck);
    if (decimal) return `numeric(${decimal[1]}, ${decimal[2]})`;
    const types: Record<string, string> = {
        VARCHAR: 'text', DATE: 'date', BOOLEAN: 'boolean', TINYINT: 'smallint', SMALLINT: 'smallint', INTEGER: 'integer',
        BIGINT: 'bigint', HUGEINT: 'numeric', UTINYINT: 'smallint', USMALLINT: 'integer', UINTEGER: 'bigint', UBIGINT: 'numeric',
        FLOAT: 'real', DOUBLE: 'double precision', TIMESTAMP: 'timestamp',
    };
    const found = types[duck];
    if (!found) throw new Error(`no PostgreSQL type for DuckDB's ${duck}`);
    return found;
}

/**
 * DuckDB SQL for a value as a field of COPY's text format: NULL as \N, and backslash, tab, newline and carriage return
 * escaped, so an empty string or the text "\N" stays what it is. Dates print as ISO (yyyy-mm-dd), booleans as true/false.
 */
export function copyText(column: string): string {
    let text = `CAST(${column} AS VARCHAR)`;
    text = `replace(${text}, '\\', '\\\\')`;
    for (const [ch, escape] of [[9, 't'], [10, 'n'], [13, 'r']] as const) text = `replace(${text}, chr(${ch}), '\\${escape}')`;
    return `coalesce(${text}, '\\N')`;
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
