// Disclosure control: the one module that decides which aggregates may be shown (docs/privacy.md).
// Primary suppression hides every count from 1 to k-1 (and zero when the workspace says so), and a count whose
// complement (size minus count) is that small. Secondary suppression hides more cells wherever figures add up,
// until no hidden cell can be recomputed exactly from what is shown. The auditor models what an adversary knows:
// a `<k` cell lies in [1, k-1] (or [0, k-1]), an `x` cell is at least 0, and every additive group sums to its
// public total; it narrows those intervals by propagation over the groups until nothing changes.
// Everything here is deterministic: the same cells and groups in the same order give the same result.

export interface DisclosurePolicy {
    /** Counts from 1 to threshold-1 are hidden (`<threshold`). */
    readonly threshold: number;
    /** Zero counts are hidden too (as `<threshold`). */
    readonly suppressZeros: boolean;
    /** Shown counts are rounded to a multiple of this base (CBS style); rates still come from the exact counts. */
    readonly rounding?: number;
}

/** Why a cell is hidden: false = shown. `small` is shown as `<k`; the others as `x`. */
export type HiddenReason = 'small' | 'complement' | 'secondary';
export type CellState = false | HiddenReason;

/** A cell as outputs show it: its value (null when hidden), its text (`12`, `<5`, `x`) and why it is hidden. */
export interface ProtectedCell {
    readonly value: number | null;
    readonly shown: string;
    readonly hidden: CellState;
}

/** The policy of a threshold and the workspace's stroom.json (`suppressZeros`, `rounding`). */
export function disclosurePolicy(threshold: number, config: { readonly suppressZeros?: unknown; readonly rounding?: unknown } = {}): DisclosurePolicy {
    const rounding = typeof config.rounding === 'number' && Number.isInteger(config.rounding) && config.rounding > 1 ? config.rounding : undefined;
    return { threshold, suppressZeros: config.suppressZeros === true, ...(rounding ? { rounding } : {}) };
}

/** One line saying what was done to the figures, in English or Dutch. */
export function describeDisclosure(policy: DisclosurePolicy, lang: 'en' | 'nl' = 'en'): string {
    const k = policy.threshold;
    if (lang === 'nl') {
        return `aantallen onder ${k}${policy.suppressZeros ? ' (ook 0)' : ''} verborgen (<${k}), met secundaire onderdrukking (x)`
            + (policy.rounding ? `, getoonde aantallen afgerond op ${policy.rounding}-tallen` : '');
    }
    return `counts below ${k}${policy.suppressZeros ? ' (and zeros)' : ''} hidden (<${k}), with complementary suppression (x)`
        + (policy.rounding ? `, shown counts rounded to multiples of ${policy.rounding}` : '');
}

/** A count that primary suppression hides: 1 to k-1, or 0 when zeros are hidden. */
export function isSmall(value: number, policy: DisclosurePolicy): boolean {
    return value < policy.threshold && (value > 0 || policy.suppressZeros);
}

/** The text of a hidden cell: `<k` for a small one, `x` for one hidden to protect another (or with its row). */
export function hiddenMarker(reason: HiddenReason, policy: DisclosurePolicy): string {
    return reason === 'small' ? `<${policy.threshold}` : 'x';
}

/** A count as shown: its (rounded) value, or its marker. */
export function protectedCell(value: number, state: CellState, policy: DisclosurePolicy): ProtectedCell {
    if (state !== false) return { value: null, shown: hiddenMarker(state, policy), hidden: state };
    const v = roundCount(value, policy.rounding);
    return { value: v, shown: String(v), hidden: false };
}

/** Rounds to the nearest multiple of base, halves up (counts are never negative). */
export function roundCount(value: number, base?: number): number {
    if (!base || base <= 1) return value;
    return Math.floor((2 * value + base) / (2 * base)) * base;
}

// ------------------------------------------------------------------ cells and additive groups (the general API)

export interface CellSpec {
    readonly id: string;
    readonly value: number;
    /**
     * A cell that is never displayed but follows from displayed ones (a complement: size minus count). When it is
     * small, this displayed cell is hidden for it (reason `complement`), and outputs may say it is small.
     */
    readonly protectedBy?: string;
    /** A decision taken before (sizes shared by several outputs of one run): kept as it is. */
    readonly fixed?: CellState;
    /** Hidden whatever its value (its row is hidden): `<k` when small, else `x`. */
    readonly hide?: boolean;
}

export interface GroupSpec {
    /** Cells that add up to the total. */
    readonly cells: readonly string[];
    /** The total: a public number, the id of a cell holding it, or (absent) the sum of the cells' values, public. */
    readonly total?: number | string;
}

export interface Interval { readonly lo: number; readonly hi: number }

export interface Protection {
    /** Per displayed cell: shown (false) or why hidden. Derived cells (protectedBy) are absent. */
    readonly state: ReadonlyMap<string, CellState>;
    /** What an adversary can infer about every cell from the shown cells, the markers and the group totals. */
    readonly intervals: ReadonlyMap<string, Interval>;
    /** Hidden (or small derived) cells that remain exactly recomputable: no shown cell was left to hide. Normally none. */
    readonly exposed: readonly string[];
}

interface Model {
    readonly ids: string[];
    readonly index: Map<string, number>;
    readonly values: number[];
    readonly derived: boolean[];
    readonly fixed: boolean[];
    /** Per derived cell the displayed cell it follows from (-1 for displayed cells). */
    readonly protector: number[];
    readonly groups: Array<{ members: number[]; total: number | { cell: number } }>;
    /** Groups each cell takes part in (as member or total). */
    readonly groupsOf: number[][];
}

function model(cells: readonly CellSpec[], groups: readonly GroupSpec[]): Model {
    const index = new Map<string, number>();
    cells.forEach((c, i) => {
        if (index.has(c.id)) throw new Error(`disclosure: cell ${c.id} given twice`);
        index.set(c.id, i);
    });
    const at = (id: string) => {
        const i = index.get(id);
        if (i === undefined) throw new Error(`disclosure: no cell ${id}`);
        return i;
    };
    const values = cells.map((c) => c.value);
    const groupsOf: number[][] = cells.map(() => []);
    const gs = groups.map((g, gi) => {
        const members = g.cells.map(at);
        const total = typeof g.total === 'string' ? { cell: at(g.total) }
            : g.total ?? members.reduce((a, m) => a + values[m], 0);
        for (const m of members) groupsOf[m].push(gi);
        if (typeof total === 'object') groupsOf[total.cell].push(gi);
        return { members, total };
    });
    return {
        ids: cells.map((c) => c.id), index, values, derived: cells.map((c) => c.protectedBy !== undefined),
        fixed: cells.map((c) => c.fixed !== undefined), groups: gs, groupsOf,
        protector: cells.map((c) => (c.protectedBy === undefined ? -1 : at(c.protectedBy))),
    };
}

/** The bounds a cell's own marker gives away (before any group is used). */
function ownBounds(m: Model, i: number, state: readonly CellState[], smallComplement: readonly boolean[], policy: DisclosurePolicy): [number, number] {
    const zeroLo = policy.suppressZeros ? 0 : 1;
    if (m.derived[i]) return smallComplement[i] ? [zeroLo, policy.threshold - 1] : [0, Infinity];
    const s = state[i];
    if (s === false) return [m.values[i], m.values[i]];
    if (s === 'small') return [zeroLo, policy.threshold - 1];
    return [0, Infinity];
}

/**
 * Interval propagation over the additive groups: for a cell i in a group with total T,
 * i lies in [lo_T - sum of the others' hi, hi_T - sum of the others' lo], and T in [sum lo, sum hi];
 * repeated over all groups until nothing changes.
 */
function propagate(m: Model, bounds: Array<[number, number]>): void {
    for (let round = 0, changed = true; changed && round < 100000; round++) {
        changed = false;
        for (const g of m.groups) {
            const [tlo, thi] = typeof g.total === 'number' ? [g.total, g.total] : bounds[g.total.cell];
            let sumLo = 0;
            let sumHi = 0;
            let infinite = 0;
            for (const c of g.members) {
                sumLo += bounds[c][0];
                if (bounds[c][1] === Infinity) infinite++;
                else sumHi += bounds[c][1];
            }
            for (const c of g.members) {
                const [lo, hi] = bounds[c];
                const othersHi = (hi === Infinity ? infinite - 1 : infinite) > 0 ? Infinity : sumHi - (hi === Infinity ? 0 : hi);
                const othersLo = sumLo - lo;
                const nlo = Math.max(lo, tlo - othersHi);
                const nhi = Math.min(hi, thi - othersLo);
                if (nlo !== lo || nhi !== hi) {
                    bounds[c] = [nlo, nhi];
                    changed = true;
                    sumLo += nlo - lo;
                    if (hi === Infinity && nhi !== Infinity) { infinite--; sumHi += nhi; } else if (hi !== Infinity) sumHi += nhi - hi;
                }
            }
            if (typeof g.total !== 'number') {
                const t = g.total.cell;
                const nlo = Math.max(bounds[t][0], sumLo);
                const nhi = Math.min(bounds[t][1], infinite > 0 ? Infinity : sumHi);
                if (nlo !== bounds[t][0] || nhi !== bounds[t][1]) {
                    bounds[t] = [nlo, nhi];
                    changed = true;
                }
            }
        }
    }
}

/**
 * The auditor: what can be inferred about each cell, given which cells are shown and why the others are hidden.
 * `state` holds every displayed cell's state; a derived cell counts as announced small when its protecting cell is
 * hidden for it (`complement`).
 */
export function auditCells(cells: readonly CellSpec[], groups: readonly GroupSpec[], state: ReadonlyMap<string, CellState>, policy: DisclosurePolicy): Map<string, Interval> {
    const m = model(cells, groups);
    const st = cells.map((c) => state.get(c.id) ?? false);
    const intervals = auditModel(m, cells, st, policy);
    return new Map(m.ids.map((id, i) => [id, { lo: intervals[i][0], hi: intervals[i][1] }]));
}

function announcedSmall(m: Model, cells: readonly CellSpec[], state: readonly CellState[], policy: DisclosurePolicy): boolean[] {
    return cells.map((c, i) => c.protectedBy !== undefined && isSmall(m.values[i], policy) && state[m.index.get(c.protectedBy)!] === 'complement');
}

function auditModel(m: Model, cells: readonly CellSpec[], state: readonly CellState[], policy: DisclosurePolicy): Array<[number, number]> {
    const small = announcedSmall(m, cells, state, policy);
    const bounds = cells.map((_, i) => ownBounds(m, i, state, small, policy));
    propagate(m, bounds);
    return bounds;
}

/**
 * Protects a set of cells that add up in groups: primary suppression, then complementary suppression until the
 * auditor finds no hidden cell (and no small derived cell) whose interval is a single value. A cell to add is taken
 * from a group that pins the exposed cell (else any of its groups): the smallest nonzero shown cell, a zero only
 * when no nonzero one is left; ties go to the earlier cell.
 */
export function protectCells(cells: readonly CellSpec[], groups: readonly GroupSpec[], policy: DisclosurePolicy): Protection {
    const m = model(cells, groups);
    const state: CellState[] = cells.map((c) => c.fixed ?? false);
    // Primary: small displayed cells, and the displayed cell protecting a small derived one.
    cells.forEach((c, i) => {
        if (m.fixed[i] || m.derived[i]) return;
        if (isSmall(c.value, policy)) state[i] = 'small';
        else if (c.hide) state[i] = 'secondary';
    });
    cells.forEach((c, i) => {
        if (!m.derived[i] || !isSmall(c.value, policy)) return;
        const p = m.index.get(c.protectedBy!);
        if (p === undefined) throw new Error(`disclosure: no cell ${c.protectedBy}`);
        if (!m.fixed[p] && state[p] === false) state[p] = 'complement';
    });
    const audited = (i: number) => (m.derived[i] ? isSmall(m.values[i], policy) : state[i] !== false);
    const givenUp = new Set<number>();
    let bounds = auditModel(m, cells, state, policy);
    for (;;) {
        const small = announcedSmall(m, cells, state, policy);
        const exposed = m.ids.map((_, i) => i).find((i) => audited(i) && !givenUp.has(i) && bounds[i][0] === bounds[i][1]
            // A marker that is itself one value (`<2` with zeros shown) cannot be helped by hiding more.
            && !(() => { const [lo, hi] = ownBounds(m, i, state, small, policy); return lo === hi; })());
        if (exposed === undefined) break;
        const pick = candidate(m, state, bounds, exposed) ?? relabel(m, state, exposed);
        if (pick === undefined) {
            givenUp.add(exposed);
            continue;
        }
        state[pick] = 'secondary';
        bounds = auditModel(m, cells, state, policy);
    }
    const out = new Map<string, CellState>();
    m.ids.forEach((id, i) => { if (!m.derived[i]) out.set(id, state[i]); });
    const exposedIds = m.ids.filter((_, i) => audited(i) && bounds[i][0] === bounds[i][1]);
    return {
        state: out,
        intervals: new Map(m.ids.map((id, i) => [id, { lo: bounds[i][0], hi: bounds[i][1] }])),
        exposed: exposedIds,
    };
}

/** The shown cell to hide next for an exposed cell; undefined when none of its groups has one left. */
function candidate(m: Model, state: readonly CellState[], bounds: ReadonlyArray<[number, number]>, exposed: number): number | undefined {
    const hideable = (c: number) => c !== exposed && !m.derived[c] && !m.fixed[c] && state[c] === false;
    // A derived cell in a group is hidden by hiding the displayed cell it follows from.
    const cellsOf = (gi: number) => {
        const g = m.groups[gi];
        return (typeof g.total === 'number' ? g.members : [...g.members, g.total.cell]).map((c) => (m.derived[c] ? m.protector[c] : c));
    };
    // Groups that alone pin the exposed cell: hiding there is what helps.
    const pinning = m.groupsOf[exposed].filter((gi) => pinnedBy(m, bounds, gi, exposed));
    for (const chosen of [pinning, m.groupsOf[exposed]]) {
        const options = [...new Set(chosen.flatMap(cellsOf))].filter(hideable);
        if (options.length === 0) continue;
        const nonzero = options.filter((c) => m.values[c] > 0);
        const pool = nonzero.length > 0 ? nonzero : options;
        return pool.reduce((best, c) => (m.values[c] < m.values[best] || (m.values[c] === m.values[best] && c < best) ? c : best));
    }
    return undefined;
}

/**
 * When no shown cell is left to hide, the markers themselves give the value away (two `<3` adding up to 4). Then a
 * hidden cell's `<k` becomes `x` (it says less: any value): another cell of the exposed one's groups first, itself last.
 */
function relabel(m: Model, state: readonly CellState[], exposed: number): number | undefined {
    const cellsOf = (gi: number) => {
        const g = m.groups[gi];
        return typeof g.total === 'number' ? g.members : [...g.members, g.total.cell];
    };
    const telling = (c: number) => !m.derived[c] && !m.fixed[c] && (state[c] === 'small' || state[c] === 'complement');
    const options = [...new Set(m.groupsOf[exposed].flatMap(cellsOf))].filter((c) => c !== exposed && telling(c)).sort((a, b) => a - b);
    return options[0] ?? (telling(exposed) ? exposed : undefined);
}

/** Whether one group on its own (with the others' current intervals) leaves a single value for the cell. */
function pinnedBy(m: Model, bounds: ReadonlyArray<[number, number]>, gi: number, cell: number): boolean {
    const g = m.groups[gi];
    const [tlo, thi] = typeof g.total === 'number' ? [g.total, g.total] : bounds[g.total.cell];
    if (typeof g.total !== 'number' && g.total.cell === cell) {
        const lo = g.members.reduce((a, c) => a + bounds[c][0], 0);
        const hi = g.members.reduce((a, c) => a + bounds[c][1], 0);
        return lo === hi;
    }
    const others = g.members.filter((c) => c !== cell);
    const lo = tlo - others.reduce((a, c) => a + bounds[c][1], 0);
    const hi = thi - others.reduce((a, c) => a + bounds[c][0], 0);
    return lo === hi;
}

// ------------------------------------------------------------------ figure rows

/** A figure row to protect: a cohort cell (year and breakdown values), optionally a category of a distribution. */
export interface FigureCells {
    readonly cohortYear: number;
    /** Breakdown values of the cohort cell (without a distribution's category). */
    readonly cell: readonly (string | null)[];
    /** A distribution's category: rows with the same cohort cell share one size and their counts add up to it. */
    readonly category?: string;
    readonly size: number;
    readonly count: number;
    /**
     * A margin row (a run's totals per dimension): per dimension of `cell`, whether it is summed over. Rows with it
     * and rows without are protected as one linked table (protectFigures).
     */
    readonly total?: readonly boolean[];
}

export interface ProtectedFigure {
    readonly size: ProtectedCell;
    readonly count: ProtectedCell;
    /** The rate is shown only when size and count are: with the size, a rate gives the count back. */
    readonly rate: CellState;
    /** The complement (size minus count) is small: the count is hidden for it. */
    readonly smallComplement: boolean;
}

export interface ProtectedFigures {
    readonly rows: readonly ProtectedFigure[];
    /** Cells that stay recomputable (nothing was left to hide); normally empty. */
    readonly exposed: readonly string[];
}

/**
 * Protects the figure rows of one output. Additive groups: per cohort year, the cohort cells add up to every
 * coarser breakdown (down to the year's total), for sizes, counts and complements, each total being public (another
 * output shows it); a distribution's categories add up to their cohort cell. Sizes are decided first from the sizes
 * alone, so outputs on the same cohort and breakdown hide the same sizes; then counts, a hidden size hiding its row.
 */
export function protectFigures(rows: readonly FigureCells[], policy: DisclosurePolicy): ProtectedFigures {
    return rows.some((r) => r.total?.some(Boolean)) ? protectWithMargins(rows, policy) : protectTable(rows, policy);
}

function protectTable(rows: readonly FigureCells[], policy: DisclosurePolicy): ProtectedFigures {
    const unitKey = (r: FigureCells) => JSON.stringify([r.cohortYear, r.cell]);
    const units: FigureCells[] = [];
    const unitOf = new Map<string, number>();
    const rowUnit = rows.map((r) => {
        const key = unitKey(r);
        if (!unitOf.has(key)) {
            unitOf.set(key, units.length);
            units.push(r);
        }
        return unitOf.get(key)!;
    });
    const dims = units[0]?.cell.length ?? 0;
    // Every coarser breakdown: the values of a proper subset of the dimensions (the empty one: the year's total).
    const marginals = <T>(items: readonly T[], key: (t: T, mask: number) => string): number[][][] => {
        const out: number[][][] = [];
        for (let mask = 0; mask < (1 << dims) - 1; mask++) {
            const by = new Map<string, number[]>();
            items.forEach((t, i) => by.set(key(t, mask), [...(by.get(key(t, mask)) ?? []), i]));
            out.push([...by.values()].filter((g) => g.length > 1));
        }
        return out;
    };
    const project = (r: FigureCells, mask: number) => [r.cohortYear, r.cell.filter((_, d) => (mask >> d) & 1)];

    // Sizes, from the sizes alone.
    const sizeCells: CellSpec[] = units.map((u, i) => ({ id: `s${i}`, value: u.size }));
    const sizeGroups: GroupSpec[] = marginals(units, (u, mask) => JSON.stringify(project(u, mask))).flat()
        .map((g) => ({ cells: g.map((i) => `s${i}`) }));
    const sizes = protectCells(sizeCells, sizeGroups, policy);
    const sizeState = units.map((_, i) => sizes.state.get(`s${i}`)!);

    // Counts, with the sizes as decided.
    const cells: CellSpec[] = sizeCells.map((c, i) => ({ ...c, fixed: sizeState[i] }));
    const groups: GroupSpec[] = [...sizeGroups];
    rows.forEach((r, i) => {
        const hiddenSize = sizeState[rowUnit[i]] !== false;
        cells.push({ id: `c${i}`, value: r.count, ...(hiddenSize ? { hide: true } : {}) });
        cells.push({ id: `d${i}`, value: r.size - r.count, protectedBy: `c${i}` });
        groups.push({ cells: [`c${i}`, `d${i}`], total: `s${rowUnit[i]}` });
    });
    const distribution = rows.some((r) => r.category !== undefined);
    if (distribution) {
        const perUnit = new Map<number, number[]>();
        rows.forEach((_, i) => perUnit.set(rowUnit[i], [...(perUnit.get(rowUnit[i]) ?? []), i]));
        for (const [u, members] of perUnit) if (members.length > 1) groups.push({ cells: members.map((i) => `c${i}`), total: `s${u}` });
    }
    for (const g of marginals(rows, (r, mask) => JSON.stringify([...project(r, mask), r.category ?? null])).flat()) {
        groups.push({ cells: g.map((i) => `c${i}`) }, { cells: g.map((i) => `d${i}`) });
    }
    const counts = protectCells(cells, groups, policy);
    const out = rows.map((r, i): ProtectedFigure => {
        const s = sizeState[rowUnit[i]];
        const c = counts.state.get(`c${i}`)!;
        return {
            size: protectedCell(r.size, s, policy),
            count: protectedCell(r.count, c, policy),
            rate: c !== false ? c : s,
            smallComplement: c === 'complement',
        };
    });
    return { rows: out, exposed: [...sizes.exposed, ...counts.exposed.filter((id) => !id.startsWith('s'))] };
}

// ------------------------------------------------------------------ margins: cells and their totals as one table

/** The dimensions a row sums over, as a bit mask (bit d: dimension d is a total). */
function totalMask(r: FigureCells): number {
    return (r.total ?? []).reduce((m, t, d) => m | (t ? 1 << d : 0), 0);
}

/**
 * The sums of a table with margins: every margin row equals the sum of the rows that give a value to some of the
 * dimensions it sums over and agree with it on the others (a = v, b = total is the sum over b of (v, b); the grand
 * total is the sum of the a margins, of the b margins and of the cells). Per margin row and finer mask, the member
 * rows; `key` tells rows that must match apart from the cell (the year, a distribution's category).
 */
function marginGroups(items: readonly FigureCells[], key: (r: FigureCells) => string): Array<{ members: number[]; total: number }> {
    const finer = new Map<string, number[]>();
    const at = (r: FigureCells, mask: number, child: number) => JSON.stringify([key(r), mask, child, r.cell.map((v, d) => ((mask >> d) & 1 ? null : v))]);
    const dims = items[0]?.cell.length ?? 0;
    items.forEach((r, i) => {
        const own = totalMask(r);
        for (let mask = own + 1; mask < 1 << dims; mask++) {
            if ((mask & own) !== own) continue;
            const k = at(r, mask, own);
            finer.set(k, [...(finer.get(k) ?? []), i]);
        }
    });
    const out: Array<{ members: number[]; total: number }> = [];
    items.forEach((r, i) => {
        const mask = totalMask(r);
        for (let child = 0; child < mask; child++) {
            if ((child & mask) !== child) continue;
            const members = finer.get(at(r, mask, child));
            if (members) out.push({ members, total: i });
        }
    });
    return out;
}

/**
 * Protects figure rows with margins (`by a, b` with its totals per dimension) as one linked table, so that no hidden
 * cell or hidden total can be recomputed by adding up or subtracting from a total. First each part is protected as
 * its own output would be (the cells by all dimensions, each margin by its remaining ones: a margin hides what the
 * coarser output on the same cohort hides); then the linked table, every margin row the sum of its finer rows, is
 * audited and more cells are hidden until nothing hidden can be recomputed. Sizes first (from the sizes alone), then
 * counts and their complements, a hidden size hiding its row.
 */
function protectWithMargins(rows: readonly FigureCells[], policy: DisclosurePolicy): ProtectedFigures {
    const byMask = new Map<number, number[]>();
    rows.forEach((r, i) => byMask.set(totalMask(r), [...(byMask.get(totalMask(r)) ?? []), i]));
    const first: ProtectedFigure[] = new Array(rows.length);
    for (const [mask, members] of byMask) {
        const own = protectTable(members.map((i) => ({ ...rows[i], cell: rows[i].cell.filter((_, d) => !((mask >> d) & 1)), total: undefined })), policy);
        members.forEach((i, j) => { first[i] = own.rows[j]; });
    }
    const carried = (state: CellState) => (state === 'secondary' ? { hide: true } : {});

    // Sizes: one per cohort cell (a distribution's categories share it).
    const unitKey = (r: FigureCells) => JSON.stringify([r.cohortYear, r.cell, totalMask(r)]);
    const units: FigureCells[] = [];
    const unitFirst: ProtectedFigure[] = [];
    const unitOf = new Map<string, number>();
    const rowUnit = rows.map((r, i) => {
        const key = unitKey(r);
        if (!unitOf.has(key)) {
            unitOf.set(key, units.length);
            units.push(r);
            unitFirst.push(first[i]);
        }
        return unitOf.get(key)!;
    });
    const sizeCells: CellSpec[] = units.map((u, i) => ({ id: `s${i}`, value: u.size, ...carried(unitFirst[i].size.hidden) }));
    const sizeGroups: GroupSpec[] = marginGroups(units, (u) => String(u.cohortYear))
        .map((g) => ({ cells: g.members.map((i) => `s${i}`), total: `s${g.total}` }));
    const sizes = protectCells(sizeCells, sizeGroups, policy);
    const sizeState = units.map((_, i) => sizes.state.get(`s${i}`)!);

    // Counts and complements, with the sizes as decided.
    const cells: CellSpec[] = sizeCells.map((c, i) => ({ id: c.id, value: c.value, fixed: sizeState[i] }));
    const groups: GroupSpec[] = [...sizeGroups];
    rows.forEach((r, i) => {
        const hiddenSize = sizeState[rowUnit[i]] !== false;
        cells.push({ id: `c${i}`, value: r.count, ...(hiddenSize ? { hide: true } : carried(first[i].count.hidden)) });
        cells.push({ id: `d${i}`, value: r.size - r.count, protectedBy: `c${i}` });
        groups.push({ cells: [`c${i}`, `d${i}`], total: `s${rowUnit[i]}` });
    });
    if (rows.some((r) => r.category !== undefined)) {
        const perUnit = new Map<number, number[]>();
        rows.forEach((_, i) => perUnit.set(rowUnit[i], [...(perUnit.get(rowUnit[i]) ?? []), i]));
        for (const [u, members] of perUnit) if (members.length > 1) groups.push({ cells: members.map((i) => `c${i}`), total: `s${u}` });
    }
    for (const g of marginGroups(rows, (r) => JSON.stringify([r.cohortYear, r.category ?? null]))) {
        groups.push({ cells: g.members.map((i) => `c${i}`), total: `c${g.total}` }, { cells: g.members.map((i) => `d${i}`), total: `d${g.total}` });
    }
    const counts = protectCells(cells, groups, policy);
    const out = rows.map((r, i): ProtectedFigure => {
        const s = sizeState[rowUnit[i]];
        const c = counts.state.get(`c${i}`)!;
        return { size: protectedCell(r.size, s, policy), count: protectedCell(r.count, c, policy), rate: c !== false ? c : s, smallComplement: c === 'complement' };
    });
    return { rows: out, exposed: [...sizes.exposed, ...counts.exposed.filter((id) => !id.startsWith('s'))] };
}
