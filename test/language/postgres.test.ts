// PostgreSQL gives the same counts as DuckDB for every example indicator and every spec case this version computes.
import { strict as assert } from 'node:assert';
import { DuckDBEngine, PostgresEngine, execute, loadWorkspace, prepare, ast } from '@stroom/language';
import { EXAMPLES } from '../helpers.js';
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
