// Definition x Source -> Plan: plain data that says which relations to build, which cohort years are computable
// and the relational steps of the cohort and its outcome. The SQL printers read only this.
import type {
    CodeSet, DataFileSpec, Definition, FieldValue, Inflow, MonthDay, RecordKind, ScopeUnit, SourceSpec, SwitchDomain,
    SwitchTreatment,
} from '../definition/types.js';
import { RECORD_FIELDS, type FieldType, PRIOR_CATEGORIES, priorRank } from '../vocabulary.js';
import { ANCHOR_ATTRIBUTES } from '../validation/validator.js';
import { peilDate } from '../explain/card.js';

export class PlanError extends Error { }

export type RelationName = 'enrollment' | 'diploma' | 'prior_education' | 'person';

export const RELATION_OF: Readonly<Record<Exclude<RecordKind, 'figures' | 'norms'>, RelationName>> = {
    enrollments: 'enrollment', diplomas: 'diploma', 'prior education': 'prior_education', persons: 'person',
};

export interface ColumnPlan {
    /** Canonical column name in the relation (spaces become underscores: birth_date). */
    readonly name: string;
    readonly type: FieldType;
    readonly value: FieldValue;
}

export interface RelationPlan {
    readonly name: RelationName;
    readonly file: DataFileSpec;
    readonly where?: { readonly column: string; readonly operator: '=' | '!=' | 'in' | 'not in'; readonly values: readonly string[] };
    /** A records file: the record type read and the type joined onto it. */
    readonly recordType?: string;
    readonly join?: { readonly type: string; readonly on: readonly string[] };
    readonly columns: readonly ColumnPlan[];
    readonly missing: readonly string[];
    readonly at: { readonly file: string; readonly line: number };
}

/** P(y) = make_date(y + offset, month, day): the peildatum of study year y. */
export interface PeilPlan extends MonthDay { readonly offset: number }

export type UnitKey = readonly ('institution' | 'programme' | 'sector')[];

export interface BreakdownPlan {
    readonly name: string;
    readonly from: 'anchor' | 'person' | 'prior' | 'inflow';
    readonly column: string;
}

/** Population filters on the anchor record (and the person, for age and prior education). */
export interface FilterPlan {
    readonly sector: CodeSet;
    readonly mode: CodeSet;
    readonly level: CodeSet;
    readonly prior: CodeSet;
    readonly funded: boolean;
    readonly ageBelow: number | null;
}

export type CohortPlan =
    | (FilterPlan & {
        readonly kind: 'entering';
        /** Columns that identify the entry unit (empty: education as a whole). */
        readonly entryKey: UnitKey;
        readonly inflow: Inflow;
        /** History is checked from this peildatum year (absolute) or this many years back. */
        readonly lookback: { readonly kind: 'window'; readonly firstYear: number } | { readonly kind: 'years'; readonly years: number };
        readonly unit: 'person' | 'enrollment';
    })
    | (FilterPlan & { readonly kind: 'enrolled'; readonly unit: 'person' | 'enrollment' })
    | (FilterPlan & { readonly kind: 'graduating'; readonly diplomaKinds: readonly string[]; readonly unit: 'person' | 'enrollment' })
    | (FilterPlan & { readonly kind: 'leaving' });

export interface OutcomePlan {
    readonly horizon: number;
    /** The years after entry at which a status is needed (1..n for first exit, n otherwise, plus 1 for over-retained). */
    readonly checkpoints: readonly number[];
    readonly scopeKey: UnitKey;
    readonly scopeAll: boolean;
    readonly diplomaKinds: readonly string[] | null;
    readonly switchDomain: SwitchDomain;
    readonly switchTreatment: SwitchTreatment;
    readonly reentry: 'horizon' | 'first-exit';
    readonly overRetainedAfter?: number;
}

/** What is measured on the anchors; the dropout family shares the outcome steps. */
export type MeasurePlan =
    | { readonly kind: 'outcome'; readonly outcome: OutcomePlan }
    | { readonly kind: 'vsv'; readonly startkwalificatie: readonly string[]; readonly cutoffDay: 'first' | 'last' }
    | { readonly kind: 'startersresultaat'; readonly diplomaKinds: readonly string[] }
    /** destination: `graduated` (entering only) by a diploma within the entry unit (`diplomaScope`, empty = anywhere). */
    | { readonly kind: 'destination'; readonly horizon: number; readonly diplomaKinds: readonly string[] | null; readonly diplomaScope: UnitKey }
    /** jaarresultaat: diplomas of the sector and levels, of any kind, count (the evaluator's FIXED_RULES). */
    | { readonly kind: 'jaarresultaat'; readonly sector: string; readonly levels: readonly string[] };

export interface Plan {
    readonly definition: Definition;
    readonly source: SourceSpec;
    readonly relations: readonly RelationPlan[];
    readonly mainOnly: boolean;
    readonly peil: PeilPlan;
    /** Study years start on this day (P(y) and the graduating cohort's study year y-1 depend on it). */
    readonly studyYearStart: MonthDay;
    /** The cohort years the SQL computes (with `pool`, also the earlier years each figure sums). */
    readonly years: readonly number[];
    /** The cohort years that get a figure. */
    readonly shownYears: readonly number[];
    /** How many cohort years each figure sums (1: no pooling). */
    readonly pool: number;
    readonly incomplete: ReadonlyArray<{ readonly year: number; readonly reason: string }>;
    readonly cohort: CohortPlan;
    readonly measure: MeasurePlan;
    readonly breakdown: readonly BreakdownPlan[];
    readonly priorRanks: ReadonlyArray<readonly [string, number]>;
    readonly needsPrior: boolean;
    readonly needsPerson: boolean;
}

/** SEMANTICS.md's fixed rules for the measures that carry them. */
export const STARTKWALIFICATIE_LEVELS = ['havo', 'vwo', 'mbo-2', 'mbo-3', 'mbo-4'] as const;
export const JAARRESULTAAT_LEVELS = ['mbo-2', 'mbo-3', 'mbo-4'] as const;

const KEY_OF: Readonly<Record<ScopeUnit, UnitKey>> = {
    programme: ['programme'],
    institution: ['institution'],
    'institution-programme': ['institution', 'programme'],
    sector: ['sector'],
    education: [],
};

export function columnName(field: string): string {
    return field.replace(/ /g, '_');
}

/** First and last peildatum year that a date range covers (SEMANTICS.md, the integer form). */
export function coveredYears(peil: PeilPlan, start: string, end: string | null): [number, number] {
    const md = peil.month * 100 + peil.day;
    const [sy, sm, sd] = start.split('-').map(Number);
    const k1 = sy + (sm * 100 + sd > md ? 1 : 0) - peil.offset;
    if (end === null) return [k1, Number.POSITIVE_INFINITY];
    const [ey, em, ed] = end.split('-').map(Number);
    return [k1, ey - (em * 100 + ed < md ? 1 : 0) - peil.offset];
}

export function peilPlan(peil: MonthDay, studyYearStart: MonthDay): PeilPlan {
    const before = peil.month * 100 + peil.day < studyYearStart.month * 100 + studyYearStart.day;
    return { ...peil, offset: before ? 1 : 0 };
}

/** Every mapping of a source as a relation to read (published figures aside): what `stroom check-data` checks. */
export function sourceRelations(source: SourceSpec): RelationPlan[] {
    return source.mappings.flatMap((m) => {
        if (m.record === 'figures' || m.record === 'norms') return [];
        const specs = RECORD_FIELDS[m.record];
        const columns: ColumnPlan[] = Object.entries(m.fields).map(([field, value]) => ({
            name: columnName(field),
            type: specs.find((s) => s.name === field)?.type ?? 'text',
            value,
        }));
        return [{
            name: RELATION_OF[m.record], file: m.file, ...(m.where ? { where: m.where } : {}), columns,
            ...(m.recordType ? { recordType: m.recordType } : {}), ...(m.join ? { join: m.join } : {}),
            missing: source.missing, at: m.at,
        }];
    });
}

function iso(y: number, md: MonthDay): string {
    return `${String(y).padStart(4, '0')}-${String(md.month).padStart(2, '0')}-${String(md.day).padStart(2, '0')}`;
}

export function plan(def: Definition, source: SourceSpec): Plan {
    const c = def.choices;
    const kind = def.cohort.kind;
    const m = def.measure.name;
    if (!source.observed) {
        throw new PlanError(`source ${source.name} declares no observation window: add \`observed from YYYY-MM-DD until YYYY-MM-DD\` (${source.file}:${source.line}).`);
    }
    const observed = source.observed;
    const rels = sourceRelations(source);
    if (!rels.some((r) => r.name === 'enrollment')) throw new PlanError(`source ${source.name} maps no enrollments.`);
    const has = (r: RelationName) => rels.some((x) => x.name === r);
    const peil = peilPlan(c.peildatum.value, source.studyYearStart);
    // vsv and startersresultaat are fixed at one year, whatever the card's horizon says (SEMANTICS.md).
    const horizon = m === 'vsv' || m === 'startersresultaat' ? 1 : c.horizon?.value ?? 1;
    const diploma = c.diploma?.value ?? { counts: true, kinds: ['final'] };

    let measure: MeasurePlan;
    if (m === 'dropout' || m === 'switch' || m === 'retention' || m === 'success') {
        if (!c.scope || !c.switchTreatment || !c.switchDomain) throw new PlanError(`${def.indicator.name}: the definition card is incomplete.`);
        const reentry = c.reentry?.value ?? 'horizon';
        // First exit walks P(y+1) .. P(y+n) and falls back to P(y+n) itself (also when n = 0).
        const checkpoints = new Set<number>([...(reentry === 'first-exit' ? range(1, horizon) : []), horizon]);
        if (def.measure.overRetainedAfter !== undefined) checkpoints.add(def.measure.overRetainedAfter);
        measure = {
            kind: 'outcome',
            outcome: {
                horizon, checkpoints: [...checkpoints].sort((a, b) => a - b), scopeKey: KEY_OF[c.scope.value],
                scopeAll: c.scope.value === 'education',
                diplomaKinds: diploma.counts && has('diploma') ? diploma.kinds : null,
                switchDomain: c.switchDomain.value, switchTreatment: c.switchTreatment.value, reentry,
                ...(def.measure.overRetainedAfter !== undefined ? { overRetainedAfter: def.measure.overRetainedAfter } : {}),
            },
        };
    } else if (m === 'vsv') {
        const dipl = source.mappings.find((x) => x.record === 'diplomas');
        const yearOnly = dipl && ['period', 'year period'].includes(dipl.fields.date?.kind ?? '');
        if (yearOnly && !source.yearOnlyAt) {
            throw new PlanError(`${def.indicator.name}: vsv's cutoff (31 December) falls inside year-only diploma periods of source ${source.name}; declare which day counts: \`year-only diplomas count at first day\` or \`... at last day\` (${source.file}:${source.line}).`);
        }
        measure = { kind: 'vsv', startkwalificatie: STARTKWALIFICATIE_LEVELS, cutoffDay: source.yearOnlyAt ?? 'last' };
    } else if (m === 'startersresultaat') {
        if (c.entry?.value !== 'institution') {
            throw new PlanError(`${def.indicator.name}: startersresultaat counts new entrants at an institution: the cohort needs \`entry first in institution\`.`);
        }
        measure = { kind: 'startersresultaat', diplomaKinds: ['final'] };
    } else if (m === 'destination') {
        measure = {
            kind: 'destination', horizon, diplomaKinds: kind === 'entering' && has('diploma') ? ['final'] : null,
            diplomaScope: c.entry ? KEY_OF[c.entry.value] : [],
        };
    } else {
        measure = { kind: 'jaarresultaat', sector: 'mbo', levels: JAARRESULTAAT_LEVELS };
    }
    if ((kind === 'graduating' || kind === 'leaving') && !has('diploma')) {
        throw new PlanError(`${def.indicator.name}: a ${kind} cohort is made of diplomas, but source ${source.name} maps none.`);
    }

    // The observation window decides which cohort years can be computed (before membership): each kind reads
    // different days (SEMANTICS.md, Observation window).
    const [windowFirst] = coveredYears(peil, observed.from, null);
    const [, windowLast] = coveredYears(peil, '0001-01-01', observed.until);
    const lookback = c.lookback?.value ?? 'all';
    const lastStep = measure.kind === 'outcome' ? Math.max(...measure.outcome.checkpoints) : kind === 'leaving' ? 1 : horizon;
    const firstNeeded = (y: number): string => {
        switch (kind) {
            // The lookback reads back to P(y-N) (all observed history: at least P(y-1)); inflow direct by enrollment
            // reads P(y-1) whatever the lookback (`lookback 0 years` included).
            case 'entering': {
                const back = Math.max(lookback === 'all' ? 1 : lookback, c.inflow?.value.kind === 'direct-by-enrollment' ? 1 : 0);
                return peilDate(y - back, c.peildatum.value, source.studyYearStart);
            }
            case 'graduating': return iso(y - 1, source.studyYearStart);
            default: return peilDate(y, c.peildatum.value, source.studyYearStart);
        }
    };
    const lastNeeded = (y: number): string => {
        const horizonDay = peilDate(y + lastStep, c.peildatum.value, source.studyYearStart);
        const cutoff = iso(y + 1, { month: 12, day: 31 });
        return measure.kind === 'vsv' && cutoff > horizonDay ? cutoff : horizonDay;
    };
    const shown = def.cohort.years ? range(def.cohort.years[0], def.cohort.years[1]) : range(windowFirst, windowLast);
    // A pooled figure for year y sums the cohorts y-pool+1 .. y: those are computed too.
    const pool = def.measure.pool ?? 1;
    const wanted = [...new Set(shown.flatMap((y) => range(y - pool + 1, y)))].sort((a, b) => a - b);
    let years: number[] = [];
    let incomplete: Array<{ year: number; reason: string }> = [];
    for (const y of wanted) {
        const first = firstNeeded(y);
        const last = lastNeeded(y);
        if (first < observed.from) {
            const what = kind === 'entering' ? 'history needs' : 'cohort needs';
            const wat = kind === 'entering' ? 'geschiedenis vraagt' : 'cohort vraagt';
            incomplete.push({ year: y, reason: `${what} ${first}, data start ${observed.from} / ${wat} ${first}, data beginnen ${observed.from}` });
        } else if (last > observed.until) {
            incomplete.push({ year: y, reason: `horizon needs ${last}, data end ${observed.until} / meetmoment vraagt ${last}, data eindigen ${observed.until}` });
        } else years.push(y);
    }
    const shownYears = shown.filter((y) => range(y - pool + 1, y).every((py) => years.includes(py)));
    if (pool > 1) {
        incomplete = shown.filter((y) => !shownYears.includes(y)).map((y) => {
            const missing = range(y - pool + 1, y).map((py) => incomplete.find((i) => i.year === py)).find((i) => i);
            return { year: y, reason: `pool of ${pool} years needs cohort ${missing?.year}: ${missing?.reason}` };
        });
    }
    if (shownYears.length === 0) years = [];

    const personColumns = rels.find((r) => r.name === 'person')?.columns.map((col) => col.name) ?? [];
    const breakdown = def.breakdown.map((name): BreakdownPlan => {
        if (name === 'prior') return { name, from: 'prior', column: 'category' };
        if (name === 'inflow') {
            if (kind !== 'entering') throw new PlanError(`${def.indicator.name}: a breakdown by inflow needs an entering cohort.`);
            return { name, from: 'inflow', column: 'inflow' };
        }
        if ((ANCHOR_ATTRIBUTES as readonly string[]).includes(name)) return { name, from: 'anchor', column: name };
        const col = columnName(name);
        if (personColumns.includes(col) && col !== 'person') return { name, from: 'person', column: col };
        throw new PlanError(`${def.indicator.name}: cannot break down by '${name}': it is not an enrollment field (${ANCHOR_ATTRIBUTES.join(', ')}) nor a person attribute mapped by source ${source.name} (${personColumns.filter((p) => p !== 'person').join(', ') || 'none'}).`);
    });
    const inflow = c.inflow?.value ?? { kind: 'any' as const };
    const needsPrior = inflow.kind === 'direct' || inflow.kind === 'indirect' || c.prior.value !== 'any'
        || breakdown.some((b) => b.from === 'prior' || b.from === 'inflow');
    if (needsPrior && !has('prior_education')) {
        throw new PlanError(`${def.indicator.name} needs prior education (inflow, prior or a breakdown), but source ${source.name} maps none: add \`prior education from <file> { ... }\`.`);
    }
    const needsPerson = c.ageBelow.value !== null || breakdown.some((b) => b.from === 'person');
    if (needsPerson && !has('person')) {
        throw new PlanError(`${def.indicator.name} needs person records (age or a person attribute), but source ${source.name} maps no persons.`);
    }
    if (c.ageBelow.value !== null && !personColumns.includes('birth_date')) {
        throw new PlanError(`${def.indicator.name} filters on age, but source ${source.name} maps no 'birth date' for persons.`);
    }

    const filters: FilterPlan = {
        sector: c.sector.value, mode: c.mode.value, level: c.level.value, prior: c.prior.value, funded: c.funded.value,
        ageBelow: c.ageBelow.value,
    };
    let cohort: CohortPlan;
    switch (kind) {
        case 'entering':
            if (!c.entry || !c.inflow) throw new PlanError(`${def.indicator.name}: the definition card is incomplete.`);
            cohort = {
                kind, ...filters, entryKey: KEY_OF[c.entry.value], inflow,
                lookback: lookback === 'all' ? { kind: 'window', firstYear: windowFirst } : { kind: 'years', years: lookback },
                unit: c.unit.value,
            };
            break;
        case 'enrolled': cohort = { kind, ...filters, unit: c.unit.value }; break;
        case 'graduating': cohort = { kind, ...filters, diplomaKinds: diploma.counts ? diploma.kinds : ['final'], unit: c.unit.value }; break;
        case 'leaving': cohort = { kind, ...filters }; break;
    }
    const needsDiploma = kind === 'graduating' || kind === 'leaving' || measure.kind === 'vsv' || measure.kind === 'startersresultaat'
        || (measure.kind === 'destination' && measure.diplomaKinds !== null)
        || (measure.kind === 'outcome' && measure.outcome.diplomaKinds !== null);
    // Only the relations this definition reads are built, checked and (for PostgreSQL) loaded.
    const used = rels.filter((r) => r.name === 'enrollment' || (r.name === 'prior_education' && needsPrior)
        || (r.name === 'person' && needsPerson) || (r.name === 'diploma' && needsDiploma));
    return {
        definition: def, source, relations: used, mainOnly: c.mainOnly.value, peil, studyYearStart: source.studyYearStart,
        years, shownYears, pool, incomplete, cohort, measure, breakdown,
        priorRanks: PRIOR_CATEGORIES.map((t) => [t.code, priorRank(t.code)] as const),
        needsPrior, needsPerson,
    };
}

function range(from: number, to: number): number[] {
    const out: number[] = [];
    for (let y = from; y <= to; y++) out.push(y);
    return out;
}
