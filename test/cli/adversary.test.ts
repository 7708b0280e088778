// The adversary test (issue 11's proof): an attacker who sees every protected output of one user's session tries to
// work out the cells Stroom hid. It is written apart from the disclosure module (no import of it) so that a mistake
// there is not repeated here: interval reasoning over the cells shown in run (JSON and CSV), funnel and compare, with
// every relation those outputs give away. The truth comes from `run --records` (per-person rows, aggregated here).
// A hidden cell whose interval collapses to its true value is recovered; there must be none. A planted leak (one hidden
// cell replaced by its true value) must make the same attack recover something, so the attack is known to bite.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { EXAMPLES, REPO, STROOM_BIN } from '../helpers.js';

const K = 5; // the examples' workspace sets no other threshold, and zeros are shown
const FILES = ['havo-hbo.stroom', 'mbo.stroom', 'vo-bestemming.stroom', 'compare.stroom'];

// ------------------------------------------------------------------ running the CLI, two at a time

function run(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [STROOM_BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => { out += d; });
        child.stderr.on('data', (d) => { err += d; });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`stroom ${args.join(' ')}: exit ${code}\n${err}`))));
    });
}

async function runAll(jobs: ReadonlyArray<readonly string[]>, parallel = 2): Promise<string[]> {
    const results: string[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await run(jobs[i]);
        }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return results;
}

// ------------------------------------------------------------------ the attacker's knowledge: intervals and relations

type Interval = [number, number];
type Term = string | number;

interface Group { readonly rel: string; readonly members: readonly Term[]; readonly total: Term }
interface Rate { readonly rel: string; readonly count: string; readonly size: string; readonly rate: number }

/** One rate with one decimal, as the outputs round it (half away from zero). */
function shownRate(count: number, size: number): number {
    return Math.round((1000 * count) / size) / 10;
}

class Attacker {
    readonly bounds = new Map<string, Interval>();
    /** Cells some output hid, with the marker seen. */
    readonly hidden = new Map<string, string>();
    /** Cells some output showed (a cell hidden in one output and shown in another is not hidden). */
    readonly shown = new Set<string>();
    readonly groups: Group[] = [];
    readonly rates: Rate[] = [];
    /** Per cell: the relations that narrowed it. */
    readonly used = new Map<string, Set<string>>();

    private narrow(key: string, lo: number, hi: number, rel: string): boolean {
        const [a, b] = this.bounds.get(key) ?? [0, Infinity];
        const nlo = Math.max(a, lo);
        const nhi = Math.min(b, hi);
        if (nlo > nhi) throw new Error(`attacker: contradiction on ${key} (${a}..${b} vs ${lo}..${hi} from ${rel})`);
        if (nlo === a && nhi === b) return false;
        this.bounds.set(key, [nlo, nhi]);
        if (!this.used.has(key)) this.used.set(key, new Set());
        this.used.get(key)!.add(rel);
        return true;
    }

    unknown(key: string): void {
        if (!this.bounds.has(key)) this.bounds.set(key, [0, Infinity]);
    }

    see(key: string, value: number, rel = 'shown'): void {
        this.unknown(key);
        this.shown.add(key);
        this.narrow(key, value, value, rel);
    }

    /** A hidden cell: `<k` is 1..k-1, `x` (or null) says nothing but that it is a count. */
    hide(key: string, marker: string): void {
        this.unknown(key);
        if (!this.hidden.has(key) || marker.startsWith('<')) this.hidden.set(key, marker);
        if (marker.startsWith('<')) this.narrow(key, 1, Number(marker.slice(1)) - 1, 'marker <k');
    }

    cell(key: string, value: number | null | undefined, marker = 'x'): void {
        if (value === null || value === undefined) this.hide(key, marker);
        else this.see(key, value);
    }

    /** A fact that is not a displayed cell: a count known to be small (a complement marked as such). */
    small(key: string, rel: string): void {
        this.unknown(key);
        this.narrow(key, 1, K - 1, rel);
    }

    group(rel: string, members: readonly Term[], total: Term): void {
        for (const t of [...members, total]) if (typeof t === 'string') this.unknown(t);
        this.groups.push({ rel, members, total });
    }

    rate(rel: string, count: string, size: string, rate: number): void {
        this.unknown(count);
        this.unknown(size);
        this.rates.push({ rel, count, size, rate });
    }

    private iv(t: Term): Interval {
        return typeof t === 'number' ? [t, t] : this.bounds.get(t)!;
    }

    /** Propagates every relation until nothing changes. */
    solve(): void {
        for (let round = 0, changed = true; changed; round++) {
            if (round > 10000) throw new Error('attacker: no fixed point');
            changed = false;
            for (const g of this.groups) {
                const [tlo, thi] = this.iv(g.total);
                const ivs = g.members.map((m) => this.iv(m));
                const sumLo = ivs.reduce((a, [lo]) => a + lo, 0);
                const sumHi = ivs.reduce((a, [, hi]) => a + hi, 0);
                g.members.forEach((m, i) => {
                    if (typeof m !== 'string') return;
                    const [lo, hi] = ivs[i];
                    const othersHi = sumHi - hi; // Infinity - Infinity is NaN: then the others are unbounded
                    const othersLo = sumLo - lo;
                    const nlo = Number.isNaN(othersHi) || othersHi === Infinity ? lo : tlo - othersHi;
                    changed = this.narrow(m, nlo, thi - othersLo, g.rel) || changed;
                });
                if (typeof g.total === 'string') changed = this.narrow(g.total, sumLo, sumHi, g.rel) || changed;
            }
            for (const r of this.rates) {
                const [clo, chi] = this.bounds.get(r.count)!;
                const [slo, shi] = this.bounds.get(r.size)!;
                if (slo === shi && chi !== Infinity && clo !== chi) {
                    const fits = range(clo, chi).filter((c) => shownRate(c, slo) === r.rate);
                    if (fits.length) changed = this.narrow(r.count, Math.min(...fits), Math.max(...fits), r.rel) || changed;
                }
                if (clo === chi && shi !== Infinity && slo !== shi) {
                    const fits = range(Math.max(slo, clo, 1), shi).filter((s) => shownRate(clo, s) === r.rate);
                    if (fits.length) changed = this.narrow(r.size, Math.min(...fits), Math.max(...fits), r.rel) || changed;
                }
            }
        }
    }

    /** Hidden cells (never shown anywhere) with the interval the attack leaves. */
    attacked(): Array<{ key: string; marker: string; interval: Interval; relations: string[] }> {
        return [...this.hidden].filter(([key]) => !this.shown.has(key))
            .map(([key, marker]) => ({ key, marker, interval: this.bounds.get(key)!, relations: [...(this.used.get(key) ?? [])] }));
    }
}

function range(lo: number, hi: number): number[] {
    return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
}

// ------------------------------------------------------------------ what the user saw, parsed into the attacker's terms

interface Outputs {
    file: string;
    run: any;
    csv: string;
    funnel: any;
    records: any;
    compare?: any;
    text: string;
}

/** The attacker reads the definitions too: which indicators pool years (`pool N years`). */
function pooling(text: string): Map<string, number> {
    const pools = new Map<string, number>();
    for (const m of text.matchAll(/indicator\s+(\w+)[^{]*\{[^}]*?pool\s+(\d+)\s+years/g)) pools.set(m[1], Number(m[2]));
    return pools;
}

const short = (qualified: string) => qualified.split('.').pop()!;

/** DUO's destination codes against ours, as compare.stroom matches them. */
const DUO_CATEGORY: Record<string, string> = {
    hbo: 'other sector: hbo', wo: 'other sector: wo', mbo: 'other sector: mbo', none: 'not in education',
    vo: 'other programme, same institution',
};

class Keys {
    /** Per indicator: its breakdown dimensions, from any run output (compare's JSON gives only the values). */
    readonly dimsOf = new Map<string, string[]>();
    /** Per indicator and source: the cohort's identity (the funnel's clauses), shared by indicators with the same cohort. */
    readonly cohortOf = new Map<string, string>();
    constructor(readonly pools: Map<string, number>) {}
    cohort(indicator: string, source: string, single = false): string {
        const id = this.cohortOf.get(`${indicator}|${source}`) ?? `${indicator}|${source}`;
        const pool = single ? undefined : this.pools.get(short(indicator));
        return pool ? `${id}|pool ${pool}` : id;
    }
    size(indicator: string, source: string, year: number, by: string, single = false): string {
        return `size ${this.cohort(indicator, source, single)} ${year} [${by}]`;
    }
    count(indicator: string, source: string, year: number, by: string, category?: string): string {
        return `count ${short(indicator)}@${short(source)} ${year} [${by}]${category ? ` ${category}` : ''}`;
    }
}

/** What a margin row (run's totals per dimension) reads in a dimension it sums over. */
const TOTAL = '(total)';

/**
 * A breakdown as a key: the dimensions other than destination, in order. A margin row is the cell of the coarser
 * breakdown (gender=V with level (total) is the cell gender=V; the grand total is the year total).
 */
function byKey(dims: readonly string[], values: readonly unknown[]): { by: string; category?: string } {
    // A figure without breakdown values (compare of a broken-down indicator with one without) is the year total.
    if (values.length === 0) return { by: '' };
    const parts: string[] = [];
    let category: string | undefined;
    dims.forEach((d, i) => {
        if (d === 'destination') category = String(values[i]);
        else if (values[i] !== TOTAL) parts.push(`${d}=${values[i]}`);
    });
    return { by: parts.join(','), category };
}

interface Options {
    /** Also use the published figures compare prints beside ours (another publisher's table). */
    readonly published?: boolean;
    /** Also use pooled figures against the single years (a documented limit). */
    readonly pool?: boolean;
    /** A planted leak: this hidden cell's true value is handed to the attacker. */
    readonly plant?: (a: Attacker) => void;
}

function attack(o: Outputs, keys: Keys, truth: Map<string, number>, options: Options = {}): Attacker {
    const a = new Attacker();

    // Funnel: steps never grow; the last step is the year's cohort size. Steps are shared by cohorts with the same clauses.
    for (const r of o.funnel.results) {
        const clauses = r.steps.map((s: any) => s.clause ?? s.key);
        keys.cohortOf.set(`${r.indicator}|${r.source}`, `${short(r.cohort)}@${short(r.source)}{${clauses.join('; ')}}`);
        for (const y of r.years) {
            const stepKey = (i: number) => (i === clauses.length - 1
                ? keys.size(r.indicator, r.source, y.cohort_year, '', true) // the funnel counts single years
                : `step ${short(r.cohort)}@${short(r.source)}{${clauses.slice(0, i + 1).join('; ')}} ${y.cohort_year}`);
            y.kept.forEach((v: number | null, i: number) => a.cell(stepKey(i), v, y.hidden[i] === 'small' ? `<${K}` : 'x'));
            for (let i = 0; i + 1 < clauses.length; i++) {
                const dropped = `dropped ${stepKey(i)} -> ${stepKey(i + 1)}`;
                a.group('funnel steps', [stepKey(i + 1), dropped], stepKey(i));
            }
        }
    }

    // run --format json: sizes, counts, rates, markers, and the complements marked small.
    for (const r of o.run.results) {
        const dims: string[] = r.breakdown ?? [];
        const single = !keys.pools.get(short(r.indicator));
        const perYear = new Map<number, { sizes: Set<string>; counts: Set<string>; cats: Map<string, string[]> }>();
        for (const row of r.rows) {
            const { by, category } = byKey(dims, dims.map((d) => (row.total?.includes(d) ? TOTAL : row.breakdown?.[d])));
            const size = keys.size(r.indicator, r.source, row.cohort_year, by);
            const count = keys.count(r.indicator, r.source, row.cohort_year, by, category);
            a.cell(size, row.cohort_size, row.hidden?.cohort_size === 'small' ? `<${K}` : 'x');
            a.cell(count, row.count, row.hidden?.count === 'small' ? `<${K}` : 'x');
            if (row.rate !== null && row.rate !== undefined) a.rate('rate × size', count, size, row.rate);
            if (!category) {
                const complement = `not ${count}`;
                a.group('complement', [count, complement], size);
                if (row.hidden?.count === 'complement') a.small(complement, 'complement marked small');
            }
            const y = perYear.get(row.cohort_year) ?? { sizes: new Set(), counts: new Set(), cats: new Map() };
            perYear.set(row.cohort_year, y);
            y.sizes.add(by);
            if (category) y.cats.set(by, [...(y.cats.get(by) ?? []), count]);
            else y.counts.add(by);
        }
        for (const [year, y] of perYear) {
            const total = keys.size(r.indicator, r.source, year, '');
            if ([...y.sizes].some((by) => by !== '' && by.split(',').length < dims.filter((d) => d !== 'destination').length)) {
                // Margins: every shown level of the breakdown adds up to each coarser row it agrees with.
                margins(a, keys, r, year, [...y.sizes], [...y.counts]);
            } else if (dims.some((d) => d !== 'destination')) {
                a.group('breakdown rows against the year total', [...y.sizes].map((by) => keys.size(r.indicator, r.source, year, by)), total);
                if (y.counts.size) {
                    a.group('breakdown rows against the year total', [...y.counts].map((by) => keys.count(r.indicator, r.source, year, by)),
                        keys.count(r.indicator, r.source, year, ''));
                }
            }
            for (const [by, cats] of y.cats) a.group('categories against the cohort', cats, keys.size(r.indicator, r.source, year, by));
        }
        // A pooled figure is the sum of its single years (the single-year cohort has the pool's clauses).
        const pool = keys.pools.get(short(r.indicator));
        if (options.pool && pool && !single) {
            const base = keys.cohortOf.get(`${r.indicator}|${r.source}`)!;
            for (const [year, y] of perYear) {
                for (const by of y.sizes) {
                    const years = range(year - pool + 1, year);
                    a.group('pooled against single years', years.map((yy) => `size ${base} ${yy} [${by}]`), keys.size(r.indicator, r.source, year, by));
                }
            }
        }
    }

    // run --format csv: the same cells as text, with `<5` and `x`; the note says when the complement is small.
    const lines = o.csv.trim().split('\n');
    const header = parseCsvLine(lines[0]);
    const runByShort = new Map<string, any>(o.run.results.map((r: any) => [short(r.indicator), r]));
    for (const line of lines.slice(1)) {
        const cells = parseCsvLine(line);
        const get = (c: string) => cells[header.indexOf(c)];
        const r = runByShort.get(get('indicator'));
        if (!r) continue;
        const dims: string[] = r.breakdown ?? [];
        const { by, category } = byKey(dims, dims.map((d) => get(d)));
        const year = Number(get('cohort_year'));
        const size = keys.size(r.indicator, r.source, year, by);
        const count = keys.count(r.indicator, r.source, year, by, category);
        const num = (t: string) => (/^\d+$/.test(t) ? Number(t) : null);
        a.cell(size, num(get('cohort_size')), get('cohort_size'));
        a.cell(count, num(get('count')), get('count'));
        if (/^\d+(\.\d+)?$/.test(get('rate'))) a.rate('rate × size', count, size, Number(get('rate')));
        if (!category && /fewer than \d+ did not/.test(get('note'))) a.small(`not ${count}`, 'complement marked small');
    }

    // compare: both sides' figures, the bridge's ends and moves, who is in which cohort, published figures.
    for (const c of o.compare ?? []) {
        const sides = [['left', c.left], ['right', c.right]] as const;
        for (const f of c.figures ?? []) {
            for (const [side, def] of sides) {
                const v = f[side];
                if (!v || !def) continue;
                const dims: string[] = keys.dimsOf.get(def.indicator) ?? f.breakdown.map((_: unknown, i: number) => `b${i}`);
                const { by, category } = byKey(dims, f.breakdown);
                const size = keys.size(def.indicator, def.source, f.cohort_year, by);
                const count = keys.count(def.indicator, def.source, f.cohort_year, by, category);
                a.cell(size, v.cohort_size);
                a.cell(count, v.count);
                if (v.rate !== null && v.rate !== undefined) a.rate('rate × size', count, size, v.rate);
                if (!category) a.group('complement', [count, `not ${count}`], size);
            }
        }
        if (c.bridge && c.left && c.right) bridge(a, keys, c);
        for (const m of c.membership ?? []) {
            const y = m.cohort_year;
            const id = `members ${c.title} ${y}`;
            for (const part of ['both', 'left_only', 'right_only', 'same_outcome']) a.cell(`${id} ${part}`, m[part]);
            a.group('membership against the cohorts', [`${id} both`, `${id} left_only`], keys.size(c.left.indicator, c.left.source, y, ''));
            if (c.right) a.group('membership against the cohorts', [`${id} both`, `${id} right_only`], keys.size(c.right.indicator, c.right.source, y, ''));
            for (const [side, only] of [['dropped_on_right', 'left_only'], ['dropped_on_left', 'right_only']]) {
                const clauses = Object.entries(m[side] ?? {});
                clauses.forEach(([clause, n]) => a.cell(`${id} ${side} ${clause}`, n as number | null));
                if (clauses.length) a.group('membership: dropped per clause', clauses.map(([clause]) => `${id} ${side} ${clause}`), `${id} ${only}`);
            }
        }
        if (c.published) {
            const dims: string[] = keys.dimsOf.get(c.left.indicator) ?? [];
            const perCohort = new Map<string, string[]>();
            for (const p of c.published.rows) {
                const values = p.breakdown.map((v: string, i: number) => (dims[i] === 'destination' ? DUO_CATEGORY[v] ?? v : v));
                const { by, category } = byKey(dims, values);
                const size = keys.size(c.left.indicator, c.left.source, p.cohort_year, by);
                const count = keys.count(c.left.indicator, c.left.source, p.cohort_year, by, category);
                a.cell(size, p.computed?.cohort_size);
                a.cell(count, p.computed?.count);
                if (category) perCohort.set(`${p.cohort_year}|${by}`, [...(perCohort.get(`${p.cohort_year}|${by}`) ?? []), count]);
                if (!options.published) continue;
                // The other publisher's table: taken as the same figure when it is shown (compare puts it beside ours).
                if (p.published?.count?.value !== undefined) a.see(count, p.published.count.value, 'published figure');
                else if (p.published?.count?.suppressedBelow) a.small(count, 'published figure');
                if (p.published?.total?.value !== undefined) a.see(size, p.published.total.value, 'published figure');
                if (p.published?.rate?.value !== undefined) a.rate('published rate', count, size, p.published.rate.value);
            }
            for (const [k, cats] of perCohort) {
                const [year, by] = k.split('|');
                a.group('categories against the cohort', cats, keys.size(c.left.indicator, c.left.source, Number(year), by));
            }
        }
    }

    options.plant?.(a);
    a.solve();
    // The attack must be sound: every cell whose truth is known still fits its interval.
    for (const [key, value] of truth) {
        const iv = a.bounds.get(key);
        if (iv) assert.ok(iv[0] <= value && value <= iv[1], `attacker unsound on ${key}: ${value} not in ${iv}`);
    }
    return a;
}

/**
 * A run with margins (`by a, b`): each row is a cell of the breakdown by the dimensions it gives a value; every row
 * is the sum of the rows of each finer level that agree with it (a=v is the sum over b of a=v,b=w; the year total is
 * the sum of the a rows, of the b rows and of the cells), for sizes and for counts.
 */
function margins(a: Attacker, keys: Keys, r: any, year: number, sizes: readonly string[], counts: readonly string[]): void {
    const parts = (by: string) => (by === '' ? [] : by.split(','));
    for (const [list, key] of [[sizes, (by: string) => keys.size(r.indicator, r.source, year, by)], [counts, (by: string) => keys.count(r.indicator, r.source, year, by)]] as const) {
        const all = [...new Set([...list, ''])];
        for (const coarse of all) {
            // A merged row (`x`: the groups of a year with every cell hidden) is no one coarser cell.
            if (/=x(,|$)/.test(coarse)) continue;
            const mine = parts(coarse);
            const dimsOf = (by: string) => parts(by).map((p) => p.split('=')[0]).join(',');
            const finer = new Map<string, string[]>();
            for (const by of list) {
                const p = parts(by);
                if (p.length <= mine.length || !mine.every((m) => p.includes(m))) continue;
                finer.set(dimsOf(by), [...(finer.get(dimsOf(by)) ?? []), by]);
            }
            for (const [level, members] of finer) {
                // A merged row holds the year's hidden groups of its level: all of the year total, some of a margin
                // (which ones is not shown), so against a margin it is an unknown share.
                const merged = members.filter((by) => /=x(,|$)/.test(by));
                const terms = coarse === '' || merged.length === 0 ? members.map(key)
                    : [...members.filter((by) => !merged.includes(by)).map(key), `share of merged ${key(coarse)} [${level}]`];
                a.group('margin rows against their cells', terms, key(coarse));
            }
        }
    }
}

/** The bridge: its ends are the sides' counts summed over its years; each step moves people between outcomes. */
function bridge(a: Attacker, keys: Keys, c: any): void {
    const b = c.bridge;
    const outcomes = [...new Set([...Object.keys(b.start), ...Object.keys(b.end)])];
    const state = (i: number, o: string) => `bridge ${c.title} state ${i} ${o}`;
    const last = b.steps.length;
    const sideSum = (def: any, o: string) => b.years.map((y: number) => {
        const count = keys.count(def.indicator, def.source, y, '');
        return o === b.measured ? count : `not ${count}`;
    });
    for (const o of outcomes) {
        a.cell(state(0, o), b.start[o]);
        a.cell(state(last, o), b.end[o]);
        if (outcomes.length === 2) {
            a.group('bridge ends against the figures', sideSum(c.left, o), state(0, o));
            a.group('bridge ends against the figures', sideSum(c.right, o), state(last, o));
        }
    }
    a.cell(`bridge ${c.title} start size`, b.start_size);
    a.cell(`bridge ${c.title} end size`, b.end_size);
    a.group('bridge ends against the figures', outcomes.map((o) => state(0, o)), `bridge ${c.title} start size`);
    a.group('bridge ends against the figures', outcomes.map((o) => state(last, o)), `bridge ${c.title} end size`);
    b.steps.forEach((s: any, i: number) => {
        const move = (j: number) => `bridge ${c.title} step ${i} move ${j}`;
        s.moves.forEach((m: any, j: number) => a.cell(move(j), m.n));
        if (s.cohort_in !== 0 || s.cohort_out !== 0) return; // people entering or leaving: no balance per outcome
        for (const o of outcomes) {
            // before + moved in = after + moved out
            const through = `bridge ${c.title} step ${i} through ${o}`;
            const into = s.moves.map((m: any, j: number) => (m.to === o ? move(j) : null)).filter(Boolean);
            const out = s.moves.map((m: any, j: number) => (m.from === o ? move(j) : null)).filter(Boolean);
            a.group('bridge moves against the ends', [state(i, o), ...into], through);
            a.group('bridge moves against the ends', [state(i + 1, o), ...out], through);
            if (s.delta?.[o] !== null && s.delta?.[o] !== undefined) {
                const d = s.delta[o];
                a.group('bridge moves against the ends', d >= 0 ? [state(i, o), d] : [state(i + 1, o), -d], d >= 0 ? state(i + 1, o) : state(i, o));
            }
        }
    });
}

function parseCsvLine(line: string): string[] {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quoted) {
            if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
}

// ------------------------------------------------------------------ the truth, from the per-person rows

const COUNTED: Record<string, (outcome: string) => boolean> = {
    dropout: (o) => o === 'dropout',
    switch: (o) => o === 'switched',
    success: (o) => o === 'graduated',
    startersresultaat: (o) => o === 'success',
    jaarresultaat: (o) => o === 'diploma',
};

function truthOf(o: Outputs, keys: Keys): Map<string, number> {
    const truth = new Map<string, number>();
    for (const r of o.records.results) {
        // Per indicator: two indicators on one cohort share its sizes, which must not be counted twice.
        const own = new Map<string, number>();
        const add = (k: string, n: number) => own.set(k, (own.get(k) ?? 0) + n);
        const dims: string[] = r.breakdown ?? [];
        const pool = keys.pools.get(short(r.indicator)) ?? 1;
        const years = new Set<number>(r.rows.map((row: any) => row.cohort_year));
        for (const row of r.rows) {
            const values = dims.map((d) => (d === 'destination' ? row.outcome : row[`by_${d}`]));
            const { by, category } = byKey(dims, values);
            // A pooled row of year y holds the people of years y-pool+1..y.
            for (let y = row.cohort_year; y < row.cohort_year + pool; y++) {
                if (pool > 1 && !years.has(y)) continue;
                // Every coarser breakdown too (margins: a=v is the sum over b; '' is the year total).
                const parts = by ? by.split(',') : [];
                const coarser = Array.from({ length: 1 << parts.length }, (_, m) => parts.filter((_, i) => (m >> i) & 1).join(','));
                for (const b of [...new Set(coarser)]) {
                    add(keys.size(r.indicator, r.source, y, b), 1);
                    const counted = category ? true : COUNTED[r.measure](row.outcome);
                    const count = keys.count(r.indicator, r.source, y, b, category);
                    if (!own.has(count)) own.set(count, 0);
                    if (!category && !own.has(`not ${count}`)) own.set(`not ${count}`, 0);
                    add(counted ? count : `not ${count}`, 1);
                }
            }
        }
        for (const [k, v] of own) truth.set(k, v);
    }
    return truth;
}

// ------------------------------------------------------------------ the test

describe('adversary: what one user sees does not give a hidden cell back', function () {
    this.timeout(180000);
    const outputs: Outputs[] = [];

    before(async () => {
        const jobs: string[][] = [];
        for (const f of FILES) {
            const file = path.join('examples', f);
            jobs.push(['run', file, '--format', 'json'], ['run', file, '--format', 'csv'], ['funnel', file, '--format', 'json'],
                ['run', file, '--format', 'json', '--records']);
        }
        jobs.push(['compare', 'examples/compare.stroom', '--format', 'json']);
        const out = await runAll(jobs);
        const compare = JSON.parse(out[out.length - 1]);
        FILES.forEach((f, i) => {
            outputs.push({
                file: f, run: JSON.parse(out[4 * i]), csv: out[4 * i + 1], funnel: JSON.parse(out[4 * i + 2]),
                records: JSON.parse(out[4 * i + 3]), text: fs.readFileSync(path.join(EXAMPLES, f), 'utf8'),
                // compare.stroom's comparisons draw on all three other files; the attacker of each file sees them too.
                compare: f === 'compare.stroom' ? compare : compare.filter((c: any) => outputsOf(f, c)),
            });
        });
    });

    /** Comparisons whose left side is an indicator of this file (the compare output is seen with it). */
    function outputsOf(file: string, c: any): boolean {
        const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
        return new RegExp(`indicator\\s+${short(c.left.indicator)}\\b`).test(text);
    }

    function attackFile(o: Outputs, options: Options = {}) {
        const text = FILES.map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8')).join('\n');
        const keys = new Keys(pooling(text));
        for (const x of outputs) for (const r of x.run.results) keys.dimsOf.set(r.indicator, r.breakdown ?? []);
        // The funnel's clauses name the cohorts; the truth needs them too, so read them first.
        for (const r of o.funnel.results) {
            keys.cohortOf.set(`${r.indicator}|${r.source}`, `${short(r.cohort)}@${short(r.source)}{${r.steps.map((s: any) => s.clause ?? s.key).join('; ')}}`);
        }
        const truth = truthOf(o, keys);
        const a = attack(o, keys, truth, options);
        const attacked = a.attacked();
        const recovered = attacked.filter(({ key, interval: [lo, hi] }) => lo === hi && (!truth.has(key) || truth.get(key) === lo));
        return { a, attacked, recovered, truth, keys };
    }

    const describe = (c: { key: string; interval: Interval; relations: string[] }) => `${c.key} = ${c.interval[0]} (${c.relations.join(', ')})`;

    function report(file: string, attacked: ReturnType<typeof attackFile>['attacked']): void {
        const relations = new Map<string, number>();
        for (const c of attacked) for (const r of c.relations) relations.set(r, (relations.get(r) ?? 0) + 1);
        const list = [...relations].sort().map(([r, n]) => `${r} ${n}`).join(', ');
        console.log(`      ${file}: ${attacked.length} hidden cells attacked; relations that narrowed them: ${list || 'none'}`);
    }

    for (const file of FILES) {
        it(`${file}: run (JSON, CSV), funnel and compare give no hidden cell back`, () => {
            const o = outputs.find((x) => x.file === file)!;
            const { attacked, recovered } = attackFile(o);
            report(file, attacked);
            assert.ok(attacked.length > 0, 'the outputs hide something to attack');
            assert.deepEqual(recovered.map(describe), []);
        });
    }

    it('pooled figures against their single years (a documented limit) give no hidden cell back', () => {
        for (const o of outputs) {
            const { attacked, recovered } = attackFile(o, { pool: true });
            report(`${o.file} (+ pool)`, attacked);
            assert.deepEqual(recovered.map(describe), []);
        }
    });

    // compare "Bestemming tegen DUO" prints DUO's published counts beside ours. Where Stroom hid a category as `x` to
    // protect a `<5` one, DUO's table showed it (2015 havo: mbo 8), and with our shown cohort size and the other
    // categories the `<5` cell followed (103 - 30 - 62 - 8 = 3 stayed in vo). The published cell beside a hidden one is
    // now withheld; the attack takes every published cell still printed as equal to ours.
    it('the published figures compare prints beside ours give no hidden cell back', () => {
        const withheld = outputs.find((o) => o.file === 'compare.stroom')!.compare
            .flatMap((c: any) => c.published?.rows ?? []).filter((r: any) => r.withheld);
        assert.ok(withheld.length > 0, 'compare withholds published cells beside hidden ones');
        for (const o of outputs) {
            const { attacked, recovered } = attackFile(o, { published: true });
            report(`${o.file} (+ published)`, attacked);
            assert.deepEqual(recovered.map(describe), []);
        }
    });

    it('a planted leak in a table with margins (one hidden cell count handed over) is found through the totals', () => {
        const o = outputs.find((x) => x.file === 'mbo.stroom')!;
        const { attacked, truth } = attackFile(o);
        const cells = attacked.filter((c) => /^count UitvalMboPerLeerwegEnNiveau@Voorbeeld \d+ \[mode=\w+,level=[\w-]+\]$/.test(c.key) && truth.has(c.key));
        assert.ok(cells.length > 0, 'hidden cell counts to plant');
        // Some hidden cell, once known, gives another hidden cell or total back through the margin sums.
        const found = cells.map((target) => {
            const planted = attackFile(o, { plant: (a) => a.see(target.key, truth.get(target.key)!, 'planted') });
            return { target, recovered: planted.recovered.filter((c) => c.key !== target.key && c.relations.includes('margin rows against their cells')) };
        }).find((x) => x.recovered.length > 0);
        assert.ok(found, 'the attack recovers a cell through the margins once one hidden cell is shown');
        console.log(`      planted ${found.target.key}: recovered ${found.recovered.map((c) => `${c.key} = ${c.interval[0]}`).join('; ')}`);
    });

    it('a planted leak (one hidden count handed over) is found by the same attack', () => {
        const o = outputs.find((x) => x.file === 'havo-hbo.stroom')!;
        const { attacked, truth } = attackFile(o);
        // Hand over one hidden count of a breakdown row: its year's other hidden rows are then pinned by the total.
        const target = attacked.find((c) => /^count UitvalCBS@Voorbeeld \d+ \[institution=/.test(c.key) && truth.has(c.key))!;
        assert.ok(target, 'a hidden breakdown count to plant');
        const planted = attackFile(o, { plant: (a) => a.see(target.key, truth.get(target.key)!, 'planted') });
        const found = planted.recovered.filter((c) => c.key !== target.key);
        console.log(`      planted ${target.key} = ${truth.get(target.key)}: recovered ${found.map((c) => `${c.key} = ${c.interval[0]}`).join('; ')}`);
        assert.ok(found.length > 0, 'the attack recovers a cell once one hidden cell is shown');
    });
});
