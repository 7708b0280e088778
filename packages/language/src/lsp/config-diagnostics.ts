// The language server's diagnostics for stroom.json. Langium only builds .stroom documents, so the server checks
// each workspace's stroom.json itself: after every build, the first one included (hence a phase every build passes,
// not validation), and whenever the editor reports that a stroom.json changed, appeared or went away.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentState, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DiagnosticSeverity, FileChangeType, type Connection, type Diagnostic } from 'vscode-languageserver';
import { checkConfig } from '../workspace/config.js';
import { findRoot } from '../workspace/load.js';
import { resolveDependencies } from '../workspace/packages.js';

/** The problems of one stroom.json as LSP diagnostics (lines and columns 0-based there). */
export function configDiagnostics(text: string): Diagnostic[] {
    return checkConfig(text).problems.map((p) => ({
        range: { start: { line: p.line - 1, character: p.column - 1 }, end: { line: p.endLine - 1, character: p.endColumn - 1 } },
        severity: { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint }[p.severity],
        code: p.code,
        source: 'stroom',
        message: p.message,
        data: { code: p.code, key: p.key },
    }));
}

/** The problems with a stroom.json's dependencies (not installed, wrong version, ...) as LSP diagnostics. */
function dependencyDiagnostics(file: string): Diagnostic[] {
    return resolveDependencies(path.dirname(file)).problems.filter((p) => p.file === file).map((p) => ({
        range: { start: { line: p.line - 1, character: p.column - 1 }, end: { line: p.endLine - 1, character: p.endColumn - 1 } },
        severity: DiagnosticSeverity.Error,
        code: p.code,
        source: 'stroom',
        message: p.message,
        data: { code: p.code, key: p.key },
    }));
}

/** Loads the definition packages a stroom.json now depends on that the server has not loaded yet (after an edit). */
function loadNewPackages(shared: LangiumSharedServices, file: string): void {
    const uris = resolveDependencies(path.dirname(file)).packages.flatMap((p) => p.files).map((f) => URI.file(f))
        .filter((uri) => !shared.workspace.LangiumDocuments.hasDocument(uri));
    if (uris.length > 0) void shared.workspace.DocumentBuilder.update(uris, []);
}

export function watchConfigFiles(shared: LangiumSharedServices, connection: Connection): void {
    const roots = new Map<string, string>();
    /** What was last published per stroom.json URI, so unchanged files are not published again. */
    const published = new Map<string, string>();
    const publish = (file: string) => {
        const uri = URI.file(file).toString();
        let diagnostics: Diagnostic[] = [];
        try {
            diagnostics = fs.existsSync(file) ? [...configDiagnostics(fs.readFileSync(file, 'utf8')), ...dependencyDiagnostics(file)] : [];
        } catch {
            diagnostics = []; // unreadable now (being written, say): the next change event checks it again
        }
        const key = JSON.stringify(diagnostics);
        if ((published.get(uri) ?? '[]') === key) return;
        published.set(uri, key);
        void connection.sendDiagnostics({ uri, diagnostics });
    };
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, (documents) => {
        const files = new Set<string>();
        for (const doc of documents) {
            if (doc.uri.scheme !== 'file') continue;
            const dir = path.dirname(doc.uri.fsPath);
            let root = roots.get(dir);
            if (root === undefined) {
                root = findRoot(dir);
                roots.set(dir, root);
            }
            files.add(path.join(root, 'stroom.json'));
        }
        for (const file of files) publish(file);
    });
    shared.lsp.DocumentUpdateHandler.onWatchedFilesChange((params) => {
        for (const change of params.changes) {
            const uri = URI.parse(change.uri);
            if (uri.scheme !== 'file' || path.basename(uri.fsPath) !== 'stroom.json') continue;
            // A stroom.json that appears or goes away moves the root of the folders below it.
            if (change.type !== FileChangeType.Changed) roots.clear();
            publish(uri.fsPath);
            // Its "severity" decides the severities of the definitions' diagnostics: validate them again.
            void revalidateWorkspace(shared, path.dirname(uri.fsPath));
            if (change.type !== FileChangeType.Deleted) loadNewPackages(shared, uri.fsPath);
        }
    });
}

/**
 * Validates again every document of the workspace rooted at `root` (a stroom.json there changed): parsing and
 * linking are kept, only the checks run, and the server publishes their diagnostics as after any build. Runs under
 * the workspace lock; an edit meanwhile cancels it and the next update rebuilds what it left.
 */
export async function revalidateWorkspace(shared: LangiumSharedServices, root: string): Promise<void> {
    const builder = shared.workspace.DocumentBuilder;
    await shared.workspace.WorkspaceLock.write(async (token) => {
        const documents = shared.workspace.LangiumDocuments.all
            .filter((d) => d.uri.scheme === 'file' && d.state >= DocumentState.IndexedReferences && findRoot(path.dirname(d.uri.fsPath)) === root)
            .toArray();
        if (documents.length === 0) return;
        for (const d of documents) builder.resetToState(d, DocumentState.IndexedReferences);
        await builder.build(documents, { validation: true }, token);
    });
}
