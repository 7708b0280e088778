// PostgreSQL gives the same counts as DuckDB for every example indicator and every spec case this version computes.
import { strict as assert } from 'node:assert';
import { DuckDBEngine, PostgresEngine, databaseTables, execute, loadWorkspace, prepare, ast } from '@stroom/language';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, STROOM_BIN, writeFiles } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';
import { postgresFor } from '../postgres.js';

describe('PostgreSQL engine', function () {
    let pg: PostgresEngine;
    let duck: DuckDBEngine;
    before(async function () {
        const cluster = await postgresFor(this);
        pg = await PostgresEngine.open(cluster.url);
        duck = await DuckDBEngine.open();
    });
    after(async () => {
        await pg?.close();
        await duck?.close();
    });

    let url: string;
    before(async function () {
        url = (await postgresFor(this)).url;
    });

    it('stroom run --engine postgres prints the same JSON results as DuckDB; only meta differs', async () => {
        const args = ['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalCBS', '--format', 'json'];
        const onDuck = await stroomIn(args);
        const onPg = await stroomIn([...args, '--engine', 'postgres', '--db', url]);
        assert.equal(onPg.status, 0, onPg.stderr);
        const duck = JSON.parse(onDuck.stdout);
        const pgJson = JSON.parse(onPg.stdout);
        assert.equal(pgJson.meta.engine, 'postgres');
        assert.equal(duck.meta.engine, 'duckdb');
        assert.deepEqual(pgJson.results, duck.results);
        assert.ok(duck.results[0].rows.length > 10);
    });

    it('reads the database URL from STROOM_DATABASE_URL, and says what is missing without one', async () => {
        const env = { ...process.env, NO_COLOR: '1' };
        delete env.STROOM_DATABASE_URL;
        const args = [STROOM_BIN, 'run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW', '--engine', 'postgres', '--format', 'csv'];
        const missing = spawnSync(process.execPath, args, { encoding: 'utf8', env });
        assert.equal(missing.status, 2);
        assert.match(missing.stderr, /--db URL or STROOM_DATABASE_URL/);
        const withEnv = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...env, STROOM_DATABASE_URL: url } });
        assert.equal(withEnv.status, 0, withEnv.stderr);
        assert.equal(withEnv.stdout, (await stroomIn(['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW', '--format', 'csv'])).stdout);
    });

    it('reads sources that are tables in the database (and refuses them on DuckDB, saying why)', async () => {
        // A consortium database: the example data as real tables of schema "regio".
        const ws = await loadWorkspace(EXAMPLES);
        const [p] = prepare(ws, path.join(EXAMPLES, 'havo-hbo.stroom'), { indicator: 'UitvalCBS' });
        await pg.prepareData!(p.plan, duck);
        await pg.query('DROP SCHEMA IF EXISTS regio CASCADE; CREATE SCHEMA regio');
        for (const r of p.plan.relations) {
            await pg.query(`CREATE TABLE regio.${r.file.name} AS SELECT * FROM "stroom_file_${r.file.name}" ORDER BY "stroom$row"`);
            await pg.query(`ALTER TABLE regio.${r.file.name} DROP COLUMN "stroom$row"`);
        }
        const dir = writeFiles({});
        fs.cpSync(EXAMPLES, dir, { recursive: true });
        const sourceFile = path.join(dir, 'sources', 'voorbeeld.stroom');
        fs.writeFileSync(sourceFile, fs.readFileSync(sourceFile, 'utf8').replace(/file (\w+) csv "[^"]*"/g, 'file $1 table "regio.$1"'));
        const args = ['run', 'havo-hbo.stroom', '--indicator', 'UitvalCBS', '--format', 'json'];
        const onDuck = await stroomIn(args, dir);
        assert.equal(onDuck.status, 2);
        assert.match(onDuck.stderr, /source Voorbeeld reads database tables? .*regio\.inschrijvingen.*--engine postgres and --db URL/);
        const onPg = await stroomIn([...args, '--engine', 'postgres', '--db', url], dir);
        assert.equal(onPg.status, 0, onPg.stderr);
        const fromFiles = await stroomIn(['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalCBS', '--format', 'json']);
        assert.deepEqual(JSON.parse(onPg.stdout).results[0].rows, JSON.parse(fromFiles.stdout).results[0].rows);
        // A mapping onto a column the table does not have is named, with the table's columns.
        fs.writeFileSync(sourceFile, fs.readFileSync(sourceFile, 'utf8').replace('institution = brin', 'institution = instelling'));
        const bad = await stroomIn([...args, '--engine', 'postgres', '--db', url], dir);
        assert.equal(bad.status, 1);
        assert.match(bad.stderr, /table regio\.inschrijvingen has no column 'instelling'; its columns: persoonsnummer, brin/);
    });

    it('copies awkward values exactly: quotes, tabs, newlines, backslashes, \\N, empty text versus missing, non-ASCII, dates', async () => {
        const dir = writeFiles({});
        fs.cpSync(EXAMPLES, dir, { recursive: true });
        // CSV quoting: a doubled quote is one quote; a quoted field may hold the delimiter, a tab or a newline.
        const awkward = [
            'P"quote,01-02-2003,V,"say ""hi"", ok"',
            '"P\ttab",29-02-2004,M,"a\tb"',
            '"P\nnewline",31-12-1999,V,"line\r\nbreak"',
            'P\\back\\slash,01-01-2000,M,\\N',
            '\\N,15-06-2001,V,""',
            'Pempty,15-06-2001,M,',
            'Pë✓,15-06-2001,V,Zoë ✓ 北',
        ];
        fs.appendFileSync(path.join(dir, 'data', 'personen.csv'), `${awkward.join('\n')}\n`);
        const ws = await loadWorkspace(dir);
        const [p] = prepare(ws, path.join(dir, 'vsv.stroom'), { indicator: 'Vsv' });
        const table = await pg.relations!(p.plan, duck);
        const person = p.plan.relations.find((r) => r.name === 'person')!;
        const rows = (engine: PostgresEngine | DuckDBEngine, r: typeof person) => engine.query(`SELECT * FROM "${table(r)}" ORDER BY "source_row"`);
        const onPg = await rows(pg, person);
        assert.deepEqual(onPg, await rows(duck, person));
        const persons = onPg.map((r) => r.person);
        for (const id of ['P"quote', 'P\ttab', 'P\nnewline', 'P\\back\\slash', '\\N', 'Pë✓']) assert.ok(persons.includes(id), id);
        assert.deepEqual(onPg.filter((r) => r.person === 'P\ttab').map((r) => [r.birth_date, r.region]), [['2004-02-29', 'a\tb']]);
        assert.deepEqual(onPg.filter((r) => r.person === 'P"quote').map((r) => r.region), ['say "hi", ok']);
        // The other relations (dates, booleans, school years) too.
        for (const r of p.plan.relations.filter((x) => x !== person)) assert.deepEqual(await rows(pg, r), await rows(duck, r), r.name);
        // The file as it is (what `stroom funnel` reads): an empty quoted field is empty text, an empty one missing.
        await pg.prepareData!(p.plan, duck);
        const which = `WHERE "persoonsnummer" IN ('\\N', 'Pempty', 'P\\back\\slash') ORDER BY "stroom$row"`;
        const raw = await pg.query(`SELECT "persoonsnummer", "regio" FROM "stroom_file_personen" ${which}`);
        assert.deepEqual(raw, await duck.query(`SELECT "persoonsnummer", "regio" FROM ${duck.dialect.readFile(person.file, ',')} AS "f" ${which}`));
        assert.equal(raw.length, 3);
    });

    it('gives the same figures as DuckDB for every example indicator', async () => {
        const ws = await loadWorkspace(EXAMPLES);
        let compared = 0;
        for (const doc of ws.documents) {
            if (!doc.parseResult.value.elements.some(ast.isIndicator)) continue;
            for (const p of prepare(ws, doc.uri.fsPath)) {
                // Indicators on database tables (the consortium example) have no DuckDB figures: consortium.test.ts
                // compares them with the same indicators on the CSV source.
                if (databaseTables([p]).length > 0) continue;
                const onDuck = await execute(duck, p);
                const onPg = await execute(pg, p, { reader: duck });
                assert.deepEqual(onPg.figures, onDuck.figures, p.definition.indicator.name);
                assert.ok(onDuck.figures.length > 0);
                compared++;
            }
        }
        assert.ok(compared >= 4);
    });
});
