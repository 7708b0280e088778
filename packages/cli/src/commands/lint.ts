// stroom lint [files|folders]: one line per diagnostic, `path:line:col severity code message`.
import * as path from 'node:path';
import { diagnosticCode, loadWorkspace } from '@stroom/language';
import { targetsByRoot } from '../targets.js';
import { CliError, colors } from '../output.js';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

export interface LintOptions {
    readonly warningsAsErrors?: boolean;
}

export async function lint(targets: readonly string[], options: LintOptions = {}): Promise<number> {
    const { paths, files, byRoot } = targetsByRoot(targets);
    if (files.length === 0) throw new CliError(`no .stroom files in ${paths.join(', ')}`);
    let errors = 0;
    let warnings = 0;
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
