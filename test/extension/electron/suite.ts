// Runs inside VS Code (started by ../electron.test.ts through @vscode/test-electron): activation of the extension on
// a .stroom file, its commands registered, the language server's code lenses on an example file, and diagnostics.
// Bundled to CommonJS with esbuild before VS Code loads it; `run` is what VS Code calls.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const COMMANDS = ['stroom.run', 'stroom.sql', 'stroom.explain', 'stroom.compare', 'stroom.test', 'stroom.showCard', 'stroom.setDatabaseUrl'];

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 60000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
        const value = await fn();
        if (value !== undefined) return value;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 250));
    }
}

const checks: Array<[string, () => Promise<void>]> = [];
const it = (name: string, fn: () => Promise<void>) => checks.push([name, fn]);

it('activates on a .stroom file and marks it as the stroom language', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder (examples/)');
    const doc = await vscode.workspace.openTextDocument(path.join(folder, 'havo-hbo.stroom'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'stroom');
    const ext = vscode.extensions.getExtension('stroom.stroom');
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
    assert.ok(ext.isActive);
});

it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of COMMANDS) assert.ok(all.includes(id), `${id} registered`);
});

it('shows code lenses from the language server on indicators and examples', async () => {
    const doc = vscode.window.activeTextEditor!.document;
    const lenses = await until('code lenses', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
        return found && found.length > 0 ? found : undefined;
    });
    const ids = new Set(lenses.map((l) => l.command?.command).filter(Boolean));
    assert.ok(ids.has('stroom.run'), `a Run lens (lenses: ${[...ids].join(', ')})`);
    for (const id of ids) assert.ok(COMMANDS.includes(id!), `${id} is implemented by the extension`);
});

it('publishes the server\'s diagnostics (a file with an unknown reference gets an error)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'stroom', content: 'indicator X "x" {\n    cohort Missing\n}\n' });
    const diags = await until('diagnostics', () => {
        const d = vscode.languages.getDiagnostics(doc.uri);
        return d.length > 0 ? d : undefined;
    });
    assert.ok(diags.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
});

/** Called by VS Code's test runner; throws when a check fails (the runner then exits non-zero). */
export async function run(): Promise<void> {
    const failed: string[] = [];
    for (const [name, fn] of checks) {
        try {
            await fn();
            console.log(`  ✔ ${name}`);
        } catch (e) {
            console.log(`  ✗ ${name}: ${(e as Error).message}`);
            failed.push(name);
        }
    }
    if (failed.length > 0) throw new Error(`${failed.length} of ${checks.length} extension checks failed: ${failed.join('; ')}`);
}
