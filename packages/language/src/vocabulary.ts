// The closed vocabularies of the language: every code a mapping or a clause may use, with a one-line meaning in
// Dutch and English (used by completion, hover and explain).

export interface Term {
    readonly code: string;
    readonly nl: string;
    readonly en: string;
}

function terms(list: Array<[string, string, string]>): readonly Term[] {
    return list.map(([code, nl, en]) => ({ code, nl, en }));
}

export const SECTORS = terms([
    ['vo', 'voortgezet onderwijs', 'secondary education'],
    ['vso', 'voortgezet speciaal onderwijs', 'special secondary education'],
    ['vavo', 'voortgezet algemeen volwassenenonderwijs', 'adult general secondary education'],
    ['mbo', 'middelbaar beroepsonderwijs', 'secondary vocational education'],
    ['hbo', 'hoger beroepsonderwijs', 'higher professional education'],
    ['wo', 'wetenschappelijk onderwijs', 'university education'],
]);

export const MODES = terms([
    ['fulltime', 'voltijd', 'full-time'],
    ['parttime', 'deeltijd', 'part-time'],
    ['dual', 'duaal', 'dual'],
    ['bol', 'beroepsopleidende leerweg', 'school-based vocational track'],
    ['bbl', 'beroepsbegeleidende leerweg', 'work-based vocational track'],
    // An extraneus sits exams without following the programme (mbo leerweg EX): neither bol nor bbl.
    ['ex', 'extraneus (alleen examens, geen onderwijs)', 'extraneus (exams only, no tuition)'],
]);

/** Prior-education categories in the default rank order, highest first (SEMANTICS.md). */
export const PRIOR_CATEGORIES = terms([
    ['wo-ma', 'wo-master', 'university master'],
    ['wo-ba', 'wo-bachelor', 'university bachelor'],
    ['hbo-ma', 'hbo-master', 'hbo master'],
    ['hbo-ba', 'hbo-bachelor', 'hbo bachelor'],
    ['hbo-ad', 'associate degree', 'associate degree'],
    ['wo-p', 'wo-propedeuse', 'university first-year certificate'],
    ['hbo-p', 'hbo-propedeuse', 'hbo first-year certificate'],
    ['vwo', 'vwo-diploma', 'vwo diploma'],
    ['havo', 'havo-diploma', 'havo diploma'],
    ['mbo-4', 'mbo niveau 4', 'mbo level 4'],
    ['mbo-3', 'mbo niveau 3', 'mbo level 3'],
    ['mbo-2', 'mbo niveau 2', 'mbo level 2'],
    ['mbo-1', 'mbo niveau 1 (entree)', 'mbo level 1 (entry)'],
    ['vmbo-t', 'vmbo theoretische leerweg', 'vmbo theoretical track'],
    ['vmbo-g', 'vmbo gemengde leerweg', 'vmbo combined track'],
    ['vmbo-k', 'vmbo kaderberoepsgerichte leerweg', 'vmbo middle-management track'],
    ['vmbo-b', 'vmbo basisberoepsgerichte leerweg', 'vmbo basic vocational track'],
    ['vso', 'voortgezet speciaal onderwijs', 'special secondary education'],
    ['other', 'overig of buitenlands', 'other or foreign'],
]);

/** Rank of a prior category: higher is higher education; vmbo-t and vmbo-g share a rank. */
export function priorRank(category: string): number {
    const order = PRIOR_CATEGORIES.map((t) => t.code);
    const index = order.indexOf(category === 'vmbo-g' ? 'vmbo-t' : category);
    return index < 0 ? 0 : order.length - index;
}

/** Levels of an enrollment or diploma. */
export const LEVELS = terms([
    ['vmbo-b', 'vmbo basis', 'vmbo basic'],
    ['vmbo-k', 'vmbo kader', 'vmbo middle'],
    ['vmbo-g', 'vmbo gemengd', 'vmbo combined'],
    ['vmbo-t', 'vmbo theoretisch', 'vmbo theoretical'],
    ['havo', 'havo', 'havo'],
    ['vwo', 'vwo', 'vwo'],
    ['vso', 'vso', 'special secondary'],
    ['mbo-1', 'mbo niveau 1', 'mbo level 1'],
    ['mbo-2', 'mbo niveau 2', 'mbo level 2'],
    ['mbo-3', 'mbo niveau 3', 'mbo level 3'],
    ['mbo-4', 'mbo niveau 4', 'mbo level 4'],
    ['ad', 'associate degree', 'associate degree'],
    ['ba', 'bachelor', 'bachelor'],
    ['ma', 'master', 'master'],
]);

export const DIPLOMA_KINDS = terms([
    ['final', 'einddiploma', 'final diploma'],
    ['propedeuse', 'propedeuse (telt nooit als succes)', 'first-year certificate (never counts as success)'],
]);

export const BOOLEANS = terms([
    ['true', 'ja', 'yes'],
    ['false', 'nee', 'no'],
]);

import type { MeasureName, RecordKind } from './definition/types.js';
export type { RecordKind };

export type FieldType = 'text' | 'date' | 'school year' | 'boolean' | 'sector' | 'mode' | 'level' | 'kind' | 'category'
    | 'year' | 'number';

export interface FieldSpec {
    readonly name: string;
    readonly type: FieldType;
    readonly required: boolean;
}

/** The fields each record kind has after a source's mapping (SEMANTICS.md, Records). */
export const RECORD_FIELDS: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
    persons: [
        { name: 'person', type: 'text', required: true },
        { name: 'birth date', type: 'date', required: false },
        { name: 'gender', type: 'text', required: false },
        { name: 'region', type: 'text', required: false },
    ],
    enrollments: [
        { name: 'person', type: 'text', required: true },
        { name: 'institution', type: 'text', required: true },
        { name: 'programme', type: 'text', required: true },
        { name: 'sector', type: 'sector', required: true },
        { name: 'level', type: 'level', required: false },
        { name: 'mode', type: 'mode', required: false },
        { name: 'main', type: 'boolean', required: false },
        { name: 'funded', type: 'boolean', required: false },
        { name: 'start', type: 'date', required: true },
        { name: 'end', type: 'date', required: false },
        { name: 'leave reason', type: 'text', required: false },
    ],
    diplomas: [
        { name: 'person', type: 'text', required: true },
        { name: 'institution', type: 'text', required: false },
        { name: 'programme', type: 'text', required: false },
        { name: 'sector', type: 'sector', required: false },
        { name: 'level', type: 'level', required: false },
        { name: 'kind', type: 'kind', required: false },
        { name: 'date', type: 'date', required: true },
    ],
    'prior education': [
        { name: 'person', type: 'text', required: true },
        { name: 'category', type: 'category', required: true },
        { name: 'diploma year', type: 'school year', required: true },
    ],
    // Published aggregates: any other field is a breakdown (region, sector, prior, ...). A count, total or rate
    // cell may be suppressed ("<5"); a rate is a percentage.
    figures: [
        { name: 'year', type: 'year', required: true },
        { name: 'outcome', type: 'text', required: false },
        { name: 'count', type: 'number', required: false },
        { name: 'total', type: 'number', required: false },
        { name: 'rate', type: 'number', required: false },
    ],
    // Published norms (Inspectie, DUO): per cohort year and any breakdown fields (level, sector, ...) a threshold, in
    // percent or, written `norm = column per mille`, in thousandths.
    norms: [
        { name: 'year', type: 'year', required: true },
        { name: 'norm', type: 'number', required: true },
    ],
};

/** The codes a coded field accepts, or undefined for free text. */
export function codesFor(type: FieldType): readonly Term[] | undefined {
    switch (type) {
        case 'sector': return SECTORS;
        case 'mode': return MODES;
        case 'level': return LEVELS;
        case 'kind': return DIPLOMA_KINDS;
        case 'category': return PRIOR_CATEGORIES;
        case 'boolean': return BOOLEANS;
        default: return undefined;
    }
}

/** Breakdown attributes every source offers: fields of the anchor record, the prior education and the inflow. */
export const ANCHOR_ATTRIBUTES = ['institution', 'programme', 'sector', 'level', 'mode', 'prior', 'inflow'] as const;

/** The outcomes a measure gives (SEMANTICS.md, Measures): what an outcomes file may classify a person as. */
export const MEASURE_OUTCOMES: Readonly<Partial<Record<MeasureName, readonly string[]>>> = {
    dropout: ['graduated', 'retained', 'switched', 'dropout'],
    switch: ['graduated', 'retained', 'switched', 'dropout'],
    retention: ['graduated', 'retained', 'switched', 'dropout'],
    success: ['graduated', 'retained', 'switched', 'dropout'],
    vsv: ['vsv', 'not-vsv'],
    startersresultaat: ['success', 'no'],
    jaarresultaat: ['diploma', 'without diploma'],
};

/** The outcome each measure counts (as run/figures.ts's MEASURED_OUTCOME): what a classified measure's numerator is. */
export const CLASSIFIED_MEASURED: Readonly<Record<string, string>> = {
    dropout: 'dropout', switch: 'switched', retention: 'retained', success: 'graduated', vsv: 'vsv',
    startersresultaat: 'success', jaarresultaat: 'diploma',
};

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
    'october', 'november', 'december'] as const;

export const MONTHS_NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
    'oktober', 'november', 'december'] as const;
