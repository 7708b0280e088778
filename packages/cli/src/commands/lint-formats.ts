// The output formats of `stroom lint`: text for people, json for scripts, SARIF 2.1.0 for code scanning (GitHub,
// GitLab, Azure DevOps) and GitHub workflow commands for annotations on a pull request. One list of findings, four
// renderings, so a finding never appears in one format and not in another.
import { CODES } from '@stroom/language';
import type { colors as Colors } from '../output.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One diagnostic as lint reports it. Lines and columns are 1-based; columns count UTF-16 code units (as LSP). */
export interface LintFinding {
    /** Relative to the current folder, with `/` separators (so SARIF and GitHub can resolve it against a checkout). */
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly severity: Severity;
    readonly code: string;
    /** `English / Nederlands`, on one line. */
    readonly message: string;
}

export interface LintReport {
    /** The .stroom files linted. */
    readonly files: number;
    readonly errors: number;
    readonly warnings: number;
    /** In the order lint found them: per workspace stroom.json first, then per file by position. */
    readonly findings: readonly LintFinding[];
}

export type LintFormat = 'text' | 'json' | 'sarif' | 'github';

/** Where each code is explained: its `### code` section in docs/diagnostics.md. */
export const DIAGNOSTICS_DOC = 'https://github.com/stroom-lang/stroom/blob/main/docs/diagnostics.md';

/** `path:line:col severity code message`, one line per finding (the format lint always had). */
export function formatText(report: LintReport, paint: typeof Colors): string {
    return report.findings.map((f) => {
        const color = f.severity === 'error' ? paint.red : f.severity === 'warning' ? paint.yellow : paint.dim;
        return `${f.file}:${f.line}:${f.column} ${color(f.severity)} ${f.code} ${f.message}\n`;
    }).join('');
}

/** A stable object (docs/ci.md): `version` changes only when a field changes meaning or goes away. */
export function formatJson(report: LintReport): string {
    const out = {
        version: 1,
        files: report.files,
        errors: report.errors,
        warnings: report.warnings,
        diagnostics: report.findings.map((f) => ({
            file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
            severity: f.severity, code: f.code, message: f.message,
        })),
    };
    return `${JSON.stringify(out, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function uriOf(file: string): string {
    return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 (OASIS), one run. Every code of the catalogue is a rule, in catalogue order (so ruleIndex is stable
 * across runs), with its explanation and a link to its section in docs/diagnostics.md. No timestamps, no absolute
 * paths: the same definitions give the same file.
 */
export function formatSarif(report: LintReport, version: string): string {
    const codes = Object.keys(CODES);
    // A code lint printed that the catalogue lacks (it should not happen) still gets a rule, after the catalogue.
    for (const f of report.findings) if (!codes.includes(f.code)) codes.push(f.code);
    const rules = codes.map((code) => {
        const entry = (CODES as Record<string, { severity: string; en: string; nl: string } | undefined>)[code];
        const en = entry?.en ?? code;
        const nl = entry?.nl ?? '';
        const helpUri = `${DIAGNOSTICS_DOC}#${code}`;
        return {
            id: code,
            name: code.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
            shortDescription: { text: en },
            fullDescription: { text: nl ? `${en} / ${nl}` : en },
            help: { text: `${en} See ${helpUri}`, markdown: `${en}${nl ? `\n\n${nl}` : ''}\n\n[docs/diagnostics.md#${code}](${helpUri})` },
            helpUri,
            defaultConfiguration: { level: SARIF_LEVEL[(entry?.severity ?? 'error') as Severity] ?? 'error' },
        };
    });
    const sarif = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'stroom',
                    semanticVersion: version,
                    informationUri: 'https://github.com/stroom-lang/stroom',
                    rules,
                },
            },
            columnKind: 'utf16CodeUnits',
            results: report.findings.map((f) => ({
                ruleId: f.code,
                ruleIndex: codes.indexOf(f.code),
                level: SARIF_LEVEL[f.severity],
                message: { text: f.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: { uri: uriOf(f.file) },
                        region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                    },
                }],
            })),
        }],
    };
    return `${JSON.stringify(sarif, null, 2)}\n`;
}

const GITHUB_COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** GitHub's escaping of a workflow command's message. */
export function escapeGithubData(text: string): string {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a workflow command's property value: the message escapes, and `:` and `,` as well. */
export function escapeGithubProperty(text: string): string {
    return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=code::message`: annotations on a pull request. */
export function formatGithub(report: LintReport): string {
    return report.findings.map((f) => {
        const props = [
            `file=${escapeGithubProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`,
            `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeGithubProperty(f.code)}`,
        ].join(',');
        return `::${GITHUB_COMMAND[f.severity]} ${props}::${escapeGithubData(f.message)}\n`;
    }).join('');
}

export function formatReport(report: LintReport, format: LintFormat, paint: typeof Colors, version: string): string {
    switch (format) {
        case 'json': return formatJson(report);
        case 'sarif': return formatSarif(report, version);
        case 'github': return formatGithub(report);
        default: return formatText(report, paint);
    }
}
