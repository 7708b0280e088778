// Rates at N decimals and norms beside them: exact rounding half away from zero (never a binary fraction's toFixed),
// norms parsed as the publishers write them (decimal comma, per mille), and met / not met as the publisher rounds.
import { strict as assert } from 'node:assert';
import {
    applyNorms, DataError, figures, formatRate, formatScaled, normDirection, normMetText, parseNorm, rateDifference, scaledRate,
    type CountRow, type Norms, type SourceSpec,
} from '@stroom/language';

describe('rates at N decimals', () => {
    it('rounds half away from zero at every number of decimals, exactly', () => {
        // 1/8 = 12.5%: 13 at 0 decimals (toFixed-style banking or binary error would give 12 or 12.5 itself).
        assert.equal(formatRate(scaledRate(1, 8, 0), 0), '13%');
        assert.equal(formatRate(scaledRate(1, 8, 1), 1), '12.5%');
        assert.equal(formatRate(scaledRate(1, 8, 2), 2), '12.50%');
        assert.equal(formatRate(scaledRate(3, 8, 0), 0), '38%');
        // 201/20000 = 1.005% exactly: 1.01 at 2 decimals, where (1.005).toFixed(2) says 1.00.
        assert.equal((1.005).toFixed(2), '1.00');
        assert.equal(formatRate(scaledRate(201, 20000, 2), 2), '1.01%');
        // 1/3 and 2/3 at six decimals; 0 and 100 keep their zeros.
        assert.equal(formatRate(scaledRate(1, 3, 6), 6), '33.333333%');
        assert.equal(formatRate(scaledRate(2, 3, 6), 6), '66.666667%');
        assert.equal(formatRate(scaledRate(0, 7, 2), 2), '0.00%');
        assert.equal(formatRate(scaledRate(7, 7, 0), 0), '100%');
        // Large cohorts at six decimals stay exact (the product is beyond 2^53).
        assert.equal(formatRate(scaledRate(1_000_000_001, 2_000_000_000, 7), 7), '50.0000001%');
        assert.equal(formatRate(scaledRate(4_999_999_995, 10_000_000_000, 7), 7), '50.0000000%');
    });

    it('writes scaled numbers without exponent or lost zeros, signs included', () => {
        assert.equal(formatScaled(5, 2), '0.05');
        assert.equal(formatScaled(-5, 2), '-0.05');
        assert.equal(formatScaled(1200, 0), '1200');
        assert.equal(formatScaled(7, 1), '0.7');
    });

    const rows = (n: number, size: number): CountRow[] => [
        { cohortYear: 2020, breakdown: [], outcome: 'dropout', n },
        { cohortYear: 2020, breakdown: [], outcome: 'retained', n: size - n },
    ];

    it('figures show the rate at the decimals asked, its value as a number, nothing when the rate is hidden', () => {
        const [f] = figures(rows(10, 90), 'dropout', 5, 2);
        assert.equal(f.rate.shown, '11.11%');
        assert.equal(f.rate.value, 11.11);
        assert.equal(f.rateScaled, 1111);
        assert.equal(f.decimals, 2);
        const [hidden] = figures(rows(2, 90), 'dropout', 5, 2);
        assert.equal(hidden.rate.shown, 'x');
        assert.equal(hidden.rateScaled, undefined);
        // Without decimals: one, as always.
        assert.equal(figures(rows(10, 90), 'dropout', 5)[0].rate.shown, '11.1%');
    });

    it('differences of rates at different decimals are taken at the larger', () => {
        const [a] = figures(rows(10, 90), 'dropout', 5, 1);
        const [b] = figures(rows(12, 90), 'dropout', 5, 2);
        assert.equal(rateDifference(a, b), '+2.23'); // 13.33 - 11.10
        assert.equal(rateDifference(b, a), '-2.23');
        assert.equal(rateDifference(a, a), '0.0');
    });
});

describe('norms', () => {
    it('reads a norm as written: decimal comma or point, percent or per mille, keeping its decimals', () => {
        assert.deepEqual(parseNorm('58', false), { scaled: 58, decimals: 0 });
        assert.deepEqual(parseNorm('58,0', false), { scaled: 580, decimals: 1 });
        assert.deepEqual(parseNorm('2.75%', false), { scaled: 275, decimals: 2 });
        // 27 per mille is 2.7%: the same digits, one decimal more.
        assert.deepEqual(parseNorm('27', true), { scaled: 27, decimals: 1 });
        assert.deepEqual(parseNorm('27,5', true), { scaled: 275, decimals: 2 });
        assert.equal(parseNorm('hoog', false), undefined);
        assert.equal(parseNorm('-3', false), undefined);
    });

    it('compares success-like measures as rate >= norm and dropout-like ones as rate <= norm', () => {
        for (const m of ['startersresultaat', 'jaarresultaat', 'success', 'retention'] as const) assert.equal(normDirection(m), 'at least');
        for (const m of ['vsv', 'dropout', 'switch'] as const) assert.equal(normDirection(m), 'at most');
        assert.equal(normDirection('destination'), undefined);
    });

    const source = { name: 'N', qualifiedName: 'N' } as SourceSpec;
    const norms = (rows: Array<{ year: number; level: string | null; scaled: number; decimals: number }>): Norms => ({
        source, mapping: {} as Norms['mapping'], breakdown: ['level'],
        rows: rows.map((r, i) => ({ year: r.year, breakdown: { level: r.level }, scaled: r.scaled, decimals: r.decimals, at: `norms.csv, row ${i + 1}` })),
    });
    const cells = (list: Array<[string, number, number]>): CountRow[] => list.flatMap(([level, n, size]) => [
        { cohortYear: 2020, breakdown: [level], outcome: 'success', n },
        { cohortYear: 2020, breakdown: [level], outcome: 'no', n: size - n },
    ]);

    it('rounds the rate to the norm\'s decimals before comparing, as the publisher does', () => {
        // 6796/10000 = 67.96%: 68 at the norm's 0 decimals (met), 68.0 at 1 decimal (met), 67.96 < 67.97 at 2 (not met).
        const f = figures(cells([['mbo-2', 6796, 10000]]), 'startersresultaat', 5);
        const met = (scaled: number, decimals: number) => applyNorms(f, norms([{ year: 2020, level: 'mbo-2', scaled, decimals }]), ['level'], 'startersresultaat')[0].norm?.met;
        assert.equal(met(68, 0), true);
        assert.equal(met(680, 1), true);
        assert.equal(met(6797, 2), false);
        // 67.94% is 67.9 at one decimal: below a norm of 68.0.
        const g = figures(cells([['mbo-2', 6794, 10000]]), 'startersresultaat', 5);
        assert.equal(applyNorms(g, norms([{ year: 2020, level: 'mbo-2', scaled: 680, decimals: 1 }]), ['level'], 'startersresultaat')[0].norm?.met, false);
        // vsv: at most the norm. 28/1000 = 2.8% against 27 per mille (2.7%): not met; 27/1000: met.
        const v = (n: number) => figures([{ cohortYear: 2020, breakdown: ['mbo-3'], outcome: 'vsv', n }, { cohortYear: 2020, breakdown: ['mbo-3'], outcome: 'not-vsv', n: 1000 - n }], 'vsv', 5);
        const vsvNorm = norms([{ year: 2020, level: 'mbo-3', scaled: 27, decimals: 1 }]);
        assert.equal(applyNorms(v(28), vsvNorm, ['level'], 'vsv')[0].norm?.met, false);
        assert.equal(applyNorms(v(27), vsvNorm, ['level'], 'vsv')[0].norm?.met, true);
        assert.equal(normMetText(applyNorms(v(27), vsvNorm, ['level'], 'vsv')[0]), 'met');
        assert.equal(normMetText(applyNorms(v(28), vsvNorm, ['level'], 'vsv')[0], 'nl'), 'niet gehaald');
    });

    it('gives a hidden rate no verdict, a cell without a norm no norm, and the most specific norm where several fit', () => {
        const hidden = applyNorms(figures(cells([['mbo-2', 3, 40]]), 'startersresultaat', 5), norms([{ year: 2020, level: 'mbo-2', scaled: 60, decimals: 0 }]), ['level'], 'startersresultaat');
        const f = figures(cells([['mbo-2', 20, 40], ['mbo-3', 30, 40], ['mbo-4', 30, 40]]), 'startersresultaat', 5);
        const out = applyNorms(f, norms([
            { year: 2020, level: 'mbo-2', scaled: 60, decimals: 0 },
            { year: 2020, level: null, scaled: 70, decimals: 0 },
            { year: 2020, level: 'mbo-4', scaled: 80, decimals: 0 },
            { year: 2021, level: 'mbo-3', scaled: 99, decimals: 0 },
        ]), ['level'], 'startersresultaat');
        const [, three, four] = out;
        const [two] = hidden;
        assert.equal(two.rate.hidden !== false, true);
        assert.equal(two.norm?.met, null);
        assert.equal(normMetText(two), two.rate.shown, 'a hidden rate shows its mark, not met or not met');
        assert.equal(three.norm?.shown, '70', 'the general norm (no level) applies to mbo-3');
        assert.equal(three.norm?.met, true);
        assert.equal(four.norm?.shown, '80', 'the norm of the level wins over the general one');
        assert.equal(four.norm?.met, false);
        const none = applyNorms(f, norms([{ year: 2019, level: 'mbo-3', scaled: 50, decimals: 0 }]), ['level'], 'startersresultaat');
        assert.equal(none[1].norm, undefined);
        assert.equal(normMetText(none[1]), '');
    });

    it('refuses two different norms for the same cell, naming both rows', () => {
        const f = figures(cells([['mbo-3', 30, 40]]), 'startersresultaat', 5);
        assert.throws(() => applyNorms(f, norms([
            { year: 2020, level: 'mbo-3', scaled: 60, decimals: 0 },
            { year: 2020, level: 'mbo-3', scaled: 65, decimals: 0 },
        ]), ['level'], 'startersresultaat'), (e: unknown) => e instanceof DataError && /row 2/.test(e.message) && /row 1/.test(e.message));
    });
});
