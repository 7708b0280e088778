// Calibration of `stroom generate` against DOMAIN.md's published checkpoints. The simulator never assigns an
// outcome: a population is generated with a fixed seed and the figures come out of the definitions, computed by
// `stroom run` (DuckDB) with the example conventions (examples/conventions/published.stroom) and the example
// indicator for startersresultaat (examples/mbo.stroom). Each checkpoint is asserted within a stated tolerance:
// synthetic data are meant to land near the published figures, not on them.
//
// Checkpoint (DOMAIN.md)                                    target            tolerance
// hbo uitval after year one (VH, full-time bachelors)       15.8% (2009/2017) 15% ± 3 points
//   by prior education                                      mbo 21, havo 13, vwo 7   mbo > havo > vwo, 2 points apart,
//                                                                                    each within 5 points of its target
// hbo studiewissel after year one (VH)                      15-18%            15-18% widened by 3 points: 12-21%
// mbo startersresultaat (Inspectie, pooled cohort years)    84.0-85.1%        84% ± 4 points
// vsv, all sectors (DUO/OCW)                                1.7-1.9%          2% ± 1 point
// vso pupils starting mbo a year, national-size run         6,000, 3,500 directly     ± 20%
//
// "National-size run": the sample is scaled to the Dutch population by the yearly inflow of new full-time hbo
// bachelor students, which DOMAIN.md gives for 2016 (havo 35.2, mbo 21.6, vwo 2.8 thousand direct, 25.5 thousand
// indirect: 85,100). The scale is the national inflow over the sample's mean yearly cohort of the same definition,
// so the vso figure is what a run of (sample persons x scale) people would give, about 4.7 million persons, without
// generating them. The sample size (60,000 people) keeps each checkpoint's sampling error well inside its
// tolerance (the smallest group, vwo entrants in hbo, has about 1,000 people: about 1 point of standard error).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES, tempDir } from '../helpers.js';
import { stroomIn } from './in-process.js';

const PERSONS = 60_000;
const SEED = 424242;
/** New full-time hbo bachelor students in 2016 (DOMAIN.md: direct from havo, mbo, vwo, plus indirect). */
const NATIONAL_HBO_INFLOW = 35_200 + 21_600 + 2_800 + 25_500;

/** Indicators of our own, with the example conventions, for checkpoints the example files do not show as one figure. */
const FIXTURE = `package calibratie

import sources.Voorbeeld
import conventions.{VH, DuoVsv}

/// VH dashboard: new full-time hbo bachelor students (first in hbo), direct and indirect inflow alike.
cohort HboInstroom "Eerstejaars hbo-bachelor voltijd" using VH {
    sector hbo
    level ba
    mode fulltime
    inflow any
    years 2015..2022
}

indicator UitvalVH "Uitval na 1 jaar (VH)" using VH {
    cohort HboInstroom
    measure dropout
    after 1 year
}

indicator UitvalVHVooropleiding "Uitval na 1 jaar per vooropleiding (VH)" using VH {
    cohort HboInstroom
    measure dropout
    after 1 year
    by prior
}

indicator StudiewisselVH "Studiewissel na 1 jaar (VH)" using VH {
    cohort HboInstroom
    measure switch
    after 1 year
}

cohort VsvPopulatie "Ingeschrevenen vo, mbo en vavo jonger dan 23" using DuoVsv {
    kind enrolled
    years 2014..2022
}

indicator Vsv "Nieuwe voortijdig schoolverlaters, alle sectoren" using DuoVsv {
    cohort VsvPopulatie
    measure vsv
}

/// Everyone who starts in mbo for the first time with vso as prior education, directly or after a gap.
cohort VsoMbo "vso-leerlingen die in het mbo beginnen" {
    entry first in sector mbo
    prior vso
    inflow any
    years 2015..2022
}

indicator VsoMboInstroom "vso naar mbo, direct en indirect" {
    cohort VsoMbo
    measure dropout
    after 1 year
    scope sector
    switchers count as retained
    switch within education
    by inflow
}
`;

interface Row {
    cohort_year: number;
    breakdown: Record<string, string | null>;
    cohort_size: number | null;
    count: number | null;
}

/** Sums of counts and cohort sizes over the computed rows of an indicator, per breakdown key. */
function pooled(rows: readonly Row[], key: (b: Row['breakdown']) => string = () => 'all'): Map<string, { count: number; size: number; years: Set<number> }> {
    const out = new Map<string, { count: number; size: number; years: Set<number> }>();
    for (const r of rows) {
        if (r.cohort_size === null) continue;
        const k = key(r.breakdown);
        const a = out.get(k) ?? { count: 0, size: 0, years: new Set<number>() };
        a.count += r.count ?? 0;
        a.size += r.cohort_size;
        a.years.add(r.cohort_year);
        out.set(k, a);
    }
    return out;
}

const pct = (a: { count: number; size: number }): number => (100 * a.count) / a.size;

function within(name: string, got: number, target: number, tolerance: number, unit = ' points'): void {
    assert.ok(Math.abs(got - target) <= tolerance, `${name}: ${got.toFixed(1)}, expected ${target} ± ${tolerance}${unit}`);
}

describe('stroom generate: calibration against the published checkpoints', function () {
    this.timeout(600_000);
    const results = new Map<string, Row[]>();
    /** The figures, printed once at the end (the calibration table of the README comes from this line). */
    const figures: string[] = [];
    after(() => {
        if (figures.length) process.stdout.write(`      calibration (${PERSONS} people, seed ${SEED}): ${figures.join('; ')}\n`);
    });

    before(async () => {
        const ws = tempDir('stroom-calibration-');
        // The example workspace (conventions, the source mapping of the CSV files, mbo.stroom) with a generated
        // population in place of the bundled CSV files.
        const bundled = path.join(EXAMPLES, 'data');
        fs.cpSync(EXAMPLES, ws, { recursive: true, filter: (f) => !(path.dirname(f) === bundled && f.endsWith('.csv')) });
        fs.writeFileSync(path.join(ws, 'calibratie.stroom'), FIXTURE);
        const g = await stroomIn(['generate', '--out', path.join(ws, 'data'), '--persons', String(PERSONS), '--seed', String(SEED)]);
        assert.equal(g.status, 0, g.stderr);
        for (const [file, indicator] of [['calibratie.stroom', undefined], ['mbo.stroom', 'Startersresultaat']] as const) {
            const out = path.join(ws, `${file}.json`);
            const r = await stroomIn(['run', file, '--format', 'json', '--out', out, ...(indicator ? ['--indicator', indicator] : [])], ws);
            assert.equal(r.status, 0, r.stderr);
            for (const res of JSON.parse(fs.readFileSync(out, 'utf8')).results as { indicator: string; rows: Row[] }[]) {
                results.set(res.indicator.split('.').pop()!, res.rows);
            }
        }
    });

    const rows = (name: string): Row[] => {
        const r = results.get(name);
        assert.ok(r && r.length > 0, `no rows for ${name}`);
        return r;
    };

    it('hbo uitval after year one (VH) is about 15%: 15% ± 3 points', () => {
        const got = pct(pooled(rows('UitvalVH')).get('all')!);
        figures.push(`hbo uitval ${got.toFixed(1)}%`);
        within('hbo uitval', got, 15, 3);
    });

    it('hbo uitval is higher for mbo entrants than for havo, and higher for havo than for vwo (targets 21, 13, 7 ± 5)', () => {
        const byPrior = pooled(rows('UitvalVHVooropleiding'), (b) => String(b.prior));
        const [mbo, havo, vwo] = ['mbo-4', 'havo', 'vwo'].map((p) => {
            const a = byPrior.get(p);
            assert.ok(a && a.size >= 500, `too few ${p} entrants: ${a?.size}`);
            return pct(a);
        });
        const shown = `mbo ${mbo.toFixed(1)}, havo ${havo.toFixed(1)}, vwo ${vwo.toFixed(1)}`;
        figures.push(`by prior ${shown}`);
        assert.ok(mbo >= havo + 2 && havo >= vwo + 2, shown);
        within(`uitval of mbo entrants (${shown})`, mbo, 21, 5);
        within(`uitval of havo entrants (${shown})`, havo, 13, 5);
        within(`uitval of vwo entrants (${shown})`, vwo, 7, 5);
    });

    it('hbo studiewissel after year one (VH) is 15-18%, within 3 points', () => {
        const got = pct(pooled(rows('StudiewisselVH')).get('all')!);
        figures.push(`studiewissel ${got.toFixed(1)}%`);
        assert.ok(got >= 15 - 3 && got <= 18 + 3, `studiewissel ${got.toFixed(1)}, expected 15-18 ± 3`);
    });

    it('mbo startersresultaat (the example indicator, pooled over cohort years) is 84% ± 4 points', () => {
        const got = pct(pooled(rows('Startersresultaat')).get('all')!);
        figures.push(`startersresultaat ${got.toFixed(1)}%`);
        within('startersresultaat', got, 84, 4);
    });

    it('vsv over vo and mbo is 2% ± 1 point', () => {
        const got = pct(pooled(rows('Vsv')).get('all')!);
        figures.push(`vsv ${got.toFixed(2)}%`);
        within('vsv', got, 2, 1);
    });

    it('in a national-size run about 6,000 vso pupils a year start mbo, 3,500 of them directly (± 20%)', () => {
        const hbo = pooled(rows('UitvalVH')).get('all')!;
        const scale = NATIONAL_HBO_INFLOW / (hbo.size / hbo.years.size);
        const vso = pooled(rows('VsoMboInstroom'), (b) => String(b.inflow));
        const perYear = (k: string): number => {
            const a = vso.get(k);
            assert.ok(a, `no ${k} vso entrants`);
            return (a.size / a.years.size) * scale;
        };
        const direct = perYear('direct');
        const total = direct + perYear('indirect');
        const shown = `${Math.round(total)} a year, ${Math.round(direct)} directly (scale ${scale.toFixed(1)}: a national run has about ${Math.round(PERSONS * scale).toLocaleString('en-US')} persons)`;
        figures.push(`vso to mbo ${shown}`);
        assert.ok(Math.abs(total - 6000) <= 0.2 * 6000, shown);
        assert.ok(Math.abs(direct - 3500) <= 0.2 * 3500, shown);
    });
});
