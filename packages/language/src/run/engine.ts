// A database an indicator runs on. The engine executes SQL text and hands rows back as JSON values; it does no
// arithmetic of its own on figures.
import { DuckDBInstance, version as duckdbVersion, type DuckDBConnection } from '@duckdb/node-api';
import type { Dialect } from '../sql/dialect.js';
import type { Plan } from '../plan/plan.js';
import { duckdb } from '../sql/duckdb.js';

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

    async close(): Promise<void> {
        this.connection.closeSync();
        this.instance.closeSync();
    }
}
