// stroom lint [files|folders]: every diagnostic of the definitions, the problems of each workspace's stroom.json
// first; as text lines (`path:line:col severity code message`), JSON, SARIF or GitHub workflow commands
// (lint-formats.ts). Exit 0 clean, 1 on errors (or on more warnings than --max-warnings), 2 on usage or I/O errors.
import * as path from 'node:path';
import { dependencyDocuments, diagnosticCode, loadWorkspace } from '@stroom/language';
import pc from 'picocolors';
import { targetsByRoot } from '../targets.js';
import { CliError, colors, packageVersion } from '../output.js';
import { writeOutput } from './common.js';
import { formatReport, type LintFinding, type LintFormat, type LintReport, type Severity } from './lint-formats.js';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

export interface LintOptions {
    readonly warningsAsErrors?: boolean;
    readonly format?: LintFormat;
    /** Exit 1 when there are more warnings than this (as eslint's --max-warnings). */
    readonly maxWarnings?: string | number;
    readonly out?: string;
}

/** A path as the report shows it: relative to the current folder, with `/` whatever the platform. */
function shownPath(file: string): string {
    return (path.relative(process.cwd(), file) || file).split(path.sep).join('/');
}

/** Lints the targets and returns every finding, without printing anything. */
export async function lintReport(targets: readonly string[]): Promise<LintReport> {
    const { paths, files, byRoot } = targetsByRoot(targets);
    if (files.length === 0) throw new CliError(`no .stroom files in ${paths.join(', ')}`);
    const findings: LintFinding[] = [];
    for (const [root, rootFiles] of byRoot) {
        // `report`: a broken stroom.json is a finding to list, not a reason to stop linting the definitions.
        const ws = await loadWorkspace(root, rootFiles, { config: 'report' });
        const configShown = shownPath(path.join(ws.root, 'stroom.json'));
        for (const p of ws.configProblems) {
            // A dependency's or a nested folder's stroom.json is named as such.
            const file = p.file ? shownPath(p.file) : configShown;
            findings.push({ file, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, severity: p.severity, code: p.code, message: p.message });
        }
        const wanted = new Set(rootFiles);
        // A file is only as sound as what it imports: the errors (not warnings) of a linted file's dependencies are
        // reported too, once, in their own name, so a broken convention fails the lint of the files that use it.
        const linted = ws.documents.filter((d) => wanted.has(d.uri.fsPath));
        const deps = linted.flatMap((d) => dependencyDocuments(ws, d)).filter((d) => !wanted.has(d.uri.fsPath));
        for (const doc of [...linted, ...new Set(deps)]) {
            const shown = shownPath(doc.uri.fsPath);
            const own = wanted.has(doc.uri.fsPath);
            const diagnostics = [...(doc.diagnostics ?? [])].filter((d) => own || d.severity === 1).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
            for (const d of diagnostics) {
                findings.push({
                    file: shown,
                    line: d.range.start.line + 1, column: d.range.start.character + 1,
                    endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
                    severity: (SEVERITY[d.severity ?? 1] || 'error') as Severity,
                    code: diagnosticCode(d),
                    message: d.message.replace(/\s*\n\s*/g, ' '),
                });
            }
        }
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    return { files: files.length, errors, warnings, findings };
}

function maxWarnings(value: string | number | undefined): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!/^\d+$/.test(String(value).trim()) || !Number.isSafeInteger(n)) {
        throw new CliError(`--max-warnings must be a whole number of 0 or more, not ${JSON.stringify(String(value))} / --max-warnings moet een geheel getal van 0 of meer zijn`, 2);
    }
    return n;
}

export async function lint(targets: readonly string[], options: LintOptions = {}): Promise<number> {
    const limit = maxWarnings(options.maxWarnings);
    const report = await lintReport(targets);
    const format = options.format ?? 'text';
    // Colours only for text on a terminal; a file never gets escape codes.
    const paint = options.out ? pc.createColors(false) : colors;
    writeOutput(formatReport(report, format, paint, packageVersion()), options.out);
    const { files, errors, warnings } = report;
    process.stderr.write(`${files} file${files === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
    if (limit !== undefined && warnings > limit) {
        process.stderr.write(`stroom: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${limit} / meer waarschuwingen dan --max-warnings ${limit}\n`);
        return 1;
    }
    return errors > 0 || (options.warningsAsErrors && warnings > 0) ? 1 : 0;
}
