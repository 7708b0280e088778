// stroom explain <file>: each indicator's definition card in plain Dutch or English (the three questions, every choice
// and where it came from, the dates of each cohort year), with the funnel when the source's data can be read.
import * as fs from 'node:fs';
import { explainFile, type Lang } from '@stroom/language';
import { fail, note, writeOutput } from './common.js';

export interface ExplainOptions {
    readonly indicator?: string;
    readonly source?: string;
    readonly lang?: Lang;
    readonly format?: 'md' | 'html';
    readonly out?: string;
    /** false with --no-data: no data is read (no funnel). */
    readonly data?: boolean;
    /** false with --no-cache: the workspace cache is neither read nor written. */
    readonly cache?: boolean;
}

export async function explain(file: string, options: ExplainOptions): Promise<number> {
    if (!fs.existsSync(file)) return fail(`${file}: no such file`, 2);
    const outcome = await explainFile(file, { ...options, cache: options.cache !== false, note });
    if (outcome.kind === 'usage') return fail(outcome.message, 2);
    for (const f of outcome.findings) process.stderr.write(`stroom: data: ${f.message}\n`);
    writeOutput(outcome.text, options.out);
    return 0;
}
