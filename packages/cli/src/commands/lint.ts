// stroom lint [files|folders]: one line per diagnostic, `path:line:col severity code message`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnosticCode, findRoot, loadWorkspace } from '@stroom/language';
import { CliError, colors } from '../output.js';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

export interface LintOptions {
    readonly warningsAsErrors?: boolean;
}

export async function lint(targets: readonly string[], options: LintOptions = {}): Promise<number> {
    const paths = targets.length > 0 ? targets : ['.'];
    const files: string[] = [];
    for (const target of paths) {
        if (!fs.existsSync(target)) throw new CliError(`${target}: no such file or folder`);
        if (fs.statSync(target).isDirectory()) files.push(...listStroom(target));
        else files.push(path.resolve(target));
    }
    if (files.length === 0) throw new CliError(`no .stroom files in ${paths.join(', ')}`);
    let errors = 0;
    let warnings = 0;
    // One workspace per root, so files of separate workspaces do not see each other.
    const byRoot = new Map<string, string[]>();
    for (const f of files) {
        const root = findRoot(f);
        byRoot.set(root, [...(byRoot.get(root) ?? []), f]);
    }
    for (const [root, rootFiles] of byRoot) {
        const ws = await loadWorkspace(root, rootFiles);
        const wanted = new Set(rootFiles);
        for (const doc of ws.documents) {
            if (!wanted.has(doc.uri.fsPath)) continue;
            const shown = path.relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath;
            const diagnostics = [...(doc.diagnostics ?? [])].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
            for (const d of diagnostics) {
                const severity = SEVERITY[d.severity ?? 1];
                if (severity === 'error') errors++;
                if (severity === 'warning') warnings++;
                const paint = severity === 'error' ? colors.red : severity === 'warning' ? colors.yellow : colors.dim;
                const message = d.message.replace(/\s*\n\s*/g, ' ');
                process.stdout.write(`${shown}:${d.range.start.line + 1}:${d.range.start.character + 1} ${paint(severity)} ${diagnosticCode(d)} ${message}\n`);
            }
        }
    }
    process.stderr.write(`${files.length} file${files.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
    return errors > 0 || (options.warningsAsErrors && warnings > 0) ? 1 : 0;
}

export function listStroom(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.resolve(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...listStroom(full));
        } else if (entry.name.endsWith('.stroom')) out.push(full);
    }
    return out;
}
