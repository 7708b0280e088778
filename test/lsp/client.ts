// A small LSP test client: talks to the real `stroom lsp --stdio` process over JSON-RPC, the way an editor does.
// Waits are on notifications and responses, never fixed sleeps; every wait has a timeout that fails with a clear
// message (and the server's stderr when it died).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
    CodeActionRequest, CompletionRequest, ConfigurationRequest, createProtocolConnection, DefinitionRequest,
    DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType, DocumentFormattingRequest, DocumentSymbolRequest,
    ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification,
    RegistrationRequest, ShutdownRequest, SemanticTokensRequest, ReferencesRequest, RenameRequest, FoldingRangeRequest,
    WorkspaceSymbolRequest, InlayHintRequest, CodeLensRequest, PrepareRenameRequest, StreamMessageReader, StreamMessageWriter, WorkDoneProgressCreateRequest,
    type CodeAction, type Command, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover,
    type InitializeResult, type Location, type LocationLink, type Position, type ProtocolConnection, type Range,
    type SymbolInformation, type TextEdit, type SemanticTokens, type WorkspaceEdit, type FoldingRange,
    type WorkspaceSymbol, type InlayHint, type CodeLens,
} from 'vscode-languageserver-protocol/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EXAMPLES, REPO, STROOM_BIN, tempDir, writeFiles } from '../helpers.js';

export const CURSOR = '<|>';

/** Strips the one `<|>` marker from a text; returns the text and the marker's position. */
export function cursor(marked: string): { text: string; position: Position; offset: number } {
    const offset = marked.indexOf(CURSOR);
    if (offset < 0 || marked.indexOf(CURSOR, offset + 1) >= 0) throw new Error(`expected exactly one ${CURSOR} marker in:\n${marked}`);
    const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
    const before = text.slice(0, offset).split('\n');
    return { text, offset, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** The position of an offset in a text. */
export function positionAt(text: string, offset: number): Position {
    return TextDocument.create('file:///x', 'stroom', 0, text).positionAt(offset);
}

/** The position of the first occurrence of `needle` in `text` plus `delta` characters, for cursors in files on disk. */
export function positionOf(text: string, needle: string, delta = 0): Position {
    const offset = text.indexOf(needle);
    if (offset < 0) throw new Error(`'${needle}' not found in the text`);
    return positionAt(text, offset + delta);
}

/** Applies LSP text edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
    return TextDocument.applyEdits(TextDocument.create('file:///x', 'stroom', 0, text), [...edits]);
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
    const doc = TextDocument.create('file:///x', 'stroom', 0, text);
    return text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

export interface StartOptions {
    /** Copy the example workspace (examples/) into the temporary root first. */
    readonly examples?: boolean;
    /** Files (relative name -> text) written into the temporary root (after the examples, if any). */
    readonly files?: Record<string, string>;
    /** Timeout of every wait and request, in ms. */
    readonly timeout?: number;
    /** Prepares the temporary root before the server starts (after the files), for workspaces too big for `files`. */
    readonly setup?: (root: string) => void;
}

export interface Publication {
    readonly uri: string;
    readonly diagnostics: Diagnostic[];
}

export class LspClient {
    /** Every publishDiagnostics received, in order. */
    readonly published: Publication[] = [];
    private readonly listeners = new Set<() => void>();
    private readonly versions = new Map<string, number>();
    private readonly texts = new Map<string, string>();
    private stderrText = '';
    private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    private readonly exited: Promise<void>;
    initializeResult: InitializeResult | undefined;

    private constructor(readonly root: string, private readonly proc: ChildProcess, private readonly connection: ProtocolConnection,
        readonly timeout: number) {
        this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
            this.exitInfo = { code, signal };
            this.notify();
            resolve();
        }));
        proc.stderr!.setEncoding('utf8');
        proc.stderr!.on('data', (chunk: string) => { this.stderrText += chunk; });
        connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            this.published.push({ uri: params.uri, diagnostics: params.diagnostics });
            this.notify();
        });
        // Requests from the server (configuration, capability registration, progress): answer as an editor would.
        connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => null));
        connection.onRequest(RegistrationRequest.type, () => undefined);
        connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
        connection.onError(() => { /* reported through exit and timeouts */ });
        connection.listen();
    }

    /** Spawns the server in a fresh temporary workspace and initializes it with that folder. */
    static async start(options: StartOptions = {}): Promise<LspClient> {
        const root = tempDir('stroom-lsp-');
        if (options.examples) fs.cpSync(EXAMPLES, root, { recursive: true });
        if (options.files) writeFiles(options.files, root);
        options.setup?.(root);
        const proc = spawn(process.execPath, [STROOM_BIN, 'lsp', '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
        const connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
        const client = new LspClient(root, proc, connection, options.timeout ?? 10_000);
        alive.add(client);
        const rootUri = pathToFileURL(root).toString();
        client.initializeResult = await client.request('initialize', connection.sendRequest(InitializeRequest.type, {
            processId: process.pid,
            rootUri,
            workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
            capabilities: {
                workspace: { workspaceFolders: true, configuration: true },
                textDocument: {
                    synchronization: { dynamicRegistration: false },
                    publishDiagnostics: { relatedInformation: true },
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    completion: { completionItem: { snippetSupport: false } },
                    definition: { linkSupport: true },
                    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
                    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
                    formatting: {},
                    semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
                    rename: { prepareSupport: true },
                    inlayHint: {},
                    codeLens: {},
                    foldingRange: {},
                },
            },
        }), Math.max(client.timeout, 20_000)); // startup (loading Node modules) is slow on a cold machine
        await connection.sendNotification(InitializedNotification.type, {});
        return client;
    }

    uri(file: string): string {
        return pathToFileURL(path.join(this.root, file)).toString();
    }

    /** The text last sent for a file, else the file on disk. */
    text(file: string): string {
        return this.texts.get(this.uri(file)) ?? fs.readFileSync(path.join(this.root, file), 'utf8');
    }

    get stderr(): string {
        return this.stderrText;
    }

    /** The server's process id (benchmarks read its CPU time). */
    get pid(): number | undefined {
        return this.proc.pid;
    }

    /** Whether the server process is still running. */
    get running(): boolean {
        return this.exitInfo === undefined;
    }

    get exitCode(): number | null | undefined {
        return this.exitInfo?.code;
    }

    /** didOpen (text defaults to the file on disk) and the diagnostics published afterwards. */
    async open(file: string, text?: string, until?: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
        const uri = this.uri(file);
        const content = text ?? fs.readFileSync(path.join(this.root, file), 'utf8');
        const mark = this.published.length;
        this.versions.set(uri, 1);
        this.texts.set(uri, content);
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'stroom', version: 1, text: content },
        });
        return this.waitForDiagnostics(file, { after: mark, until });
    }

    /** didChange with the whole new text, and the diagnostics published afterwards. */
    async change(file: string, text: string, until?: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
        const uri = this.uri(file);
        const version = (this.versions.get(uri) ?? 1) + 1;
        const mark = this.published.length;
        this.versions.set(uri, version);
        this.texts.set(uri, text);
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version }, contentChanges: [{ text }],
        });
        return this.waitForDiagnostics(file, { after: mark, until });
    }

    /** didChange with the whole new text, without waiting for diagnostics (a fast typist, a fuzzer). */
    async changeOnly(file: string, text: string): Promise<void> {
        const uri = this.uri(file);
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        this.texts.set(uri, text);
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version }, contentChanges: [{ text }],
        });
    }

    /** didChangeWatchedFiles for a file the test changed on disk, as an editor's file watcher reports it. */
    async fileChanged(file: string, type: FileChangeType = FileChangeType.Changed): Promise<void> {
        await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: this.uri(file), type }] });
    }

    /**
     * The first publishDiagnostics for a file received at or after index `after` of `published` (default: from now
     * on) that satisfies `until` (default: any). Rejects after the timeout, or at once when the server exits.
     */
    waitForDiagnostics(file: string, options: { after?: number; until?: (d: Diagnostic[]) => boolean; timeout?: number } = {}): Promise<Diagnostic[]> {
        const uri = file.startsWith('file:') ? file : this.uri(file);
        const after = options.after ?? this.published.length;
        const until = options.until ?? (() => true);
        const timeout = options.timeout ?? this.timeout;
        return new Promise((resolve, reject) => {
            const check = () => {
                const found = this.published.slice(after).find((p) => p.uri === uri && until(p.diagnostics));
                if (found) {
                    done();
                    resolve(found.diagnostics);
                } else if (!this.running) {
                    done();
                    reject(new Error(`the server exited (${JSON.stringify(this.exitInfo)}) before publishing diagnostics for ${file}${this.stderrTail()}`));
                }
            };
            const timer = setTimeout(() => {
                done();
                const last = [...this.published].reverse().find((p) => p.uri === uri);
                reject(new Error(`no matching publishDiagnostics for ${file} within ${timeout} ms; last received for it: ${last ? JSON.stringify(last.diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`)) : 'none'}${this.stderrTail()}`));
            }, timeout);
            const done = () => { clearTimeout(timer); this.listeners.delete(check); };
            this.listeners.add(check);
            check();
        });
    }

    hover(file: string, position: Position): Promise<Hover | null> {
        return this.request('hover', this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: this.uri(file) }, position }));
    }

    /** Completion items (a CompletionList is flattened to its items). */
    async completion(file: string, position: Position): Promise<CompletionItem[]> {
        const result = await this.request('completion', this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: this.uri(file) }, position }));
        if (!result) return [];
        return Array.isArray(result) ? result : result.items;
    }

    /** Definition targets as plain locations (LocationLinks are reduced to their target selection). */
    async definition(file: string, position: Position): Promise<Location[]> {
        const result = await this.request('definition', this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: this.uri(file) }, position }));
        if (!result) return [];
        const list = (Array.isArray(result) ? result : [result]) as Array<Location | LocationLink>;
        return list.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l));
    }

    async documentSymbols(file: string): Promise<Array<DocumentSymbol | SymbolInformation>> {
        return (await this.request('documentSymbol', this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: this.uri(file) } }))) ?? [];
    }

    async formatting(file: string, options = { tabSize: 4, insertSpaces: true }): Promise<TextEdit[]> {
        return (await this.request('formatting', this.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: this.uri(file) }, options }))) ?? [];
    }

    async codeActions(file: string, range: Range, diagnostics: Diagnostic[]): Promise<Array<CodeAction | Command>> {
        return (await this.request('codeAction', this.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri: this.uri(file) }, range, context: { diagnostics },
        }))) ?? [];
    }

    async semanticTokens(file: string): Promise<SemanticTokens | null> {
        return this.request('semanticTokens', this.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: this.uri(file) } }));
    }

    /** Decoded semantic tokens: line, character, length, type name and modifier names (from the server's legend). */
    async decodedTokens(file: string): Promise<Array<{ line: number; character: number; length: number; type: string; modifiers: string[] }>> {
        const tokens = await this.semanticTokens(file);
        const legend = this.initializeResult?.capabilities.semanticTokensProvider?.legend;
        if (!tokens || !legend) return [];
        const out: Array<{ line: number; character: number; length: number; type: string; modifiers: string[] }> = [];
        let line = 0;
        let character = 0;
        for (let i = 0; i + 5 <= tokens.data.length; i += 5) {
            const [dl, dc, length, type, mods] = tokens.data.slice(i, i + 5);
            line += dl;
            character = dl === 0 ? character + dc : dc;
            out.push({ line, character, length, type: legend.tokenTypes[type], modifiers: legend.tokenModifiers.filter((_, b) => (mods >> b) & 1) });
        }
        return out;
    }

    async references(file: string, position: Position, includeDeclaration = true): Promise<Location[]> {
        return (await this.request('references', this.connection.sendRequest(ReferencesRequest.type, {
            textDocument: { uri: this.uri(file) }, position, context: { includeDeclaration },
        }))) ?? [];
    }

    prepareRename(file: string, position: Position): Promise<unknown> {
        return this.request('prepareRename', this.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: this.uri(file) }, position }));
    }

    rename(file: string, position: Position, newName: string): Promise<WorkspaceEdit | null> {
        return this.request('rename', this.connection.sendRequest(RenameRequest.type, { textDocument: { uri: this.uri(file) }, position, newName }));
    }

    async foldingRanges(file: string): Promise<FoldingRange[]> {
        return (await this.request('foldingRange', this.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: this.uri(file) } }))) ?? [];
    }

    async workspaceSymbols(query: string): Promise<Array<SymbolInformation | WorkspaceSymbol>> {
        return (await this.request('workspaceSymbol', this.connection.sendRequest(WorkspaceSymbolRequest.type, { query }))) ?? [];
    }

    async inlayHints(file: string, range?: Range): Promise<InlayHint[]> {
        const whole = range ?? { start: { line: 0, character: 0 }, end: { line: 100000, character: 0 } };
        return (await this.request('inlayHint', this.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: this.uri(file) }, range: whole }))) ?? [];
    }

    async codeLenses(file: string): Promise<CodeLens[]> {
        return (await this.request('codeLens', this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: this.uri(file) } }))) ?? [];
    }

    /** shutdown + exit; kills the process when it does not exit in time. Resolves with the exit code. */
    async stop(): Promise<number | null | undefined> {
        alive.delete(this);
        if (this.running) {
            try {
                await this.request('shutdown', this.connection.sendRequest(ShutdownRequest.type), 3000);
                await this.connection.sendNotification(ExitNotification.type);
            } catch { /* killed below */ }
            const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
            await this.exited;
            clearTimeout(timer);
        }
        this.connection.dispose();
        return this.exitInfo?.code;
    }

    /** Kills the server without the protocol (cleanup after a failure). */
    kill(): void {
        alive.delete(this);
        if (this.running) this.proc.kill('SIGKILL');
    }

    private notify(): void {
        for (const listener of [...this.listeners]) listener();
    }

    private stderrTail(): string {
        const tail = this.stderrText.trim().split('\n').slice(-20).join('\n');
        return tail ? `\nserver stderr:\n${tail}` : '';
    }

    /** A response within the timeout, or a clear error (also when the server exits meanwhile). */
    private request<T>(what: string, response: Promise<T>, timeout = this.timeout): Promise<T> {
        let timer: NodeJS.Timeout | undefined;
        const failed = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no response to ${what} within ${timeout} ms${this.stderrTail()}`)), timeout);
            void this.exited.then(() => reject(new Error(`the server exited (${JSON.stringify(this.exitInfo)}) before answering ${what}${this.stderrTail()}`)));
        });
        return Promise.race([response, failed]).finally(() => clearTimeout(timer));
    }
}

/** Servers still running when the test process exits are killed, so a failed test never leaves one behind. */
const alive = new Set<LspClient>();
process.on('exit', () => { for (const client of alive) client.kill(); });
