// Random definition cards for the differential property test, built directly as plain `Definition` data (no Stroom
// text needed), covering every option of every choice on every valid cohort kind x measure combination; and the card
// read back as Stroom text for failure messages.
import fc from 'fast-check';
import {
    CHOICES, showChoice,
    type Chosen, type CodeSet, type CohortKind, type Definition, type DiplomaRule, type EntryUnit, type Inflow,
    type MeasureName, type MonthDay, type Origin, type SwitchDomain, type SwitchTreatment,
} from '@stroom/language';
import { ALL_LEVELS, MODES, PRIOR_CATEGORIES, SECTORS, yearArb } from './timeline.js';

/** Alternatives shrink towards the first (the plain or default one). */
const CROSS = { withCrossShrink: true } as const;

const UNITS: readonly EntryUnit[] = ['programme', 'institution', 'institution-programme', 'sector', 'education'];

/** Every valid cohort kind x measure (SEMANTICS.md "Measures"), success with and without `over retained`. */
export const COMBINATIONS: ReadonlyArray<{ readonly kind: CohortKind; readonly measure: MeasureName; readonly overRetained?: boolean }> = [
    { kind: 'entering', measure: 'dropout' },
    { kind: 'entering', measure: 'switch' },
    { kind: 'entering', measure: 'retention' },
    { kind: 'entering', measure: 'success' },
    { kind: 'entering', measure: 'success', overRetained: true },
    { kind: 'entering', measure: 'startersresultaat' },
    { kind: 'entering', measure: 'destination' },
    { kind: 'enrolled', measure: 'vsv' },
    { kind: 'enrolled', measure: 'destination' },
    { kind: 'graduating', measure: 'destination' },
    { kind: 'leaving', measure: 'jaarresultaat' },
];

/** The raw random choices; `definitionOf` keeps those that apply to the combination. */
export interface DefSpec {
    readonly combination: number;
    readonly overRetainedAfter: number;
    readonly peildatum: MonthDay;
    readonly entry: EntryUnit;
    readonly inflow: Inflow;
    readonly prior: CodeSet;
    readonly sector: CodeSet;
    readonly mode: CodeSet;
    readonly level: CodeSet;
    readonly funded: boolean;
    readonly mainOnly: boolean;
    readonly ageBelow: number | null;
    readonly lookback: number | 'all';
    readonly horizon: number;
    readonly scope: EntryUnit;
    readonly switchTreatment: SwitchTreatment;
    readonly switchDomain: SwitchDomain;
    readonly diploma: DiplomaRule;
    readonly unit: 'person' | 'enrollment';
    readonly reentry: 'horizon' | 'first-exit';
    readonly breakdown: readonly string[];
    readonly years: readonly [number, number] | null;
}

const codeSet = (codes: readonly string[], max: number): fc.Arbitrary<CodeSet> => fc.oneof(CROSS, 
    { weight: 7, arbitrary: fc.constant('any' as const) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...codes), { minLength: 1, maxLength: max }) },
);

const inflowArb: fc.Arbitrary<Inflow> = fc.oneof(CROSS, 
    { weight: 3, arbitrary: fc.constant({ kind: 'any' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('direct' as const), gap: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('indirect' as const), gap: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 1, arbitrary: fc.record({
        kind: fc.constant('direct-by-enrollment' as const),
        sectors: fc.oneof(CROSS, fc.constant('any' as const), fc.uniqueArray(fc.constantFrom(...SECTORS), { minLength: 1, maxLength: 2 })),
    }) },
);

const switchDomainArb: fc.Arbitrary<SwitchDomain> = fc.oneof(CROSS, 
    fc.constantFrom({ kind: 'education' as const }, { kind: 'institution' as const }, { kind: 'sector' as const }),
    fc.oneof(CROSS, 
        fc.constant({ kind: 'sectors' as const, sectors: ['hbo', 'wo'] }),
        fc.record({ kind: fc.constant('sectors' as const), sectors: fc.uniqueArray(fc.constantFrom(...SECTORS), { minLength: 1, maxLength: 3 }) }),
    ),
);

const BREAKDOWNS = ['institution', 'programme', 'sector', 'level', 'mode', 'prior', 'inflow', 'gender', 'region'] as const;

export const defSpecArb: fc.Arbitrary<DefSpec> = fc.record({
    combination: fc.integer({ min: 0, max: COMBINATIONS.length - 1 }),
    overRetainedAfter: fc.integer({ min: 0, max: 2 }),
    peildatum: fc.oneof(CROSS, 
        { weight: 6, arbitrary: fc.constant({ month: 10, day: 1 }) },
        { weight: 1, arbitrary: fc.constantFrom({ month: 2, day: 1 }, { month: 9, day: 1 }, { month: 8, day: 31 }, { month: 12, day: 31 }, { month: 10, day: 2 }, { month: 9, day: 30 }) },
    ),
    entry: fc.constantFrom(...UNITS),
    inflow: inflowArb,
    prior: codeSet(PRIOR_CATEGORIES, 4),
    sector: codeSet(SECTORS, 3),
    mode: codeSet(MODES, 2),
    level: codeSet(ALL_LEVELS, 4),
    funded: fc.oneof(CROSS, { weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    mainOnly: fc.oneof(CROSS, { weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    ageBelow: fc.oneof(CROSS, { weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 15, max: 27 }) }),
    lookback: fc.oneof(CROSS, { weight: 2, arbitrary: fc.constant('all' as const) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }),
    horizon: fc.integer({ min: 0, max: 3 }),
    scope: fc.constantFrom(...UNITS),
    switchTreatment: fc.constantFrom('dropout' as const, 'retained' as const, 'separate' as const),
    switchDomain: switchDomainArb,
    diploma: fc.oneof(CROSS, { weight: 4, arbitrary: fc.constant({ counts: true, kinds: ['final'] }) }, { weight: 1, arbitrary: fc.constant({ counts: false, kinds: [] }) }),
    unit: fc.constantFrom('person' as const, 'enrollment' as const),
    reentry: fc.constantFrom('horizon' as const, 'first-exit' as const),
    breakdown: fc.oneof(CROSS, { weight: 2, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...BREAKDOWNS), { minLength: 1, maxLength: 2 }) }),
    years: fc.oneof(CROSS, 
        { weight: 5, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(yearArb(2014, 2023, 2018), fc.integer({ min: 0, max: 3 })).map(([a, n]) => [a, a + n] as const) },
    ),
});

const ORIGIN: Origin = { kind: 'explicit', element: 'property test', file: 'differential.test.ts', line: 0 };
const DEFAULT: Origin = { kind: 'default' };

/** The spec as a complete, valid Definition: only the choices that apply to its kind and measure. */
export function definitionOf(spec: DefSpec, name: string): Definition {
    const combo = COMBINATIONS[spec.combination];
    const { kind, measure } = combo;
    const values: Record<string, unknown> = {
        peildatum: spec.peildatum,
        // startersresultaat counts new entrants at an institution.
        entry: measure === 'startersresultaat' ? 'institution' : spec.entry,
        inflow: spec.inflow, prior: spec.prior, sector: spec.sector, mode: spec.mode, level: spec.level,
        funded: spec.funded, mainOnly: spec.mainOnly, ageBelow: spec.ageBelow, lookback: spec.lookback,
        // vsv and startersresultaat look one year on (another horizon is a validation error).
        horizon: measure === 'vsv' || measure === 'startersresultaat' ? 1 : spec.horizon, scope: spec.scope, switchTreatment: spec.switchTreatment, switchDomain: spec.switchDomain,
        diploma: spec.diploma, unit: spec.unit, reentry: spec.reentry, suppression: 5,
    };
    const choices: Record<string, Chosen<unknown>> = {};
    for (const c of CHOICES) {
        // Choices that are off unless a clause sets them (entry flag, main anchor only) stay off the card here.
        if (!c.applies(kind, measure) || !(c.key in values)) continue;
        choices[c.key] = { value: values[c.key], origin: c.key === 'suppression' ? DEFAULT : ORIGIN };
    }
    // Breakdown by inflow needs an entering cohort (a plan error otherwise).
    const breakdown = spec.breakdown.filter((b) => b !== 'inflow' || kind === 'entering');
    const ref = { name, qualifiedName: `property.${name}`, file: 'differential.test.ts', line: 0 };
    return {
        indicator: ref,
        cohort: { ...ref, name: `C${name}`, qualifiedName: `property.C${name}`, kind, ...(spec.years ? { years: spec.years } : {}) },
        measure: { name: measure, ...(combo.overRetained ? { overRetainedAfter: spec.overRetainedAfter } : {}) },
        conventions: [],
        choices: choices as unknown as Definition['choices'],
        breakdown,
    };
}

/** The card as Stroom text (a cohort and an indicator); defaults that cannot be written as a clause are left out. */
export function stroomText(def: Definition): string {
    const cohort = [`cohort ${def.cohort.name} {`];
    const indicator = [`indicator ${def.indicator.name} {`, `    cohort ${def.cohort.name}`];
    if (def.cohort.kind !== 'entering') cohort.push(`    kind ${def.cohort.kind}`);
    if (def.cohort.years) cohort.push(`    years ${def.cohort.years[0]}..${def.cohort.years[1]}`);
    const m = def.measure;
    const y = (n: number) => (n === 1 ? 'year' : 'years');
    indicator.push(`    measure ${m.name}${m.overRetainedAfter !== undefined ? ` over retained after ${m.overRetainedAfter} ${y(m.overRetainedAfter)}` : ''}${m.pool !== undefined ? ` pool ${m.pool} years` : ''}`);
    for (const spec of CHOICES) {
        const chosen = def.choices[spec.key];
        if (!chosen || spec.key === 'suppression') continue;
        const v = chosen.value as unknown;
        if (v === 'any' && spec.key !== 'inflow' || v === null || (v === false && (spec.key === 'funded' || spec.key === 'mainOnly'))) continue;
        (spec.owner === 'cohort' ? cohort : indicator).push(`    ${showChoice(spec.key, v)}`);
    }
    if (def.breakdown.length > 0) indicator.push(`    by ${def.breakdown.join(', ')}`);
    return [...cohort, '}', '', ...indicator, '}'].join('\n');
}
