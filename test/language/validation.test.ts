// Validation codes at their locations: what an analyst sees in the editor and in `stroom lint`.
import { strict as assert } from 'node:assert';
import { build, diagnostics, MINI_CSV, MINI_SOURCE, type Found } from '../helpers.js';

const CONVENTIONS = `package conv
convention CBS {
    peildatum 1 october
    entry first in programme
    scope programme
    switchers count as dropout
    cite "CBS 2022"
}
`;

/** Builds the mini workspace plus one file under test, and returns that file's diagnostics. */
async function check(text: string, extra: Record<string, string> = {}): Promise<Found[]> {
    const { documents } = await build({ ...MINI_CSV, 'src.stroom': MINI_SOURCE, 'conv.stroom': CONVENTIONS, ...extra, 'test.stroom': text });
    return diagnostics(documents['test.stroom']);
}

function only(found: Found[], code: string): Found[] {
    return found.filter((d) => d.code === code);
}

const COHORT = `cohort C {
    entry first in sector hbo
    inflow any
}
`;

describe('validation', () => {
    it('accepts a complete indicator without any diagnostic', async () => {
        const found = await check(`package t\n${COHORT}
indicator I {
    cohort C
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
}
`);
        assert.deepEqual(found, []);
    });

    it('reports each missing required choice on the indicator name, naming the options', async () => {
        const found = await check(`package t\ncohort C {\n    sector hbo\n}\nindicator I {\n    cohort C\n    measure dropout\n}\n`);
        const missing = only(found, 'missing-choice');
        assert.deepEqual(missing.map((d) => d.message.split(' leaves ')[1].split(' implicit')[0]).sort(),
            ["'\"still enrolled\" means'", "'a switcher counts as'", "'entry'", "'horizon'", "'inflow'"].sort());
        for (const d of missing) {
            assert.equal(d.severity, 'error');
            assert.equal(d.text, 'I');
            assert.equal(d.line, 5);
        }
        assert.match(missing.find((d) => d.message.includes("'inflow'"))!.message, /inflow direct gap 1 year/);
    });

    it('does not require a switch domain when switchers count as dropout, but does otherwise', async () => {
        const base = (treatment: string) => `package t\n${COHORT}\nindicator I {\n    cohort C\n    measure dropout\n    after 1 year\n    scope programme\n    switchers count as ${treatment}\n}\n`;
        assert.deepEqual(only(await check(base('dropout')), 'missing-choice'), []);
        const found = only(await check(base('separate')), 'missing-choice');
        assert.equal(found.length, 1);
        assert.match(found[0].message, /a switch may land/);
    });

    it('takes choices from a convention without complaint', async () => {
        const found = await check(`package t\nimport conv.CBS\ncohort C {\n    sector hbo\n    inflow any\n}\nindicator I using CBS {\n    cohort C\n    measure dropout\n    after 1 year\n}\n`);
        assert.deepEqual(found, []);
    });

    it('warns when an explicit value overrides the convention, naming both places', async () => {
        const found = await check(`package t\nimport conv.CBS\ncohort C {\n    entry first in sector hbo\n    inflow any\n}\nindicator I using CBS {\n    cohort C\n    measure dropout\n    after 1 year\n    scope sector\n}\n`);
        const warnings = only(found, 'convention-override');
        assert.equal(warnings.length, 2, JSON.stringify(found));
        const scope = warnings.find((w) => w.text === 'scope sector')!;
        assert.equal(scope.severity, 'warning');
        assert.equal(scope.line, 11);
        assert.match(scope.message, /overrides convention CBS's `scope programme` \(conv\.stroom line 5\)/);
        assert.ok(warnings.some((w) => w.text === 'entry first in sector hbo' && /entry first in programme/.test(w.message)));
    });

    it('rejects a clause in the wrong kind of element', async () => {
        const found = await check(`package t\ncohort C {\n    entry first in sector hbo\n    inflow any\n    scope programme\n}\n`);
        const bad = only(found, 'clause-not-allowed');
        assert.equal(bad.length, 1);
        assert.equal(bad[0].line, 5);
        assert.match(bad[0].message, /`scope` does not belong in a cohort/);
    });

    it('rejects the same choice twice', async () => {
        const found = await check(`package t\ncohort C {\n    entry first in sector hbo\n    inflow any\n    inflow direct\n}\n`);
        assert.deepEqual(only(found, 'duplicate-clause').map((d) => d.line), [5]);
    });

    it('rejects codes outside the vocabulary and lists the valid ones', async () => {
        const found = await check(`package t\ncohort C {\n    entry first in sector hbo, hogeschool\n    inflow any\n    prior havo, mbo4\n    mode fulltime, avond\n}\n`);
        const bad = only(found, 'unknown-code');
        assert.deepEqual(bad.map((d) => d.text), ['hogeschool', 'mbo4', 'avond']);
        assert.match(bad[1].message, /mbo-4/);
    });

    it('rejects 29 February and impossible days as a peildatum', async () => {
        const found = await check(`package t\ncohort C {\n    entry first in sector\n    inflow any\n    peildatum 29 february\n}\ncohort D {\n    entry first in sector\n    inflow any\n    peildatum 31 april\n}\n`);
        assert.deepEqual(only(found, 'invalid-date').map((d) => d.line), [5, 10]);
        assert.match(only(found, 'invalid-date')[0].message, /29 February/);
    });

    it('rejects an empty year range', async () => {
        const found = await check(`package t\ncohort C {\n    entry first in sector\n    inflow any\n    years 2022..2018\n}\n`);
        assert.deepEqual(only(found, 'invalid-date').map((d) => d.line), [5]);
    });

    it('rejects a measure that does not exist for the cohort kind', async () => {
        const found = await check(`package t\ncohort C {\n    kind leaving\n}\nindicator I {\n    cohort C\n    measure dropout\n    after 1 year\n}\n`);
        const bad = only(found, 'invalid-measure-for-kind');
        assert.equal(bad.length, 1);
        assert.match(bad[0].message, /valid: jaarresultaat/);
    });

    it('keeps the fixed periods of vsv, startersresultaat and jaarresultaat fixed', async () => {
        const found = await check(`package t
cohort E {
    kind enrolled
    sector mbo
}
cohort L {
    kind leaving
    sector mbo
}
indicator Vsv {
    cohort E
    measure vsv
    after 2 years
}
indicator VsvOk {
    cohort E
    measure vsv
    after 1 year
}
indicator Jr {
    cohort L
    measure jaarresultaat
    after 1 year
}
`);
        assert.deepEqual(only(found, 'fixed-horizon').map((d) => d.line), [13, 23]);
    });

    it('reports imports that name nothing, and duplicate names across files', async () => {
        const found = await check(`package conv\nimport nowhere.Thing\nconvention CBS {\n    scope programme\n}\n`);
        assert.deepEqual(only(found, 'unresolved-import').map((d) => d.line), [2]);
        const dup = only(found, 'duplicate-name');
        assert.equal(dup.length, 1);
        assert.match(dup[0].message, /conv\.CBS is also defined in conv\.stroom/);
    });

    it('resolves references only through the package or an import', async () => {
        const found = await check(`package other\nindicator I using CBS {\n    measure dropout\n}\n`);
        assert.ok(found.some((d) => d.code === 'unresolved-reference' && d.text === 'CBS'), JSON.stringify(found));
    });

    describe('sources', () => {
        const source = (body: string) => `package s\nsource S {\n    observed from 2015-09-01 until 2024-09-30\n    file enr csv "data/enr.csv"\n${body}}\n`;
        const enrollments = `    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "HBO": hbo }
        start = date(start, "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
`;

        it('accepts a complete mapping onto real columns', async () => {
            assert.deepEqual(await check(source(enrollments)), []);
        });

        it('lists the file\'s columns when a mapping names one it does not have', async () => {
            const found = await check(source(enrollments.replace('programme = opl', 'programme = opleiding')));
            const bad = only(found, 'unknown-column');
            assert.equal(bad.length, 1);
            assert.equal(bad[0].text, 'opleiding');
            assert.equal(bad[0].line, 8);
            assert.match(bad[0].message, /its columns: pid, brin, opl, sector, start, eind/);
        });

        it('warns, without failing, when a data file is not there', async () => {
            const found = await check(source(enrollments).replace('data/enr.csv', 'data/missing.csv'));
            assert.deepEqual(found.map((d) => [d.code, d.severity]), [['data-file-missing', 'warning']]);
        });

        it('requires the fields a record needs and rejects fields it does not have', async () => {
            // Enrollments take extra attributes (for `by history.<field>`); diplomas do not.
            const diplomas = `    diplomas from enr {\n        person = pid\n        colour = brin\n        date = date(start, "yyyyMMdd")\n    }\n`;
            const found = await check(source(enrollments.replace('        person = pid\n', '').replace('        end =', '        colour = brin\n        end =') + diplomas));
            assert.match(only(found, 'missing-field')[0].message, /need a 'person' field/);
            assert.deepEqual(only(found, 'unknown-field').map((d) => [d.text, d.line]), [['colour', 15]]);
        });

        it('asks for date() on dates and the year convention on prior-education years', async () => {
            const found = await check(source(enrollments.replace('start = date(start, "yyyyMMdd")', 'start = start') + `    prior education from enr {\n        person = pid\n        category = sector map { "HBO": havo }\n        diploma year = start\n    }\n`));
            const bad = only(found, 'field-type');
            assert.equal(bad.length, 2);
            assert.match(bad[0].message, /start is a date/);
            assert.match(bad[1].message, /school year starting/);
        });

        it('rejects map values outside the field\'s vocabulary', async () => {
            const found = await check(source(enrollments.replace('"HBO": hbo', '"HBO": hogeschool')));
            assert.deepEqual(only(found, 'unknown-code').map((d) => d.text), ['hogeschool']);
        });

        it('requires an enrollments mapping', async () => {
            const found = await check(source(''));
            assert.deepEqual(only(found, 'missing-mapping').map((d) => d.text), ['S']);
        });
    });
});
