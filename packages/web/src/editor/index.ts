// The editor: Monaco with the Stroom language server (worker/server.ts) in a web worker.
// The editor core only: Stroom's own language server does the rest (no bundled languages, no TypeScript worker).
import * as monaco from 'monaco-editor/editor/editor.api.js';
import { payloadText, workerFrom } from '../payload.js';
import type { Files } from '../workspace.js';

export interface StroomEditor {
    /** Shows a workspace file (relative path). */
    open(rel: string): void;
    /** The file shown. */
    current(): string | undefined;
    /** Every definition file's current text, edits included (written into the page's volume before a run). */
    texts(): Map<string, string>;
    readonly monaco: typeof monaco;
    readonly editor: monaco.editor.IStandaloneCodeEditor;
}

const URI_ROOT = 'file:///workspace/';

export async function startEditor(container: HTMLElement, files: Files): Promise<StroomEditor> {
    const monacoWorker = await payloadText('monaco-worker');
    (globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
        getWorker: (_id: string, label: string) => workerFrom(monacoWorker, label),
    };
    monaco.languages.register({ id: 'stroom', extensions: ['.stroom'] });
    const decoder = new TextDecoder();
    for (const [rel, bytes] of files) {
        if (rel.endsWith('.stroom') || rel.endsWith('stroom.json')) {
            monaco.editor.createModel(decoder.decode(bytes), rel.endsWith('.json') ? 'plaintext' : 'stroom', monaco.Uri.parse(URI_ROOT + rel));
        }
    }
    const editor = monaco.editor.create(container, { automaticLayout: true, minimap: { enabled: false }, model: null, 'semanticHighlighting.enabled': true });
    let shown: string | undefined;
    return {
        monaco, editor,
        open(rel) {
            const model = monaco.editor.getModel(monaco.Uri.parse(URI_ROOT + rel));
            if (!model) throw new Error(`${rel}: not in the workspace`);
            editor.setModel(model);
            shown = rel;
        },
        current: () => shown,
        texts: () => new Map(monaco.editor.getModels().filter((m) => m.uri.toString().startsWith(URI_ROOT))
            .map((m) => [m.uri.toString().slice(URI_ROOT.length), m.getValue()])),
    };
}
