// stroom test [paths]: runs every example block on the reference evaluator and on DuckDB, like a test runner; the
// report as text (as it goes), JUnit XML or JSON (test-reporters.ts), on stdout or in --out.
import { examplesSummary, fileReport, runExamples } from '@stroom/language';
import pc from 'picocolors';
import { colors } from '../output.js';
import { targetsByRoot } from '../targets.js';
import { writeOutput } from './common.js';
import { jsonReport, junitReport } from './test-reporters.js';

export interface TestOptions {
    readonly example?: string;
    readonly reporter?: 'text' | 'junit' | 'json';
    readonly out?: string;
}

export async function test(targets: readonly string[], options: TestOptions = {}): Promise<number> {
    const { paths, byRoot } = targetsByRoot(targets);
    const reporter = options.reporter ?? 'text';
    const cwd = process.cwd();
    // Text on stdout is printed file by file, as a runner does; every other report is written once, whole.
    const streaming = reporter === 'text' && !options.out;
    const files = await runExamples(byRoot, streaming ? (f) => process.stdout.write(fileReport(f, cwd, colors)) : undefined, options);
    const summary = examplesSummary(files, paths, options.example);
    if (streaming) process.stdout.write(summary);
    else {
        const plain = pc.createColors(false);
        const text = reporter === 'junit' ? junitReport(files, cwd)
            : reporter === 'json' ? jsonReport(files, cwd)
                : files.map((f) => fileReport(f, cwd, plain)).join('') + summary;
        writeOutput(text, options.out);
        // The summary line stays visible in the CI log whatever the report.
        if (reporter !== 'text' || options.out) process.stderr.write(summary);
    }
    // A named example that is not there is a usage mistake, not a pass.
    if (options.example !== undefined && files.length === 0) return 2;
    return files.some((f) => f.failed > 0) ? 1 : 0;
}
