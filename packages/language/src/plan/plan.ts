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

export const RELATION_OF: Readonly<Record<RecordKind, RelationName>> = {
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

export interface EnteringPlan {
    readonly kind: 'entering';
    /** Columns that identify the entry unit (empty: education as a whole). */
    readonly entryKey: UnitKey;
    readonly sector: CodeSet;
    readonly mode: CodeSet;
    readonly level: CodeSet;
    readonly prior: CodeSet;
    readonly funded: boolean;
    readonly ageBelow: number | null;
    readonly inflow: Inflow;
    /** History is checked from this peildatum year (absolute) or this many years back. */
    readonly lookback: { readonly kind: 'window'; readonly firstYear: number } | { readonly kind: 'years'; readonly years: number };
    readonly unit: 'person' | 'enrollment';
}

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

export interface Plan {
    readonly definition: Definition;
    readonly source: SourceSpec;
    readonly relations: readonly RelationPlan[];
    readonly mainOnly: boolean;
    readonly peil: PeilPlan;
    readonly years: readonly number[];
    readonly incomplete: ReadonlyArray<{ readonly year: number; readonly reason: string }>;
    readonly cohort: EnteringPlan;
    readonly outcome: OutcomePlan;
    readonly breakdown: readonly BreakdownPlan[];
    readonly priorRanks: ReadonlyArray<readonly [string, number]>;
    readonly needsPrior: boolean;
    readonly needsPerson: boolean;
}

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

function relations(source: SourceSpec): RelationPlan[] {
    return source.mappings.map((m) => {
        const specs = RECORD_FIELDS[m.record];
        const columns: ColumnPlan[] = Object.entries(m.fields).map(([field, value]) => ({
            name: columnName(field),
            type: specs.find((s) => s.name === field)?.type ?? 'text',
            value,
        }));
        return {
            name: RELATION_OF[m.record], file: m.file, ...(m.where ? { where: m.where } : {}), columns,
            missing: source.missing, at: m.at,
        };
    });
}

export function plan(def: Definition, source: SourceSpec): Plan {
    if (def.cohort.kind !== 'entering') {
        throw new PlanError(`${def.indicator.name}: ${def.cohort.kind} cohorts are not computed by this version of Stroom yet.`);
    }
    const c = def.choices;
    if (!c.entry || !c.inflow || !c.horizon || !c.scope || !c.switchTreatment || !c.switchDomain || !c.lookback) {
        throw new PlanError(`${def.indicator.name}: the definition card is incomplete.`);
    }
    if (!source.observed) {
        throw new PlanError(`source ${source.name} declares no observation window: add \`observed from YYYY-MM-DD until YYYY-MM-DD\` (${source.file}:${source.line}).`);
    }
    const rels = relations(source);
    if (!rels.some((r) => r.name === 'enrollment')) throw new PlanError(`source ${source.name} maps no enrollments.`);
    const peil = peilPlan(c.peildatum.value, source.studyYearStart);
    const horizon = c.horizon.value;
    const reentry = c.reentry?.value ?? 'horizon';
    const overRetainedAfter = def.measure.overRetainedAfter;
    const checkpoints = new Set<number>(reentry === 'first-exit' ? range(1, horizon) : [horizon]);
    if (overRetainedAfter !== undefined) checkpoints.add(overRetainedAfter);

    // The observation window decides which cohort years can be computed (before membership).
    const [windowFirst] = coveredYears(peil, source.observed.from, null);
    const [, windowLast] = coveredYears(peil, '0001-01-01', source.observed.until);
    const lookback = c.lookback.value;
    const firstComplete = lookback === 'all' ? windowFirst + 1 : windowFirst + lookback;
    const lastComplete = windowLast - Math.max(...checkpoints);
    // Without `years`, every year with a peildatum in the window is listed; the incomplete ones say why.
    const wanted = def.cohort.years ? range(def.cohort.years[0], def.cohort.years[1]) : range(windowFirst, windowLast);
    const years: number[] = [];
    const incomplete: Array<{ year: number; reason: string }> = [];
    for (const y of wanted) {
        if (y < firstComplete) {
            const need = peilDate(y - (lookback === 'all' ? 1 : lookback), c.peildatum.value, source.studyYearStart);
            incomplete.push({ year: y, reason: `history needs ${need}, data start ${source.observed.from} / geschiedenis vraagt ${need}, data beginnen ${source.observed.from}` });
        } else if (y > lastComplete) {
            const need = peilDate(y + Math.max(...checkpoints), c.peildatum.value, source.studyYearStart);
            incomplete.push({ year: y, reason: `horizon needs ${need}, data end ${source.observed.until} / meetmoment vraagt ${need}, data eindigen ${source.observed.until}` });
        } else years.push(y);
    }

    const has = (r: RelationName) => rels.some((x) => x.name === r);
    const personColumns = rels.find((r) => r.name === 'person')?.columns.map((col) => col.name) ?? [];
    const breakdown = def.breakdown.map((name): BreakdownPlan => {
        if (name === 'prior') return { name, from: 'prior', column: 'category' };
        if (name === 'inflow') return { name, from: 'inflow', column: 'inflow' };
        if ((ANCHOR_ATTRIBUTES as readonly string[]).includes(name)) return { name, from: 'anchor', column: name };
        const col = columnName(name);
        if (personColumns.includes(col) && col !== 'person') return { name, from: 'person', column: col };
        throw new PlanError(`${def.indicator.name}: cannot break down by '${name}': it is not an enrollment field (${ANCHOR_ATTRIBUTES.join(', ')}) nor a person attribute mapped by source ${source.name} (${personColumns.filter((p) => p !== 'person').join(', ') || 'none'}).`);
    });
    const needsPrior = c.inflow.value.kind === 'direct' || c.inflow.value.kind === 'indirect' || c.prior.value !== 'any'
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
    const diploma = c.diploma?.value ?? { counts: true, kinds: ['final'] };
    const diplomaKinds = diploma.counts && has('diploma') ? diploma.kinds : null;
    // Only the relations this definition reads are built, checked and (for PostgreSQL) loaded.
    const used = rels.filter((r) => r.name === 'enrollment' || (r.name === 'prior_education' && needsPrior)
        || (r.name === 'person' && needsPerson) || (r.name === 'diploma' && diplomaKinds !== null));
    return {
        definition: def, source, relations: used, mainOnly: c.mainOnly.value, peil, years, incomplete,
        cohort: {
            kind: 'entering', entryKey: KEY_OF[c.entry.value], sector: c.sector.value, mode: c.mode.value,
            level: c.level.value, prior: c.prior.value, funded: c.funded.value, ageBelow: c.ageBelow.value,
            inflow: c.inflow.value,
            lookback: lookback === 'all' ? { kind: 'window', firstYear: windowFirst } : { kind: 'years', years: lookback },
            unit: c.unit.value,
        },
        outcome: {
            horizon, checkpoints: [...checkpoints].sort((a, b) => a - b), scopeKey: KEY_OF[c.scope.value],
            scopeAll: c.scope.value === 'education',
            diplomaKinds,
            switchDomain: c.switchDomain.value, switchTreatment: c.switchTreatment.value, reentry,
            ...(overRetainedAfter !== undefined ? { overRetainedAfter } : {}),
        },
        breakdown,
        priorRanks: PRIOR_CATEGORIES.map((t) => [t.code, priorRank(t.code)] as const),
        needsPrior, needsPerson,
    };
}

function range(from: number, to: number): number[] {
    const out: number[] = [];
    for (let y = from; y <= to; y++) out.push(y);
    return out;
}
