// The consortium example: a source of PostgreSQL tables (examples/sources/consortium) and indicators on it
// (examples/consortium.stroom). Without a database `stroom run` says which source needs one and what to add, and
// exits 2. On a temporary cluster the loader fills the tables from the bundled CSV files, and the figures computed
// there equal the same indicators computed on the CSV source (sources.Voorbeeld) with DuckDB, year by year.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXAMPLES, REPO, STROOM_BIN, tempDir, type CliResult } from '../helpers.js';
import { postgresFor } from '../postgres.js';

const FILE = 'examples/consortium.stroom';
const LOADER = path.join(EXAMPLES, 'sources', 'consortium', 'load.sql');
const DATA = path.join(EXAMPLES, 'data');
const INDICATORS = [...fs.readFileSync(path.join(REPO, FILE), 'utf8').matchAll(/^indicator (\w+)/gm)].map((m) => m[1]);
const TABLES = { leerlingen: 'personen', inschrijvingen: 'inschrijvingen', diplomas: 'diplomas', vooropleidingen: 'vooropleidingen' };

/** The real `stroom` command with exactly the database settings given (none from the environment). */
function stroom(args: readonly string[], databaseUrl?: string): CliResult {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.STROOM_DATABASE_URL;
    if (databaseUrl) env.STROOM_DATABASE_URL = databaseUrl;
    const r = spawnSync(process.execPath, [STROOM_BIN, ...args], { cwd: REPO, encoding: 'utf8', env });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** psql, from the same installation as the initdb that test/postgres.ts starts the cluster with. */
function findPsql(): string | undefined {
    const fromEnv = process.env.STROOM_PG_BIN;
    if (fromEnv && fs.existsSync(path.join(fromEnv, 'psql'))) return path.join(fromEnv, 'psql');
    const root = '/usr/lib/postgresql';
    if (fs.existsSync(root)) {
        const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'psql')))
            .sort((a, b) => Number(b) - Number(a));
        if (versions.length > 0) return path.join(root, versions[0], 'bin', 'psql');
    }
    const which = spawnSync('sh', ['-c', 'command -v psql'], { encoding: 'utf8' });
    return which.status === 0 ? which.stdout.trim() : undefined;
}

/** Data rows of a bundled CSV file (its lines minus the header). */
function csvRows(name: string): number {
    return fs.readFileSync(path.join(DATA, `${name}.csv`), 'utf8').trimEnd().split('\n').length - 1;
}

interface JsonRun {
    meta: { engine: string };
    results: Array<{
        indicator: string; breakdown: string[];
        rows: Array<{ cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number | null; count: number | null; rate: number | null; suppressed: boolean }>;
        incomplete: Array<{ cohort_year: number; reason: string }>;
    }>;
}

describe('the consortium database example', function () {
    this.timeout(180_000);

    describe('without a database', () => {
        it('stroom run exits 2 and says which source needs which database, in English and Dutch', () => {
            const r = stroom(['run', FILE]);
            assert.equal(r.status, 2, r.stderr);
            assert.equal(r.stdout, '');
            const [line, ...rest] = r.stderr.trimEnd().split('\n');
            assert.deepEqual(rest, [], 'one line');
            assert.match(line, /^stroom: source Consortium reads database tables regio\.\w+(, regio\.\w+){3}: /);
            for (const table of Object.keys(TABLES)) assert.ok(line.includes(`regio.${table}`), `${table} not named: ${line}`);
            assert.ok(line.includes('it runs on PostgreSQL only: add --engine postgres and --db URL (or set STROOM_DATABASE_URL)'), line);
            assert.ok(line.includes(' / bron Consortium leest tabellen in een database: die draait alleen op PostgreSQL: '
                + 'voeg --engine postgres en --db URL toe (of zet STROOM_DATABASE_URL)'), line);
            assert.doesNotMatch(r.stderr, /\n\s+at /);
        });

        it('with --engine postgres but no database: exits 2, naming the source and --db URL or STROOM_DATABASE_URL', () => {
            const r = stroom(['run', FILE, '--engine', 'postgres']);
            assert.equal(r.status, 2, r.stderr);
            assert.equal(r.stdout, '');
            assert.match(r.stderr, /^stroom: source Consortium reads database tables .*: --engine postgres needs a database: --db URL or STROOM_DATABASE_URL \/ bron Consortium /);
        });

        it('with a database but not --engine postgres: exits 2 and asks for --engine postgres, connecting nowhere', () => {
            // Port 1 has no server: the message must come before any connection attempt.
            const url = 'postgres://nobody@127.0.0.1:1/none';
            for (const [args, given] of [[['--db', url], '--db'], [[], 'STROOM_DATABASE_URL']] as const) {
                const r = stroom(['run', FILE, ...args], given === 'STROOM_DATABASE_URL' ? url : undefined);
                assert.equal(r.status, 2, r.stderr);
                assert.ok(r.stderr.includes(`source Consortium reads database tables `), r.stderr);
                assert.ok(r.stderr.includes(`it runs on PostgreSQL only: add --engine postgres (the database is given by ${given})`), r.stderr);
                assert.ok(r.stderr.includes(`voeg --engine postgres toe (de database staat in ${given})`), r.stderr);
            }
        });

        it('the source and the indicators lint without a diagnostic', () => {
            const r = stroom(['lint', FILE, 'examples/sources/consortium']);
            assert.equal(r.status, 0, r.stdout + r.stderr);
            assert.equal(r.stdout, '');
        });
    });

    describe('on PostgreSQL, loaded with load.sql', () => {
        let url: string;
        let psql: string;

        /** psql on the example database, from the given folder (the loader's CSV paths are relative to it). */
        function runPsql(args: readonly string[], cwd = REPO): { status: number; stdout: string; stderr: string } {
            const r = spawnSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], { cwd, encoding: 'utf8' });
            return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
        }

        function scalar(sql: string): string {
            const r = runPsql(['-A', '-t', '-c', sql]);
            assert.equal(r.status, 0, r.stderr);
            return r.stdout.trim();
        }

        function counts(): Record<string, number> {
            return Object.fromEntries(Object.keys(TABLES).map((t) => [t, Number(scalar(`SELECT count(*) FROM regio.${t}`))]));
        }

        before(async function () {
            const cluster = await postgresFor(this);
            const found = findPsql();
            if (!found) {
                const why = 'no psql found next to initdb (install the postgresql client or set STROOM_PG_BIN)';
                if (process.env.STROOM_REQUIRE_POSTGRES === '1') throw new Error(`STROOM_REQUIRE_POSTGRES=1 but ${why}`);
                console.warn(`      SKIPPED (PostgreSQL): ${why}`);
                this.skip();
            }
            psql = found;
            // A database of its own, so other PostgreSQL tests (which build their own schema regio) cannot interfere.
            const server = cluster.url;
            for (const sql of ['DROP DATABASE IF EXISTS stroom_consortium', 'CREATE DATABASE stroom_consortium']) {
                const r = spawnSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', server, '-c', sql], { encoding: 'utf8' });
                assert.equal(r.status, 0, r.stderr);
            }
            const database = new URL(server);
            database.pathname = '/stroom_consortium';
            url = database.toString();
            const load = runPsql(['-f', LOADER]);
            assert.equal(load.status, 0, load.stderr);
            assert.equal(load.stderr, '', 'the loader runs without notices');
            assert.match(load.stdout, /^schema regio: 6000 leerlingen, \d+ inschrijvingen, \d+ diploma's, \d+ vooropleidingen\n$/);
        });

        it('fills schema regio with every row of the CSV files, in typed columns', () => {
            assert.deepEqual(counts(), Object.fromEntries(Object.entries(TABLES).map(([t, csv]) => [t, csvRows(csv)])));
            const types = scalar(`SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ', ' ORDER BY table_name, column_name)
                FROM information_schema.columns WHERE table_schema = 'regio' AND data_type IN ('date', 'boolean', 'integer')`);
            for (const column of ['leerlingen.geboortedatum date', 'inschrijvingen.begindatum date', 'inschrijvingen.einddatum date',
                'inschrijvingen.hoofdinschrijving boolean', 'inschrijvingen.bekostigd boolean', 'diplomas.datum date', 'vooropleidingen.schooljaar integer']) {
                assert.ok(types.includes(column), `${column} is not in ${types}`);
            }
            // "00000000" in the CSV (still enrolled) is NULL in the database, with no reason for leaving.
            const open = fs.readFileSync(path.join(DATA, 'inschrijvingen.csv'), 'utf8').split('\n').filter((l) => /,00000000,[^,]*$/.test(l)).length;
            assert.ok(open > 0);
            assert.equal(Number(scalar('SELECT count(*) FROM regio.inschrijvingen WHERE einddatum IS NULL AND reden_uitschrijving IS NULL')), open);
        });

        it('loads again to the same result (idempotent), and a failing load leaves the database as it was (atomic)', () => {
            const before = counts();
            const again = runPsql(['-f', LOADER]);
            assert.equal(again.status, 0, again.stderr);
            assert.deepEqual(counts(), before);

            // The same data with one impossible date in the last file the loader reads.
            const dir = tempDir('stroom-consortium-');
            fs.cpSync(DATA, path.join(dir, 'examples', 'data'), { recursive: true });
            const diplomas = path.join(dir, 'examples', 'data', 'diplomas.csv');
            const lines = fs.readFileSync(diplomas, 'utf8').split('\n');
            lines[lines.length - 2] = lines[lines.length - 2].replace(/,\d{8}$/, ',20200931');
            fs.writeFileSync(diplomas, lines.join('\n'));
            const broken = runPsql(['-f', LOADER], dir);
            assert.notEqual(broken.status, 0);
            assert.match(broken.stderr, /ERROR: .*"20200931"/);
            // The schema was dropped and half filled again before the error: all of it is rolled back.
            assert.deepEqual(counts(), before);
        });

        it('computes the consortium indicators with the same figures as on the CSV source with DuckDB, year by year', () => {
            const onPg = stroom(['run', FILE, '--engine', 'postgres', '--db', url, '--format', 'json']);
            assert.equal(onPg.status, 0, onPg.stderr);
            const onDuck = stroom(['run', FILE, '--source', 'sources.Voorbeeld', '--format', 'json']);
            assert.equal(onDuck.status, 0, onDuck.stderr);
            const pg = JSON.parse(onPg.stdout) as JsonRun;
            const duck = JSON.parse(onDuck.stdout) as JsonRun;
            assert.equal(pg.meta.engine, 'postgres');
            assert.equal(duck.meta.engine, 'duckdb');
            assert.deepEqual(pg.results.map((r) => r.indicator.split('.').pop()), INDICATORS);
            assert.deepEqual(duck.results.map((r) => r.indicator), pg.results.map((r) => r.indicator));
            let years = 0;
            for (const [i, p] of pg.results.entries()) {
                const d = duck.results[i];
                assert.deepEqual(p.breakdown, d.breakdown);
                const yearsOf = (r: JsonRun['results'][number]) => [...new Set(r.rows.map((row) => row.cohort_year))];
                assert.deepEqual(yearsOf(p), yearsOf(d), p.indicator);
                assert.ok(yearsOf(p).length >= 5, `${p.indicator}: only ${yearsOf(p).length} complete cohort years`);
                for (const year of yearsOf(p)) {
                    const pick = (r: JsonRun['results'][number]) => r.rows.filter((row) => row.cohort_year === year);
                    assert.deepEqual(pick(p), pick(d), `${p.indicator} ${year}`);
                    assert.ok(pick(p).some((row) => !row.suppressed && row.cohort_size! > 0), `${p.indicator} ${year}: nothing computed`);
                    years++;
                }
                assert.deepEqual(p.incomplete, d.incomplete, p.indicator);
            }
            assert.ok(years >= 15, `only ${years} indicator-years compared`);
        });

        it('takes the database from STROOM_DATABASE_URL as well', () => {
            const withDb = stroom(['run', FILE, '--engine', 'postgres', '--db', url, '--indicator', 'UitvalCBS', '--format', 'csv']);
            const withEnv = stroom(['run', FILE, '--engine', 'postgres', '--indicator', 'UitvalCBS', '--format', 'csv'], url);
            assert.equal(withEnv.status, 0, withEnv.stderr);
            assert.equal(withEnv.stdout, withDb.stdout);
            assert.match(withEnv.stdout, /^UitvalCBS,\d{4},\d+,\d+,/m);
        });
    });
});
