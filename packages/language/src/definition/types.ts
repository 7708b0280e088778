// The definition card: plain, serialisable data that says exactly what an indicator computes. Everything after
// this stage (plan, SQL, evaluator, explain, compare) reads only this.

/** `deregistration` is written `kind leaving without diploma` (SEMANTICS.md, Additions: De-registrations). */
export type CohortKind = 'entering' | 'enrolled' | 'graduating' | 'leaving' | 'deregistration';
export type EntryUnit = 'programme' | 'institution' | 'institution-programme' | 'sector' | 'education';
export type ScopeUnit = EntryUnit;
export type MeasureName = 'dropout' | 'switch' | 'retention' | 'success' | 'vsv' | 'startersresultaat'
    | 'jaarresultaat' | 'destination';
export type SwitchTreatment = 'dropout' | 'retained' | 'separate';
/**
 * A person's outcome: graduated / retained / switched / dropout for the dropout family; vsv / not-vsv;
 * success / no (startersresultaat); diploma / left without diploma (jaarresultaat); a destination category.
 */
export type Outcome = string;

export interface MonthDay { readonly month: number; readonly day: number }

/** Where a value of the card came from. */
export type Origin =
    | { readonly kind: 'explicit'; readonly element: string; readonly file: string; readonly line: number }
    | { readonly kind: 'convention'; readonly convention: string; readonly file: string; readonly line: number }
    | { readonly kind: 'source'; readonly source: string }
    | { readonly kind: 'workspace' }
    | { readonly kind: 'default' };

export interface Chosen<T> { readonly value: T; readonly origin: Origin }

export type Inflow =
    | { readonly kind: 'any' }
    | { readonly kind: 'direct'; readonly gap: number }
    | { readonly kind: 'indirect'; readonly gap: number }
    | { readonly kind: 'direct-by-enrollment'; readonly sectors: readonly string[] | 'any' };

/** A raw column of the enrollments file and the value that marks a first-year enrollment. */
export interface EntryFlag { readonly column: string; readonly value: string }

export type SwitchDomain =
    | { readonly kind: 'institution' | 'sector' | 'education' }
    | { readonly kind: 'sectors'; readonly sectors: readonly string[] };

export interface DiplomaRule { readonly counts: boolean; readonly kinds: readonly string[] }

/**
 * `history S [within N years]` (SEMANTICS.md, Additions): an enrollment in sector S, other than an entering cohort's
 * anchor, that started before P(y) and, with `within`, is open or ends on or after P(y-N).
 */
export interface History { readonly sector: string; readonly within: number | null }

/** The breakdown name of `by history S` (yes / no); `history.<field>` names a field of that earlier enrollment. */
export const HISTORY_BREAKDOWN = 'history';

/** The enrollment field a breakdown `history.<field>` reads, or undefined for any other breakdown. */
export function historyField(breakdown: string): string | undefined {
    return breakdown.startsWith(`${HISTORY_BREAKDOWN}.`) ? breakdown.slice(HISTORY_BREAKDOWN.length + 1) : undefined;
}

/** A set filter: `any`, or the codes a record's field must have. */
export type CodeSet = 'any' | readonly string[];

/** Every choice of SEMANTICS.md, in card order. A choice that does not apply to the measure is absent. */
export interface Choices {
    readonly peildatum: Chosen<MonthDay>;
    readonly entry?: Chosen<EntryUnit>;
    /** Entering: entry read from the anchor record's own flag (`entry flag "C" = "V"`); null = by dates. */
    readonly entryFlag?: Chosen<EntryFlag | null>;
    readonly inflow?: Chosen<Inflow>;
    readonly prior: Chosen<CodeSet>;
    readonly sector: Chosen<CodeSet>;
    readonly mode: Chosen<CodeSet>;
    readonly level: Chosen<CodeSet>;
    readonly funded: Chosen<boolean>;
    readonly mainOnly: Chosen<boolean>;
    /** `main anchor only`: the anchor must be a main enrollment; history and status read every enrollment. */
    readonly mainAnchorOnly?: Chosen<boolean>;
    /** `history S [within N years]`: only people with that earlier enrollment; absent = no filter. */
    readonly history?: Chosen<History>;
    readonly ageBelow: Chosen<number | null>;
    readonly lookback?: Chosen<number | 'all'>;
    readonly horizon?: Chosen<number>;
    /** De-registrations: the destination is read on the day end + N months (`after N months`). */
    readonly horizonMonths?: Chosen<number>;
    /** De-registrations: the ending enrollment's (mapped) leave reason is one of these (`leave reason a, b`). */
    readonly leaveReasons?: Chosen<CodeSet>;
    /** De-registrations: only enrollments in their first year (`first year only`); absent = every enrollment. */
    readonly firstYearOnly?: Chosen<boolean>;
    readonly scope?: Chosen<ScopeUnit>;
    readonly switchTreatment?: Chosen<SwitchTreatment>;
    readonly switchDomain?: Chosen<SwitchDomain>;
    readonly diploma?: Chosen<DiplomaRule>;
    readonly unit: Chosen<'person' | 'enrollment'>;
    readonly reentry?: Chosen<'horizon' | 'first-exit'>;
    readonly suppression: Chosen<number>;
    /** Decimals of the shown rates; absent means the default, one (a display choice: no person moves). */
    readonly decimals?: Chosen<number>;
}

export interface ElementRef {
    readonly name: string;
    readonly qualifiedName: string;
    readonly title?: string;
    readonly doc?: string;
    readonly file: string;
    readonly line: number;
}

/**
 * The history whose earlier enrollment `by history.<field>` reads: the breakdown's own `by history S`, else the
 * cohort's history filter; undefined when there is neither (validation's invalid-history).
 */
export function breakdownHistory(def: Pick<Definition, 'historyBreakdown' | 'choices'>): History | undefined {
    return def.historyBreakdown ?? def.choices.history?.value;
}

export interface Definition {
    readonly indicator: ElementRef;
    readonly cohort: ElementRef & { readonly kind: CohortKind; readonly years?: readonly [number, number] };
    readonly measure: { readonly name: MeasureName; readonly overRetainedAfter?: number; readonly pool?: number };
    readonly conventions: ReadonlyArray<{ readonly name: string; readonly citation?: string }>;
    readonly choices: Choices;
    readonly breakdown: readonly string[];
    /** `by history S [within N years]`: the history the breakdown `history` (yes / no) tests. */
    readonly historyBreakdown?: History;
    /** The source named by the indicator or cohort (`on X`), if any; the run may override it. */
    readonly sourceName?: string;
    /**
     * `measure M classified by source`: the cohort is the run's source's `population` and the outcome its `outcomes`,
     * as the publisher classified them; nothing is computed from enrollments (SEMANTICS.md, Additions).
     */
    readonly classified?: { readonly by: 'source' };
    /** The source of published norms the figures are held against (`norm from X`). */
    readonly norms?: { readonly source: string; readonly file: string; readonly line: number };
}

// ------------------------------------------------------------------ sources

export type RecordKind = 'persons' | 'enrollments' | 'diplomas' | 'prior education' | 'figures' | 'norms';

export type FieldValue =
    /** A column (or the first of `alternatives` with a value), decoded through a table and/or a value map. */
    | { readonly kind: 'column'; readonly column: string; readonly alternatives?: readonly string[]; readonly decode?: DecodeSpec; readonly map?: ValueMapSpec }
    | { readonly kind: 'date'; readonly column: string; readonly format: string }
    | { readonly kind: 'school year'; readonly column: string }
    | { readonly kind: 'period'; readonly from: DateColumn; readonly to: DateColumn }
    /** A year-only date: year T covers `start` of T up to the day before `start` of T+1 (1cijferHO: 1 October). */
    | { readonly kind: 'year period'; readonly column: string; readonly start: MonthDay }
    /** A constant: a code, or (typed) a date 'YYYY-MM-DD', a number or a boolean ('true' / 'false'). */
    | { readonly kind: 'constant'; readonly type: ConstantType; readonly value: string };

export type ConstantType = 'code' | 'date' | 'number' | 'boolean';

export type OrderOperator = '<' | '<=' | '>' | '>=';

/**
 * A mapping's row filter on the raw cells of its file, as a small expression tree. Codes compare as text; `number`
 * compares a column read as a number, `date` a column parsed with its format; `missing` holds for an empty cell or
 * one of the source's `missing` values.
 */
export type WhereSpec =
    | { readonly kind: 'and' | 'or'; readonly operands: readonly WhereSpec[] }
    | { readonly kind: 'not'; readonly operand: WhereSpec }
    | { readonly kind: 'codes'; readonly column: string; readonly operator: '=' | '!=' | 'in' | 'not in'; readonly values: readonly string[] }
    | { readonly kind: 'number'; readonly column: string; readonly operator: OrderOperator; readonly value: number }
    | { readonly kind: 'date'; readonly column: string; readonly format: string; readonly operator: OrderOperator; readonly value: string }
    | { readonly kind: 'missing'; readonly column: string; readonly negated: boolean };

/** The file columns a row filter reads, once each, in order of appearance. */
export function whereColumns(w: WhereSpec): string[] {
    const out: string[] = [];
    const walk = (x: WhereSpec): void => {
        switch (x.kind) {
            case 'and': case 'or': x.operands.forEach(walk); break;
            case 'not': walk(x.operand); break;
            default: if (!out.includes(x.column)) out.push(x.column);
        }
    };
    walk(w);
    return out;
}

export interface DateColumn { readonly column: string; readonly format: string }

export interface ValueMapSpec {
    readonly prefix?: number;
    readonly entries: ReadonlyArray<readonly [string, string]>;
}

/** A decode table (DUO's Dec_*.asc): code -> label, read from a data file of the source. */
export interface DecodeSpec {
    readonly name: string;
    readonly file: DataFileSpec;
    readonly code: string;
    readonly label: string;
}

/** The record types of a multi-record file: the fields of each type in order (the type itself is field 1). */
export interface RecordsLayoutSpec {
    readonly path: string;
    /** A record type whose fields every line of the same file carries (the file's header line, e.g. VLP). */
    readonly header?: string;
    readonly types: Readonly<Record<string, readonly string[]>>;
}

export interface DataFileSpec {
    readonly name: string;
    readonly format: 'csv' | 'parquet' | 'table' | 'fixed width' | 'records';
    /** Absolute path of a file; for a database table, its (schema-qualified) name. */
    readonly path: string;
    /** As written in the definition (for messages). */
    readonly written: string;
    readonly delimiter?: string;
    /** Text encoding of a CSV or fixed-width file ('utf-8', the default, or 'latin-1'). */
    readonly encoding?: string;
    /** The fields of a fixed-width file. */
    readonly layout?: { readonly path: string; readonly width: number; readonly fields: ReadonlyArray<{ readonly name: string; readonly start: number; readonly width: number }> };
    /** The record types of a multi-record (`records`) file. */
    readonly records?: RecordsLayoutSpec;
    /** Where the file is declared (for messages). */
    readonly at: { readonly file: string; readonly line: number };
    /**
     * A temporary folder Stroom wrote this file into itself (an example's records): it is read from there, and the
     * workspace's folders do not apply. Never set from a definition.
     */
    readonly ownFolder?: string;
    /** Why the workspace does not let the definition read this (workspace/data-access.ts); nothing was read then. */
    readonly refused?: { readonly code: string; readonly message: string; readonly property: 'path' | 'layout' | 'encoding' };
}

export interface MappingSpec {
    readonly record: RecordKind;
    readonly file: DataFileSpec;
    /** For a records file: the record type read, and the type joined onto it (same file, equal `on` fields). */
    readonly recordType?: string;
    readonly join?: { readonly type: string; readonly on: readonly string[] };
    readonly where?: WhereSpec;
    readonly fields: Readonly<Record<string, FieldValue>>;
    /** Fields written `per mille` (a norms file's norm in thousandths). */
    readonly perMille?: readonly string[];
    /** Definition file and line of the mapping (for data errors). */
    readonly at: { readonly file: string; readonly line: number };
}

/**
 * A population a publisher already made (DUO's starters on 1 October): cohort year `year` is the one whose peildatum
 * is `on`; each distinct person of the file is in it once (the first row gives the attributes).
 */
export interface PopulationSpec {
    readonly file: DataFileSpec;
    /** The peildatum as written, ISO (2022-10-01). */
    readonly on: string;
    /** The cohort year whose peildatum is `on` (the study year start decides: 1 October 2022 is cohort 2022). */
    readonly year: number;
    readonly where?: MappingSpec['where'];
    readonly fields: Readonly<Record<string, FieldValue>>;
    readonly at: { readonly file: string; readonly line: number };
}

/** Who has which outcome, as the publisher classified it (DUO's new early school leavers). */
export interface OutcomesSpec {
    readonly file: DataFileSpec;
    /** The population (by its peildatum, ISO) these outcomes belong to; absent: every population of the source. */
    readonly on?: string;
    readonly where?: MappingSpec['where'];
    readonly fields: Readonly<Record<string, FieldValue>>;
    readonly at: { readonly file: string; readonly line: number };
}

export interface SourceSpec {
    readonly name: string;
    readonly qualifiedName: string;
    readonly title?: string;
    readonly publisher?: string;
    readonly peildatum?: MonthDay;
    readonly studyYearStart: MonthDay;
    readonly observed?: { readonly from: string; readonly until: string };
    readonly missing: readonly string[];
    /** Which day of a year-only diploma period counts at a cutoff inside it (vsv's 31 December). */
    readonly yearOnlyAt?: 'first' | 'last';
    readonly mappings: readonly MappingSpec[];
    /** Breakdown fields shown with labels from a decode table (`labels programme from Opleidingen`). */
    readonly labels: Readonly<Record<string, DecodeSpec>>;
    /** Publisher-classified populations (one per cohort year) and their outcomes (`population from`, `outcomes from`). */
    readonly populations?: readonly PopulationSpec[];
    readonly outcomes?: readonly OutcomesSpec[];
    readonly file: string;
    readonly line: number;
}
