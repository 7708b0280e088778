// The workspace cache: `.stroom-cache/` in the workspace root (the folder of stroom.json), holding a DuckDB database
// of the relations runs built and the data checks' findings, and DuckDB's spill folder. It holds personal data, so it
// lives only inside the workspace and is ignored by git (a `.gitignore` of `*` is written with it); `--no-cache` or
// `"cache": false` in stroom.json bypass it, `stroom cache clear` removes it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBEngine, memoryLimitSetting, defaultMemoryLimit } from '../run/engine.js';
import type { WorkspaceConfig } from './config.js';

export const CACHE_FOLDER = '.stroom-cache';
export const CACHE_DATABASE = 'relations.duckdb';

export interface CacheOptions {
    /** false: read and write no cache (`--no-cache`). */
    readonly cache?: boolean;
    /** Where a one-line note goes when the cache cannot be used this time (the run goes on in memory). */
    readonly note?: (message: string) => void;
}

/** The cache folder of a workspace root. */
export function cacheFolder(root: string): string {
    return path.join(root, CACHE_FOLDER);
}

/** DuckDB's memory_limit: STROOM_MEMORY_LIMIT, else stroom.json's `memoryLimit`, else half the physical memory, at most 2 GiB. */
export function memoryLimit(config: WorkspaceConfig): string {
    if (process.env.STROOM_MEMORY_LIMIT?.trim() || config.memoryLimit === undefined) return defaultMemoryLimit();
    return memoryLimitSetting(config.memoryLimit, 'memoryLimit in stroom.json');
}

/**
 * DuckDB for a command on a workspace: on the workspace cache unless it is switched off, else in memory. A cache that
 * another stroom process holds, or a root that cannot be written, gives a note and a run in memory, never a failure.
 */
export async function openWorkspaceEngine(ws: { readonly root: string; readonly config: WorkspaceConfig }, options: CacheOptions = {}): Promise<DuckDBEngine> {
    const limit = memoryLimit(ws.config);
    if (options.cache === false || ws.config.cache === false) return DuckDBEngine.open({ memoryLimit: limit });
    const folder = cacheFolder(ws.root);
    const note = options.note ?? (() => undefined);
    try {
        prepareFolder(folder);
    } catch (e) {
        note(`note: cannot write the cache ${folder} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); this run works in memory`
            + ` / kan de cache ${folder} niet schrijven; deze run werkt in het geheugen`);
        return DuckDBEngine.open({ memoryLimit: limit });
    }
    const database = path.join(folder, CACHE_DATABASE);
    const open = () => DuckDBEngine.open({ database, tempDirectory: path.join(folder, 'tmp'), memoryLimit: limit });
    try {
        return await open();
    } catch (e) {
        const message = (e as Error).message;
        if (/lock/i.test(message)) {
            note(`note: the cache ${folder} is in use by another stroom process; this run works in memory`
                + ` / de cache ${folder} is in gebruik door een ander stroom-proces; deze run werkt in het geheugen`);
            return DuckDBEngine.open({ memoryLimit: limit });
        }
        // A cache of another DuckDB version, or a damaged file: it is only a cache, so it is made again.
        try {
            for (const f of [database, `${database}.wal`]) fs.rmSync(f, { force: true });
            return await open();
        } catch (again) {
            note(`note: cannot open the cache ${folder} (${(again as Error).message.split('\n')[0]}); this run works in memory`
                + ` / kan de cache ${folder} niet openen; deze run werkt in het geheugen`);
            return DuckDBEngine.open({ memoryLimit: limit });
        }
    }
}

/**
 * Makes the cache folder (readable by its owner only) with its `.gitignore` and spill folder. A cache path that is a
 * symbolic link or not a folder is refused: the data would be written wherever the link points, outside the workspace.
 */
function prepareFolder(folder: string): void {
    let st: fs.Stats | undefined;
    try {
        st = fs.lstatSync(folder);
    } catch {
        fs.mkdirSync(folder, { mode: 0o700 });
    }
    if (st && (st.isSymbolicLink() || !st.isDirectory())) throw Object.assign(new Error('not a folder of the workspace (a link or a file)'), { code: 'not a folder' });
    const ignore = path.join(folder, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Stroom\'s cache holds personal data: never committed (stroom cache clear removes it)\n*\n');
    fs.mkdirSync(path.join(folder, 'tmp'), { recursive: true, mode: 0o700 });
}

export interface CacheInfo {
    readonly folder: string;
    readonly exists: boolean;
    readonly bytes: number;
    /** Relations stored, or undefined when the database could not be read (another process holds it). */
    readonly relations?: number;
}

/** The cache of a workspace root: its size and how many relations it holds. */
export async function cacheInfo(root: string): Promise<CacheInfo> {
    const folder = cacheFolder(root);
    if (!fs.existsSync(folder)) return { folder, exists: false, bytes: 0 };
    const bytes = folderBytes(folder);
    const database = path.join(folder, CACHE_DATABASE);
    if (!fs.existsSync(database)) return { folder, exists: true, bytes, relations: 0 };
    try {
        const engine = await DuckDBEngine.open({ database, tempDirectory: path.join(folder, 'tmp') });
        try {
            const [row] = await engine.query('SELECT count(*) AS "n" FROM "stroom$entries" WHERE "table_name" IS NOT NULL');
            return { folder, exists: true, bytes, relations: Number(row.n) };
        } finally {
            await engine.close();
        }
    } catch {
        return { folder, exists: true, bytes };
    }
}

/** Removes a workspace's cache folder; says what it removed (undefined: there was none). */
export function clearCache(root: string): { folder: string; bytes: number } | undefined {
    const folder = cacheFolder(root);
    let st: fs.Stats;
    try {
        st = fs.lstatSync(folder);
    } catch {
        return undefined;
    }
    // A link is removed, never followed.
    const bytes = st.isDirectory() ? folderBytes(folder) : 0;
    fs.rmSync(folder, { recursive: true, force: true });
    return { folder, bytes };
}

function folderBytes(folder: string): number {
    let total = 0;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    }
    return total;
}
