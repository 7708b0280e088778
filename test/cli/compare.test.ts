// stroom compare: choices side by side, figures, the bridge (steps that add up exactly), one definition on two
// sources, a definition against published figures; and the editor's checks on compare blocks.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { compare, comparesIn, DuckDBEngine, loadWorkspace } from '@stroom/language';
import { REPO, build, diagnostics, stroom, writeFiles } from '../helpers.js';
import { stroomIn } from './in-process.js';

interface Step { choice: string; from: string; to: string; delta: Record<string, number>; cohort_in: number; cohort_out: number; moves: Array<{ from: string; to: string; n: number | null }> }

async function compareJson(args: string[], cwd = REPO): Promise<Array<Record<string, any>>> {
    const r = await stroomIn(['compare', ...args, '--format', 'json'], cwd);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
}

/** The figures of one indicator run, summed over the given cohort years: [cohort size, count]. */
async function totals(file: string, indicator: string, years: readonly number[]): Promise<[number, number]> {
    // From the person rows (--records): run's figures hide small counts (disclosure control), the records do not.
    const r = await stroomIn(['run', file, '--indicator', indicator, '--records', '--format', 'json'], REPO);
    assert.equal(r.status, 0, r.stderr);
    const rows: Array<{ cohort_year: number; outcome: string }> = JSON.parse(r.stdout).results[0].rows;
    const inYears = rows.filter((x) => years.includes(x.cohort_year));
    return [inYears.length, inYears.filter((x) => x.outcome === 'dropout').length];
}

describe('stroom compare', () => {
    describe('two definitions (examples/compare.stroom, "CBS vs OCW")', () => {
        let c: Record<string, any>;
        before(async () => { [c] = await compareJson(['examples/compare.stroom', 'CBS vs OCW']); });

        it('marks exactly the choices that differ', () => {
            const differing = c.choices.filter((x: { differs: boolean }) => x.differs).map((x: { key: string }) => x.key);
            assert.deepEqual(differing, ['entry', 'scope', 'switchTreatment', 'switchDomain']);
            assert.equal(c.choices.find((x: { key: string }) => x.key === 'scope').left, 'scope programme');
            assert.equal(c.choices.find((x: { key: string }) => x.key === 'scope').right, 'scope sector');
        });

        it('bridges CBS to OCW in steps that add up exactly, from the figures of one indicator to those of the other', async () => {
            // Exactness is checked on the counts before suppression (the library); the CLI shows them suppressed.
            const ws = await loadWorkspace(path.join(REPO, 'examples'), [path.join(REPO, 'examples', 'compare.stroom')]);
            const block = comparesIn(ws, path.join(REPO, 'examples', 'compare.stroom')).find((x) => x.title === 'CBS vs OCW')!;
            const engine = await DuckDBEngine.open();
            let result;
            try {
                result = await compare(ws, block, engine);
            } finally {
                await engine.close();
            }
            const b = result.bridge!;
            const m = b.measured!;
            assert.equal(m, 'dropout');
            assert.equal(b.steps.length, 4);
            let count = b.start[m];
            for (const s of b.steps) {
                // A step's net change is its moves into the outcome minus its moves out of it.
                const fromMoves = s.moves.reduce((a, mv) => a + (mv.to === m ? mv.n : 0) - (mv.from === m ? mv.n : 0), 0);
                assert.equal(s.delta[m] ?? 0, fromMoves);
                count += fromMoves;
            }
            assert.equal(count, b.end[m]);
            // Start and end are the two indicators' own figures over the same cohort years.
            const size = (x: Readonly<Record<string, number>>) => Object.values(x).reduce((a, n) => a + n, 0);
            const [sizeOcw, dropOcw] = await totals('examples/havo-hbo.stroom', 'UitvalOCW', b.years);
            assert.equal(b.end[m], dropOcw);
            assert.equal(size(b.end), sizeOcw);
            assert.equal(size(b.start) + b.steps.reduce((a, s) => a + s.cohortIn - s.cohortOut, 0), size(b.end));
            // The scope step moves people who left the programme but not hbo from dropout to retained.
            const scope = b.steps.find((s) => s.key === 'scope')!;
            assert.ok(scope.moves.some((mv) => mv.from === 'dropout' && mv.to === 'retained' && mv.n > 0));
            assert.ok((scope.delta.dropout ?? 0) < 0);
        });

        it('suppresses small bridge cells in what it shows', () => {
            const steps: Step[] = c.bridge.steps;
            for (const s of steps) for (const mv of s.moves) assert.ok(mv.n === null || mv.n >= 5);
            for (const s of steps) for (const d of Object.values(s.delta)) assert.ok(d === null || Math.abs(d) === 0 || Math.abs(d) >= 5);
        });

        it('shows the figures side by side on their common breakdown (UitvalCBS is by institution, UitvalOCW is not)', () => {
            assert.ok(c.figures.length > 0);
            assert.ok(c.figures.every((f: { breakdown: unknown[]; left: unknown; right: unknown }) => f.breakdown.length === 0 && f.left && f.right));
        });

        it('prints the bridge in the terminal, its total hidden where it would give a hidden yearly count back', async () => {
            // UitvalOCW 2021 is hidden (<5); the total over 2016-2022 minus the six shown years would give it back.
            const r = await stroomIn(['compare', 'examples/compare.stroom', 'CBS vs OCW'], REPO);
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /Bridge \/ brug \(cohorts 2016-2022, dropout\)/);
            assert.match(r.stdout, /\d\. scope programme -> scope sector\s+dropout -> retained \d+/);
            assert.match(r.stdout, /^2021 .*<5\s+x/m);
            assert.match(r.stdout, /^UitvalOCW\s+\d+\s+x$/m);
            assert.match(r.stdout, /The total over 2016-2022 of UitvalOCW is hidden/);
            assert.doesNotMatch(r.stdout, /The steps add up/);
            assert.deepEqual(c.bridge.end, { dropout: null, retained: null });
        });

        it('spells the sum out where both totals are shown ("VH vs Inspectie")', async () => {
            const r = await stroomIn(['compare', 'examples/compare.stroom', 'VH vs Inspectie'], REPO);
            assert.equal(r.status, 0, r.stderr);
            const m = /The steps add up: (\d+) ([+-]) (\d+) = (\d+)\./.exec(r.stdout);
            assert.ok(m, r.stdout);
            const [start, sign, change, end] = [Number(m[1]), m[2], Number(m[3]), Number(m[4])];
            assert.equal(start + (sign === '+' ? change : -change), end);
            assert.match(r.stdout, new RegExp(`^UitvalVH\\s+\\d+\\s+${start}$`, 'm'));
            assert.match(r.stdout, new RegExp(`^UitvalInspectieHO\\s+\\d+\\s+${end}$`, 'm'));
        });
    });

    it('follows one hand-worked switcher through the bridge', async () => {
        const dir = writeFiles({
            'stroom.json': '{}',
            'data/enr.csv': [
                'id,brin,opl,sector,start,end',
                // a switches programme inside hbo: CBS dropout, OCW retained. b stays. c leaves education.
                'a,21PB,34001,HBO,2020-09-01,2021-06-30',
                'a,21PB,34002,HBO,2021-09-01,',
                'b,21PB,34001,HBO,2020-09-01,',
                'c,21PB,34001,HBO,2020-09-01,2021-01-31',
            ].join('\n'),
            'defs.stroom': `
source S {
    observed from 2015-09-01 until 2023-09-30
    file enr csv "data/enr.csv"
    enrollments from enr {
        person = id
        institution = brin
        programme = opl
        sector = sector map { "HBO": hbo }
        start = date(start, "yyyy-MM-dd")
        end = date(end, "yyyy-MM-dd")
    }
}
cohort C { entry first in programme  sector hbo  inflow any  prior any  years 2020..2020 }
indicator Cbs { cohort C  measure dropout  after 1 year  scope programme  switchers count as dropout }
indicator Ocw { cohort C  measure dropout  after 1 year  scope sector  switchers count as dropout }
compare "programme or sector" { Cbs, Ocw on S }
`,
        });
        // Three people: every cell is below 5, so the exact bridge is checked in the library (the CLI hides them all).
        const file = path.join(dir, 'defs.stroom');
        const ws = await loadWorkspace(dir, [file]);
        const engine = await DuckDBEngine.open();
        let c;
        try {
            c = await compare(ws, comparesIn(ws, file)[0], engine);
        } finally {
            await engine.close();
        }
        assert.deepEqual(c.bridge!.start, { dropout: 2, retained: 1 });
        assert.deepEqual(c.bridge!.end, { dropout: 1, retained: 2 });
        assert.deepEqual(c.bridge!.steps.map((s) => [s.key, s.moves]), [['scope', [{ from: 'dropout', to: 'retained', n: 1 }]]]);
        const [shown] = await compareJson(['defs.stroom'], dir);
        assert.deepEqual(shown.bridge.start, { dropout: null, retained: null });
    });

    it('sets one definition on two sources beside each other, with who is in which cohort', async () => {
        const [c] = await compareJson(['examples/compare.stroom', 'CSV vs regionaal datawarehouse']);
        assert.equal(c.kind, 'sources');
        // The warehouse gets no mbo diplomas: nobody is an mbo-4 entrant there, everyone only on the CSV side.
        const [size] = await totals('examples/compare.stroom', 'UitvalMboHbo', c.membership.map((m: { cohort_year: number }) => m.cohort_year));
        assert.equal(c.membership.reduce((a: number, m: { left_only: number }) => a + m.left_only, 0), size);
        assert.ok(c.membership.every((m: { both: number; right_only: number }) => m.both === 0 && m.right_only === 0));
        // Why they are missing there: the funnel on the warehouse drops every one of them at the prior-education clause.
        for (const m of c.membership) assert.deepEqual(m.dropped_on_right, { prior: m.left_only });
        const text = (await stroomIn(['compare', 'examples/compare.stroom', 'CSV vs regionaal datawarehouse'], REPO)).stdout;
        assert.match(text, new RegExp(`Not in the cohort on RegioDwh, by the clause that dropped them there .*: prior education ${size}`));
    });

    it('sets computed figures beside published ones for the same year and breakdown', async () => {
        const [c] = await compareJson(['examples/compare.stroom', 'Mbo-uitval tegen CBS']);
        assert.equal(c.kind, 'published');
        const rows: Array<{ computed: { count: number; cohort_size: number } | null; published: { count: { value?: number } | null; total: { value?: number } } | null }> = c.published.rows;
        assert.ok(rows.length >= 10);
        // The published table was made from the same data by the same definition: equal wherever CBS shows a number.
        const shown = rows.filter((r) => r.published?.count && 'value' in r.published.count);
        assert.ok(shown.length >= 5);
        // Where disclosure control hides a computed cell (null), there is nothing to compare.
        let compared = 0;
        for (const r of shown) {
            if (r.computed!.count !== null) { assert.equal(r.computed!.count, r.published!.count!.value); compared++; }
            if (r.computed!.cohort_size !== null) assert.equal(r.computed!.cohort_size, r.published!.total.value);
        }
        assert.ok(compared >= 3, `${compared} computed counts beside published ones`);
        // Beside a count we hide, the published count is withheld (it could give ours, or another hidden one, back).
        const withheld = c.published.rows.filter((r: { withheld?: string[] }) => r.withheld);
        assert.ok(withheld.length > 0);
        for (const r of withheld) {
            assert.equal(r.computed.count, null);
            assert.ok(r.withheld.includes('count'));
            assert.equal(r.published.count, null);
        }
    });

    it('says what is wrong with a compare block as you type', async () => {
        const { documents } = await build({
            'a.stroom': `
cohort C { entry first in programme  sector hbo  inflow any  prior any }
indicator I { cohort C  measure dropout  after 1 year  scope programme  switchers count as dropout }
compare "three" { I, I, I }
compare "backwards" { C, I }
`,
        });
        const found = diagnostics(documents['a.stroom']).filter((d) => d.code === 'invalid-compare').map((d) => d.message);
        assert.ok(found.some((m) => /A comparison has two sides, this one has 3/.test(m)), found.join('\n'));
        assert.ok(found.some((m) => /The first side of a comparison is an indicator; cohort C is not/.test(m)), found.join('\n'));
    });

    it('exits 2 naming the titles when the asked compare block is not there', async () => {
        // The real binary (a spawned process) once for this command: exit code and output; the rest run in-process.
        const r = stroom(['compare', 'examples/compare.stroom', 'nope'], REPO);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /has no compare block "nope"; it has: "CBS vs OCW", "VH vs Inspectie", "CSV vs 1cijferHO"/);
    });
});

// What a privacy officer checks on every compare block of the examples at k=5: no shown bridge move, end, cohort
// change or membership count from 1 to 4, and no hidden one that follows from the shown ones by addition (the ends
// and cohort sizes being public).
describe('stroom compare: disclosure control', () => {
    const smallCount = (n: unknown) => typeof n === 'number' && Math.abs(n) >= 1 && Math.abs(n) <= 4;
    let all: Array<Record<string, any>>;
    before(async () => { all = await compareJson(['examples/compare.stroom']); });

    it('shows no count from 1 to 4 in a bridge or a membership table, and says what was done', () => {
        let checked = 0;
        for (const c of all) {
            assert.equal(c.suppression, 5);
            assert.match(c.disclosure.description, /counts below 5 hidden \(<5\), with complementary suppression \(x\)/);
            if (c.bridge) {
                const b = c.bridge;
                for (const v of [...Object.values(b.start), ...Object.values(b.end), b.start_size, b.end_size]) assert.ok(!smallCount(v), `${c.title}: end ${v}`);
                for (const s of b.steps as Step[]) {
                    for (const mv of s.moves) { assert.ok(!smallCount(mv.n), `${c.title}: move ${JSON.stringify(mv)}`); checked++; }
                    assert.ok(!smallCount(s.cohort_in) && !smallCount(s.cohort_out), `${c.title}: cohort change`);
                    for (const d of Object.values(s.delta)) assert.ok(!smallCount(d), `${c.title}: net change ${d}`);
                }
            }
            for (const m of c.membership ?? []) {
                for (const v of [m.both, m.left_only, m.right_only, m.same_outcome, ...Object.values(m.dropped_on_right), ...Object.values(m.dropped_on_left)]) {
                    assert.ok(!smallCount(v), `${c.title} ${m.cohort_year}: membership ${v}`);
                    checked++;
                }
            }
        }
        assert.ok(checked > 0);
    });

    it('never leaves a single hidden cell in a sum whose other terms are shown', async () => {
        let bridges = 0;
        for (const c of all) {
            if (c.bridge) {
                const b = c.bridge;
                bridges++;
                // Per outcome, start + moves in = end + moves out: with both ends shown, one hidden move would follow.
                for (const o of Object.keys(b.start)) {
                    if (b.start[o] === null || b.end[o] === null) continue;
                    const hidden = (b.steps as Step[]).flatMap((s) => s.moves).filter((mv) => (mv.from === o || mv.to === o) && mv.n === null);
                    assert.notEqual(hidden.length, 1, `${c.title}: the one hidden move of ${o} follows from the ends and the other moves`);
                }
                // The same on the text: a hidden move is `<5` or `x`, and the spelled-out sum uses shown ends only.
                const text = (await stroomIn(['compare', 'examples/compare.stroom', c.title], REPO)).stdout;
                for (const line of text.split('\n').filter((l) => / -> .* \d/.test(l) && /^\d\. /.test(l))) {
                    for (const n of line.matchAll(/ (\d+)(?=;|\s|$)/g)) assert.ok(!smallCount(Number(n[1])), `${c.title}: ${line}`);
                }
            }
            for (const m of c.membership ?? []) {
                // in both + only left is the left cohort, in both + only right the right one: never one hidden term.
                assert.notEqual([m.both, m.left_only].filter((v) => v === null).length, 1, `${c.title} ${m.cohort_year}: left`);
                assert.notEqual([m.both, m.right_only].filter((v) => v === null).length, 1, `${c.title} ${m.cohort_year}: right`);
                for (const [only, per] of [[m.left_only, m.dropped_on_right], [m.right_only, m.dropped_on_left]]) {
                    if (only === null) continue;
                    assert.notEqual(Object.values(per).filter((v) => v === null).length, 1, `${c.title} ${m.cohort_year}: dropped`);
                }
            }
        }
        assert.ok(bridges > 0);
    });
});
