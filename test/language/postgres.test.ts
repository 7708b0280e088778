// PostgreSQL gives the same counts as DuckDB for every example indicator and every spec case this version computes.
import { strict as assert } from 'node:assert';
import { DuckDBEngine, PostgresEngine, execute, loadWorkspace, prepare, ast } from '@stroom/language';
import { spawnSync } from 'node:child_process';
import { EXAMPLES, STROOM_BIN, stroom } from '../helpers.js';
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

    it('stroom run --engine postgres prints the same JSON results as DuckDB; only meta differs', () => {
        const args = ['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalCBS', '--format', 'json'];
        const onDuck = stroom(args);
        const onPg = stroom([...args, '--engine', 'postgres', '--db', url]);
        assert.equal(onPg.status, 0, onPg.stderr);
        const duck = JSON.parse(onDuck.stdout);
        const pgJson = JSON.parse(onPg.stdout);
        assert.equal(pgJson.meta.engine, 'postgres');
        assert.equal(duck.meta.engine, 'duckdb');
        assert.deepEqual(pgJson.results, duck.results);
        assert.ok(duck.results[0].rows.length > 10);
    });

    it('reads the database URL from STROOM_DATABASE_URL, and says what is missing without one', () => {
        const env = { ...process.env, NO_COLOR: '1' };
        delete env.STROOM_DATABASE_URL;
        const args = [STROOM_BIN, 'run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW', '--engine', 'postgres', '--format', 'csv'];
        const missing = spawnSync(process.execPath, args, { encoding: 'utf8', env });
        assert.equal(missing.status, 2);
        assert.match(missing.stderr, /--db URL or STROOM_DATABASE_URL/);
        const withEnv = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...env, STROOM_DATABASE_URL: url } });
        assert.equal(withEnv.status, 0, withEnv.stderr);
        assert.equal(withEnv.stdout, stroom(['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW', '--format', 'csv']).stdout);
    });

    it('gives the same figures as DuckDB for every example indicator', async () => {
        const ws = await loadWorkspace(EXAMPLES);
        let compared = 0;
        for (const doc of ws.documents) {
            if (!doc.parseResult.value.elements.some(ast.isIndicator)) continue;
            for (const p of prepare(ws, doc.uri.fsPath)) {
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
