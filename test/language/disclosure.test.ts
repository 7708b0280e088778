// The disclosure module on hand-made cells: primary suppression (<k), complements, zeros, complementary suppression
// (x) in a breakdown year and in a distribution, determinism, and a brute-force check, written apart from the
// module's auditor, that no hidden cell of small random tables can be worked out from what is shown.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
    auditCells, describeDisclosure, disclosurePolicy, figures, protectCells, protectFigures, type CountRow, type DisclosurePolicy,
    type FigureCells, type ProtectedFigure,
} from '@stroom/language';

const K5 = disclosurePolicy(5);

function row(cell: string, size: number, count: number, cohortYear = 2020): FigureCells {
    return { cohortYear, cell: [cell], size, count };
}

describe('disclosure control', () => {
    it('hides counts from 1 to 4 as <5, shows 0 and 5 and more', () => {
        const cells = [0, 1, 2, 3, 4, 5, 6].map((v) => ({ id: `v${v}`, value: v }));
        const p = protectCells(cells, [], K5);
        assert.deepEqual([...p.state.values()], [false, 'small', 'small', 'small', 'small', false, false]);
        const f = protectFigures([row('a', 30, 3)], K5).rows[0];
        assert.equal(f.count.shown, '<5');
        assert.equal(f.count.value, null);
        assert.equal(f.rate, 'small');
        assert.equal(f.size.shown, '30');
    });

    it('hides a count (and its rate) whose complement is 1 to 4: the few who did not drop out', () => {
        const f = protectFigures([row('a', 20, 18)], K5).rows[0];
        assert.equal(f.count.hidden, 'complement');
        assert.equal(f.count.shown, 'x');
        assert.equal(f.rate, 'complement');
        assert.equal(f.smallComplement, true);
        assert.equal(f.size.shown, '20');
        const [fig] = figures([{ cohortYear: 2020, breakdown: [], outcome: 'dropout', n: 18 }, { cohortYear: 2020, breakdown: [], outcome: 'retained', n: 2 }], 'dropout', 5);
        assert.equal(fig.rateTenths, undefined);
        assert.equal(fig.rate.shown, 'x');
        assert.equal(fig.suppressed, false);
    });

    it('shows zero by default and hides it with suppressZeros', () => {
        assert.equal(protectFigures([row('a', 20, 0)], K5).rows[0].count.shown, '0');
        const zeros = disclosurePolicy(5, { suppressZeros: true });
        assert.equal(protectFigures([row('a', 20, 0)], zeros).rows[0].count.shown, '<5');
        // Everyone dropped out: the complement is zero, hidden only when zeros are.
        assert.equal(protectFigures([row('a', 20, 20)], K5).rows[0].count.shown, '20');
        assert.equal(protectFigures([row('a', 20, 20)], zeros).rows[0].count.hidden, 'complement');
    });

    it('hides a second cohort size (x) when a breakdown year has exactly one small size', () => {
        const rows = [row('a', 3, 0), row('b', 10, 5), row('c', 12, 6), row('d', 20, 7)];
        const out = protectFigures(rows, K5).rows;
        assert.deepEqual(out.map((f) => f.size.shown), ['<5', 'x', '12', '20']);
        // The year's total minus the shown sizes leaves 13 for two hidden cells: neither is determined.
        const hidden = out.filter((f) => f.size.hidden !== false).length;
        assert.equal(hidden, 2);
        // A hidden size hides its whole row.
        assert.ok(out.slice(0, 2).every((f) => f.count.hidden !== false && f.rate !== false));
    });

    it('hides a complementary category (x) when a distribution has one small category', () => {
        const rows: FigureCells[] = [
            { cohortYear: 2020, cell: [], category: 'hbo', size: 30, count: 20 },
            { cohortYear: 2020, cell: [], category: 'wo', size: 30, count: 7 },
            { cohortYear: 2020, cell: [], category: 'work', size: 30, count: 3 },
        ];
        const out = protectFigures(rows, K5).rows;
        assert.deepEqual(out.map((f) => f.count.shown), ['20', 'x', '<5']);
        assert.ok(out.every((f) => f.size.shown === '30'));
        const f = figures([
            { cohortYear: 2020, breakdown: [], outcome: 'hbo', n: 20 }, { cohortYear: 2020, breakdown: [], outcome: 'wo', n: 7 },
            { cohortYear: 2020, breakdown: [], outcome: 'work', n: 3 },
        ], 'destination', 5);
        assert.deepEqual(f.map((r) => [r.breakdown[0], r.count.shown, r.rate.shown]), [['hbo', '20', '66.7%'], ['wo', 'x', 'x'], ['work', '<5', 'x']]);
    });

    it('audits by interval propagation: a lone hidden cell in a group with a public total is exposed', () => {
        const cells = [{ id: 'a', value: 3 }, { id: 'b', value: 10 }, { id: 'c', value: 12 }];
        const intervals = auditCells(cells, [{ cells: ['a', 'b', 'c'] }], new Map([['a', 'small' as const]]), K5);
        assert.deepEqual(intervals.get('a'), { lo: 3, hi: 3 });
        const two = auditCells(cells, [{ cells: ['a', 'b', 'c'] }], new Map([['a', 'small' as const], ['b', 'secondary' as const]]), K5);
        assert.deepEqual(two.get('a'), { lo: 1, hi: 4 });
        assert.deepEqual(two.get('b'), { lo: 9, hi: 12 });
    });

    it('is deterministic: the same counts in any order give the same figures', () => {
        const rows: CountRow[] = [];
        for (const [i, by] of ['p', 'q', 'r', 's', 't'].entries()) {
            rows.push({ cohortYear: 2020 + (i % 2), breakdown: [by], outcome: 'dropout', n: (i * 7) % 6 });
            rows.push({ cohortYear: 2020 + (i % 2), breakdown: [by], outcome: 'retained', n: 3 + ((i * 5) % 11) });
        }
        const shown = (r: CountRow[]) => figures(r, 'dropout', 5).map((f) => [f.cohortYear, f.breakdown, f.size, f.count, f.rate]);
        assert.deepEqual(shown(rows), shown(rows));
        assert.deepEqual(shown([...rows].reverse()), shown(rows));
    });

    it('says what was done, in English and Dutch', () => {
        assert.equal(describeDisclosure(K5), 'counts below 5 hidden (<5), with complementary suppression (x)');
        assert.equal(describeDisclosure(K5, 'nl'), 'aantallen onder 5 verborgen (<5), met secundaire onderdrukking (x)');
        assert.match(describeDisclosure(disclosurePolicy(10, { suppressZeros: true, rounding: 5 })), /below 10 \(and zeros\).*multiples of 5/);
    });

    it('rounds shown counts to the base, rates from the exact counts', () => {
        const policy = disclosurePolicy(5, { rounding: 5 });
        const [f] = figures([{ cohortYear: 2020, breakdown: [], outcome: 'dropout', n: 7 }, { cohortYear: 2020, breakdown: [], outcome: 'retained', n: 16 }], 'dropout', policy);
        assert.deepEqual([f.size.shown, f.count.shown, f.rate.shown], ['25', '5', '30.4%']);
    });

    describe('brute force: no hidden cell of a small table is determined by what is shown', () => {
        // Independent of the module's auditor: enumerate every table that fits what the output shows (shown values,
        // what the markers say, count <= size, the public totals of the year) and collect the values each cell takes.
        type Sets = { sizes: Set<number>[]; counts: Set<number>[]; complements: Set<number>[] };

        /** The values each cell takes over all tables that fit the shown output and the year's public totals. */
        function feasible(rows: readonly FigureCells[], out: readonly ProtectedFigure[], policy: DisclosurePolicy): Sets {
            const k = policy.threshold;
            const zeroLo = policy.suppressZeros ? 0 : 1;
            const S = rows.reduce((a, r) => a + r.size, 0);
            const C = rows.reduce((a, r) => a + r.count, 0);
            const n = rows.length;
            const sets: Sets = { sizes: rows.map(() => new Set()), counts: rows.map(() => new Set()), complements: rows.map(() => new Set()) };
            const sizeNow: number[] = [];
            const countNow: number[] = [];
            const countsFrom = (i: number, sum: number) => {
                if (i === n) {
                    if (sum !== C) return;
                    for (let j = 0; j < n; j++) {
                        sets.sizes[j].add(sizeNow[j]);
                        sets.counts[j].add(countNow[j]);
                        sets.complements[j].add(sizeNow[j] - countNow[j]);
                    }
                    return;
                }
                const f = out[i];
                const size = sizeNow[i];
                const [lo, hi] = f.count.hidden === false ? [f.count.value!, f.count.value!] : f.count.hidden === 'small' ? [zeroLo, k - 1] : [0, size];
                for (let c = lo; c <= Math.min(hi, size) && sum + c <= C; c++) {
                    // A count hidden for its complement says that fewer than k do not have the outcome.
                    if (f.count.hidden === 'complement' && (size - c < zeroLo || size - c > k - 1)) continue;
                    countNow[i] = c;
                    countsFrom(i + 1, sum + c);
                }
            };
            const sizesFrom = (i: number, sum: number) => {
                if (i === n) {
                    if (sum === S) countsFrom(0, 0);
                    return;
                }
                const f = out[i];
                const [lo, hi] = f.size.hidden === false ? [f.size.value!, f.size.value!] : f.size.hidden === 'small' ? [zeroLo, k - 1] : [0, S];
                for (let s = lo; s <= hi && sum + s <= S; s++) {
                    sizeNow[i] = s;
                    sizesFrom(i + 1, sum + s);
                }
            };
            sizesFrom(0, 0);
            return sets;
        }

        function check(rows: readonly FigureCells[], policy: DisclosurePolicy): void {
            const { rows: out, exposed } = protectFigures(rows, policy);
            const k = policy.threshold;
            const small = (v: number) => v < k && (v > 0 || policy.suppressZeros);
            const sets = feasible(rows, out, policy);
            // What the public totals alone give away, everything hidden, cannot be protected by hiding cells; nor what
            // they give away with the sizes as shown, every count hidden (sizes are decided first, from sizes alone).
            const x = { value: null, shown: 'x', hidden: 'secondary' as const };
            const bare = feasible(rows, rows.map(() => ({ size: x, count: x, rate: 'secondary' as const, smallComplement: false })), policy);
            const bareCounts = feasible(rows, out.map((f) => ({ size: f.size, count: x, rate: 'secondary' as const, smallComplement: false })), policy);
            const unavoidable = (which: keyof Sets, i: number) => (which === 'sizes' ? bare : bareCounts)[which][i].size === 1;
            for (let i = 0; i < rows.length; i++) {
                const f = out[i];
                const what = `row ${i} of ${JSON.stringify(rows)} shown as ${JSON.stringify(out)}`;
                assert.ok(sets.sizes[i].has(rows[i].size) && sets.counts[i].has(rows[i].count), `the true table fits: ${what}`);
                const guarded = (which: keyof Sets, name: string) => {
                    if (sets[which][i].size >= 2) return;
                    assert.ok(unavoidable(which, i), `${name} determined: ${what}`);
                    assert.ok(exposed.length > 0, `${name} determined but not reported exposed: ${what}`);
                };
                if (f.size.hidden !== false) guarded('sizes', 'size');
                if (f.count.hidden !== false) guarded('counts', 'count');
                if (small(rows[i].size - rows[i].count)) guarded('complements', 'small complement');
                if (f.count.hidden === false) {
                    assert.ok(f.size.hidden === false, `a count shown beside a hidden size: ${what}`);
                    assert.ok(!small(rows[i].count), `small count shown: ${what}`);
                }
                assert.equal(f.rate === false, f.size.hidden === false && f.count.hidden === false, `rate shown without its count and size: ${what}`);
            }
        }

        const table = (maxSize: number, maxRows: number) => fc.record({
            k: fc.integer({ min: 3, max: 5 }),
            zeros: fc.boolean(),
            rows: fc.array(fc.integer({ min: 1, max: maxSize }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size }))), { minLength: 2, maxLength: maxRows }),
        });
        for (const [maxSize, maxRows] of [[12, 3], [7, 4]]) it(`holds for random breakdown years of two to ${maxRows} rows of sizes up to ${maxSize}`, () => {
            fc.assert(fc.property(table(maxSize, maxRows), ({ k, zeros, rows: pairs }) => {
                const policy = disclosurePolicy(k, { suppressZeros: zeros });
                const rows = pairs.map(([size, count], i) => row(`r${i}`, size, count));
                check(rows, policy);
            }), { numRuns: 300 });
        });
    });
});
