// The editor: Monaco with the Stroom language server (worker/server.ts) in a web worker, connected by lsp.ts.
// The editor core plus the contributions the server's features need (hover, completion, quick fixes, go to
// definition, references, rename, outline, folding, formatting, inlay hints, semantic tokens): no bundled languages,
// no TypeScript worker.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/editor/contrib/codelens/browser/codelensController.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands.js';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/link/goToDefinitionAtPosition.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/inlayHints/browser/inlayHintsContribution.js';
import 'monaco-editor/editor/contrib/semanticTokens/browser/documentSemanticTokens.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/rename/browser/rename.js';
import 'monaco-editor/editor/contrib/documentSymbols/browser/documentSymbols.js';
import 'monaco-editor/editor/standalone/browser/referenceSearch/standaloneReferenceSearch.js';
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneGotoSymbolQuickAccess.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import { payloadText, workerFrom } from '../payload.js';
import type { Files } from '../workspace.js';
import { LANGUAGE_ID, startLanguageClient, type LanguageClient, type LensCommands } from './lsp.js';
import { languageConfiguration, stroomMonarch, stroomTheme } from './syntax.js';

export interface StroomEditor {
    /** Shows a workspace file (relative path). */
    open(rel: string): void;
    /** The file shown. */
    current(): string | undefined;
    /** Every definition file's current text, edits included (written into the page's volume before a run). */
    texts(): Map<string, string>;
    /** The language server, once its worker is up (diagnostics, hover, completion, ...). */
    readonly server: Promise<LanguageClient>;
    readonly monaco: typeof monaco;
    readonly editor: monaco.editor.IStandaloneCodeEditor;
    /** Ends the language server and drops the models (before another workspace is loaded). */
    dispose(): void;
}

const URI_ROOT = 'file:///workspace/';
let registered = false;
let previous: StroomEditor | undefined;

function registerLanguage(): void {
    if (registered) return;
    registered = true;
    monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.stroom'] });
    monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, stroomMonarch());
    monaco.languages.setLanguageConfiguration(LANGUAGE_ID, languageConfiguration);
    monaco.editor.defineTheme('stroom', stroomTheme);
}

export interface EditorOptions {
    /** Shows another file (go to definition into it): the page's own open, so its file list follows. */
    onOpen?: (rel: string) => void;
    /** The server's code lenses the page carries out (`stroom.run`, `stroom.explain`), with their arguments. */
    commands?: LensCommands;
}

export async function startEditor(container: HTMLElement, files: Files, options: EditorOptions = {}): Promise<StroomEditor> {
    const { onOpen, commands } = options;
    previous?.dispose();
    const monacoWorker = await payloadText('monaco-worker');
    (globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
        getWorker: (_id: string, label: string) => workerFrom(monacoWorker, label),
    };
    registerLanguage();
    const decoder = new TextDecoder();
    for (const [rel, bytes] of files) {
        if (rel.endsWith('.stroom') || rel.endsWith('stroom.json')) {
            monaco.editor.createModel(decoder.decode(bytes), rel.endsWith('.json') ? 'plaintext' : LANGUAGE_ID, monaco.Uri.parse(URI_ROOT + rel));
        }
    }
    const editor = monaco.editor.create(container, {
        automaticLayout: true, minimap: { enabled: false }, model: null, theme: 'stroom', 'semanticHighlighting.enabled': true,
        tabSize: 4, insertSpaces: true, detectIndentation: false, fixedOverflowWidgets: true,
    });
    let shown: string | undefined;
    const open = (rel: string) => {
        const model = monaco.editor.getModel(monaco.Uri.parse(URI_ROOT + rel));
        if (!model) throw new Error(`${rel}: not in the workspace`);
        if (editor.getModel() !== model) editor.setModel(model);
        shown = rel;
    };
    // Monaco's standalone editor shows only the model it has: a definition in another workspace file opens that file
    // here. Anything else (another host) is not opened.
    const opener = (uri: string, range?: monaco.IRange) => {
        if (!uri.startsWith(URI_ROOT) || !monaco.editor.getModel(monaco.Uri.parse(uri))) return false;
        const rel = uri.slice(URI_ROOT.length);
        if (onOpen) onOpen(rel); else open(rel);
        if (range) {
            editor.setSelection(range);
            editor.revealRangeInCenterIfOutsideViewport(range);
        }
        editor.focus();
        return true;
    };
    const stop = new AbortController();
    const server = startLanguageClient(monaco, editor, files, opener, stop.signal, commands);
    server.catch((e: Error) => { if (!stop.signal.aborted) console.error(`Stroom language server: ${e.message}`); });
    const self: StroomEditor = {
        monaco, editor, server, open,
        current: () => shown,
        texts: () => new Map(monaco.editor.getModels().filter((m) => m.uri.toString().startsWith(URI_ROOT))
            .map((m) => [m.uri.toString().slice(URI_ROOT.length), m.getValue()])),
        dispose() {
            if (previous === self) previous = undefined;
            stop.abort();
            void server.then((s) => s.dispose(), () => undefined);
            monaco.editor.removeAllMarkers(LANGUAGE_ID);
            editor.dispose();
            for (const m of monaco.editor.getModels()) if (m.uri.toString().startsWith(URI_ROOT)) m.dispose();
        },
    };
    previous = self;
    return self;
}
