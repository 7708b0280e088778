// stroom lint [files|folders]: one line per diagnostic, `path:line:col severity code message`; the problems of each
// workspace's stroom.json first, in the same form.
import * as path from 'node:path';
import { dependencyDocuments, diagnosticCode, loadWorkspace } from '@stroom/language';
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
        // `report`: a broken stroom.json is a finding to list, not a reason to stop linting the definitions.
        const ws = await loadWorkspace(root, rootFiles, { config: 'report' });
        const configFile = path.join(ws.root, 'stroom.json');
        const configShown = path.relative(process.cwd(), configFile) || configFile;
        for (const p of ws.configProblems) {
            if (p.severity === 'error') errors++;
            else if (p.severity === 'warning') warnings++;
            const paint = p.severity === 'error' ? colors.red : p.severity === 'warning' ? colors.yellow : colors.dim;
            // A dependency's or a nested folder's stroom.json is named as such.
            const shown = p.file ? path.relative(process.cwd(), p.file) || p.file : configShown;
            process.stdout.write(`${shown}:${p.line}:${p.column} ${paint(p.severity)} ${p.code} ${p.message}\n`);
        }
        const wanted = new Set(rootFiles);
        // A file is only as sound as what it imports: the errors (not warnings) of a linted file's dependencies are
        // printed too, once, in their own name, so a broken convention fails the lint of the files that use it.
        const linted = ws.documents.filter((d) => wanted.has(d.uri.fsPath));
        const deps = linted.flatMap((d) => dependencyDocuments(ws, d)).filter((d) => !wanted.has(d.uri.fsPath));
        for (const doc of [...linted, ...new Set(deps)]) {
            const shown = path.relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath;
            const own = wanted.has(doc.uri.fsPath);
            const diagnostics = [...(doc.diagnostics ?? [])].filter((d) => own || d.severity === 1).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
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
