// Breakdowns that would name persons (issue 12): an attribute read from the person key's column is a lint error; a
// breakdown whose values are nearly all distinct across a cohort's persons (a birth date) is refused at run; and a
// group whose every cell is hidden does not print its breakdown value in any format: such groups of a cohort year
// become one row `x`.
import { strict as assert } from 'node:assert';
import { writeFiles, type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

const PEOPLE = 40;
const pid = (i: number) => `p${String(i).padStart(2, '0')}`;
// 30 people in programme 100, 6 in 200, and one each in the rare programmes 301..304.
const programme = (i: number) => (i <= 30 ? '100' : i <= 36 ? '200' : String(300 + i - 36));

const FILES = {
    'stroom.json': '{}\n',
    'data/personen.csv': ['pid,geboortedatum,geslacht',
        ...Array.from({ length: PEOPLE }, (_, k) => `${pid(k + 1)},${2001 + (k % 3)}-0${1 + (k % 9)}-${String(1 + k).padStart(2, '0')},${k % 2 ? 'M' : 'V'}`), ''].join('\n'),
    'data/inschrijvingen.csv': ['pid,brin,opl,datum in,eind',
        ...Array.from({ length: PEOPLE }, (_, k) => `${pid(k + 1)},A,${programme(k + 1)},20190901,${k % 4 === 0 ? '20200301' : ''}`), ''].join('\n'),
    'bron.stroom': `package bron
source Klein {
    observed from 2018-09-01 until 2021-09-30
    file personen csv "data/personen.csv"
    file ins csv "data/inschrijvingen.csv"
    persons from personen {
        person = pid
        geboren = geboortedatum
        gender = geslacht
    }
    enrollments from ins {
        person = pid
        institution = brin
        programme = opl
        sector = constant hbo
        start = date("datum in", "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
}
`,
    'uitval.stroom': `package uitval
cohort Hbo {
    entry first in sector hbo
    inflow any
    years 2019..2019
}
indicator PerOpleiding {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by programme
}
indicator PerGeslacht {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by gender
}
`,
    'geboren.stroom': `package geboren
import uitval.Hbo
indicator PerGeboortedatum {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by geboren
}
`,
};

// Programme 200's size is hidden too (secondary suppression beside the rare ones): five groups without a name.
const RARE = ['200', '301', '302', '303', '304'];

describe('breakdowns that would name persons', () => {
    let dir: string;
    before(() => { dir = writeFiles(FILES); });

    it('lint: an attribute read from the person key\'s column is an error (identifier-attribute), at its line and column', async () => {
        const own = writeFiles({
            ...FILES,
            'bron.stroom': FILES['bron.stroom'].replace('geboren = geboortedatum', 'nummer = pid'),
            'geboren.stroom': FILES['geboren.stroom'].replace('by geboren', 'by nummer'),
        });
        const r = await stroomIn(['lint'], own);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stdout + r.stderr, /bron\.stroom:8:\d+ .*identifier-attribute.*nummer is read from 'pid'/);
        const mapped = writeFiles({ ...FILES, 'bron.stroom': FILES['bron.stroom'].replace('geboren = geboortedatum', 'groep = pid map { "p01": hbo }') });
        assert.doesNotMatch((await stroomIn(['lint'], mapped)).stdout, /identifier-attribute/, 'a value map groups the key: allowed');
    });

    it('run: a breakdown whose values are nearly all distinct (a birth date) is refused, exit 1, and prints no value', async () => {
        const r = await stroomIn(['run', 'geboren.stroom'], dir);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /breakdown by geboren looks like an identifier: in cohort 2019, 40 persons have 40 different values/);
        assert.equal(r.stdout, '');
        assert.doesNotMatch(r.stderr, /2001-0/);
    });

    it('run: a breakdown into real groups (gender) runs', async () => {
        const r = await stroomIn(['run', 'uitval.stroom', '--indicator', 'PerGeslacht', '--format', 'csv'], dir);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^PerGeslacht,2019,M,20,/m);
    });

    for (const format of ['table', 'csv', 'json', 'md'] as const) {
        it(`run --format ${format}: groups with every cell hidden are one row \`x\`, and the rare programmes are not named`, async () => {
            const r: CliResult = await stroomIn(['run', 'uitval.stroom', '--indicator', 'PerOpleiding', '--format', format], dir);
            assert.equal(r.status, 0, r.stderr);
            for (const code of RARE) assert.ok(!r.stdout.includes(code) && !r.stderr.includes(code), `${format} names programme ${code}:\n${r.stdout}`);
            assert.ok(r.stdout.includes('100'), r.stdout);
            if (format === 'json') {
                const rows = (JSON.parse(r.stdout) as { results: Array<{ rows: Array<Record<string, unknown>> }> }).results[0].rows;
                const hidden = rows.filter((row) => row.breakdown_hidden === true);
                assert.equal(hidden.length, 1, JSON.stringify(rows));
                assert.deepEqual([hidden[0].hidden_groups, hidden[0].cohort_size, (hidden[0].breakdown as Record<string, unknown>).programme], [RARE.length, null, 'x']);
            }
            if (format === 'csv') assert.match(r.stdout, /^PerOpleiding,2019,x,x,x,x,suppressed,"?5 groups with every cell hidden, not named/m);
        });
    }

    it('compare: the rare programmes are not named either', async () => {
        const ws = writeFiles({ ...FILES, 'vergelijk.stroom': FILES['uitval.stroom'].replace('package uitval', 'package vergelijk')
            .replace(/indicator PerGeslacht[\s\S]*$/, '') + 'indicator Behoud {\n    cohort Hbo\n    measure dropout\n    after 1 year\n    scope programme\n    switchers count as retained\n    switch within sectors hbo, wo\n    by programme\n}\n'
            + 'compare "Wissel" { PerOpleiding, Behoud }\n' });
        for (const format of ['table', 'json']) {
            const r = await stroomIn(['compare', 'vergelijk.stroom', '--format', format], ws);
            assert.equal(r.status, 0, r.stderr);
            for (const code of RARE) assert.ok(!r.stdout.includes(code), `compare ${format} names programme ${code}:\n${r.stdout}`);
        }
    });
});
