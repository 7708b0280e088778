// The example workspace tests itself: every `example` block passes on the reference evaluator and on DuckDB, every
// definition file runs on the bundled data with plausible figures, and a wrong expectation is caught and reported
// with its line, the expected and the got outcome of both engines.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, stroom, tempDir } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';

/** Every .stroom file under the example workspace (no folder is excluded in its stroom.json). */
function stroomFiles(dir = EXAMPLES): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'data' ? [] : stroomFiles(full);
        return entry.name.endsWith('.stroom') ? [full] : [];
    }).sort();
}

/** `example "..."` blocks, counted from the text (an example starts a line at the top level). */
function countExamples(text: string): number {
    return text.split('\n').filter((line) => /^example "/.test(line)).length;
}

/** Rows of `stroom run --format csv` as records (no field of these files holds a comma). */
function csvRows(text: string): Record<string, string>[] {
    const [header, ...lines] = text.trim().split('\n');
    const columns = header.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

/** The pooled rate of an indicator's csv rows: the sum of counts over the sum of cohort sizes, in percent. */
function overall(rows: readonly Record<string, string>[], filter: (r: Record<string, string>) => boolean = () => true): number {
    const ok = rows.filter((r) => r.status === 'ok' && filter(r));
    assert.ok(ok.length > 0, 'no computed rows');
    const count = ok.reduce((a, r) => a + Number(r.count), 0);
    const size = ok.reduce((a, r) => a + Number(r.cohort_size), 0);
    return (100 * count) / size;
}

async function runCsv(file: string, indicator: string): Promise<Record<string, string>[]> {
    const r = await stroomIn(['run', path.join(EXAMPLES, file), '--indicator', indicator, '--format', 'csv']);
    assert.equal(r.status, 0, r.stderr);
    return csvRows(r.stdout);
}

describe('example workspace', function () {
    this.timeout(180_000);
    const files = stroomFiles();
    const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));

    describe('stroom test examples', () => {
        let result: ReturnType<typeof stroom>;
        before(async () => { result = await stroomIn(['test', 'examples']); });

        it('exits 0 with every example block passing on the evaluator and on DuckDB', () => {
            assert.equal(result.status, 0, result.stdout + result.stderr);
            const expected = [...texts.values()].reduce((n, t) => n + countExamples(t), 0);
            assert.ok(expected >= 31, `only ${expected} example blocks in examples/`);
            const lines = result.stdout.trimEnd().split('\n');
            assert.equal(lines.at(-1), `${expected} passed, 0 failed`);
            const passed = lines.filter((l) => /^ {2}✓ .*; evaluator and duckdb\)$/.test(l));
            assert.equal(passed.length, expected, result.stdout);
            assert.ok(!lines.some((l) => / \(0 expectations;/.test(l)), 'an example block without expectations');
        });

        it('covers every published definition with blocks of its own', () => {
            const perFile = Object.fromEntries([...texts].map(([f, t]) => [path.relative(EXAMPLES, f), countExamples(t)]));
            for (const [file, atLeast] of Object.entries({
                'havo-hbo.stroom': 1,
                'tests/hbo-cbs-ocw-vh.stroom': 9,
                'tests/hbo-inspectie-unl.stroom': 6,
                'tests/mbo.stroom': 10,
                'tests/vsv.stroom': 7,
                'tests/bestemming.stroom': 3,
            })) {
                assert.ok((perFile[file] ?? 0) >= atLeast, `${file}: ${perFile[file] ?? 0} example blocks, expected at least ${atLeast}`);
            }
        });
    });

    describe('stroom run', () => {
        const definitionFiles = files.filter((f) => /^indicator /m.test(texts.get(f)!));

        it('finds the definition files', () => {
            const names = definitionFiles.map((f) => path.relative(EXAMPLES, f));
            for (const f of ['havo-hbo.stroom', 'mbo.stroom', 'vsv.stroom', 'vo-bestemming.stroom', 'wo-unl.stroom', 'hbo-inspectie.stroom']) {
                assert.ok(names.includes(f), `${f} is missing or has no indicator`);
            }
        });

        it('computes every indicator of every definition file on the bundled data, or says plainly that it needs a database', async () => {
            let needDatabase = 0;
            for (const file of definitionFiles) {
                const r = await stroomIn(['run', file]);
                // A file on a source of database tables (consortium.stroom) exits 2 and says what it needs;
                // test/cli/consortium.test.ts runs it on PostgreSQL.
                if (r.status === 2 && /^stroom: source \w+ reads database tables? /.test(r.stderr)) {
                    assert.match(r.stderr, /: it runs on PostgreSQL only: add --engine postgres\b.* \/ bron \w+ /);
                    assert.equal(r.stdout, '');
                    needDatabase++;
                    continue;
                }
                assert.equal(r.status, 0, `${path.relative(EXAMPLES, file)}: ${r.stderr}`);
                for (const [, name] of texts.get(file)!.matchAll(/^indicator (\w+)/gm)) {
                    assert.match(r.stdout, new RegExp(`^${name} — `, 'm'), `${name} is not in the output of ${file}`);
                }
            }
            assert.ok(needDatabase < definitionFiles.length / 2, 'most example files run on the bundled data');
        });

        // Broad bounds around DOMAIN.md's checkpoints: synthetic data, so plausibility rather than equality.
        it('gives plausible mbo figures (startersresultaat ~84%, jaarresultaat ~74%)', async () => {
            const pooled = await runCsv('mbo.stroom', 'Startersresultaat3');
            assert.ok(pooled.every((r) => r.status !== 'ok' || (Number(r.rate) >= 75 && Number(r.rate) <= 95)), JSON.stringify(pooled));
            const pooledRate = overall(pooled);
            assert.ok(pooledRate > 80 && pooledRate < 90, `startersresultaat ${pooledRate}`);
            // The pooled figure of 2019 sums the cohorts 2017-2019 of the yearly indicator.
            const yearly = await runCsv('mbo.stroom', 'Startersresultaat');
            const sum = (rows: Record<string, string>[], key: 'count' | 'cohort_size') => rows.reduce((a, r) => a + Number(r[key]), 0);
            const y2019 = pooled.filter((r) => r.cohort_year === '2019');
            const y2017to19 = yearly.filter((r) => ['2017', '2018', '2019'].includes(r.cohort_year));
            assert.equal(sum(y2019, 'cohort_size'), sum(y2017to19, 'cohort_size'));
            assert.equal(sum(y2019, 'count'), sum(y2017to19, 'count'));
            const jaar = overall(await runCsv('mbo.stroom', 'Jaarresultaat'));
            assert.ok(jaar > 65 && jaar < 80, `jaarresultaat ${jaar}`);
        });

        it('gives plausible vsv figures: a few percent, higher in mbo than in vo', async () => {
            const rows = await runCsv('vsv.stroom', 'Vsv');
            const mbo = overall(rows, (r) => r.sector === 'mbo');
            const vo = overall(rows, (r) => r.sector === 'vo');
            assert.ok(vo > 0 && vo < mbo && mbo < 10, `vsv vo ${vo}, mbo ${mbo}`);
            assert.ok(overall(rows) < 5, `vsv ${overall(rows)}`);
        });

        it('sends most havo graduates to hbo and most vwo graduates to wo', async () => {
            const rows = await runCsv('vo-bestemming.stroom', 'BestemmingHavoVwo');
            const counts = (level: string) => {
                const byDestination = new Map<string, number>();
                for (const r of rows.filter((x) => x.status === 'ok' && x.level === level)) {
                    byDestination.set(r.destination, (byDestination.get(r.destination) ?? 0) + Number(r.count));
                }
                return byDestination;
            };
            const havo = counts('havo');
            const vwo = counts('vwo');
            const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])[0][0];
            assert.equal(top(havo), 'other sector: hbo');
            assert.equal(top(vwo), 'other sector: wo');
        });

        it('keeps most UNL entrants in their programme after one year (~80%)', async () => {
            const retained = overall(await runCsv('wo-unl.stroom', 'HerinschrijvingUNL'));
            assert.ok(retained > 70 && retained < 90, `herinschrijving ${retained}`);
        });
    });

    describe('a failing example block', () => {
        it('makes stroom test exit 1 and names the line, the expected and the got outcome of both engines', async () => {
            const source = texts.get(path.join(EXAMPLES, 'tests', 'hbo-cbs-ocw-vh.stroom'))!;
            const start = source.indexOf('example "switchers to wo and to mbo" {');
            assert.ok(start >= 0, 'the block to copy is gone');
            const block = source.slice(start, source.indexOf('\n}\n', start) + 3);
            const right = '    expect UitvalOCW classifies towo as retained';
            assert.ok(block.includes(right), 'the expectation to break is gone');
            const wrongText = `package regio_noord\n\n${block.replace(right, '    expect UitvalOCW classifies towo as dropout')}`;
            const dir = tempDir('stroom-examples-');
            fs.cpSync(EXAMPLES, dir, { recursive: true, filter: (f) => !path.relative(EXAMPLES, f).startsWith('tests') });
            fs.writeFileSync(path.join(dir, 'wrong.stroom'), wrongText);
            const line = wrongText.split('\n').findIndex((l) => l.includes('UitvalOCW classifies towo as dropout')) + 1;

            const r = await stroomIn(['test', 'wrong.stroom'], dir);
            assert.equal(r.status, 1, r.stdout + r.stderr);
            const out = r.stdout.trimEnd().split('\n');
            assert.equal(out.at(-1), '0 passed, 1 failed');
            assert.ok(out.some((l) => l.trim() === '✗ switchers to wo and to mbo'), r.stdout);
            assert.ok(out.some((l) => l.trim() === `line ${line}: expect UitvalOCW classifies towo as dropout`), r.stdout);
            assert.ok(out.some((l) => l.trim() === 'expected dropout, got retained (evaluator)'), r.stdout);
            assert.ok(out.some((l) => l.trim() === 'expected dropout, got retained (duckdb)'), r.stdout);
            // Only the broken expectation is reported.
            assert.equal(out.filter((l) => /^\s*line \d+:/.test(l)).length, 1, r.stdout);

            // The same block as written passes.
            fs.writeFileSync(path.join(dir, 'wrong.stroom'), `package regio_noord\n\n${block}`);
            const fixed = await stroomIn(['test', 'wrong.stroom'], dir);
            assert.equal(fixed.status, 0, fixed.stdout);
            assert.equal(fixed.stdout.trimEnd().split('\n').at(-1), '1 passed, 0 failed');

            // A block the parser cannot read does not pass: the file's errors are shown instead.
            fs.writeFileSync(path.join(dir, 'wrong.stroom'), `package regio_noord\n\n${block.replace('expect UitvalOCW', 'expekt UitvalOCW')}`);
            const broken = await stroomIn(['test', 'wrong.stroom'], dir);
            assert.equal(broken.status, 1, broken.stdout);
            assert.equal(broken.stdout.trimEnd().split('\n').at(-1), '0 passed, 1 failed');
            assert.match(broken.stdout, /the file has errors; its examples do not run/);
            assert.match(broken.stdout, /wrong\.stroom:\d+:\d+ error parse-error/);
        });
    });

    describe('stroom test --example (what the editor\'s Test lens above one block runs)', function () {
        this.timeout(300000);
        it('runs only the named block, and a name no block has is a usage error (exit 2)', async function () {
            const file = path.join(EXAMPLES, 'tests', 'hbo-cbs-ocw-vh.stroom');
            const names = [...fs.readFileSync(file, 'utf8').matchAll(/^example "([^"]*)"/gm)].map((m) => m[1]);
            assert.ok(names.length > 1, 'a file with several example blocks');
            const one = await stroomIn(['test', file, '--example', names[1]]);
            assert.equal(one.status, 0, one.stdout + one.stderr);
            const ticked = one.stdout.split('\n').filter((l) => /^\s*[✓✗] /.test(l));
            assert.deepEqual(ticked.map((l) => l.trim().replace(/^✓ /, '').replace(/ \(.*\)$/, '')), [names[1]]);
            assert.equal(one.stdout.trimEnd().split('\n').at(-1), '1 passed, 0 failed');
            // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
            const none = stroom(['test', file, '--example', 'no such block']);
            assert.equal(none.status, 2, none.stdout);
            assert.match(none.stdout, /no example blocks named "no such block"/);
        });
    });
});
