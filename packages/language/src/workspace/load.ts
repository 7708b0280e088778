// Loads a workspace for the command line: the root (nearest stroom.json, else git root, else the folder), every
// .stroom file under it, built and validated once. The language server uses Langium's own workspace manager.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { createStroomServices, type StroomServices } from '../stroom-module.js';
import type { Model } from '../generated/ast.js';
import { DefinitionError } from '../run/session.js';
import { checkConfig, type ConfigProblem, type WorkspaceConfig } from './config.js';
import { findRoot } from './root.js';
import { resolveDependencies, type DefinitionPackage } from './packages.js';

export { findRoot } from './root.js';
import { readBounded } from './cached-read.js';

/** A definition file holds at most 10 MB (a 5 MB one lints in about 15 s); stroom.json at most 1 MB. */
export const MAX_DEFINITION_BYTES = 10 * 1024 * 1024;
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A file's text, read with a bounded read: a file over `max` bytes is a WorkspaceError, never read whole. */
function readText(file: string, max: number): string {
    let read: ReturnType<typeof readBounded>;
    try {
        read = readBounded(file, max);
    } catch (e) {
        throw new WorkspaceError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if ('tooLarge' in read) {
        throw new WorkspaceError(`${file}: larger than ${max / 1024 / 1024} MB, the most Stroom reads of it / groter dan ${max / 1024 / 1024} MB`);
    }
    return read.bytes.toString('utf8');
}

export type { WorkspaceConfig } from './config.js';
export { isReadOnlyDefinition, resolveDependencies, type DefinitionPackage } from './packages.js';

export interface Workspace {
    readonly root: string;
    readonly config: WorkspaceConfig;
    /** What is wrong with stroom.json (warnings only, unless loaded with `config: 'report'`). */
    readonly configProblems: readonly ConfigProblem[];
    /** The shared definition packages loaded from node_modules (stroom.json's dependencies). */
    readonly packages: readonly DefinitionPackage[];
    readonly services: StroomServices;
    readonly documents: readonly LangiumDocument<Model>[];
}

export class WorkspaceError extends Error { }

/** stroom.json of a root, checked: the usable settings and every problem (none when there is no stroom.json). */
export function readCheckedConfig(root: string): { readonly file: string; readonly config: WorkspaceConfig; readonly problems: readonly ConfigProblem[] } {
    const file = path.join(root, 'stroom.json');
    if (!fs.existsSync(file)) return { file, config: {}, problems: [] };
    return { file, ...checkConfig(readText(file, MAX_CONFIG_BYTES)) };
}

/** The usable settings of stroom.json: a key with an error is left out (loadWorkspace and lint report it). */
export function readConfig(root: string): WorkspaceConfig {
    return readCheckedConfig(root).config;
}

/** `path:line:col severity code message`, as lint prints diagnostics. */
export function configProblemLine(file: string, p: ConfigProblem): string {
    const shown = path.relative(process.cwd(), p.file ?? file) || (p.file ?? file);
    return `${shown}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`;
}

export interface LoadOptions {
    /**
     * What a problem in stroom.json does. `enforce` (the default, for every command that computes): an error stops
     * the load with a DefinitionError naming file, line, column, key and reason; warnings go to `warn`. `report`
     * (lint): nothing stops, the problems are in `configProblems` and the settings without errors are used.
     */
    readonly config?: 'enforce' | 'report';
    /** Where warnings about stroom.json go in `enforce` mode (default: stderr). */
    readonly warn?: (line: string) => void;
}

/** Every .stroom file under root, skipping node_modules, hidden folders, excluded folders and nested workspaces. */
export function collectFiles(root: string, config: WorkspaceConfig, skipped: string[] = []): string[] {
    const excluded = new Set((config.exclude ?? []).map((e) => path.resolve(root, e)));
    const out: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name === 'node_modules' || entry.name.startsWith('.') || excluded.has(full)) continue;
                const nested = path.join(full, 'stroom.json');
                // A nested folder with a named stroom.json is a package: part of this workspace. Without a name it
                // is a workspace of its own, skipped here (lint says so: nested-workspace).
                if (fs.existsSync(nested) && !isNamedPackage(nested)) {
                    skipped.push(full);
                    continue;
                }
                walk(full);
            } else if (entry.name.endsWith('.stroom')) {
                out.push(full);
            }
        }
    };
    walk(root);
    return out;
}

function isNamedPackage(configFile: string): boolean {
    try {
        return typeof checkConfig(readText(configFile, MAX_CONFIG_BYTES)).config.name === 'string';
    } catch {
        return false;
    }
}

/** The info lint gives for a nested folder with its own unnamed stroom.json: why it is skipped, how to lint it. */
function nestedWorkspaceProblem(root: string, dir: string): ConfigProblem {
    const rel = path.relative(root, dir);
    const shown = path.relative(process.cwd(), dir) || '.';
    return {
        code: 'nested-workspace', severity: 'info', key: '', file: path.join(dir, 'stroom.json'),
        line: 1, column: 1, endLine: 1, endColumn: 2,
        message: `${rel}/ has its own stroom.json, so it is a separate workspace: its .stroom files are not loaded here;`
            + ` lint it with \`stroom lint ${shown}\`, or give its stroom.json a "name" to make it a package of this workspace`
            + ` / ${rel}/ heeft een eigen stroom.json en is dus een aparte werkmap: de .stroom-bestanden worden hier niet geladen;`
            + ` controleer hem met \`stroom lint ${shown}\`, of geef zijn stroom.json een "name" om er een pakket van deze werkmap van te maken`,
    };
}

/** What a workspace is made of before anything is parsed: its settings, its own files, its packages, and every problem with them. */
function inspectWorkspace(root: string) {
    const checked = readCheckedConfig(root);
    const skipped: string[] = [];
    const ownFiles = collectFiles(root, checked.config, skipped);
    const dependencies = resolveDependencies(root);
    const configProblems: ConfigProblem[] = [
        ...checked.problems, ...dependencies.problems, ...skipped.map((dir) => nestedWorkspaceProblem(root, dir)),
    ];
    return { configFile: checked.file, config: checked.config, ownFiles, dependencies, configProblems };
}

/**
 * Every problem with a workspace's settings, as lint lists them: stroom.json itself, its dependencies (installed,
 * in a version that fits) and nested folders with their own stroom.json.
 */
export function workspaceConfigProblems(root: string): readonly ConfigProblem[] {
    return inspectWorkspace(root).configProblems;
}

/** Loads the workspace of `start` plus any extra files, builds and validates everything. */
export async function loadWorkspace(start: string, extraFiles: readonly string[] = [], options: LoadOptions = {}): Promise<Workspace> {
    const root = findRoot(start);
    const { configFile, config, ownFiles, dependencies, configProblems } = inspectWorkspace(root);
    if (options.config !== 'report') {
        // Before any file is read: a definition computed under settings that were not meant must not come out.
        const errors = configProblems.filter((p) => p.severity === 'error');
        if (errors.length > 0) {
            const n = errors.length;
            throw new DefinitionError(
                `${path.relative(process.cwd(), configFile) || configFile} has ${n} error${n === 1 ? '' : 's'}; nothing was computed`
                + ` / ${path.basename(configFile)} heeft ${n} fout${n === 1 ? '' : 'en'}; er is niets berekend`,
                errors.map((p) => configProblemLine(configFile, p)));
        }
        const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
        for (const p of configProblems) if (p.severity !== 'info') warn(configProblemLine(configFile, p));
    }
    const files = [...new Set([...ownFiles, ...dependencies.packages.flatMap((p) => p.files), ...extraFiles.map((f) => path.resolve(f))])];
    return buildWorkspace(root, config, configProblems, dependencies.packages,
        files.map((file) => [file, readText(file, MAX_DEFINITION_BYTES)] as const));
}

async function buildWorkspace(root: string, config: WorkspaceConfig, configProblems: readonly ConfigProblem[],
    packages: readonly DefinitionPackage[], texts: Iterable<readonly [string, string]>): Promise<Workspace> {
    const { shared, Stroom } = createStroomServices(NodeFileSystem);
    const documents: LangiumDocument<Model>[] = [];
    for (const [file, text] of texts) {
        const doc = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.file(file));
        shared.workspace.LangiumDocuments.addDocument(doc);
        documents.push(doc);
    }
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return { root, config, configProblems, packages, services: Stroom, documents };
}

/**
 * A workspace from texts in memory (absolute path -> text), e.g. the files of a git revision: nothing is read from
 * disk but what the definitions themselves read (data files, layouts). The documents keep their real paths, so data
 * files resolve as they would in the working tree. stroom.json's text, when given, is checked as loadWorkspace does;
 * its errors are a DefinitionError naming `configName` (e.g. `HEAD:stroom.json`).
 */
export async function loadWorkspaceTexts(root: string, texts: ReadonlyMap<string, string>,
    configText?: string, configName = path.join(root, 'stroom.json')): Promise<Workspace> {
    const checked = configText === undefined ? { config: {}, problems: [] } : checkConfig(configText);
    const errors = checked.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
        throw new DefinitionError(`${configName} has ${errors.length} error${errors.length === 1 ? '' : 's'} / heeft fouten`,
            errors.map((p) => `${configName}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`));
    }
    for (const [file, text] of texts) {
        if (Buffer.byteLength(text) > MAX_DEFINITION_BYTES) throw new WorkspaceError(`${file}: larger than ${MAX_DEFINITION_BYTES / 1024 / 1024} MB, the most Stroom reads of it`);
    }
    // A revision's definitions use the packages installed now (node_modules is not under version control).
    const packages = checked.config.dependencies && Object.keys(checked.config.dependencies).length > 0 ? resolveDependencies(root).packages : [];
    const all = new Map(texts);
    for (const file of packages.flatMap((p) => p.files)) if (!all.has(file)) all.set(file, readText(file, MAX_DEFINITION_BYTES));
    return buildWorkspace(root, checked.config, checked.problems, packages, [...all].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Our code for a diagnostic: the validator's, or parse/link errors mapped onto the catalogue. */
export function diagnosticCode(d: Diagnostic): string {
    if (typeof d.code === 'string') return d.code;
    const data = (d.data as { code?: string } | undefined)?.code;
    if (data === 'lexing-error' || data === 'parsing-error') return 'parse-error';
    if (data === 'linking-error') return 'unresolved-reference';
    return data ?? 'error';
}
