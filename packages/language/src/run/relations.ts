// Relations built once per run, and data checked once per relation: a file with four indicators reads and checks each
// data file once, not four times. With the workspace cache (a DuckDB database file in `.stroom-cache/`) the built
// tables and the checks' findings stay for the next run, each entry keyed by the relation's SQL and by every file it
// reads (path, size, modification and change time in nanoseconds, inode): a changed file is read again.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Plan, RelationPlan } from '../plan/plan.js';
import { Printer } from '../sql/print.js';
import { duckdb } from '../sql/duckdb.js';
import { quoteStringStandard } from '../sql/dialect.js';
import { decodesOf } from '../sql/input.js';
import { matchingFiles } from '../workspace/files.js';
import type { DuckDBEngine } from './engine.js';

/** Raised when what a table or a finding holds changes shape: entries of another format are rebuilt. */
const FORMAT = 1;
/**
 * Git's "racy timestamp" rule: a file modified within this long before its stamp was taken could be rewritten in the
 * same clock tick (a file system with coarse timestamps, a copy that restores the time) without its stamp changing,
 * so such an entry is never stored; the next run, later, stores it.
 */
export const RACY_MS = 2000;
/** An entry no run has used for this long is removed (a mapping since edited, an old source). */
const UNUSED_MS = 30 * 24 * 3600 * 1000;
const ENTRIES = '"stroom$entries"';
const TABLE_PREFIX = 'stroom$rel_';

export interface FileStamp {
    readonly path: string;
    /** size, mtime and ctime in nanoseconds, inode and device, as text; absent when the file is gone. */
    readonly stat?: readonly [string, string, string, string, string];
}

interface Entry {
    readonly key: string;
    readonly files: readonly FileStamp[];
    /** When the stamps were taken (ms since the epoch): before the files were read. */
    readonly written: number;
    readonly table: string | null;
    readonly checkKey: string | null;
    readonly findings: string | null;
    used: number;
}

export class RelationStore {
    private readonly tables = new Map<string, Promise<string>>();
    private readonly checks = new Map<string, Promise<unknown>>();
    private readonly keys = new WeakMap<RelationPlan, string>();
    private readonly entries = new Map<string, Entry>();
    private readonly touched = new Set<string>();
    /** How often a relation was built and checked here (not found in the cache): tests and benchmarks read it. */
    readonly counts = { built: 0, checked: 0, reused: 0 };

    constructor(private readonly engine: DuckDBEngine, readonly persistent: boolean) { }

    /** The cache database's catalog: `main.x` alone could name this run's temporary table of the same name. */
    private catalog = 'memory';

    /** A table of the cache database, never a temporary one. */
    private stored(name: string): string {
        return `${quote(this.catalog)}.main.${quote(name)}`;
    }

    async open(): Promise<void> {
        if (!this.persistent) return;
        this.catalog = String((await this.engine.query('SELECT current_database() AS "db"'))[0].db);
        await this.engine.run(`CREATE TABLE IF NOT EXISTS ${ENTRIES} ("key" VARCHAR PRIMARY KEY, "files" VARCHAR NOT NULL, "written" DOUBLE NOT NULL, `
            + `"table_name" VARCHAR, "check_key" VARCHAR, "findings" VARCHAR, "used" DOUBLE NOT NULL)`);
        const existing = new Set((await this.engine.query(`SELECT "table_name" FROM duckdb_tables() WHERE NOT "temporary" AND "schema_name" = 'main'`))
            .map((row) => String(row.table_name)));
        for (const row of await this.engine.query(`SELECT * FROM ${ENTRIES}`)) {
            const table = row.table_name === null ? null : String(row.table_name);
            this.entries.set(String(row.key), {
                key: String(row.key), files: JSON.parse(String(row.files)) as FileStamp[], written: Number(row.written),
                // A table dropped by hand is built again.
                table: table !== null && existing.has(table) ? table : null,
                checkKey: row.check_key === null ? null : String(row.check_key), findings: row.findings === null ? null : String(row.findings),
                used: Number(row.used),
            });
        }
    }

    /** The key of a relation: its mapping as SQL on the data file (absolute paths), with DuckDB's version. */
    key(r: RelationPlan): string {
        let key = this.keys.get(r);
        if (!key) {
            key = hash(`${FORMAT}\0${this.engine.version}\0${relationSql(r)}`);
            this.keys.set(r, key);
        }
        return key;
    }

    /** Builds every relation of the plan that is read from a file (once per run, or found in the cache). */
    async build(plan: Plan): Promise<(r: RelationPlan) => string | undefined> {
        const built = new Map<string, string>();
        for (const r of plan.relations) {
            if (r.file.format === 'table') continue;
            const key = this.key(r);
            if (!this.tables.has(key)) {
                const made = this.table(r, key);
                this.tables.set(key, made);
                made.catch(() => this.tables.delete(key));
            }
            built.set(key, await this.tables.get(key)!);
        }
        return (r) => (r.file.format === 'table' ? undefined : built.get(this.key(r)));
    }

    private async table(r: RelationPlan, key: string): Promise<string> {
        const name = `${TABLE_PREFIX}${key}`;
        const files = filesRead(r);
        const now = Date.now();
        const stamps = stampsOf(files);
        const entry = this.valid(key, stamps);
        if (entry?.table) {
            this.counts.reused++;
            return name;
        }
        const keep = this.persistent && !racy(stamps, now);
        if (this.persistent) await this.engine.run(`DROP TABLE IF EXISTS ${this.stored(name)}`);
        // A relation of files modified moments ago lives for this run only (a temporary table), so it is never reused.
        await this.engine.run(`CREATE OR REPLACE ${keep || !this.persistent ? '' : 'TEMP '}TABLE ${quote(name)} AS\n${relationSql(r)}`);
        this.counts.built++;
        if (keep) await this.save({ key, files: stamps, written: now, table: name, checkKey: entry?.checkKey ?? null, findings: entry?.findings ?? null, used: now });
        else if (this.persistent) await this.forget(key);
        return name;
    }

    /**
     * The data checks of a relation, computed once per run (`check` runs them) or taken from the cache when its files
     * are unchanged; `checkKey` says everything else the findings depend on (the mapping's place, the current folder).
     */
    async checked<T>(r: RelationPlan, checkKey: string, check: () => Promise<T>): Promise<T> {
        const key = this.key(r);
        const memo = `${key}\0${checkKey}`;
        if (!this.checks.has(memo)) {
            const done = this.check(r, key, checkKey, check);
            this.checks.set(memo, done);
            done.catch(() => this.checks.delete(memo));
        }
        return await this.checks.get(memo) as T;
    }

    private async check<T>(r: RelationPlan, key: string, checkKey: string, check: () => Promise<T>): Promise<T> {
        const now = Date.now();
        const stamps = stampsOf(filesRead(r));
        const entry = this.valid(key, stamps);
        if (entry && entry.checkKey === checkKey && entry.findings !== null) {
            this.counts.reused++;
            return JSON.parse(entry.findings) as T;
        }
        const found = await check();
        this.counts.checked++;
        if (this.persistent && !racy(stamps, now)) {
            // The stamps were taken before the files were read: a file changed meanwhile does not match next time.
            const same = entry !== undefined;
            await this.save({ key, files: stamps, written: same ? entry.written : now, table: same ? entry.table : null, checkKey, findings: JSON.stringify(found), used: now });
        }
        return found;
    }

    /** The cache's entry for a key when its files are the ones stamped now (and it was not stored racily). */
    private valid(key: string, stamps: readonly FileStamp[]): Entry | undefined {
        const entry = this.entries.get(key);
        if (!entry || !sameStamps(entry.files, stamps) || racy(entry.files, entry.written)) return undefined;
        this.touched.add(key);
        return entry;
    }

    private async save(entry: Entry): Promise<void> {
        const old = this.entries.get(entry.key);
        if (old?.table && old.table !== entry.table) await this.engine.run(`DROP TABLE IF EXISTS ${this.stored(old.table)}`);
        this.entries.set(entry.key, entry);
        this.touched.add(entry.key);
        const v = (x: string | null) => (x === null ? 'NULL' : quoteStringStandard(x));
        await this.engine.run(`DELETE FROM ${ENTRIES} WHERE "key" = ${v(entry.key)}; INSERT INTO ${ENTRIES} VALUES (${v(entry.key)}, ${v(JSON.stringify(entry.files))}, `
            + `${entry.written}, ${v(entry.table)}, ${v(entry.checkKey)}, ${v(entry.findings)}, ${entry.used})`);
    }

    private async forget(key: string): Promise<void> {
        const old = this.entries.get(key);
        if (!old) return;
        if (old.table) await this.engine.run(`DROP TABLE IF EXISTS ${this.stored(old.table)}`);
        this.entries.delete(key);
        await this.engine.run(`DELETE FROM ${ENTRIES} WHERE "key" = ${quoteStringStandard(key)}`);
    }

    /**
     * Stale entries go, not to pile up: those whose files changed or are gone, those no run used for a month, and
     * tables no entry names (a run that stopped half-way). Used entries get their date.
     */
    async close(): Promise<void> {
        if (!this.persistent) return;
        const now = Date.now();
        for (const entry of [...this.entries.values()]) {
            if (this.touched.has(entry.key)) continue;
            if (now - entry.used > UNUSED_MS || !sameStamps(entry.files, stampsOf(entry.files.map((f) => f.path)))) await this.forget(entry.key);
        }
        const used = [...this.touched].filter((k) => this.entries.has(k));
        if (used.length > 0) await this.engine.run(`UPDATE ${ENTRIES} SET "used" = ${now} WHERE "key" IN (${used.map(quoteStringStandard).join(', ')})`);
        const named = new Set([...this.entries.values()].flatMap((e) => (e.table ? [e.table] : [])));
        for (const row of await this.engine.query(`SELECT "table_name" FROM duckdb_tables() WHERE NOT "temporary" AND "schema_name" = 'main' AND starts_with("table_name", ${quoteStringStandard(TABLE_PREFIX)})`)) {
            if (!named.has(String(row.table_name))) await this.engine.run(`DROP TABLE IF EXISTS ${this.stored(String(row.table_name))}`);
        }
    }
}

/** The mapping of a relation as a query on its data file, with absolute paths (Printer.relation reads no plan). */
export function relationSql(r: RelationPlan): string {
    return new Printer(duckdb, undefined as unknown as Plan).relation(r);
}

/** Every file a relation reads: its data file (each file of a pattern) and its decode tables. */
export function filesRead(r: RelationPlan): string[] {
    const files = [r.file, ...decodesOf(r.columns.map((c) => c.value)).map((d) => d.file)];
    return [...new Set(files.flatMap((f) => matchingFiles(f.path)))];
}

export function stampsOf(files: readonly string[]): FileStamp[] {
    return files.map((file) => {
        try {
            const s = fs.statSync(file, { bigint: true });
            return { path: file, stat: [String(s.size), String(s.mtimeNs), String(s.ctimeNs), String(s.ino), String(s.dev)] as const };
        } catch {
            return { path: file };
        }
    });
}

export function sameStamps(a: readonly FileStamp[], b: readonly FileStamp[]): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a file was modified (or its inode changed) within RACY_MS before `at`, or later: see RACY_MS. */
export function racy(stamps: readonly FileStamp[], at: number): boolean {
    const limit = BigInt(Math.floor(at - RACY_MS)) * 1_000_000n;
    return stamps.some((s) => !s.stat || BigInt(s.stat[1]) >= limit || BigInt(s.stat[2]) >= limit);
}

function hash(text: string): string {
    return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function quote(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}
