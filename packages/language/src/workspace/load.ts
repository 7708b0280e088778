// Loads a workspace for the command line: the root (nearest stroom.json, else git root, else the folder), every
// .stroom file under it, built and validated once. The language server uses Langium's own workspace manager.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { createStroomServices, type StroomServices } from '../stroom-module.js';
import type { Model } from '../generated/ast.js';

export interface WorkspaceConfig {
    /** Folders (relative to the root) whose files are not loaded. */
    readonly exclude?: readonly string[];
    /** Small-cell suppression threshold for every indicator that does not set its own. */
    readonly suppression?: number;
    /** The source a run uses when neither --source nor the indicator names one. */
    readonly defaultSource?: string;
}

export interface Workspace {
    readonly root: string;
    readonly config: WorkspaceConfig;
    readonly services: StroomServices;
    readonly documents: readonly LangiumDocument<Model>[];
}

export class WorkspaceError extends Error { }

export function findRoot(start: string): string {
    const abs = path.resolve(start);
    const first = fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    for (let dir = first; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, 'stroom.json'))) return dir;
        if (path.dirname(dir) === dir) break;
    }
    for (let dir = first; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, '.git'))) return dir;
        if (path.dirname(dir) === dir) break;
    }
    return first;
}

export function readConfig(root: string): WorkspaceConfig {
    const file = path.join(root, 'stroom.json');
    if (!fs.existsSync(file)) return {};
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as WorkspaceConfig;
    } catch (e) {
        throw new WorkspaceError(`${file}: not valid JSON (${(e as Error).message})`);
    }
}

/** Every .stroom file under root, skipping node_modules, hidden folders, excluded folders and nested workspaces. */
export function collectFiles(root: string, config: WorkspaceConfig): string[] {
    const excluded = new Set((config.exclude ?? []).map((e) => path.resolve(root, e)));
    const out: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name === 'node_modules' || entry.name.startsWith('.') || excluded.has(full)) continue;
                if (fs.existsSync(path.join(full, 'stroom.json'))) continue;
                walk(full);
            } else if (entry.name.endsWith('.stroom')) {
                out.push(full);
            }
        }
    };
    walk(root);
    return out;
}

/** Loads the workspace of `start` plus any extra files, builds and validates everything. */
export async function loadWorkspace(start: string, extraFiles: readonly string[] = []): Promise<Workspace> {
    const root = findRoot(start);
    const config = readConfig(root);
    const { shared, Stroom } = createStroomServices(NodeFileSystem);
    const files = [...new Set([...collectFiles(root, config), ...extraFiles.map((f) => path.resolve(f))])];
    const documents: LangiumDocument<Model>[] = [];
    for (const file of files) {
        let text: string;
        try {
            text = fs.readFileSync(file, 'utf8');
        } catch (e) {
            throw new WorkspaceError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        const doc = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.file(file));
        shared.workspace.LangiumDocuments.addDocument(doc);
        documents.push(doc);
    }
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return { root, config, services: Stroom, documents };
}

/** Our code for a diagnostic: the validator's, or parse/link errors mapped onto the catalogue. */
export function diagnosticCode(d: Diagnostic): string {
    if (typeof d.code === 'string') return d.code;
    const data = (d.data as { code?: string } | undefined)?.code;
    if (data === 'lexing-error' || data === 'parsing-error') return 'parse-error';
    if (data === 'linking-error') return 'unresolved-reference';
    return data ?? 'error';
}
