// The hand-written reference queries of bench/reference (what bench/sql.ts times the generated SQL against) count
// what the generated SQL counts, on the relation tables an engine builds once: a reference that drifts from the
// semantics, or a printer change that moves a figure, fails here.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { DuckDBEngine, simulate, writeCsv } from '@stroom/language';
import { buildRelations, countLines, generatedSql, plans, REFERENCE_CASES, referenceSql, workspaceOn } from '../../bench/reference/harness.js';
import { tempDir } from '../helpers.js';

function agrees(label: string, data?: () => string): void {
    describe(`reference SQL on ${label}`, () => {
        let engine: DuckDBEngine;
        let root: string;
        let cleanup: string | undefined;
        before(async () => {
            engine = await DuckDBEngine.open();
            ({ root, cleanup } = workspaceOn(data?.()));
        });
        after(async () => {
            await engine.close();
            if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
        });

        it('gives the counts of the generated SQL for every reference indicator', async () => {
            const all = await plans(root);
            const relationTable = await buildRelations(engine, all);
            for (const [i, c] of REFERENCE_CASES.entries()) {
                const generated = countLines(await engine.query(generatedSql(all[i], relationTable)));
                const reference = countLines(await engine.query(referenceSql(c)));
                assert.ok(generated.length > 0, `${c.indicator}: no counts`);
                assert.deepEqual(reference, generated, `${c.reference} counts differently from ${c.indicator}`);
            }
        });
    });
}

agrees('the bundled example data');
// Other people than the bundled ones: another seed, smaller.
agrees('3,000 generated people', () => {
    const dir = tempDir();
    writeCsv(simulate({ persons: 3000, seed: 7, firstYear: 2014, lastYear: 2024 }), dir);
    return dir;
});
