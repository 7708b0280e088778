// Source features on real files: CSV with a semicolon, Parquet, row filters, sentinels, date formats, value maps
// with a prefix. Expected counts are worked out by hand from the rows below.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBEngine, execute, loadWorkspace, prepare } from '@stroom/language';
import { tempDir } from '../helpers.js';

// Four hbo entrants in 2020 (p1-p4) and one cancelled record (p5, filtered out by `where`):
// p1 stays in 34001; p2 switches to 34002 at A; p3 leaves in March 2021 (end date); p4 has no end (sentinel 0000-00-00).
const ROWS = [
    ['pid', 'brin', 'opl', 'soort', 'begin', 'eind', 'status'],
    ['p1', 'A', '34001', 'H-BO', '01-09-2020', '0000-00-00', 'ok'],
    ['p2', 'A', '34001', 'H-BO', '01-09-2020', '30-06-2021', 'ok'],
    ['p2', 'A', '34002', 'H-BO', '01-09-2021', '0000-00-00', 'ok'],
    ['p3', 'B', '34001', 'H-BO', '01-09-2020', '15-03-2021', 'ok'],
    ['p4', 'B', '34001', 'H-BO', '01-09-2020', '0000-00-00', 'ok'],
    ['p5', 'B', '34001', 'H-BO', '01-09-2020', '02-09-2020', 'geannuleerd'],
];

function definitions(fileLine: string): string {
    return `package t
source S {
    observed from 2015-09-01 until 2023-09-30
    missing "0000-00-00"
    ${fileLine}
    enrollments from enr where status != "geannuleerd" {
        person = pid
        institution = brin
        programme = opl
        sector = soort map prefix 1 { "H": hbo, "W": wo }
        start = date(begin, "dd-MM-yyyy")
        end = date(eind, "dd-MM-yyyy")
    }
}
cohort C {
    entry first in sector hbo
    inflow any
    years 2020..2020
}
indicator Uitval {
    cohort C
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
indicator Switch {
    cohort C
    measure switch
    after 1 year
    scope programme
    switchers count as separate
    switch within institution
}
`;
}

async function figuresFor(dir: string, fileLine: string) {
    fs.writeFileSync(path.join(dir, 'stroom.json'), '{}');
    const file = path.join(dir, 'defs.stroom');
    fs.writeFileSync(file, definitions(fileLine));
    const ws = await loadWorkspace(dir, [file]);
    const engine = await DuckDBEngine.open();
    try {
        const out: Record<string, [number, number]> = {};
        for (const p of prepare(ws, file)) {
            const r = await execute(engine, p);
            assert.equal(r.figures.length, 1);
            out[p.definition.indicator.name] = [r.figures[0].numerator, r.figures[0].denominator];
        }
        return out;
    } finally {
        await engine.close();
    }
}

describe('sources on real files', () => {
    it('reads a semicolon CSV with a row filter, a missing-value sentinel, dd-MM-yyyy dates and a prefix map', async () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, 'enr.csv'), `${ROWS.map((r) => r.join(';')).join('\n')}\n`);
        const got = await figuresFor(dir, 'file enr csv "enr.csv"');
        // p2 switched (dropout under CBS-like rules), p3 left: 2 of 4. Separately: 1 switch (p2) of 4.
        assert.deepEqual(got, { Uitval: [2, 4], Switch: [1, 4] });
    });

    it('gives the same figures from a Parquet file', async () => {
        const dir = tempDir();
        const csv = path.join(dir, 'enr.csv');
        fs.writeFileSync(csv, `${ROWS.map((r) => r.join(',')).join('\n')}\n`);
        const engine = await DuckDBEngine.open();
        await engine.query(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${path.join(dir, 'enr.parquet')}' (FORMAT parquet)`);
        await engine.close();
        fs.rmSync(csv);
        const got = await figuresFor(dir, 'file enr parquet "enr.parquet"');
        assert.deepEqual(got, { Uitval: [2, 4], Switch: [1, 4] });
    });
});
