// The VS Code client: starts the bundled language server (dist/server.js, node IPC), implements the commands that
// code lenses and the command palette call (run, SQL, explain, compare, test, showCard), shows results and the
// definition card in webviews, the server log in an output channel, and a status bar item.
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import { cardHtml, messageHtml, resultsHtml, type ResultsModel } from './views.js';

const SECRET_KEY = 'stroom.databaseUrl';

/**
 * Commands that read data and compute. In an untrusted workspace (Restricted Mode) the extension offers editing
 * features only: these commands refuse, their code lenses are hidden, and the card is shown without the funnel.
 */
const RUN_COMMANDS = new Set(['stroom.run', 'stroom.compare', 'stroom.test']);
const RESTRICTED = 'Stroom: runs are off in Restricted Mode. Trust this workspace to compute figures from its data. / '
    + 'Stroom: berekenen staat uit in de beperkte modus. Vertrouw deze werkmap om cijfers uit de data te berekenen.';

/** What the commands work on: the document and the indicator, compare title or example name (undefined: all). */
interface Target {
    readonly uri: string;
    readonly name?: string;
}

/**
 * The argument the server's code lenses pass (packages/language/src/lsp/code-lenses.ts): { uri, indicator,
 * qualifiedName } for run/sql/explain, plus { title } for compare, { uri, example } for test; { uri, name } is
 * accepted too.
 */
interface LensArgument {
    readonly uri: string;
    readonly name?: string;
    readonly indicator?: string;
    readonly title?: string;
    readonly example?: string;
}

function targetOf(arg: LensArgument, kind: 'indicator' | 'compare' | 'example'): Target {
    const name = kind === 'compare' ? arg.title : kind === 'example' ? arg.example : arg.indicator;
    return { uri: arg.uri, name: name ?? arg.name };
}

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<{ client?: LanguageClient }> {
    output = vscode.window.createOutputChannel('Stroom');
    // An id and a name, so users can hide or move it by name (the status bar's context menu lists it as "Stroom").
    status = vscode.window.createStatusBarItem('stroom.status', vscode.StatusBarAlignment.Left, 10);
    status.name = 'Stroom';
    status.command = 'stroom.showOutput';
    setStatus('starting', 'loading');
    status.show();
    context.subscriptions.push(output, status);

    const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'stroom' }],
        synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.stroom,stroom.json}') },
        outputChannel: output,
        middleware: {
            provideCodeLenses: async (document, token, next) => {
                const lenses = await next(document, token);
                return vscode.workspace.isTrusted ? lenses : lenses?.filter((l) => !RUN_COMMANDS.has(l.command?.command ?? ''));
            },
        },
    };
    client = new LanguageClient('stroom', 'Stroom', serverOptions, clientOptions);

    const register = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id,
        (...args: any[]) => {
            if (RUN_COMMANDS.has(id) && !vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(RESTRICTED);
            return fn(...args);
        }));
    // Granting trust brings the Run and Test lenses back: a restart makes the editor ask for lenses again.
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
    register('stroom.run', (t?: LensArgument) => withTarget(t, 'indicator', (target) => runCommand(context, target)));
    register('stroom.compare', (t?: LensArgument) => withTarget(t, 'compare', (target) => compareCommand(context, target)));
    register('stroom.sql', (t?: LensArgument) => withTarget(t, 'indicator', sqlCommand));
    register('stroom.explain', (t?: LensArgument) => withTarget(t, 'indicator', (target) => cardCommand(context, target)));
    register('stroom.showCard', (t?: LensArgument) => withTarget(t, 'indicator', (target) => cardCommand(context, target)));
    register('stroom.test', (t?: LensArgument) => withTarget(t, 'example', (target) => testCommand(context, target)));
    register('stroom.setDatabaseUrl', () => setDatabaseUrl(context));
    register('stroom.clearDatabaseUrl', async () => {
        await context.secrets.delete(SECRET_KEY);
        void vscode.window.showInformationMessage('Stroom: the database URL was removed from the secret storage.');
    });
    register('stroom.showOutput', () => output.show(true));
    register('stroom.restartServer', async () => {
        setStatus('restarting', 'loading');
        await client?.restart();
        setStatus('ready', 'check');
    });

    try {
        await client.start();
        setStatus('ready', 'check');
    } catch (e) {
        setStatus('server failed', 'error');
        output.appendLine(`Stroom language server did not start: ${(e as Error).message}`);
    }
    return { client };
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}

function setStatus(text: string, icon: string): void {
    const s = vscode.workspace.getConfiguration('stroom');
    status.text = `$(${icon}) Stroom: ${text}`;
    status.tooltip = `Stroom language server · engine ${s.get('engine', 'duckdb')} · ${s.get('language', 'nl')} · click for the log`;
}

/** Settings of runs: engine and language from the settings; the database from the environment or the secret storage. */
async function runSettings(context: vscode.ExtensionContext): Promise<{ engine: string; lang: string; suppression?: number; databaseUrl?: string }> {
    const s = vscode.workspace.getConfiguration('stroom');
    const databaseUrl = process.env.STROOM_DATABASE_URL || (await context.secrets.get(SECRET_KEY)) || undefined;
    // The bounds of stroom.json's suppression: settings.json is not checked against the schema when it is edited by
    // hand, and a threshold below 2 would switch protection off silently. Out of bounds means the default applies.
    const raw = s.get<number>('suppression');
    const suppression = typeof raw === 'number' && Number.isInteger(raw) && raw >= 2 ? raw : undefined;
    return { engine: s.get('engine', 'duckdb'), lang: s.get('language', 'nl'), ...(suppression !== undefined ? { suppression } : {}), databaseUrl };
}

async function setDatabaseUrl(context: vscode.ExtensionContext): Promise<void> {
    const value = await vscode.window.showInputBox({
        title: 'Stroom: PostgreSQL connection URL',
        prompt: 'Kept in VS Code\'s secret storage, never in settings files (STROOM_DATABASE_URL in the environment wins)',
        placeHolder: 'postgres://user:password@host:5432/database',
        password: true,
        ignoreFocusOut: true,
    });
    if (value === undefined) return;
    await context.secrets.store(SECRET_KEY, value.trim());
    void vscode.window.showInformationMessage('Stroom: database URL stored in the secret storage.');
}

/**
 * Commands from a code lens arrive with { uri, name }; from the palette the active .stroom editor is used, and the
 * name is asked for when the file has several (of the kind the command needs).
 */
async function withTarget(given: LensArgument | undefined, kind: 'indicator' | 'compare' | 'example', fn: (t: Target) => Promise<void>): Promise<void> {
    let target = given && typeof given.uri === 'string' ? targetOf(given, kind) : undefined;
    const editor = vscode.window.activeTextEditor;
    if (!target) {
        if (!editor || editor.document.languageId !== 'stroom') {
            void vscode.window.showWarningMessage('Stroom: open a .stroom file first.');
            return;
        }
        target = { uri: editor.document.uri.toString(), name: pickName(editor, kind) };
    }
    // Runs read the files as saved.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target!.uri);
    if (doc?.isDirty) await doc.save();
    try {
        await fn(target);
    } catch (e) {
        output.appendLine(`[${new Date().toISOString()}] ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`Stroom: ${(e as Error).message}`);
    }
}

/** The indicator / compare block / example around the cursor, or undefined (= every one in the file). */
function pickName(editor: vscode.TextEditor, kind: 'indicator' | 'compare' | 'example'): string | undefined {
    const text = editor.document.getText();
    const offset = editor.document.offsetAt(editor.selection.active);
    const pattern = kind === 'indicator' ? /^\s*indicator\s+([A-Za-z_][\w]*)/gm
        : kind === 'compare' ? /^\s*compare\s+"([^"]*)"/gm : /^\s*example\s+"([^"]*)"/gm;
    let found: string | undefined;
    for (const m of text.matchAll(pattern)) if ((m.index ?? 0) <= offset) found = m[1];
    return found;
}

function panel(context: vscode.ExtensionContext, id: string, title: string): vscode.WebviewPanel {
    const p = vscode.window.createWebviewPanel(id, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false, localResourceRoots: [],
    });
    context.subscriptions.push(p);
    return p;
}

async function request<T>(method: string, params: object): Promise<T> {
    if (!client) throw new Error('the language server is not running');
    return client.sendRequest<T>(method, params);
}

async function runCommand(context: vscode.ExtensionContext, target: Target): Promise<void> {
    const settings = await runSettings(context);
    const view = panel(context, 'stroom.results', `Stroom: ${target.name ?? 'run'}`);
    view.webview.html = messageHtml('Running…', target.name ?? target.uri, { cspSource: view.webview.cspSource });
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Stroom: running ${target.name ?? ''}` }, async () => {
        try {
            const model = await request<ResultsModel>('stroom/run', { ...target, ...settings });
            view.webview.html = resultsHtml(model, { cspSource: view.webview.cspSource });
        } catch (e) {
            view.webview.html = messageHtml('The run failed', (e as Error).message, { cspSource: view.webview.cspSource });
            throw e;
        }
    });
}

async function compareCommand(context: vscode.ExtensionContext, target: Target): Promise<void> {
    const view = panel(context, 'stroom.compare', `Stroom compare: ${target.name ?? ''}`);
    view.webview.html = messageHtml('Comparing…', target.name ?? target.uri, { cspSource: view.webview.cspSource });
    try {
        const model = await request<ResultsModel>('stroom/compare', target);
        view.webview.html = resultsHtml(model, { cspSource: view.webview.cspSource });
    } catch (e) {
        view.webview.html = messageHtml('The comparison failed', (e as Error).message, { cspSource: view.webview.cspSource });
        throw e;
    }
}

async function cardCommand(context: vscode.ExtensionContext, target: Target): Promise<void> {
    const { lang, suppression } = await runSettings(context);
    // Untrusted: the card from the definitions alone, no data read.
    const page = await request<string>('stroom/explain', { ...target, lang, suppression, data: vscode.workspace.isTrusted });
    const view = panel(context, 'stroom.card', `Stroom card: ${target.name ?? ''}`);
    view.webview.html = cardHtml(page, { cspSource: view.webview.cspSource });
}

async function sqlCommand(target: Target): Promise<void> {
    const engine = vscode.workspace.getConfiguration('stroom').get('engine', 'duckdb');
    const sql = await request<string>('stroom/sql', { ...target, dialect: engine });
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: sql });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

/**
 * The example block the lens is above (or every block of the file, from the palette outside one), as `stroom test`
 * runs it, in a node process of the bundled server; output to the channel.
 */
async function testCommand(context: vscode.ExtensionContext, target: Target): Promise<void> {
    const file = vscode.Uri.parse(target.uri).fsPath;
    output.show(true);
    output.appendLine(`$ stroom test ${file}${target.name ? ` --example "${target.name}"` : ''}`);
    const code = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [context.asAbsolutePath(path.join('dist', 'server.js')), 'test', file, ...(target.name ? [target.name] : [])], {
            env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
            cwd: path.dirname(file),
        });
        child.stdout.on('data', (d) => output.append(String(d)));
        child.stderr.on('data', (d) => output.append(String(d)));
        child.on('close', (c) => resolve(c ?? 1));
        child.on('error', (e) => { output.appendLine(e.message); resolve(1); });
    });
    const which = target.name ? `example "${target.name}"` : 'every example';
    if (code === 0) void vscode.window.showInformationMessage(target.name ? `Stroom: ${which} passed.` : 'Stroom: every example passed.');
    else void vscode.window.showWarningMessage(`Stroom: ${which} failed; see the Stroom output.`);
}
