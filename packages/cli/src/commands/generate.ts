// stroom generate: the deterministic career simulator, writing a synthetic population person by person (memory does
// not grow with --persons) in the example CSV formats, as Parquet, as DUO's 1cijferHO EV file (the hbo/wo part) or
// as DUO mbo registration files (the mbo part). Made-up people only: nothing personal is involved. Every file is
// written under a temporary name and renamed when all are complete, so a failed run leaves nothing half-written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    CsvWriter, DuckDBEngine, EvWriter, EXAMPLE_OPTIONS, RoWriter, commitGenerated, discardGenerated, readLayout,
    simulatePeople, type GeneratedFile, type GeneratedFileSummary, type PopulationWriter, type SimulateOptions,
} from '@stroom/language';
import { fail } from './common.js';

export const GENERATE_FORMATS = ['csv', 'parquet', '1cijferho', 'mbo-ro', 'all'] as const;
export type GenerateFormat = (typeof GENERATE_FORMATS)[number];

export interface GenerateOptions {
    readonly persons?: string;
    readonly seed?: string;
    readonly from?: string;
    readonly until?: string;
    readonly out: string;
    /** One format, `all`, or several separated by commas (`csv,mbo-ro`): more than one each get their own folder. */
    readonly format?: string;
    readonly layout?: string;
    /** Also entree (mbo-1) students (off by default: the defaults give the bundled example data). */
    readonly entree?: boolean;
    /** Also vso cluster and exit profile, migration background and mbo reason codes (off by default). */
    readonly details?: boolean;
}

/**
 * DUO's 1cijferHO layout: beside the bundle in the installed package (dist/layouts), else the repository's
 * examples/sources/duo.
 */
function bundledLayout(): string {
    const installed = fileURLToPath(new URL('layouts/1cijferho.layout', import.meta.url));
    return fs.existsSync(installed) ? installed : fileURLToPath(new URL('../../../../examples/sources/duo/1cijferho.layout', import.meta.url));
}

/** With format all, each format gets its own folder under --out. */
const SUBFOLDER: Readonly<Record<Exclude<GenerateFormat, 'all'>, string>> = {
    csv: 'csv', parquet: 'parquet', '1cijferho': '1cijferho', 'mbo-ro': 'mbo-ro',
};

function integer(name: string, value: string | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, not '${value}'`);
    return Number(value);
}

/** A progress line on stderr (terminals only), at most a few times a second. */
class Progress {
    private last = performance.now();
    private shown = false;

    constructor(private readonly total: number) { }

    tick(done: number): void {
        if (!process.stderr.isTTY || (done & 1023) !== 0) return;
        const now = performance.now();
        if (now - this.last < 250) return;
        this.last = now;
        this.shown = true;
        process.stderr.write(`\rgenerating: ${done.toLocaleString('en-US')} of ${this.total.toLocaleString('en-US')} people (${Math.floor((100 * done) / this.total)}%)`);
    }

    clear(): void {
        if (this.shown) process.stderr.write('\r\x1b[K');
    }
}

/** Converts the finished (temporary) CSV files to Parquet files next to them, also under temporary names. */
async function toParquet(csv: readonly GeneratedFile[], dir: string): Promise<{ tmp: string; path: string; rows: number }[]> {
    fs.mkdirSync(dir, { recursive: true });
    const engine = await DuckDBEngine.open();
    const made: { tmp: string; path: string; rows: number }[] = [];
    try {
        // One thread: the same rows always give the same row groups, so the same bytes.
        await engine.query('SET threads = 1');
        for (const f of csv) {
            const target = path.join(dir, f.file.replace(/\.csv$/, '.parquet'));
            const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
            made.push({ tmp, path: target, rows: f.rows });
            const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
            await engine.query(`COPY (SELECT * FROM read_csv(${quote(f.tmp)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')) TO ${quote(tmp)} (FORMAT parquet)`);
        }
        return made;
    } catch (e) {
        for (const m of made) fs.rmSync(m.tmp, { force: true });
        throw e;
    } finally {
        await engine.close();
    }
}

export async function generate(options: GenerateOptions): Promise<number> {
    let opts: SimulateOptions;
    let formats: Exclude<GenerateFormat, 'all'>[];
    try {
        opts = {
            persons: integer('persons', options.persons, EXAMPLE_OPTIONS.persons),
            seed: integer('seed', options.seed, EXAMPLE_OPTIONS.seed),
            firstYear: integer('from', options.from, EXAMPLE_OPTIONS.firstYear),
            lastYear: integer('until', options.until, EXAMPLE_OPTIONS.lastYear),
            ...(options.entree ? { entree: true } : {}),
            ...(options.details ? { details: true } : {}),
        };
        if (opts.firstYear >= opts.lastYear) throw new Error('--from must be before --until');
        if (opts.persons >= 45_000_000) throw new Error('--persons must be below 45,000,000');
        const asked = (options.format ?? 'csv').split(',').map((x) => x.trim());
        for (const f of asked) {
            if (!(GENERATE_FORMATS as readonly string[]).includes(f)) throw new Error(`--format must be one of ${GENERATE_FORMATS.join(', ')} (or several separated by commas), not '${f}'`);
        }
        formats = GENERATE_FORMATS.filter((f): f is Exclude<GenerateFormat, 'all'> => f !== 'all' && (asked.includes(f) || asked.includes('all')));
    } catch (e) {
        return fail((e as Error).message, 2);
    }
    const out = path.resolve(options.out);
    const wants = (f: Exclude<GenerateFormat, 'all'>): boolean => formats.includes(f);
    const dirOf = (f: Exclude<GenerateFormat, 'all'>): string => (formats.length > 1 ? path.join(out, SUBFOLDER[f]) : out);
    try {
        fs.mkdirSync(out, { recursive: true });
    } catch (e) {
        return fail(`${options.out}: cannot create folder (${(e as NodeJS.ErrnoException).code})`, 2);
    }
    let layout;
    if (wants('1cijferho')) {
        const file = path.resolve(options.layout ?? bundledLayout());
        layout = readLayout(file);
        if (!layout) return fail(`${options.layout ?? file}: cannot read the 1cijferHO layout (give one with --layout)`, 2);
        if (layout.problems.length) return fail(`${options.layout ?? file}:${layout.problems[0].line}: ${layout.problems[0].message}`, 2);
    }

    const t0 = performance.now();
    const writers: PopulationWriter[] = [];
    let parquet: { tmp: string; path: string; rows: number }[] = [];
    try {
        // Parquet alone still goes through CSV: temporary files in --out, converted, then removed.
        const csv = wants('csv') || wants('parquet') ? new CsvWriter(dirOf(wants('csv') ? 'csv' : 'parquet'), opts.details === true) : undefined;
        if (csv) writers.push(csv);
        if (layout) writers.push(new EvWriter(dirOf('1cijferho'), opts, layout));
        if (wants('mbo-ro')) writers.push(new RoWriter(dirOf('mbo-ro'), opts));

        const progress = new Progress(opts.persons);
        let enrollments = 0;
        for (const person of simulatePeople(opts)) {
            for (const w of writers) w.add(person);
            enrollments += person.enrollments.length;
            progress.tick(person.number);
        }
        progress.clear();
        const finished = writers.flatMap((w) => w.finish());
        if (csv && wants('parquet')) parquet = await toParquet(csv.files, dirOf('parquet'));

        // Everything is complete: give the files their names.
        const keep = wants('csv') ? finished : finished.filter((f) => !csv?.files.includes(f));
        const written: GeneratedFileSummary[] = commitGenerated(keep);
        for (const p of parquet) {
            fs.renameSync(p.tmp, p.path);
            written.push({ file: path.basename(p.path), path: p.path, rows: p.rows });
        }
        if (!wants('csv') && csv) discardGenerated(csv.files);
        for (const { path: file, rows } of written) {
            process.stdout.write(`${path.relative(process.cwd(), file) || file}: ${rows} ${file.endsWith('.asc') ? 'records' : file.includes(`${path.sep}RO_`) ? 'lines' : 'rows'}\n`);
        }
        process.stderr.write(`generated ${opts.persons} people, ${enrollments} enrollments (seed ${opts.seed}, study years ${opts.firstYear}/${opts.firstYear + 1} .. ${opts.lastYear - 1}/${opts.lastYear}) in ${Math.round(performance.now() - t0)} ms\n`);
        return 0;
    } catch (e) {
        for (const w of writers) discardGenerated(w.files);
        for (const p of parquet) fs.rmSync(p.tmp, { force: true });
        return fail(`generate: ${(e as Error).message}`, 1);
    }
}
