// The reports of `stroom test`: JUnit XML (what CI systems show as test results: GitHub, GitLab, Jenkins, Azure) and
// a stable JSON object. The text report is the language package's, as the editor's Test lens prints it.
import * as path from 'node:path';
import { escapeHtml, type FileOutcome } from '@stroom/language';

/** A path as the report shows it: relative to `cwd`, with `/` whatever the platform. */
function shown(file: string, cwd: string): string {
    return (path.relative(cwd, file) || file).split(path.sep).join('/');
}

/** Text as XML content or attribute: escaped, and without the control characters XML 1.0 cannot hold at all. */
function xml(text: string): string {
    // eslint-disable-next-line no-control-regex
    // &apos; rather than the HTML escaper's &#39;: one of XML's five named entities, which every XML reader knows.
    return escapeHtml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')).replace(/&#39;/g, '&apos;');
}

function seconds(s: number | undefined): string {
    return (s ?? 0).toFixed(3);
}

interface Case { name: string; classname: string; time: number; failure?: { message: string; type: string; body: string } }

/** One test case per example block; a file with errors fails each of its blocks (or one case for the file). */
function casesOf(f: FileOutcome, cwd: string): Case[] {
    const file = shown(f.file, cwd);
    // Java-like class names are what most viewers group by: the file's path, dotted, without the extension.
    const classname = file.replace(/\.stroom$/, '').replace(/\//g, '.');
    if (f.errors.length > 0) {
        const names = f.blocked && f.blocked.length > 0 ? f.blocked : ['(file)'];
        const body = f.errors.join('\n');
        return names.map((n) => ({
            name: `${file} › ${n}`, classname, time: 0,
            failure: { message: 'the file has errors; its examples do not run / het bestand heeft fouten; de voorbeelden draaien niet', type: 'example-error', body },
        }));
    }
    return f.examples.map((e) => ({
        name: `${file} › ${e.name}`, classname, time: e.seconds ?? 0,
        ...(e.ok ? {} : { failure: { message: e.failures[0] ?? 'failed', type: 'example-failed', body: e.failures.join('\n') } }),
    }));
}

/** JUnit XML: <testsuites> with one <testsuite> per file and one <testcase> per example block. */
export function junitReport(files: readonly FileOutcome[], cwd: string): string {
    const suites = files.map((f) => ({ name: shown(f.file, cwd), cases: casesOf(f, cwd) }));
    const all = suites.flatMap((s) => s.cases);
    const total = (cases: Case[]) => cases.reduce((n, c) => n + c.time, 0);
    const failures = (cases: Case[]) => cases.filter((c) => c.failure).length;
    const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="stroom test" tests="${all.length}" failures="${failures(all)}" errors="0" time="${seconds(total(all))}">`,
    ];
    for (const s of suites) {
        lines.push(`  <testsuite name="${xml(s.name)}" tests="${s.cases.length}" failures="${failures(s.cases)}" errors="0" skipped="0" time="${seconds(total(s.cases))}">`);
        for (const c of s.cases) {
            const open = `    <testcase name="${xml(c.name)}" classname="${xml(c.classname)}" time="${seconds(c.time)}"`;
            if (!c.failure) {
                lines.push(`${open}/>`);
                continue;
            }
            lines.push(`${open}>`);
            lines.push(`      <failure message="${xml(c.failure.message)}" type="${xml(c.failure.type)}">${xml(c.failure.body)}</failure>`);
            lines.push('    </testcase>');
        }
        lines.push('  </testsuite>');
    }
    lines.push('</testsuites>');
    return `${lines.join('\n')}\n`;
}

/** A stable object (docs/ci.md); no times, so the same definitions give the same bytes. */
export function jsonReport(files: readonly FileOutcome[], cwd: string): string {
    const failed = files.reduce((n, f) => n + f.failed, 0);
    const passed = files.reduce((n, f) => n + f.examples.filter((e) => e.ok).length, 0);
    return `${JSON.stringify({
        version: 1,
        passed,
        failed,
        files: files.map((f) => ({
            file: shown(f.file, cwd),
            errors: f.errors,
            examples: f.errors.length > 0
                ? (f.blocked ?? []).map((name) => ({ name, ok: false, expectations: 0, failures: ['the file has errors; its examples do not run'] }))
                : f.examples.map((e) => ({ name: e.name, ok: e.ok, expectations: e.expectations, failures: e.failures })),
        })),
    }, null, 2)}\n`;
}
