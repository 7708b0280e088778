// Stages fed with plain data: time arithmetic, the figures step, cards and plans. No database needed.
import { strict as assert } from 'node:assert';
import {
    coveredYears, figures, formatRate, peilDate, peilPlan, rateTenths, resolveIndicator, cardText, plan, PlanError,
    ast, resolveSource, type CountRow,
} from '@stroom/language';
import { build, MINI_CSV, MINI_SOURCE } from '../helpers.js';

const OCT1 = peilPlan({ month: 10, day: 1 }, { month: 9, day: 1 });

describe('time', () => {
    it('counts an enrollment on 1 October only when it has started and not yet ended (end inclusive)', () => {
        assert.deepEqual(coveredYears(OCT1, '2020-09-01', '2021-09-30'), [2020, 2020]);
        assert.deepEqual(coveredYears(OCT1, '2020-09-01', '2021-10-01'), [2020, 2021]);
        assert.deepEqual(coveredYears(OCT1, '2020-10-01', null), [2020, Number.POSITIVE_INFINITY]);
        assert.deepEqual(coveredYears(OCT1, '2020-10-02', '2022-06-30'), [2021, 2021]);
    });

    it('gives a short September enrollment no peildatum at all', () => {
        const [k1, k2] = coveredYears(OCT1, '2019-09-01', '2019-09-15');
        assert.ok(k1 > k2);
    });

    it('puts a 1 February peildatum in the calendar year after the study year starts', () => {
        const feb1 = peilPlan({ month: 2, day: 1 }, { month: 9, day: 1 });
        assert.equal(feb1.offset, 1);
        assert.equal(peilDate(2020, { month: 2, day: 1 }), '2021-02-01');
        assert.deepEqual(coveredYears(feb1, '2020-09-01', '2021-01-31'), [2020, 2019]);
        assert.deepEqual(coveredYears(feb1, '2020-09-01', '2021-02-01'), [2020, 2020]);
    });

    it('keeps 1 October in the same year when mbo study years start on 1 August', () => {
        assert.equal(peilPlan({ month: 10, day: 1 }, { month: 8, day: 1 }).offset, 0);
        assert.equal(peilDate(2020, { month: 10, day: 1 }, { month: 8, day: 1 }), '2020-10-01');
    });
});

describe('figures', () => {
    it('rounds half away from zero in exact arithmetic', () => {
        assert.equal(formatRate(rateTenths(1, 8)), '12.5%');
        assert.equal(formatRate(rateTenths(1, 16)), '6.3%');   // 6.25
        assert.equal(formatRate(rateTenths(1, 80)), '1.3%');   // 1.25
        assert.equal(formatRate(rateTenths(5, 800)), '0.6%');  // 0.625
        assert.equal(formatRate(rateTenths(2, 3)), '66.7%');
        assert.equal(formatRate(rateTenths(1, 3)), '33.3%');
        assert.equal(formatRate(rateTenths(0, 7)), '0.0%');
        assert.equal(formatRate(rateTenths(7, 7)), '100.0%');
    });

    const rows: CountRow[] = [
        { cohortYear: 2021, breakdown: ['b'], outcome: 'dropout', n: 3 },
        { cohortYear: 2021, breakdown: ['b'], outcome: 'retained', n: 9 },
        { cohortYear: 2020, breakdown: ['a'], outcome: 'dropout', n: 1 },
        { cohortYear: 2020, breakdown: ['a'], outcome: 'switched', n: 2 },
        { cohortYear: 2020, breakdown: ['Z'], outcome: 'retained', n: 5 },
        { cohortYear: 2020, breakdown: [null], outcome: 'graduated', n: 6 },
    ];

    it('divides the measured outcome by everyone in the cohort cell', () => {
        const f = figures(rows, 'dropout', 3);
        const b = f.find((r) => r.cohortYear === 2021)!;
        assert.equal(b.denominator, 12);
        assert.equal(b.numerator, 3);
        assert.equal(formatRate(b.rateTenths!), '25.0%');
        assert.equal(figures(rows, 'switch', 1).find((r) => r.breakdown[0] === 'a')!.numerator, 2);
    });

    it('suppresses cells whose cohort is below the threshold, without a rate', () => {
        const f = figures(rows, 'dropout', 5);
        // a (3) is small; the year's total (14) minus the other sizes would give it back, so Z's size is hidden too.
        // Both have every cell hidden: they become one row `x`, naming neither.
        const hidden = f.filter((r) => r.cohortYear === 2020 && r.breakdownHidden);
        assert.equal(hidden.length, 1);
        assert.deepEqual([hidden[0].breakdown, hidden[0].hiddenGroups, hidden[0].suppressed, hidden[0].rateTenths], [['x'], 2, true, undefined]);
        assert.ok(!f.some((r) => r.breakdown[0] === 'a' || r.breakdown[0] === 'Z'));
        assert.equal(f.find((r) => r.breakdown[0] === null)!.suppressed, false);
        // A count of 3 beside a cohort of 12 is hidden (<5), and so is its rate.
        assert.equal(f.find((r) => r.cohortYear === 2021)!.count.shown, '<5');
        assert.equal(figures(rows, 'dropout', 3).find((r) => r.breakdown[0] === 'a')!.suppressed, false);
    });

    it('orders by cohort year, then breakdown by code point, unknown last', () => {
        const order = figures(rows, 'dropout', 1).map((r) => `${r.cohortYear}:${r.breakdown[0]}`);
        assert.deepEqual(order, ['2020:Z', '2020:a', '2020:null', '2021:b']);
    });
});

describe('definition cards and plans', () => {
    const defs = `package t
convention Conv {
    scope programme
    switchers count as dropout
    cite "Somewhere 2024"
}
cohort C {
    entry first in sector hbo
    inflow any
    years 2014..2024
}
indicator I "Uitval" using Conv {
    cohort C
    measure dropout
    after 2 years
    by institution
}
`;

    async function resolved() {
        const { documents } = await build({ ...MINI_CSV, 'src.stroom': MINI_SOURCE, 't.stroom': defs });
        const model = documents['t.stroom'].parseResult.value;
        const indicator = model.elements.find(ast.isIndicator)!;
        const source = resolveSource(documents['src.stroom'].parseResult.value.elements.find(ast.isSource)!);
        const { definition } = resolveIndicator(indicator, { source });
        return { definition: definition!, source };
    }

    it('shows every choice with where it came from', async () => {
        const { definition } = await resolved();
        const card = cardText(definition);
        const line = (value: string) => card.find((l) => l.startsWith(value));
        assert.match(line('scope programme')!, /<- convention Conv \(t\.stroom:3\)/);
        assert.match(line('inflow any')!, /<- cohort C \(t\.stroom:9\)/);
        assert.match(line('peildatum 1 october')!, /<- default/);
        assert.match(line('unit person')!, /<- default/);
        assert.match(line('after 2 years')!, /<- indicator I/);
        assert.ok(card.includes('using Conv: Somewhere 2024'));
        assert.equal(definition.choices.switchDomain?.origin.kind, 'default');
    });

    it('computes only the cohort years the observation window covers, and says why the others are missing', async () => {
        const { definition, source } = await resolved();
        const p = plan(definition, source);
        // Observed 2015-09-01 .. 2024-09-30: history needs P(y-1) >= 2015-10-01; horizon P(y+2) <= 2023-10-01.
        assert.deepEqual(p.years, [2016, 2017, 2018, 2019, 2020, 2021]);
        assert.deepEqual(p.incomplete.map((i) => i.year), [2014, 2015, 2022, 2023, 2024]);
        assert.match(p.incomplete[0].reason, /history needs 2013-10-01, data start 2015-09-01/);
        assert.match(p.incomplete[2].reason, /horizon needs 2024-10-01, data end 2024-09-30/);
    });

    it('refuses a breakdown by a person attribute when the source maps no persons, naming the missing mapping', async () => {
        const { definition, source } = await resolved();
        assert.throws(() => plan({ ...definition, breakdown: ['gender'] }, source), (e: Error) => e instanceof PlanError && /has no `persons from \.\.\.` mapping, and the breakdown by gender/.test(e.message));
    });

    it('refuses inflow by prior education when the source maps none', async () => {
        const { definition, source } = await resolved();
        const direct = { ...definition.choices, inflow: { value: { kind: 'direct', gap: 0 } as const, origin: { kind: 'default' } as const } };
        assert.throws(() => plan({ ...definition, breakdown: [], choices: direct }, source), /has no `prior education from \.\.\.` mapping, and inflow direct/);
    });
});
