// Figures a user can check by hand: thirteen made-up people in a temporary workspace, their outcomes worked out
// from SEMANTICS.md (peildatum 1 October, end dates inclusive, an entrant is new in hbo on P(y)), and `stroom run`
// must give exactly those counts, with switchers as dropout, as retained, as a separate outcome, and suppressed below
// the default threshold (5) or the indicator's own (`suppress below 3`). The three whole-cohort indicators say
// `suppress below 2` so their hand-counted numbers (2 to 5 of 9) are shown; at 5 they would be hidden (disclosure).
import { strict as assert } from 'node:assert';
import { writeFiles, type CliResult } from '../helpers.js';
import { stroomIn } from './in-process.js';

// Data observed 2018-09-01 .. 2021-09-30. Cohort 2019 is counted on P(2019) = 2019-10-01, its horizon is
// P(2020) = 2020-10-01 (inside the window); cohort 2020 would need 2021-10-01, after the data end: incomplete.
//
// person  enrollments (institution/programme sector from..to)   cohort 2019?                status on 2020-10-01
// p01     A/100 hbo 2019-09-01..                                 yes, A                      retained
// p02     A/100 hbo 2019-09-01..2020-08-31                       yes, A                      dropout
// p03     A/100 hbo ..2020-01-31, A/200 hbo 2020-02-01..         yes, A                      switched (other programme)
// p04     A/100 hbo ..2020-06-30, B/300 hbo 2020-09-01..         yes, A                      switched (other institution)
// p05     B/100 hbo 2019-09-01..2020-09-30                       yes, B                      dropout (ends the day before)
// p06     A/100 hbo 2019-10-02..                                 no: starts after 1 October  -
// p07     A/100 hbo 2018-09-01..                                 no: in hbo on 2018-10-01    -
// p08     M/900 mbo 2019-09-01..                                 no: not hbo                 -
// p09     B/100 hbo ..2020-06-30, M/900 mbo 2020-09-01..         yes, B                      dropout (mbo is outside hbo, wo)
// p10     B/100 hbo 2019-09-01..2020-10-01                       yes, B                      retained (end inclusive)
// p11     W/400 wo 2019-09-01..                                  no: not hbo                 -
// p12     A/100 hbo ..2020-06-30, A/100 hbo 2020-09-01..         yes, A                      retained (same programme)
// p13     C/100 hbo 2019-09-01..                                 yes, C                      retained
//
// Cohort 2019: 9 people. Switchers (p03, p04) as dropout: 5 dropouts (55.6%); as retained: 3 (33.3%); as a
// separate outcome: 2 switched (22.2%). Per institution with switchers as dropout: A 5 people, 3 dropouts (60.0%);
// B 3 people, 2 dropouts (66.7%); C 1 person, 0 dropouts.
const FILES = {
    'stroom.json': '{}\n',
    'data/inschrijvingen.csv': [
        'pid,brin,opl,soort,datum in,eind',
        'p01,A,100,HBO,20190901,',
        'p02,A,100,HBO,20190901,20200831',
        'p03,A,100,HBO,20190901,20200131',
        'p03,A,200,HBO,20200201,',
        'p04,A,100,HBO,20190901,20200630',
        'p04,B,300,HBO,20200901,',
        'p05,B,100,HBO,20190901,20200930',
        'p06,A,100,HBO,20191002,',
        'p07,A,100,HBO,20180901,',
        'p08,M,900,MBO,20190901,',
        'p09,B,100,HBO,20190901,20200630',
        'p09,M,900,MBO,20200901,',
        'p10,B,100,HBO,20190901,20201001',
        'p11,W,400,WO,20190901,',
        'p12,A,100,HBO,20190901,20200630',
        'p12,A,100,HBO,20200901,',
        'p13,C,100,HBO,20190901,',
        '',
    ].join('\n'),
    'bron.stroom': `package bron
source Klein {
    observed from 2018-09-01 until 2021-09-30
    file ins csv "data/inschrijvingen.csv"
    enrollments from ins {
        person = pid
        institution = brin
        programme = opl
        sector = soort map { "HBO": hbo, "WO": wo, "MBO": mbo }
        start = date("datum in", "yyyyMMdd")
        end = date(eind, "yyyyMMdd")
    }
}
`,
    'uitval.stroom': `package uitval
cohort Hbo {
    entry first in sector hbo
    inflow any
    years 2019..2020
}
indicator AlsUitval {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    switch within sectors hbo, wo
    suppress below 2
}
indicator AlsBehoud {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as retained
    switch within sectors hbo, wo
    suppress below 2
}
indicator Wissel {
    cohort Hbo
    measure switch
    after 1 year
    scope programme
    switchers count as separate
    switch within sectors hbo, wo
    suppress below 2
}
indicator PerInstelling {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by institution
}
indicator PerInstelling3 {
    cohort Hbo
    measure dropout
    after 1 year
    scope programme
    switchers count as dropout
    by institution
    suppress below 3
}
`,
};

interface Row { cohort_year: number; breakdown: Record<string, string | null>; cohort_size: number | null; count: number | null; rate: number | null; suppressed: boolean }
interface Result { indicator: string; rows: Row[]; incomplete: Array<{ cohort_year: number; reason: string }> }

describe('stroom run on thirteen people counted by hand', () => {
    let json: CliResult;
    let table: CliResult;
    const results = new Map<string, Result>();
    before(async () => {
        const dir = writeFiles(FILES);
        json = await stroomIn(['run', 'uitval.stroom', '--format', 'json'], dir);
        table = await stroomIn(['run', 'uitval.stroom', '--indicator', 'PerInstelling'], dir);
        if (json.status === 0) for (const r of (JSON.parse(json.stdout) as { results: Result[] }).results) results.set(r.indicator, r);
    });

    /** [cohort year, breakdown..., size, count, rate] of an indicator's rows. */
    function rows(indicator: string): Array<Array<string | number | null>> {
        assert.equal(json.status, 0, json.stderr);
        const r = results.get(`uitval.${indicator}`);
        assert.ok(r, `no result for ${indicator}`);
        return r.rows.map((row) => [row.cohort_year, ...Object.values(row.breakdown), row.cohort_size, row.count, row.rate]);
    }

    it('counts switchers as dropout: 5 of 9', () => {
        assert.deepEqual(rows('AlsUitval'), [[2019, 9, 5, 55.6]]);
    });

    it('counts switchers as retained: 3 of 9', () => {
        assert.deepEqual(rows('AlsBehoud'), [[2019, 9, 3, 33.3]]);
    });

    it('counts switchers separately: 2 of 9 switched', () => {
        assert.deepEqual(rows('Wissel'), [[2019, 9, 2, 22.2]]);
    });

    it('marks cohort 2020 incomplete: its horizon lies after the data end', () => {
        for (const r of results.values()) {
            assert.deepEqual(r.incomplete.map((i) => i.cohort_year), [2020], r.indicator);
            assert.match(r.incomplete[0].reason, /2021-10-01.*2021-09-30/);
        }
        assert.equal(results.size, 5);
    });

    it('suppresses institutions below the default threshold of 5, without leaking their numbers', () => {
        // A's 3 dropouts are below 5 too: hidden, and with them the rate (3 of 5 would come back from it).
        // B and C have every cell hidden: their names are not printed either, they become one row `x`.
        assert.deepEqual(rows('PerInstelling'), [[2019, 'A', 5, null, null], [2019, 'x', null, null, null]]);
        assert.equal(table.status, 0, table.stderr);
        const lines = table.stdout.split('\n');
        assert.ok(lines.some((l) => /^2019 +A +5 +<5 +x$/.test(l)), table.stdout);
        assert.ok(lines.some((l) => /^2019 +x +x +x +x$/.test(l)), table.stdout);
        assert.ok(!/\b[BC]\b/.test(table.stdout.split('\n').filter((l) => l.startsWith('2019')).join('\n')), table.stdout);
        assert.ok(lines.some((l) => /^2020 +incomplete: /.test(l)), table.stdout);
    });

    it('with `suppress below 3`, hides C (1 person) and B beside it, so 9 - 5 - 3 does not give C back', () => {
        // C's 1 person would be 9 - 5 - 3: B's size is hidden too (x); A's count hides for its 2 non-dropouts.
        assert.deepEqual(rows('PerInstelling3'), [[2019, 'A', 5, null, null], [2019, 'x', null, null, null]]);
        const hidden = results.get('uitval.PerInstelling3')!.rows[1] as Row & { breakdown_hidden?: boolean; hidden_groups?: number };
        assert.deepEqual([hidden.breakdown_hidden, hidden.hidden_groups], [true, 2]);
    });
});
