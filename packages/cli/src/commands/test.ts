// stroom test [paths]: runs every example block on the reference evaluator and on DuckDB, like a test runner.
import { examplesSummary, fileReport, runExamples } from '@stroom/language';
import { colors } from '../output.js';
import { targetsByRoot } from '../targets.js';

export async function test(targets: readonly string[], options: { example?: string } = {}): Promise<number> {
    const { paths, byRoot } = targetsByRoot(targets);
    const files = await runExamples(byRoot, (f) => process.stdout.write(fileReport(f, process.cwd(), colors)), options);
    process.stdout.write(examplesSummary(files, paths, options.example));
    // A named example that is not there is a usage mistake, not a pass.
    if (options.example !== undefined && files.length === 0) return 2;
    return files.some((f) => f.failed > 0) ? 1 : 0;
}
