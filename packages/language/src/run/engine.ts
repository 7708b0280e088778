// A database an indicator runs on. The engine executes SQL text and hands rows back as JSON values; it does no
// arithmetic of its own on figures.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, version as duckdbVersion, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Dialect } from '../sql/dialect.js';
import type { Plan, RelationPlan } from '../plan/plan.js';
import { duckdb } from '../sql/duckdb.js';
import { RelationStore } from './relations.js';

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
     * Builds each relation of the plan once per run (or finds it built) and says which table holds it, for
     * PrintOptions.relationTable: undefined for a relation the query reads from its file itself.
     */
    relations?(plan: Plan, reader: DuckDBEngine): Promise<(r: RelationPlan) => string | undefined>;
    close(): Promise<void>;
}

export interface DuckDBOptions {
    /**
     * The database file of the workspace cache (`.stroom-cache/`): relations built there and the data checks'
     * findings stay for the next run. Without it, everything is in memory and gone when the engine closes.
     */
    readonly database?: string;
    /** Where DuckDB spills what does not fit in memory_limit (default: a private folder under the system's temp). */
    readonly tempDirectory?: string;
    /** DuckDB's memory_limit, as DuckDB writes it (`8GB`, `512MB`); default: half the physical memory, at most 2 GiB. */
    readonly memoryLimit?: string;
}

export class DuckDBEngine implements Engine {
    readonly name = 'duckdb';
    readonly version = duckdbVersion();
    readonly dialect = duckdb;
    /** Relations built and data checked in this run, and (with a database file) in earlier runs. */
    readonly store: RelationStore;

    private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection,
        persistent: boolean, private readonly ownTemp?: string) {
        this.store = new RelationStore(this, persistent);
    }

    /**
     * In memory unless a database file is given (the workspace cache: the only place a run writes data, inside the
     * workspace). No extension is fetched or loaded on demand: an unsupported CSV encoding, say, must fail here, not
     * send a request for an extension over the network.
     */
    static async open(options: DuckDBOptions = {}): Promise<DuckDBEngine> {
        // A spill folder of our own, removed on close: DuckDB's default (`.tmp` in the current folder) could put
        // personal data anywhere the command happens to be started.
        const ownTemp = options.tempDirectory ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-'));
        const settings = {
            autoinstall_known_extensions: 'false', autoload_known_extensions: 'false',
            memory_limit: options.memoryLimit ?? defaultMemoryLimit(), temp_directory: options.tempDirectory ?? ownTemp!,
        };
        let instance: DuckDBInstance;
        try {
            instance = await DuckDBInstance.create(options.database ?? ':memory:', settings);
        } catch (e) {
            if (ownTemp) fs.rmSync(ownTemp, { recursive: true, force: true });
            throw e;
        }
        const connection = await instance.connect();
        // Again per connection, so that no later change of defaults (or a pooled instance) lets one through.
        await connection.run('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
        const engine = new DuckDBEngine(instance, connection, options.database !== undefined, ownTemp);
        await engine.store.open();
        return engine;
    }

    async query(sql: string): Promise<Row[]> {
        const reader = await this.connection.runAndReadAll(sql);
        return reader.getRowObjectsJson() as Row[];
    }

    /** Statements without rows (CREATE, DROP, SET). */
    async run(sql: string): Promise<void> {
        await this.connection.run(sql);
    }

    async relations(plan: Plan, _reader?: DuckDBEngine): Promise<(r: RelationPlan) => string | undefined> {
        return this.store.build(plan);
    }

    /** The rows of a query a chunk at a time (about 2,000 rows), so a large result is never held whole. */
    async *chunks(sql: string): AsyncGenerator<DuckDBValue[][]> {
        const result = await this.connection.stream(sql);
        yield* result.yieldRows();
    }

    async close(): Promise<void> {
        try {
            await this.store.close();
        } finally {
            this.connection.closeSync();
            this.instance.closeSync();
            if (this.ownTemp) fs.rmSync(this.ownTemp, { recursive: true, force: true });
        }
    }
}

/** Without a setting DuckDB may use half the memory, at most this: it takes what it may, and spilling is cheap. */
export const DEFAULT_MEMORY_CAP_MIB = 2048;

/**
 * STROOM_MEMORY_LIMIT, else half the memory this process may use (the machine's, or its container's), at most 2 GiB.
 * DuckDB fills whatever limit it has: with half of 24 GB, vsv on 5.4 million people peaked at 6.4 GB; with 2 GB it
 * spilled and peaked at 2.6 GB, and finished sooner (BENCHMARKS.md).
 */
export function defaultMemoryLimit(): string {
    const env = process.env.STROOM_MEMORY_LIMIT;
    if (env !== undefined && env.trim() !== '') return memoryLimitSetting(env, 'STROOM_MEMORY_LIMIT');
    return `${Math.max(256, Math.min(DEFAULT_MEMORY_CAP_MIB, Math.floor(physicalMemory() / 2 / 2 ** 20)))}MiB`;
}

function physicalMemory(): number {
    // The machine's memory, or the container's when a cgroup limits it (constrainedMemory is huge when none does).
    const constrained = (process as unknown as { constrainedMemory?: () => number }).constrainedMemory?.() ?? 0;
    return constrained > 0 ? Math.min(constrained, os.totalmem()) : os.totalmem();
}

/**
 * A memory limit as written in stroom.json or STROOM_MEMORY_LIMIT (`8GB`, `512MB`, `4GiB`, or `40%` of the physical
 * memory) as DuckDB's setting; anything else is an error that names where it was written.
 */
export function memoryLimitSetting(text: string, where: string): string {
    const t = text.trim();
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
    if (percent && Number(percent[1]) > 0 && Number(percent[1]) <= 100) {
        return `${Math.max(256, Math.floor(physicalMemory() * Number(percent[1]) / 100 / 2 ** 20))}MiB`;
    }
    const size = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.exec(t);
    if (size && Number(size[1]) > 0) return `${size[1]}${size[2].replace(/^(.)(i?)(.)$/i, (_, a: string, i: string, b: string) => `${a.toUpperCase()}${i.toLowerCase()}${b.toUpperCase()}`)}`;
    throw new EngineError(`${where} is "${text}": give a memory size such as 8GB, 512MB or 50% / ${where} is "${text}": geef een geheugengrootte zoals 8GB, 512MB of 50%`);
}
