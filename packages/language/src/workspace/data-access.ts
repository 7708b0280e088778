// What a definition may read. Definitions come from others (a consortium lints them in CI), so a path in one must not
// reach the process environment, a private key or a device: a data file, layout or decode table is read only when
// its real path lies in the workspace or in a folder stroom.json lists in `dataFolders`, and only when it is a
// regular file. Everything is decided from lstat/realpath/stat, before any file is opened (a FIFO would block).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRoot } from './root.js';
import { readCached } from './cached-read.js';
import { checkConfig } from './config.js';
import { globMatch, isPattern } from './files.js';
import type { DataFileSpec } from '../definition/types.js';
import { DataError } from '../run/data-error.js';

export type RefusalCode = 'data-path-outside-workspace' | 'data-path-not-a-file' | 'table-schema-not-allowed' | 'unsupported-encoding';

/** Why a path, table or encoding is refused: a code from codes.ts and `English / Nederlands`. */
export interface Refusal {
    readonly code: RefusalCode;
    readonly message: string;
}

/** The folders a definition may read from (real paths) and the database schemas its tables may live in. */
export interface DataAccess {
    readonly root: string;
    readonly folders: readonly string[];
    readonly tableSchemas: readonly string[];
}

// Pseudo file systems: never data, whatever stroom.json lists.
const NEVER = ['/proc', '/sys', '/dev'];

function real(p: string): string | undefined {
    try {
        return fs.realpathSync(p);
    } catch {
        return undefined;
    }
}

/** The access rules of the workspace a definition file belongs to (stroom.json read once per version). */
export function dataAccessFor(definitionFile: string): DataAccess {
    const root = findRoot(path.dirname(definitionFile));
    const config = readCached(path.join(root, 'stroom.json'), 'utf8', checkConfig, () => undefined)?.config ?? {};
    const listed = (config.dataFolders ?? []).map((f) => path.resolve(root, f));
    const folders = [root, ...listed].map((f) => real(f) ?? f);
    return { root, folders, tableSchemas: config.tableSchemas ?? [] };
}

/** Only the one folder Stroom wrote its own files into (no tables). */
function ownFolderAccess(folder: string): DataAccess {
    return { root: folder, folders: [real(folder) ?? folder], tableSchemas: [] };
}

function inside(p: string, folder: string): boolean {
    const rel = path.relative(folder, p);
    // `..foo` is a name inside; only `..` itself or `../...` leaves.
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function allowedLocation(p: string, access: DataAccess): boolean {
    if (NEVER.some((n) => inside(p, n))) return false;
    return access.folders.some((f) => inside(p, f));
}

function outside(shown: string, access: DataAccess): Refusal {
    return {
        code: 'data-path-outside-workspace',
        message: `${shown} is outside the workspace (${access.root}) and the folders stroom.json lists in "dataFolders": a definition reads only files there; it was not read.`
            + ` / ${shown} ligt buiten de werkmap en de mappen in "dataFolders" van stroom.json; het is niet gelezen.`,
    };
}

/** What a path is when it is not a regular file ('a directory', 'a FIFO', ...); undefined for a regular file. */
function notAFile(st: fs.Stats): string | undefined {
    if (st.isFile()) return undefined;
    if (st.isDirectory()) return 'a directory';
    if (st.isFIFO()) return 'a FIFO (named pipe)';
    if (st.isSocket()) return 'a socket';
    if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
    return 'not a regular file';
}

/**
 * Why one concrete path may not be read, or undefined when it may (or does not exist: that is reported elsewhere).
 * The path as written (or its folder's real path, for a workspace reached through a link) must lie in an allowed
 * folder, and so must its real path, symbolic links followed, when it exists.
 */
export function pathRefusal(p: string, access: DataAccess, shown = p): Refusal | undefined {
    const abs = path.resolve(p);
    if (!allowedLocation(abs, access) && !allowedLocation(real(path.dirname(abs)) ?? abs, access)) return outside(shown, access);
    let st: fs.Stats;
    try {
        st = fs.statSync(abs);
    } catch {
        // Missing, or a dangling link: nothing to read. A dangling link must still not point outside.
        const target = (() => { try { return path.resolve(path.dirname(abs), fs.readlinkSync(abs)); } catch { return undefined; } })();
        return target !== undefined && !allowedLocation(target, access) ? outside(shown, access) : undefined;
    }
    const realPath = real(abs);
    if (realPath === undefined || !allowedLocation(realPath, access)) return outside(shown, access);
    const what = notAFile(st);
    if (what) {
        return {
            code: 'data-path-not-a-file',
            message: `${shown} is ${what}, not a regular file: it was not read. / ${shown} is geen gewoon bestand; het is niet gelezen.`,
        };
    }
    return undefined;
}

/** Like matchingFiles, but the folder is checked before it is listed. */
function patternMatches(pattern: string): string[] {
    const dir = path.dirname(pattern);
    const glob = path.basename(pattern);
    try {
        // globMatch, not a regular expression: `*a*a*...` backtracks for minutes on a long name.
        return fs.readdirSync(dir).filter((n) => globMatch(glob, n)).sort().map((n) => path.join(dir, n));
    } catch {
        return [];
    }
}

/** A path or a pattern (`RO_*.csv`): its folder, then every file it matches, must be allowed. */
export function dataPathRefusal(p: string, access: DataAccess, shown = p): Refusal | undefined {
    if (!isPattern(p)) return pathRefusal(p, access, shown);
    const dirRefusal = pathRefusal(path.dirname(p), access, shown);
    if (dirRefusal?.code === 'data-path-outside-workspace') return dirRefusal;
    for (const file of patternMatches(p)) {
        const r = pathRefusal(file, access, `${file} (matched by ${shown})`);
        if (r) return r;
    }
    return undefined;
}

/** PostgreSQL's own catalogues: never a source, even when stroom.json lists them. */
export function isSystemSchema(schema: string): boolean {
    const s = schema.toLowerCase();
    return s === 'information_schema' || s.startsWith('pg_');
}

/** A database table (`schema.table`) may be read when its schema is listed in tableSchemas and is no system schema. */
export function tableRefusal(name: string, access: DataAccess): Refusal | undefined {
    const parts = name.split('.');
    const schema = parts.length > 1 ? parts[0] : undefined;
    const code = 'table-schema-not-allowed';
    // Not quoted back: a "table" that is really a connection string would print its password.
    if (parts.length > 2 || !parts.every((p) => /^[\p{L}_][\p{L}\p{N}_$]*$/u.test(p))) {
        return { code, message: 'this is not a table name: write schema.table (letters, digits and _), with the schema listed in "tableSchemas" of stroom.json. / Geen tabelnaam: schrijf schema.tabel.' };
    }
    if (schema !== undefined && isSystemSchema(schema)) {
        return { code, message: `${name} is in the system schema ${schema}: system catalogues are never a source. / ${name} staat in systeemschema ${schema}; dat is nooit een bron.` };
    }
    if (schema === undefined) {
        return { code, message: `table ${name} names no schema: write schema.table, with the schema listed in "tableSchemas" of stroom.json. / Noem het schema (schema.tabel), en zet het in "tableSchemas" van stroom.json.` };
    }
    if (!access.tableSchemas.includes(schema)) {
        const listed = access.tableSchemas.length > 0 ? `it lists ${access.tableSchemas.join(', ')}` : 'it lists none';
        return { code, message: `schema ${schema} is not in "tableSchemas" of stroom.json (${listed}): add it there to read ${name}. / Schema ${schema} staat niet in "tableSchemas" van stroom.json.` };
    }
    return undefined;
}

/**
 * Encodings DuckDB's CSV reader has built in (checked against the installed @duckdb/node-api, offline). Any other
 * name makes DuckDB look for the encodings extension, which it would fetch over the network.
 */
export const ENCODINGS = ['utf-8', 'latin-1', 'utf-16'] as const;
export function encodingRefusal(encoding: string, shown: string): Refusal | undefined {
    // DuckDB matches these names case-insensitively and knows no aliases (utf8, iso-8859-1 are refused by it too).
    if ((ENCODINGS as readonly string[]).includes(encoding.toLowerCase())) return undefined;
    return {
        code: 'unsupported-encoding',
        message: `encoding "${encoding.slice(0, 40)}" of ${shown} is not supported; use one of ${ENCODINGS.join(', ')} (convert the file first, e.g. with iconv). / Codering niet ondersteund; kies ${ENCODINGS.join(', ')}.`,
    };
}

/**
 * Checked again right before an engine reads a file (lint may be long ago, a link may have changed since): throws a
 * DataError naming the file and why, before anything is opened.
 */
export function assertMayRead(file: DataFileSpec): void {
    const at = `${file.at.file}:${file.at.line}`;
    if (file.refused) throw new DataError(`${at}: ${file.refused.message}`);
    const access = file.ownFolder ? ownFolderAccess(file.ownFolder) : dataAccessFor(file.at.file);
    const refusal = file.format === 'table' ? tableRefusal(file.path, access)
        : dataPathRefusal(file.path, access, file.written)
            ?? [file.layout?.path, file.records?.path].map((p) => (p ? pathRefusal(p, access) : undefined)).find(Boolean)
            ?? (file.encoding ? encodingRefusal(file.encoding, file.written) : undefined);
    if (refusal) throw new DataError(`${at}: ${refusal.message}`);
}
