// What `stroom test` and the editor's Test lens compute: every example block of the given files, on the reference
// evaluator and on DuckDB, as data; and one plain-text report of it that both print.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ast from '../generated/ast.js';
import { unquote } from '../definition/resolve.js';
import { checkOnEngine, checkOnEvaluator, type ExampleResult } from '../examples/check.js';
import { DuckDBEngine } from '../run/engine.js';
import { dependencyErrorLines, errorLines } from '../run/session.js';
import { loadWorkspace } from '../workspace/load.js';

/** One engine's verdict on an example. */
export interface Voice {
    readonly name: 'evaluator' | 'duckdb';
    readonly result: ExampleResult;
}

export interface ExampleOutcome {
    readonly name: string;
    readonly ok: boolean;
    /** How many `expect` lines the example has. */
    readonly expectations: number;
    /** For a failing example: each failing line, what was expected and what each engine got. */
    readonly failures: readonly string[];
    /** Wall-clock seconds both engines took (for JUnit reports; varies from run to run). */
    readonly seconds?: number;
}

export interface FileOutcome {
    readonly file: string;
    /**
     * Errors of the file itself (parse, validation) and of the files it depends on: then none of its examples runs and
     * each counts as failed.
     */
    readonly errors: readonly string[];
    readonly examples: readonly ExampleOutcome[];
    /** The names of the example blocks that did not run because the file has errors. */
    readonly blocked?: readonly string[];
    /** How many examples failed, counting a file with errors as at least one. */
    readonly failed: number;
}

/**
 * Runs the example blocks of files grouped by workspace root (root -> files); files without examples are left out.
 * `onFile` hears of each file as soon as it is done, so a runner can print as it goes.
 */
export async function runExamples(byRoot: ReadonlyMap<string, readonly string[]>, onFile?: (f: FileOutcome) => void,
    options: { readonly example?: string } = {}): Promise<FileOutcome[]> {
    const out: FileOutcome[] = [];
    const reader = await DuckDBEngine.open();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-test-'));
    let run = 0;
    try {
        for (const [root, rootFiles] of byRoot) {
            const ws = await loadWorkspace(root, [...rootFiles]);
            for (const file of rootFiles) {
                const doc = ws.documents.find((d) => d.uri.fsPath === file);
                // With `example`, only the block of that name (the editor's Test lens above one block).
                const examples = (doc?.parseResult.value.elements.filter(ast.isExample) ?? [])
                    .filter((e) => options.example === undefined || unquote(e.name) === options.example);
                // A file that does not parse or validate cannot pass, whatever its examples say.
                // Nor can one whose imported conventions or sources do not (their errors are listed too).
                const errors = doc ? [...errorLines(doc), ...dependencyErrorLines(ws, doc)].filter((l) => !/ error example-(failed|error) /.test(l)) : [];
                if (examples.length === 0 && errors.length === 0) continue;
                if (errors.length > 0) {
                    out.push({ file, errors, examples: [], blocked: examples.map((e) => unquote(e.name)), failed: Math.max(examples.length, 1) });
                    onFile?.(out[out.length - 1]);
                    continue;
                }
                const outcomes: ExampleOutcome[] = [];
                for (const example of examples) {
                    const dir = path.join(scratch, String(run++));
                    fs.mkdirSync(dir);
                    const started = performance.now();
                    const voices: Voice[] = [
                        { name: 'evaluator', result: await checkOnEvaluator(example) },
                        { name: 'duckdb', result: await checkOnEngine(example, reader, reader, dir) },
                    ];
                    const ok = voices.every((v) => !v.result.error && v.result.expectations.every((e) => e.ok));
                    outcomes.push({
                        name: voices[0].result.name, ok, expectations: voices[0].result.expectations.length,
                        failures: ok ? [] : failureLines(voices),
                        seconds: (performance.now() - started) / 1000,
                    });
                }
                out.push({ file, errors: [], examples: outcomes, failed: outcomes.filter((o) => !o.ok).length });
                onFile?.(out[out.length - 1]);
            }
        }
    } finally {
        await reader.close();
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    return out;
}

/** For each failing expectation: the line, what was expected, and what each voice got. */
function failureLines(voices: readonly Voice[]): string[] {
    const lines: string[] = [];
    for (const v of voices) if (v.result.error) lines.push(`${v.name}: cannot run: ${v.result.error}`);
    const first = voices.find((v) => v.result.expectations.length > 0)?.result.expectations ?? [];
    for (const [i, e] of first.entries()) {
        const got = voices.map((v) => ({ name: v.name, r: v.result.expectations[i] })).filter((x) => x.r && !x.r.ok);
        if (got.length === 0) continue;
        lines.push(`line ${e.line}: ${e.text}`);
        for (const g of got) lines.push(`  expected ${g.r.expected}, got ${g.r.got} (${g.name})`);
    }
    return lines;
}

export interface Paint {
    readonly green: (s: string) => string;
    readonly red: (s: string) => string;
    readonly dim: (s: string) => string;
}

const plainPaint: Paint = { green: (s) => s, red: (s) => s, dim: (s) => s };

/** One file's part of the report: its path (relative to cwd), then ✓ or ✗ per example with the failing lines. */
export function fileReport(f: FileOutcome, cwd: string, paint: Paint = plainPaint): string {
    const head = `${path.relative(cwd, f.file) || f.file}\n`;
    if (f.errors.length > 0) {
        return `${head}  ${paint.red('✗')} the file has errors; its examples do not run\n${f.errors.map((l) => `      ${l}\n`).join('')}`;
    }
    return head + f.examples.map((e) => e.ok
        ? `  ${paint.green('✓')} ${e.name} ${paint.dim(`(${e.expectations} expectation${e.expectations === 1 ? '' : 's'}; evaluator and duckdb)`)}\n`
        : `  ${paint.red('✗')} ${e.name}\n${e.failures.map((l) => `      ${l}\n`).join('')}`).join('');
}

/** The closing line a test runner prints (`N passed, N failed`), after a note when nothing was found. */
export function examplesSummary(files: readonly FileOutcome[], searched: readonly string[], example?: string): string {
    const failed = files.reduce((n, f) => n + f.failed, 0);
    const passed = files.reduce((n, f) => n + f.examples.filter((e) => e.ok).length, 0);
    const none = passed + failed === 0
        ? `no example blocks${example === undefined ? '' : ` named "${example}"`} in ${searched.join(', ')}\n` : '';
    return `${none}${passed} passed, ${failed} failed\n`;
}
