// Margins (`stroom run` of `by a, b`): the cells and their totals per dimension are published as one table. A brute
// force, written apart from the disclosure module's auditor: for small random two-way tables, search every table that
// fits what the output shows (shown values, what each marker says, count <= size, and the sums: each a-total is the
// sum of its row, each b-total of its column, the grand total of the cells) and check that every hidden cell and every
// hidden total can take another value than the true one.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { disclosurePolicy, protectFigures, TOTAL_VALUE, type DisclosurePolicy, type FigureCells, type ProtectedCell, type ProtectedFigure } from '@stroom/language';

interface Table { readonly sizes: number[][]; readonly counts: number[][] }

/** The rows protectFigures gets for a table: the cells, then each a-total, each b-total and the grand total. */
function rowsOf(t: Table): FigureCells[] {
    const A = t.sizes.length;
    const B = t.sizes[0].length;
    const sum = (m: number[][], pick: (a: number, b: number) => boolean) => m.reduce((x, row, a) => x + row.reduce((y, v, b) => y + (pick(a, b) ? v : 0), 0), 0);
    const rows: FigureCells[] = [];
    for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) rows.push({ cohortYear: 2020, cell: [`a${a}`, `b${b}`], size: t.sizes[a][b], count: t.counts[a][b] });
    for (let a = 0; a < A; a++) {
        rows.push({ cohortYear: 2020, cell: [`a${a}`, TOTAL_VALUE], total: [false, true], size: sum(t.sizes, (x) => x === a), count: sum(t.counts, (x) => x === a) });
    }
    for (let b = 0; b < B; b++) {
        rows.push({ cohortYear: 2020, cell: [TOTAL_VALUE, `b${b}`], total: [true, false], size: sum(t.sizes, (_, y) => y === b), count: sum(t.counts, (_, y) => y === b) });
    }
    rows.push({ cohortYear: 2020, cell: [TOTAL_VALUE, TOTAL_VALUE], total: [true, true], size: sum(t.sizes, () => true), count: sum(t.counts, () => true) });
    return rows;
}

/** What an adversary knows of one value from its cell: [lo, hi] (hi may be capped by the caller). */
function known(c: ProtectedCell, policy: DisclosurePolicy, cap: number): [number, number] {
    if (c.hidden === false) return [c.value!, c.value!];
    if (c.hidden === 'small') return [policy.suppressZeros ? 0 : 1, policy.threshold - 1];
    return [0, cap];
}

/**
 * Whether some table fits the output with `target` (an index into the rows; its size or count) other than its true
 * value. Depth-first over the cells, row by row, sizes before counts: a row's total is checked once its cells are
 * set, a column's once its last cell is, and the shown totals bound every partial sum. Undefined when the search
 * ran out of budget.
 */
function alternative(t: Table, out: readonly ProtectedFigure[], policy: DisclosurePolicy, what: 'size' | 'count', target: number, budget: { nodes: number }): boolean | undefined {
    const A = t.sizes.length;
    const B = t.sizes[0].length;
    const rows = rowsOf(t);
    const truth = rows[target][what];
    const k = policy.threshold;
    const zeroLo = policy.suppressZeros ? 0 : 1;
    const index = (a: number, b: number) => a * B + b;
    const aTotal = (a: number) => A * B + a;
    const bTotal = (b: number) => A * B + A + b;
    const gTotal = A * B + A + B;
    // Hidden values are unbounded; the search stops at the true grand total plus k (an adversary knowing more).
    const cap = rows[gTotal].size + k;
    const S: number[] = new Array(rows.length).fill(0);
    const C: number[] = new Array(rows.length).fill(0);
    /** A row's (cell's or total's) size and count against what the output says of it. */
    const fits = (i: number): boolean => {
        const f = out[i];
        const [slo, shi] = known(f.size, policy, Infinity);
        const [clo, chi] = known(f.count, policy, Infinity);
        if (S[i] < slo || S[i] > shi || C[i] < clo || C[i] > chi || C[i] > S[i]) return false;
        // A count hidden for its complement says the complement is small.
        if (f.count.hidden === 'complement' && (S[i] - C[i] < zeroLo || S[i] - C[i] > k - 1)) return false;
        return true;
    };
    const sumInto = (i: number, members: number[]) => {
        S[i] = members.reduce((x, m) => x + S[m], 0);
        C[i] = members.reduce((x, m) => x + C[m], 0);
    };
    const rowCells = (a: number) => Array.from({ length: B }, (_, b) => index(a, b));
    const columnCells = (b: number, upTo = A - 1) => Array.from({ length: upTo + 1 }, (_, a) => index(a, b));
    /** No shown total is exceeded by the cells set so far (through cell `cell`). */
    const bounded = (cell: number): boolean => {
        const a = Math.floor(cell / B);
        const over = (i: number, members: number[]) => {
            const s = members.reduce((x, m) => x + S[m], 0);
            const c = members.reduce((x, m) => x + C[m], 0);
            return (out[i].size.hidden === false && s > out[i].size.value!) || (out[i].count.hidden === false && c > out[i].count.value!);
        };
        if (over(aTotal(a), rowCells(a).filter((m) => m <= cell))) return false;
        if (over(bTotal(cell % B), columnCells(cell % B, a).filter((m) => m <= cell))) return false;
        return !over(gTotal, Array.from({ length: cell + 1 }, (_, m) => m));
    };
    /** The totals completed by setting `cell` fit what the output says of them. */
    const complete = (cell: number): boolean => {
        const a = Math.floor(cell / B);
        const b = cell % B;
        if (b === B - 1) {
            sumInto(aTotal(a), rowCells(a));
            if (!fits(aTotal(a))) return false;
        }
        if (a === A - 1) {
            sumInto(bTotal(b), columnCells(b));
            if (!fits(bTotal(b))) return false;
        }
        return true;
    };
    const order = (lo: number, hi: number, cell: number, which: 'size' | 'count') => {
        const values = Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
        // The target's own true value last: an alternative is found sooner.
        return cell === target && what === which ? [...values.filter((v) => v !== truth), truth] : values;
    };
    const visit = (cell: number): boolean => {
        if (--budget.nodes < 0) throw new Error('budget');
        if (cell === A * B) {
            sumInto(gTotal, Array.from({ length: A * B }, (_, m) => m));
            return fits(gTotal) && (what === 'size' ? S : C)[target] !== truth;
        }
        const f = out[cell];
        const [slo, shi] = known(f.size, policy, cap);
        for (const s of order(slo, shi, cell, 'size')) {
            S[cell] = s;
            C[cell] = 0;
            if (!bounded(cell)) continue;
            const [clo, chi] = known(f.count, policy, s);
            for (const c of order(clo, Math.min(chi, s), cell, 'count')) {
                C[cell] = c;
                if (!fits(cell) || !bounded(cell) || !complete(cell)) continue;
                if (visit(cell + 1)) return true;
            }
        }
        S[cell] = 0;
        C[cell] = 0;
        return false;
    };
    try {
        return visit(0);
    } catch (e) {
        if ((e as Error).message === 'budget') return undefined;
        throw e;
    }
}

const table = fc.record({ A: fc.constant(2), B: fc.integer({ min: 2, max: 3 }) }).chain(({ A, B }) => fc.record({
    sizes: fc.array(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: B, maxLength: B }), { minLength: A, maxLength: A }),
    shares: fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: B, maxLength: B }), { minLength: A, maxLength: A }),
})).map(({ sizes, shares }): Table => ({ sizes, counts: sizes.map((row, a) => row.map((s, b) => Math.round((s * shares[a][b]) / 100))) }));

describe('disclosure control: cells and their margins as one table', () => {
    for (const [name, policy] of [['zeros shown', disclosurePolicy(5)], ['zeros hidden', disclosurePolicy(5, { suppressZeros: true })]] as const) {
        it(`no hidden cell or hidden total of a small two-way table is determined by the cells and totals shown (${name})`, function () {
            this.timeout(120000);
            let checked = 0;
            let skipped = 0;
            let hiddenTotals = 0;
            fc.assert(fc.property(table, (t) => {
                const rows = rowsOf(t);
                const out = protectFigures(rows, policy).rows;
                for (const [i, f] of out.entries()) {
                    for (const what of ['size', 'count'] as const) {
                        if (f[what].hidden === false) continue;
                        const found = alternative(t, out, policy, what, i, { nodes: 100000 });
                        if (found === undefined) { skipped++; continue; }
                        checked++;
                        if (rows[i].total) hiddenTotals++;
                        if (!found) {
                            const shown = out.map((o, j) => `${rows[j].cell.join('/')} ${o.size.shown} ${o.count.shown}`).join('; ');
                            throw new Error(`${what} of ${rows[i].cell.join('/')} (${rows[i][what]}) is determined: ${shown}`);
                        }
                    }
                }
            }), { numRuns: 40, seed: 14 });
            assert.ok(checked > 50, `checked ${checked} hidden values`);
            assert.ok(hiddenTotals > 0, 'some totals were hidden');
            assert.ok(skipped < checked / 4, `too many searches cut short: ${skipped} of ${checked + skipped}`);
        });
    }

    it('the search finds a value the totals give away (a row of shown cells, its total hidden)', () => {
        // The check must bite: hide the a0 total while its cells are all shown: the sum gives it back.
        const t: Table = { sizes: [[10, 12], [11, 13]], counts: [[5, 6], [5, 6]] };
        const rows = rowsOf(t);
        const out = protectFigures(rows, disclosurePolicy(5)).rows.slice();
        assert.ok(out.every((f) => f.size.hidden === false), 'nothing small: everything shown');
        const a0 = rows.findIndex((r) => r.total?.[1] && r.cell[0] === 'a0');
        out[a0] = { ...out[a0], size: { value: null, shown: 'x', hidden: 'secondary' } };
        assert.equal(alternative(t, out, disclosurePolicy(5), 'size', a0, { nodes: 100000 }), false);
    });

    it('protects the cells more than they would be alone when a total would give one back', () => {
        // a0's cells alone: b0 small, b1 hidden to protect it against the public a0 total; the b totals then give
        // b1 back unless more is hidden. Whatever is hidden, the search above must find no determined value.
        const t: Table = { sizes: [[3, 20], [30, 40]], counts: [[1, 10], [15, 20]] };
        const rows = rowsOf(t);
        const out = protectFigures(rows, disclosurePolicy(5)).rows;
        const hidden = out.filter((f) => f.size.hidden !== false).length;
        assert.ok(hidden >= 4, `${hidden} sizes hidden: one small cell in a 2x2 table needs a rectangle of four`);
        for (const [i, f] of out.entries()) {
            if (f.size.hidden !== false) assert.equal(alternative(t, out, disclosurePolicy(5), 'size', i, { nodes: 100000 }), true, rows[i].cell.join('/'));
        }
    });
});
