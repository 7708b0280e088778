// A database an indicator runs on. The engine executes SQL text and hands rows back as JSON values; it does no
// arithmetic of its own on figures.
import { createHash } from 'node:crypto';
import { DuckDBInstance, version as duckdbVersion, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Dialect } from '../sql/dialect.js';
import type { Plan, RelationPlan } from '../plan/plan.js';
import { duckdb } from '../sql/duckdb.js';
import { Printer } from '../sql/print.js';

export type Row = Record<string, string | number | boolean | null>;

/**
 * The engine itself failed, not the definition or the data: a database server that went away, a connection reset,
 * a disk that is full. Commands end with this message and exit code 2; no figure of the run is printed.
 */
export class EngineError extends Error { }

export interface Engine {
    readonly name: string;
    readonly version: string;
    readonly dialect: Dialect;
    query(sql: string): Promise<Row[]>;
    /** Makes the plan's data files readable by this engine (PostgreSQL loads them into temporary tables). */
    prepareData?(plan: Plan, reader: DuckDBEngine): Promise<void>;
    /**
     * Builds the plan's relations (the mapped rows `Printer.relation` selects) once per run and says which table
     * holds each; a relation it returns undefined for is read from its file in the query itself.
     */
    relations?(plan: Plan, reader: DuckDBEngine): Promise<(r: RelationPlan) => string | undefined>;
    close(): Promise<void>;
}

export class DuckDBEngine implements Engine {
    readonly name = 'duckdb';
    readonly version = duckdbVersion();
    readonly dialect = duckdb;

    private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection) { }

    static async open(): Promise<DuckDBEngine> {
        // In memory: nothing personal is ever written to disk by a run. No extension is fetched or loaded on demand:
        // an unsupported CSV encoding, say, must fail here, not send a request for an extension over the network.
        const instance = await DuckDBInstance.create(':memory:', {
            autoinstall_known_extensions: 'false', autoload_known_extensions: 'false',
        });
        const connection = await instance.connect();
        // Again per connection, so that no later change of defaults (or a pooled instance) lets one through.
        await connection.run('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
        return new DuckDBEngine(instance, connection);
    }

    async query(sql: string): Promise<Row[]> {
        const reader = await this.connection.runAndReadAll(sql);
        return reader.getRowObjectsJson() as Row[];
    }

    /** The rows of a query a chunk at a time (about 2,000 rows), so a large result is never held whole. */
    async *chunks(sql: string): AsyncGenerator<DuckDBValue[][]> {
        const result = await this.connection.stream(sql);
        yield* result.yieldRows();
    }

    /** Relation SQL -> the temporary table built from it in this session. */
    private readonly built = new Map<string, string>();

    // A minimal version (one temporary table per relation, keyed by its SQL), for PostgreSQL to copy from.
    async relations(plan: Plan, _reader: DuckDBEngine): Promise<(r: RelationPlan) => string | undefined> {
        const printer = new Printer(duckdb, plan);
        const sqlOf = (r: RelationPlan) => (r.file.format === 'table' ? undefined : printer.relation(r));
        for (const r of plan.relations) {
            const sql = sqlOf(r);
            if (sql === undefined || this.built.has(sql)) continue;
            const table = `stroom$rel_${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
            await this.connection.run(`CREATE OR REPLACE TEMPORARY TABLE ${duckdb.quoteIdent(table)} AS ${sql}`);
            this.built.set(sql, table);
        }
        return (r) => {
            const sql = sqlOf(r);
            return sql === undefined ? undefined : this.built.get(sql);
        };
    }

    async close(): Promise<void> {
        this.connection.closeSync();
        this.instance.closeSync();
    }
}
