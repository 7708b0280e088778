// stroom test [paths]: runs every example block on the reference evaluator and on DuckDB, like a test runner.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
    ast, checkOnEngine, checkOnEvaluator, DuckDBEngine, errorLines, loadWorkspace, type ExampleResult,
} from '@stroom/language';
import { colors } from '../output.js';
import { targetsByRoot } from '../targets.js';

interface Voice {
    readonly name: string;
    readonly result: ExampleResult;
}

export async function test(targets: readonly string[]): Promise<number> {
    const { paths, byRoot } = targetsByRoot(targets);
    let passed = 0;
    let failed = 0;
    const reader = await DuckDBEngine.open();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-test-'));
    try {
        for (const [root, rootFiles] of byRoot) {
            const ws = await loadWorkspace(root, rootFiles);
            for (const file of rootFiles) {
                const doc = ws.documents.find((d) => d.uri.fsPath === file);
                const examples = doc?.parseResult.value.elements.filter(ast.isExample) ?? [];
                // A file that does not parse or validate cannot pass, whatever its examples say.
                const errors = doc ? errorLines(doc).filter((l) => !/ error example-(failed|error) /.test(l)) : [];
                if (examples.length === 0 && errors.length === 0) continue;
                process.stdout.write(`${path.relative(process.cwd(), file) || file}\n`);
                if (errors.length > 0) {
                    failed += Math.max(examples.length, 1);
                    process.stdout.write(`  ${colors.red('✗')} the file has errors; its examples do not run\n${errors.map((l) => `      ${l}\n`).join('')}`);
                    continue;
                }
                for (const [i, example] of examples.entries()) {
                    const dir = path.join(scratch, `${passed + failed}-${i}`);
                    fs.mkdirSync(dir);
                    const voices: Voice[] = [
                        { name: 'evaluator', result: await checkOnEvaluator(example) },
                        { name: 'duckdb', result: await checkOnEngine(example, reader, reader, dir) },
                    ];
                    const ok = voices.every((v) => !v.result.error && v.result.expectations.every((e) => e.ok));
                    if (ok) passed++;
                    else failed++;
                    const count = voices[0].result.expectations.length;
                    const name = voices[0].result.name;
                    process.stdout.write(ok
                        ? `  ${colors.green('✓')} ${name} ${colors.dim(`(${count} expectation${count === 1 ? '' : 's'}; evaluator and duckdb)`)}\n`
                        : `  ${colors.red('✗')} ${name}\n${failureLines(voices).map((l) => `      ${l}\n`).join('')}`);
                }
            }
        }
    } finally {
        await reader.close();
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    if (passed + failed === 0) process.stdout.write(`no example blocks in ${paths.join(', ')}\n`);
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
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
