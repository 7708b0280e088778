// The bridge between Monaco and the Stroom language server in a web worker (worker/server.ts): LSP over postMessage
// (vscode-jsonrpc's browser transport), each Monaco provider one LSP request. Only what is wired here is claimed in
// `initialize`, so the server never sends what the page cannot handle (no configuration, no dynamic registration, no
// refresh requests, no commands).
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { BrowserMessageReader, BrowserMessageWriter, createMessageConnection, type MessageConnection } from 'vscode-jsonrpc/browser.js';
import type * as P from 'vscode-languageserver-protocol';
import { payloadText, workerFrom } from '../payload.js';
import type { Files } from '../workspace.js';
import { diagnosticCode } from '@stroom/language';

type M = typeof Monaco;

export const LANGUAGE_ID = 'stroom';
export const WORKSPACE_URI = 'file:///workspace';

const TOKEN_TYPES = ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property',
    'enumMember', 'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator'];
const TOKEN_MODIFIERS = ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'];

/** The client's side of `initialize`: exactly the features below. */
const CLIENT_CAPABILITIES: P.ClientCapabilities = {
    general: { markdown: { parser: 'marked', version: '14.0.0' }, positionEncodings: ['utf-16'] },
    textDocument: {
        synchronization: { dynamicRegistration: false, willSave: false, willSaveWaitUntil: false, didSave: false },
        publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: false, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: {
            completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], deprecatedSupport: true, insertReplaceSupport: true, labelDetailsSupport: true },
            contextSupport: true,
        },
        definition: { linkSupport: true },
        references: {},
        documentHighlight: {},
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        foldingRange: { lineFoldingOnly: true },
        rename: { prepareSupport: true },
        codeLens: {},
        formatting: {},
        codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
            isPreferredSupport: true, dataSupport: false, resolveSupport: undefined,
        },
        inlayHint: {},
        semanticTokens: {
            requests: { full: true },
            tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS], formats: ['relative'],
            overlappingTokenSupport: false, multilineTokenSupport: false,
        },
    },
    // The folder is given in `initialize`; the client answers no workspace/* request.
    workspace: { workspaceEdit: { documentChanges: false }, applyEdit: false, configuration: false, workspaceFolders: false },
    window: { workDoneProgress: false },
};

export interface LanguageClient {
    /** The server's answer to `initialize`. */
    readonly capabilities: P.ServerCapabilities;
    /** Resolves when the server has published diagnostics for this file at least once (the first check is done). */
    checked(uri: string): Promise<void>;
    /** Requests the server failed (not cancelled ones): each also goes to the console as a warning. */
    readonly failures: readonly string[];
    dispose(): void;
}

/** Opens a workspace file in the editor (another file's definition, a quick fix's other file). */
export type Opener = (uri: string, range?: Monaco.IRange) => boolean;

/** Commands of the server's code lenses the page carries out (`stroom.run`, ...), by id; other lenses are not shown. */
export type LensCommands = Record<string, (args: Record<string, string>) => void>;

/** Starts the language server's worker on these files and connects the `stroom` models of Monaco to it. */
export async function startLanguageClient(monaco: M, editor: Monaco.editor.IStandaloneCodeEditor, files: Files, opener: Opener,
    signal: AbortSignal, commands: LensCommands = {}): Promise<LanguageClient> {
    const code = await payloadText('stroom-server');
    if (signal.aborted) throw new Error('language server not started: another workspace was loaded');
    const worker = workerFrom(code, 'stroom-server');
    // Another workspace may be loaded while this one starts: then the worker goes at once.
    signal.addEventListener('abort', () => worker.terminate(), { once: true });
    const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(`language server: ${e.message}`)), { once: true }));
    failed.catch(() => undefined); // reported where it is raced, not as an unhandled rejection later
    const ready = new Promise<void>((resolve, reject) => {
        worker.addEventListener('message', function first(e: MessageEvent) {
            const data = e.data as { stroomReady?: boolean; stroomError?: string } | undefined;
            if (!data?.stroomReady && data?.stroomError === undefined) return;
            worker.removeEventListener('message', first);
            if (data.stroomReady) resolve(); else reject(new Error(`language server: ${data.stroomError}`));
        });
    });
    // The worker mounts the files into its own in-memory volume. It reads data files only for their first lines (the
    // header a mapping is checked against), so a large data file goes as its first MiB, cut at a line end: a national
    // file is not held three times. The copies are transferred, not cloned again.
    const sent = [...files].map(([rel, bytes]): [string, Uint8Array] => [rel, serverCopy(rel, bytes)]);
    worker.postMessage({ stroomFiles: sent }, sent.map(([, b]) => b.buffer as ArrayBuffer));
    await Promise.race([ready, failed]);

    const connection = createMessageConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
    const disposables: Monaco.IDisposable[] = [];
    signal.addEventListener('abort', () => { for (const d of disposables) d.dispose(); connection.dispose(); }, { once: true });
    /** The server's last diagnostics per document: code actions need them back as they came (their `data`). */
    const diagnostics = new Map<string, P.Diagnostic[]>();
    const failures: string[] = [];
    const published = new Map<string, () => void>();
    const publishedOnce = new Map<string, Promise<void>>();
    const checked = (uri: string) => {
        let p = publishedOnce.get(uri);
        if (!p) { p = new Promise<void>((resolve) => published.set(uri, resolve)); publishedOnce.set(uri, p); }
        return p;
    };

    connection.onNotification('textDocument/publishDiagnostics', (params: P.PublishDiagnosticsParams) => {
        if (signal.aborted) return;
        diagnostics.set(params.uri, params.diagnostics);
        const model = monaco.editor.getModel(monaco.Uri.parse(params.uri));
        if (model) monaco.editor.setModelMarkers(model, LANGUAGE_ID, params.diagnostics.map((d) => toMarker(monaco, d)));
        checked(params.uri);
        published.get(params.uri)?.();
    });
    connection.onNotification('window/logMessage', (params: P.LogMessageParams) => console.debug(`stroom lsp: ${params.message}`));
    connection.onNotification('window/showMessage', (params: P.ShowMessageParams) => console.warn(`stroom lsp: ${params.message}`));
    connection.listen();

    const init = await Promise.race([failed, connection.sendRequest<P.InitializeResult>('initialize', {
        processId: null,
        clientInfo: { name: 'Stroom in the browser' },
        rootUri: WORKSPACE_URI,
        workspaceFolders: [{ uri: WORKSPACE_URI, name: 'workspace' }],
        capabilities: CLIENT_CAPABILITIES,
    } satisfies P.InitializeParams)]);
    const caps = init.capabilities;
    await connection.sendNotification('initialized', {});
    if (signal.aborted) throw new Error('language server stopped: another workspace was loaded');

    syncModels(monaco, connection, () => editor.getModel(), (listener) => editor.onDidChangeModel(listener), disposables);
    registerProviders(monaco, connection, caps, diagnostics, failures, disposables);
    if (caps.codeLensProvider && Object.keys(commands).length > 0) registerLenses(monaco, connection, commands, failures, disposables);
    disposables.push(monaco.editor.registerEditorOpener({
        openCodeEditor: (_source, resource, selection) => opener(resource.toString(),
            selection && 'startLineNumber' in selection ? selection : selection ? { startLineNumber: selection.lineNumber, startColumn: selection.column, endLineNumber: selection.lineNumber, endColumn: selection.column } : undefined),
    }));

    return {
        capabilities: caps,
        checked, failures,
        dispose() {
            for (const d of disposables) d.dispose();
            connection.dispose();
            worker.terminate();
        },
    };
}

const isStroom = (model: Monaco.editor.ITextModel) => model.getLanguageId() === LANGUAGE_ID && model.uri.toString().startsWith(`${WORKSPACE_URI}/`);

/**
 * didOpen for a Stroom model when it is first shown or changed (the server has read every file of the workspace from
 * its volume at start: a model nobody touched is the same text), its whole text on each change after that (the files
 * are small), didClose when it goes. Opening all 40 example files at once would only make the server check them twice.
 */
function syncModels(monaco: M, connection: MessageConnection, shown: () => Monaco.editor.ITextModel | null,
    onShow: (listener: () => void) => Monaco.IDisposable, disposables: Monaco.IDisposable[]): void {
    const opened = new Set<string>();
    const open = (model: Monaco.editor.ITextModel) => {
        const uri = model.uri.toString();
        if (!isStroom(model) || opened.has(uri)) return;
        opened.add(uri);
        void connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: LANGUAGE_ID, version: model.getVersionId(), text: model.getValue() },
        } satisfies P.DidOpenTextDocumentParams);
    };
    const watch = (model: Monaco.editor.ITextModel) => {
        if (!isStroom(model)) return;
        const uri = model.uri.toString();
        const changes = model.onDidChangeContent(() => {
            if (!opened.has(uri)) { open(model); return; } // didOpen carries this change already
            void connection.sendNotification('textDocument/didChange', {
                textDocument: { uri, version: model.getVersionId() },
                contentChanges: [{ text: model.getValue() }],
            } satisfies P.DidChangeTextDocumentParams);
        });
        const closes = model.onWillDispose(() => {
            changes.dispose();
            if (opened.delete(uri)) void connection.sendNotification('textDocument/didClose', { textDocument: { uri } } satisfies P.DidCloseTextDocumentParams);
        });
        disposables.push(changes, closes);
    };
    for (const model of monaco.editor.getModels()) watch(model);
    disposables.push(monaco.editor.onDidCreateModel(watch));
    const showing = () => { const m = shown(); if (m) open(m); };
    showing();
    disposables.push(onShow(showing));
}

function registerProviders(monaco: M, connection: MessageConnection, caps: P.ServerCapabilities, diagnostics: Map<string, P.Diagnostic[]>,
    failures: string[], disposables: Monaco.IDisposable[]): void {
    const L = monaco.languages;
    const doc = (model: Monaco.editor.ITextModel): P.TextDocumentIdentifier => ({ uri: model.uri.toString() });
    // A request Monaco cancelled (the user typed on) answers nothing; a failed one is reported, not thrown into Monaco.
    const request = async <R>(method: string, params: object, token: Monaco.CancellationToken, retry = true): Promise<R | null> => {
        if (token.isCancellationRequested) return null;
        try {
            return await connection.sendRequest<R | null>(method, params, token as unknown as P.CancellationToken);
        } catch (e) {
            if (token.isCancellationRequested || (e as { code?: number }).code === REQUEST_CANCELLED) return null;
            // Langium answers RequestFailed when a request for a document comes between two builds of it (the
            // document's phase behind the builder's): asked once more a moment later, it answers. A second failure counts.
            if (retry && (e as { code?: number }).code === REQUEST_FAILED && /but workspace state is already/.test((e as Error).message)) {
                await new Promise((resolve) => setTimeout(resolve, 250));
                return request<R>(method, params, token, false);
            }
            failures.push(`${method}: ${(e as Error).message}`);
            console.warn(`Stroom language server: ${method} failed: ${(e as Error).message}`);
            return null;
        }
    };
    const add = (d: Monaco.IDisposable) => disposables.push(d);

    if (caps.hoverProvider) add(L.registerHoverProvider(LANGUAGE_ID, {
        async provideHover(model, position, token) {
            const hover = await request<P.Hover>('textDocument/hover', { textDocument: doc(model), position: toPosition(position) }, token);
            if (!hover) return null;
            return { contents: hoverContents(hover.contents), range: hover.range && toRange(monaco, hover.range) };
        },
    }));

    if (caps.completionProvider) add(L.registerCompletionItemProvider(LANGUAGE_ID, {
        triggerCharacters: caps.completionProvider.triggerCharacters,
        async provideCompletionItems(model, position, context, token) {
            const result = await request<P.CompletionList | P.CompletionItem[]>('textDocument/completion', {
                textDocument: doc(model), position: toPosition(position),
                context: context.triggerCharacter
                    ? { triggerKind: 2, triggerCharacter: context.triggerCharacter }
                    : { triggerKind: 1 },
            } satisfies P.CompletionParams, token);
            if (!result) return { suggestions: [] };
            const items = Array.isArray(result) ? result : result.items;
            const word = model.getWordUntilPosition(position);
            const wordRange = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
            return {
                incomplete: !Array.isArray(result) && result.isIncomplete,
                suggestions: items.map((item) => toCompletion(monaco, item, wordRange)),
            };
        },
    }));

    if (caps.definitionProvider) add(L.registerDefinitionProvider(LANGUAGE_ID, {
        async provideDefinition(model, position, token) {
            const result = await request<P.Definition | P.LocationLink[]>('textDocument/definition', { textDocument: doc(model), position: toPosition(position) }, token);
            if (!result) return null;
            return (Array.isArray(result) ? result : [result]).map((l) => 'targetUri' in l
                ? { uri: monaco.Uri.parse(l.targetUri), range: toRange(monaco, l.targetSelectionRange), originSelectionRange: l.originSelectionRange && toRange(monaco, l.originSelectionRange) }
                : { uri: monaco.Uri.parse(l.uri), range: toRange(monaco, l.range) });
        },
    }));

    if (caps.documentFormattingProvider) add(L.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
        displayName: 'Stroom',
        async provideDocumentFormattingEdits(model, options, token) {
            const edits = await request<P.TextEdit[]>('textDocument/formatting', {
                textDocument: doc(model), options: { tabSize: options.tabSize, insertSpaces: options.insertSpaces },
            } satisfies P.DocumentFormattingParams, token);
            return (edits ?? []).map((e) => ({ range: toRange(monaco, e.range), text: e.newText }));
        },
    }));

    if (caps.codeActionProvider) add(L.registerCodeActionProvider(LANGUAGE_ID, {
        async provideCodeActions(model, range, context, token) {
            // The server's own diagnostics (with their data) that touch the range, not Monaco's markers.
            const lspRange = fromRange(range);
            const touching = (diagnostics.get(model.uri.toString()) ?? []).filter((d) => overlaps(d.range, lspRange));
            const result = await request<Array<P.CodeAction | P.Command>>('textDocument/codeAction', {
                textDocument: doc(model), range: lspRange,
                context: { diagnostics: touching, only: context.only ? [context.only] : undefined, triggerKind: context.trigger === 1 ? 1 : 2 },
            } satisfies P.CodeActionParams, token);
            const actions = (result ?? []).filter((a): a is P.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'))
                .filter((a) => a.edit)
                .map((a) => ({
                    title: a.title, kind: a.kind, isPreferred: a.isPreferred,
                    diagnostics: a.diagnostics?.map((d) => toMarker(monaco, d)),
                    edit: a.edit && toWorkspaceEdit(monaco, a.edit),
                }));
            return { actions, dispose() { /* nothing held */ } };
        },
    }, { providedCodeActionKinds: ['quickfix'] }));

    if (caps.inlayHintProvider) add(L.registerInlayHintsProvider(LANGUAGE_ID, {
        async provideInlayHints(model, range, token) {
            const hints = await request<P.InlayHint[]>('textDocument/inlayHint', { textDocument: doc(model), range: fromRange(range) } satisfies P.InlayHintParams, token);
            return {
                hints: (hints ?? []).map((h) => ({
                    label: typeof h.label === 'string' ? h.label : h.label.map((part) => ({ label: part.value, tooltip: markdownOf(part.tooltip) })),
                    position: { lineNumber: h.position.line + 1, column: h.position.character + 1 },
                    kind: h.kind === 1 ? L.InlayHintKind.Type : L.InlayHintKind.Parameter,
                    tooltip: markdownOf(h.tooltip), paddingLeft: h.paddingLeft, paddingRight: h.paddingRight,
                })),
                dispose() { /* nothing held */ },
            };
        },
    }));

    if (caps.referencesProvider) add(L.registerReferenceProvider(LANGUAGE_ID, {
        async provideReferences(model, position, context, token) {
            const locations = await request<P.Location[]>('textDocument/references', {
                textDocument: doc(model), position: toPosition(position), context: { includeDeclaration: context.includeDeclaration },
            } satisfies P.ReferenceParams, token);
            return (locations ?? []).map((l) => ({ uri: monaco.Uri.parse(l.uri), range: toRange(monaco, l.range) }));
        },
    }));

    if (caps.documentHighlightProvider) add(L.registerDocumentHighlightProvider(LANGUAGE_ID, {
        async provideDocumentHighlights(model, position, token) {
            const highlights = await request<P.DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: doc(model), position: toPosition(position) }, token);
            return (highlights ?? []).map((h) => ({ range: toRange(monaco, h.range), kind: h.kind === 3 ? L.DocumentHighlightKind.Write : h.kind === 2 ? L.DocumentHighlightKind.Read : L.DocumentHighlightKind.Text }));
        },
    }));

    if (caps.documentSymbolProvider) add(L.registerDocumentSymbolProvider(LANGUAGE_ID, {
        displayName: 'Stroom',
        async provideDocumentSymbols(model, token) {
            const symbols = await request<P.DocumentSymbol[] | P.SymbolInformation[]>('textDocument/documentSymbol', { textDocument: doc(model) }, token);
            const one = (s: P.DocumentSymbol | P.SymbolInformation): Monaco.languages.DocumentSymbol => 'location' in s
                ? { name: s.name, detail: '', kind: s.kind - 1, tags: [], range: toRange(monaco, s.location.range), selectionRange: toRange(monaco, s.location.range) }
                : { name: s.name, detail: s.detail ?? '', kind: s.kind - 1, tags: [], range: toRange(monaco, s.range), selectionRange: toRange(monaco, s.selectionRange), children: s.children?.map(one) };
            return (symbols ?? []).map(one);
        },
    }));

    if (caps.foldingRangeProvider) add(L.registerFoldingRangeProvider(LANGUAGE_ID, {
        async provideFoldingRanges(model, _context, token) {
            const ranges = await request<P.FoldingRange[]>('textDocument/foldingRange', { textDocument: doc(model) }, token);
            return (ranges ?? []).map((r) => ({
                start: r.startLine + 1, end: r.endLine + 1,
                kind: r.kind === 'comment' ? L.FoldingRangeKind.Comment : r.kind === 'imports' ? L.FoldingRangeKind.Imports : undefined,
            }));
        },
    }));

    if (caps.renameProvider) {
        const prepares = typeof caps.renameProvider === 'object' && caps.renameProvider.prepareProvider;
        add(L.registerRenameProvider(LANGUAGE_ID, {
            async provideRenameEdits(model, position, newName, token) {
                // The server refuses a name that is not a name with an error: Monaco shows it as the rename's message.
                const edit = await connection.sendRequest<P.WorkspaceEdit | null>('textDocument/rename', {
                    textDocument: doc(model), position: toPosition(position), newName,
                } satisfies P.RenameParams, token as unknown as P.CancellationToken).catch((e: Error) => ({ rejectReason: e.message }));
                if (!edit) return { edits: [] };
                return 'rejectReason' in edit ? { edits: [], rejectReason: edit.rejectReason } : toWorkspaceEdit(monaco, edit);
            },
            resolveRenameLocation: prepares ? async (model, position, token) => {
                const result = await request<P.PrepareRenameResult>('textDocument/prepareRename', { textDocument: doc(model), position: toPosition(position) }, token);
                if (!result) return { range: new monaco.Range(1, 1, 1, 1), text: '', rejectReason: 'This cannot be renamed / Dit kan niet hernoemd worden' };
                if ('defaultBehavior' in result) {
                    const word = model.getWordAtPosition(position);
                    return word ? { range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn), text: word.word } : null;
                }
                const range = 'range' in result ? result.range : result;
                return { range: toRange(monaco, range), text: 'placeholder' in result ? result.placeholder : model.getValueInRange(toRange(monaco, range)) };
            } : undefined,
        }));
    }

    const semantic = caps.semanticTokensProvider;
    if (semantic && semantic.full) add(L.registerDocumentSemanticTokensProvider(LANGUAGE_ID, {
        getLegend: () => ({ tokenTypes: semantic.legend.tokenTypes, tokenModifiers: semantic.legend.tokenModifiers }),
        async provideDocumentSemanticTokens(model, _lastResultId, token) {
            const tokens = await request<P.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: doc(model) } satisfies P.SemanticTokensParams, token);
            return tokens ? { data: new Uint32Array(tokens.data), resultId: tokens.resultId } : null;
        },
        releaseDocumentSemanticTokens() { /* nothing held */ },
    }));
}

const REQUEST_CANCELLED = -32800;
/** LSP's RequestFailed: the server could not answer this request now. */
const REQUEST_FAILED = -32803;

/** The server's code lenses whose command the page has (Run, Explain above an indicator), each a Monaco command. */
function registerLenses(monaco: M, connection: MessageConnection, commands: LensCommands, failures: string[], disposables: Monaco.IDisposable[]): void {
    const ids = new Map<string, string>();
    for (const [command, run] of Object.entries(commands)) {
        const id = `stroom.page.${command}`;
        ids.set(command, id);
        disposables.push(monaco.editor.registerCommand(id, (_accessor, args: Record<string, string>) => run(args)));
    }
    disposables.push(monaco.languages.registerCodeLensProvider(LANGUAGE_ID, {
        async provideCodeLenses(model, token) {
            let lenses: P.CodeLens[] | null = null;
            try {
                lenses = await connection.sendRequest<P.CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: model.uri.toString() } } satisfies P.CodeLensParams,
                    token as unknown as P.CancellationToken);
            } catch (e) {
                if (!token.isCancellationRequested && (e as { code?: number }).code !== REQUEST_CANCELLED) failures.push(`textDocument/codeLens: ${(e as Error).message}`);
            }
            const shown = (lenses ?? []).filter((l) => l.command && ids.has(l.command.command));
            return {
                lenses: shown.map((l) => ({
                    range: toRange(monaco, l.range),
                    command: { id: ids.get(l.command!.command)!, title: l.command!.title, arguments: l.command!.arguments },
                })),
                dispose() { /* nothing held */ },
            };
        },
    }));
}

const toPosition = (p: Monaco.IPosition): P.Position => ({ line: p.lineNumber - 1, character: p.column - 1 });
const toRange = (monaco: M, r: P.Range): Monaco.IRange => new monaco.Range(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1);
const fromRange = (r: Monaco.IRange): P.Range => ({
    start: { line: r.startLineNumber - 1, character: r.startColumn - 1 },
    end: { line: r.endLineNumber - 1, character: r.endColumn - 1 },
});
const before = (a: P.Position, b: P.Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const overlaps = (a: P.Range, b: P.Range) => !before(a.end, b.start) && !before(b.end, a.start);

function markdownOf(content: string | P.MarkupContent | undefined): string | Monaco.IMarkdownString | undefined {
    if (content === undefined || typeof content === 'string') return content;
    return content.kind === 'markdown' ? { value: content.value } : content.value;
}

function hoverContents(contents: P.Hover['contents']): Monaco.IMarkdownString[] {
    const one = (c: P.MarkedString | P.MarkupContent): Monaco.IMarkdownString => typeof c === 'string'
        ? { value: c }
        : 'kind' in c ? { value: c.kind === 'markdown' ? c.value : escapeMarkdown(c.value) } : { value: `\`\`\`${c.language}\n${c.value}\n\`\`\`` };
    return (Array.isArray(contents) ? contents : [contents]).map(one);
}

const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!<>]/g, '\\$&');

function toMarker(monaco: M, d: P.Diagnostic): Monaco.editor.IMarkerData {
    const severity = { 1: monaco.MarkerSeverity.Error, 2: monaco.MarkerSeverity.Warning, 3: monaco.MarkerSeverity.Info, 4: monaco.MarkerSeverity.Hint }[d.severity ?? 1];
    return {
        ...toRange(monaco, d.range),
        severity, message: d.message, source: d.source,
        code: diagnosticCode(d),
        tags: d.tags?.map((t) => (t === 1 ? monaco.MarkerTag.Unnecessary : monaco.MarkerTag.Deprecated)),
        relatedInformation: d.relatedInformation?.map((r) => ({ resource: monaco.Uri.parse(r.location.uri), message: r.message, ...toRange(monaco, r.location.range) })),
    };
}

/** LSP's completion kinds (1-based, their own order) by name to Monaco's. */
const LSP_KINDS = ['', 'Text', 'Method', 'Function', 'Constructor', 'Field', 'Variable', 'Class', 'Interface', 'Module', 'Property', 'Unit', 'Value',
    'Enum', 'Keyword', 'Snippet', 'Color', 'File', 'Reference', 'Folder', 'EnumMember', 'Constant', 'Struct', 'Event', 'Operator', 'TypeParameter'] as const;

function toCompletion(monaco: M, item: P.CompletionItem, wordRange: Monaco.IRange): Monaco.languages.CompletionItem {
    const K = monaco.languages.CompletionItemKind;
    const kindName = LSP_KINDS[item.kind ?? 1] as keyof typeof K;
    const edit = item.textEdit;
    const range = !edit ? wordRange
        : 'range' in edit ? toRange(monaco, edit.range)
        : { insert: toRange(monaco, edit.insert), replace: toRange(monaco, edit.replace) };
    return {
        label: item.labelDetails ? { label: item.label, detail: item.labelDetails.detail, description: item.labelDetails.description } : item.label,
        kind: (K[kindName] as Monaco.languages.CompletionItemKind | undefined) ?? K.Text,
        detail: item.detail,
        documentation: markdownOf(item.documentation),
        sortText: item.sortText, filterText: item.filterText, preselect: item.preselect,
        insertText: edit?.newText ?? item.insertText ?? item.label,
        insertTextRules: item.insertTextFormat === 2 ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
        range,
        additionalTextEdits: item.additionalTextEdits?.map((e) => ({ range: toRange(monaco, e.range), text: e.newText })),
        tags: item.deprecated || item.tags?.includes(1) ? [monaco.languages.CompletionItemTag.Deprecated] : undefined,
    };
}

function toWorkspaceEdit(monaco: M, edit: P.WorkspaceEdit): Monaco.languages.WorkspaceEdit {
    const edits: Monaco.languages.IWorkspaceTextEdit[] = [];
    for (const [uri, changes] of Object.entries(edit.changes ?? {})) {
        for (const c of changes) edits.push({ resource: monaco.Uri.parse(uri), textEdit: { range: toRange(monaco, c.range), text: c.newText }, versionId: undefined });
    }
    for (const change of edit.documentChanges ?? []) {
        if (!('textDocument' in change)) continue;
        for (const c of change.edits) edits.push({ resource: monaco.Uri.parse(change.textDocument.uri), textEdit: { range: toRange(monaco, c.range), text: c.newText }, versionId: undefined });
    }
    return { edits };
}

/** What the language server gets of a file: definitions and settings whole, data files up to their first MiB. */
export function serverCopy(rel: string, bytes: Uint8Array, limit = 2 ** 20): Uint8Array {
    if (/\.(stroom|json|layout|md)$/i.test(rel) || bytes.length <= limit) return bytes.slice();
    const cut = bytes.subarray(0, limit).lastIndexOf(0x0a);
    return bytes.slice(0, cut > 0 ? cut + 1 : limit);
}
