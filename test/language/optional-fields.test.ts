// Sources that map only the required fields of every record kind (persons, enrollments, diplomas, prior education,
// figures) run every measure that can run on them, on DuckDB and on PostgreSQL, with the same counts. Every example
// source maps nearly every field, so an unmapped one (a diploma without `kind`: "column reference "kind" is
// ambiguous" on PostgreSQL) went unseen.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { DefinitionError, DuckDBEngine, PostgresEngine, execute, funnel, loadWorkspace, prepare as prepareIn, readPublished, resolveSource, ast, type FigureRow } from '@stroom/language';
import { writeFiles } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';
import { postgresFor } from '../postgres.js';

// Seven people in mbo (and one coming from vo), 2017..2021. Extra columns the minimal mappings leave unread.
const DATA = {
    'stroom.json': '{}\n',
    'data/enr.csv': [
        'pid,brin,opl,sector,start,eind,vorm',
        'p1,A,100,MBO,20180901,20190630,BOL', // diploma in June 2019: graduated
        'p2,A,100,MBO,20180901,,BBL', // still there: retained
        'p3,A,100,MBO,20180901,20190131,BOL', // to another institution: switched
        'p3,B,200,MBO,20190201,,BOL',
        'p4,A,100,MBO,20180901,20190131,EX', // gone: dropout (an extraneus)
        'p5,A,200,MBO,20190901,20200831,BOL', // another programme at the same institution
        'p5,A,300,MBO,20200901,,BOL',
        'p6,V,900,VO,20160901,20190731,', // vo, then mbo
        'p6,A,100,MBO,20190901,20210131,BBL',
        'p7,B,200,MBO,20170901,20210630,EX',
        'p8,B,200,MBO,20190901,,EX',
        '',
    ].join('\n'),
    'data/dip.csv': 'pid,datum,niveau,soort\np1,20190630,MBO-2,D\np6,20190701,VMBO-T,D\np7,20210630,MBO-4,D\n',
    'data/vopl.csv': 'pid,cat,jaar\np6,VMBO-T,2018\np2,VMBO-K,2017\np4,HAVO,2015\n',
    'data/per.csv': 'pid,gebdat,geslacht\np1,20020101,M\np2,20010505,V\np3,19990101,V\np4,20000303,M\np5,20030303,M\np6,20030404,V\np7,20000101,V\np8,19950101,M\n',
    'data/pub.csv': 'jaar,n\n2019,12\n2020,<5\n',
};

const FILES = `
    file enr csv "../data/enr.csv"
    file dip csv "../data/dip.csv"
    file vopl csv "../data/vopl.csv"
    file per csv "../data/per.csv"`;

// Only the required fields of each record kind (vocabulary.ts RECORD_FIELDS): no level, mode, main, funded, end,
// leave reason; a diploma without institution, programme, sector, level or kind; a person without attributes.
const MINIMAL = (name: string, end: string, diploma = '') => `package src
source ${name} {
    observed from 2015-09-01 until 2024-09-30
${FILES}
    persons from per {
        person = pid
    }
    enrollments from enr {
        person = pid
        institution = brin
        programme = opl
        sector = sector map { "MBO": mbo, "VO": vo }
        start = date(start, "yyyyMMdd")${end}
    }
    diplomas from dip {
        person = pid
        date = date(datum, "yyyyMMdd")${diploma}
    }
    prior education from vopl {
        person = pid
        category = cat map { "VMBO-T": vmbo-t, "VMBO-K": vmbo-k, "HAVO": havo }
        diploma year = school year starting jaar
    }
}
`;

const SOURCES = {
    'sources/kaal.stroom': MINIMAL('Kaal', ''),
    // The same with an end date, so people leave and outcomes differ.
    'sources/kaal-eind.stroom': MINIMAL('KaalEind', '\n        end = date(eind, "yyyyMMdd")'),
    // Diplomas with the fields vsv, startersresultaat, jaarresultaat and scope institution match them on (still no
    // kind or programme).
    'sources/diploma-velden.stroom': MINIMAL('DiplomaVelden', '\n        end = date(eind, "yyyyMMdd")',
        '\n        institution = constant A\n        sector = constant mbo\n        level = niveau map { "MBO-2": mbo-2, "MBO-4": mbo-4, "VMBO-T": vmbo-t }'),
    // Published figures with the one required field (the year) and a count.
    'sources/gepubliceerd.stroom': `package src
source Gepubliceerd {
    file pub csv "../data/pub.csv"
    figures from pub {
        year = jaar
        count = n
    }
}
`,
};

const INDICATORS = `package t
cohort Starters {
    entry first in sector mbo
    inflow any
    years 2018..2020
}
cohort Direct {
    entry first in sector mbo
    inflow direct gap 1 year
    years 2018..2020
}
cohort NieuwInInstelling {
    entry first in institution
    inflow any
    years 2018..2020
}
cohort Ingeschreven {
    kind enrolled
    years 2018..2020
}
cohort Gediplomeerd {
    kind graduating
    years 2019..2021
}
cohort Uitstroom {
    kind leaving
    years 2018..2020
}
indicator Uitval { cohort Starters measure dropout after 1 year scope programme switchers count as dropout switch within education }
indicator Wissel { cohort Starters measure switch after 1 year scope institution switchers count as separate switch within sector }
indicator Behoud { cohort Starters measure retention after 1 year scope institution switchers count as retained switch within education }
indicator SuccesOnderwijs { cohort Starters measure success after 1 year scope education switchers count as separate switch within education }
indicator Succes { cohort Starters measure success after 2 years scope institution switchers count as dropout switch within education }
indicator SuccesPerNiveau { cohort Starters measure success after 2 years scope education switchers count as separate switch within education by level, mode }
indicator UitvalDirect { cohort Direct measure dropout after 1 year scope sector switchers count as retained switch within education by prior, inflow }
indicator Startersresultaat { cohort NieuwInInstelling measure startersresultaat }
indicator Bestemming { cohort Starters measure destination after 1 year }
indicator BestemmingIngeschreven { cohort Ingeschreven measure destination after 1 year }
indicator BestemmingGediplomeerd { cohort Gediplomeerd measure destination after 1 year by level }
indicator Vsv { cohort Ingeschreven measure vsv }
indicator Jaarresultaat { cohort Uitstroom measure jaarresultaat by institution }
`;

/** prepare, with the diagnostics in the message when the definitions have errors. */
function prepare(...args: Parameters<typeof prepareIn>): ReturnType<typeof prepareIn> {
    try {
        return prepareIn(...args);
    } catch (e) {
        if (e instanceof DefinitionError) e.message += `\n${e.diagnostics.join('\n')}`;
        throw e;
    }
}

const MEASURES = ['dropout', 'switch', 'retention', 'success', 'startersresultaat', 'destination', 'vsv', 'jaarresultaat'];

describe('sources that map only the required fields', function () {
    let pg: PostgresEngine;
    let duck: DuckDBEngine;
    let dir: string;
    before(async function () {
        const cluster = await postgresFor(this);
        pg = await PostgresEngine.open(cluster.url);
        duck = await DuckDBEngine.open();
        dir = writeFiles({ ...DATA, ...SOURCES, 'indicators.stroom': INDICATORS });
    });
    after(async () => {
        await pg?.close();
        await duck?.close();
    });

    // What each source cannot compute: diplomas without the field a measure matches them on are refused before any
    // SQL (plan/needs.ts), naming the field.
    const REFUSED: Record<string, Record<string, RegExp>> = {
        Kaal: {
            Succes: /maps no 'institution' in its diplomas mapping, and success counts the graduated within scope institution/,
            Startersresultaat: /maps no 'institution' in its diplomas mapping, and startersresultaat/,
            Vsv: /maps no 'level' in its diplomas mapping, and vsv needs diplomas for the startkwalificatie/,
            Jaarresultaat: /maps no 'institution' in its diplomas mapping, and jaarresultaat/,
        },
        DiplomaVelden: {},
    };
    REFUSED.KaalEind = REFUSED.Kaal;
    const indicators = [...INDICATORS.matchAll(/^indicator (\w+)/gm)].map((m) => m[1]);

    for (const source of ['Kaal', 'KaalEind', 'DiplomaVelden']) {
        it(`source ${source}: every measure that can run runs on DuckDB and PostgreSQL with the same counts`, async () => {
            const ws = await loadWorkspace(dir);
            const measured = new Set<string>();
            for (const indicator of indicators) {
                const refused = REFUSED[source][indicator];
                if (refused) {
                    assert.throws(() => prepare(ws, path.join(dir, 'indicators.stroom'), { source, indicator }), refused);
                    continue;
                }
                const [p] = prepare(ws, path.join(dir, 'indicators.stroom'), { source, indicator });
                const name = `${source} ${indicator}`;
                const onDuck = await execute(duck, p);
                const onPg = await execute(pg, p, { reader: duck });
                assert.deepEqual(onPg.figures, onDuck.figures, name);
                assert.ok(onDuck.figures.length > 0, `${name} has figures`);
                // Person by person too: the figures hide groups this small.
                const records = await execute(duck, p, { records: true });
                assert.deepEqual((await execute(pg, p, { records: true, reader: duck })).records, records.records, `${name} records`);
                assert.ok(records.records!.length > 0, `${name} has records`);
                // The funnel builds its own SQL on the same records.
                const funnelOnDuck = await funnel(duck, p);
                assert.deepEqual((await funnel(pg, p, { reader: duck })).years, funnelOnDuck.years, `${name} funnel`);
                measured.add(p.definition.measure.name);
            }
            const expected = source === 'DiplomaVelden' ? MEASURES : MEASURES.filter((m) => !['startersresultaat', 'vsv', 'jaarresultaat'].includes(m));
            assert.deepEqual([...measured].sort(), [...expected].sort());
        });
    }

    it('counts what the data say: diplomas without a kind count as final, open enrollments stay', async () => {
        const ws = await loadWorkspace(dir);
        const run = async (source: string, indicator: string): Promise<readonly FigureRow[]> => {
            const [p] = prepare(ws, path.join(dir, 'indicators.stroom'), { source, indicator });
            return (await execute(pg, p, { reader: duck })).figures;
        };
        const outcomes = (rows: readonly FigureRow[], year: number) => rows.find((r) => r.cohortYear === year)!.outcomes;
        // Cohort 2018 (p1..p4) with end dates: p1 has a diploma (without a kind: final) in June 2019, p2 stays, p3 goes
        // to institution B, p4 leaves. A diploma without an institution lies in no institution: within scope
        // institution p1's diploma does not count, and p1, gone, is a dropout.
        assert.deepEqual({ ...outcomes(await run('KaalEind', 'Wissel'), 2018) }, { retained: 1, switched: 1, dropout: 2 });
        // Within scope education it counts; everyone still enrolled anywhere is retained.
        assert.deepEqual({ ...outcomes(await run('KaalEind', 'SuccesOnderwijs'), 2018) }, { graduated: 1, retained: 2, dropout: 1 });
        // Without end dates nobody leaves: p1's diploma still makes p1 a graduate.
        assert.deepEqual({ ...outcomes(await run('Kaal', 'SuccesOnderwijs'), 2018) }, { graduated: 1, retained: 3 });
        // Success by level and mode: both unmapped, so everyone is in the group without a value.
        const [perLevel] = prepare(ws, path.join(dir, 'indicators.stroom'), { source: 'KaalEind', indicator: 'SuccesPerNiveau' });
        const records = (await execute(pg, perLevel, { records: true, reader: duck })).records!;
        assert.ok(records.length >= 7);
        assert.ok(records.every((r) => r.by_level === null && r.by_mode === null));
    });

    it('reads published figures that map only the year and a count', async () => {
        const ws = await loadWorkspace(dir);
        const source = ws.documents.flatMap((d) => d.parseResult.value.elements.filter(ast.isSource)).find((s) => s.name === 'Gepubliceerd')!;
        const [table] = await readPublished(duck, resolveSource(source));
        assert.deepEqual(table.rows.map((r) => [r.year, r.count, r.total, r.rate]), [[2019, { value: 12 }, null, null], [2020, { suppressedBelow: 5 }, null, null]]);
    });

    it('mode bol, bbl leaves extraneus (ex) enrollments out', async () => {
        const files = {
            ...DATA,
            'sources/leerweg.stroom': MINIMAL('Leerweg', '\n        end = date(eind, "yyyyMMdd")\n        mode = vorm map { "BOL": bol, "BBL": bbl, "EX": ex }'),
            'cohorts.stroom': `package t
cohort Alle { entry first in sector mbo inflow any years 2018..2019 }
cohort BolBbl { entry first in sector mbo inflow any mode bol, bbl years 2018..2019 }
cohort Extranei { entry first in sector mbo inflow any mode ex years 2018..2019 }
indicator UitvalAlle { cohort Alle measure dropout after 1 year scope sector switchers count as retained switch within education by mode }
indicator UitvalBolBbl { cohort BolBbl measure dropout after 1 year scope sector switchers count as retained switch within education by mode }
indicator UitvalEx { cohort Extranei measure dropout after 1 year scope sector switchers count as retained switch within education }
`,
        };
        const lint = await stroomIn(['lint', 'cohorts.stroom'], writeFiles(files));
        assert.equal(lint.status, 0, lint.stdout + lint.stderr);
        const ws = await loadWorkspace(writeFiles(files));
        // Per person (records): the figures hide groups this small.
        const members = async (indicator: string) => {
            const [p] = prepare(ws, path.join(ws.root, 'cohorts.stroom'), { indicator });
            const rows = (await execute(duck, p, { records: true })).records!;
            assert.deepEqual((await execute(pg, p, { records: true, reader: duck })).records, rows);
            return rows.map((r) => `${r.cohort_year} ${r.person} ${r.by_mode ?? ''}`.trim());
        };
        // 2018: p1 bol, p2 bbl, p3 bol, p4 ex; 2019: p5 bol, p6 bbl, p8 ex (p7 started in 2017).
        assert.deepEqual(await members('UitvalAlle'), ['2018 p1 bol', '2018 p2 bbl', '2018 p3 bol', '2018 p4 ex', '2019 p5 bol', '2019 p6 bbl', '2019 p8 ex']);
        assert.deepEqual(await members('UitvalBolBbl'), ['2018 p1 bol', '2018 p2 bbl', '2018 p3 bol', '2019 p5 bol', '2019 p6 bbl']);
        assert.deepEqual(await members('UitvalEx'), ['2018 p4', '2019 p8']);
    });
});
