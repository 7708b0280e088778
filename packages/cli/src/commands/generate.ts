// stroom generate: the deterministic career simulator, writing a synthetic population as CSV files (the formats of
// examples/data, which examples/sources/voorbeeld.stroom maps). Made-up people only: nothing personal is involved.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_OPTIONS, simulate, writeCsv } from '@stroom/language';
import { fail } from './common.js';

export interface GenerateOptions {
    readonly persons?: string;
    readonly seed?: string;
    readonly from?: string;
    readonly until?: string;
    readonly out: string;
}

function integer(name: string, value: string | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, not '${value}'`);
    return Number(value);
}

export async function generate(options: GenerateOptions): Promise<number> {
    let opts;
    try {
        opts = {
            persons: integer('persons', options.persons, EXAMPLE_OPTIONS.persons),
            seed: integer('seed', options.seed, EXAMPLE_OPTIONS.seed),
            firstYear: integer('from', options.from, EXAMPLE_OPTIONS.firstYear),
            lastYear: integer('until', options.until, EXAMPLE_OPTIONS.lastYear),
        };
        if (opts.firstYear >= opts.lastYear) throw new Error('--from must be before --until');
    } catch (e) {
        return fail((e as Error).message, 2);
    }
    const dir = path.resolve(options.out);
    try {
        fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
        return fail(`${options.out}: cannot create folder (${(e as NodeJS.ErrnoException).code})`, 2);
    }
    const t0 = performance.now();
    const population = simulate(opts);
    for (const { file, rows } of writeCsv(population, dir)) {
        process.stdout.write(`${path.relative(process.cwd(), path.join(dir, file)) || file}: ${rows} rows\n`);
    }
    process.stderr.write(`generated ${opts.persons} people (seed ${opts.seed}, study years ${opts.firstYear}/${opts.firstYear + 1} .. ${opts.lastYear - 1}/${opts.lastYear}) in ${Math.round(performance.now() - t0)} ms\n`);
    return 0;
}
