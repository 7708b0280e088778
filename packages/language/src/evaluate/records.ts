// The records a definition reads, as they are after a source's mapping (SEMANTICS.md "Records"): plain in-memory
// shapes for the reference evaluator. Dates are ISO text 'YYYY-MM-DD', so they compare correctly as strings.
// A missing value is null; the evaluator decides what missing means (a filter on a missing field fails).

/** One enrollment. `end` null = still enrolled (open). */
export interface Enrollment {
    readonly person: string;
    readonly institution: string | null;
    readonly programme: string | null;
    readonly sector: string | null;
    readonly level: string | null;
    readonly mode: string | null;
    /** Main enrollment flag; missing counts as false (SEMANTICS.md). */
    readonly main: boolean | null;
    readonly funded: boolean | null;
    readonly start: string;
    readonly end: string | null;
    readonly leaveReason: string | null;
    /** Position in its file (or table order as loaded): the last tie-break. */
    readonly sourceRow: number;
    /** Attributes a source maps beside the fields (`cluster`, `uitstroomprofiel`): what `by history.<field>` reads. */
    readonly attributes?: Readonly<Record<string, string | null>>;
    /** Raw columns of the file a definition reads beside the fields (an `entry flag` column). */
    readonly extra?: Readonly<Record<string, string | null>>;
}

/**
 * One diploma. A dated diploma has `first` = `last` = its date; a diploma whose source only knows a year has the
 * period it may fall in (1cijferHO diploma year T = T-10-01 .. (T+1)-09-30).
 */
export interface Diploma {
    readonly person: string;
    readonly institution: string | null;
    readonly programme: string | null;
    readonly sector: string | null;
    readonly level: string | null;
    readonly kind: string | null;
    readonly first: string;
    readonly last: string;
    readonly sourceRow: number;
}

/** One prior-education record: the category and the school year S in which it was obtained (S/S+1). */
export interface PriorEducation {
    readonly person: string;
    readonly category: string;
    readonly schoolYear: number;
    readonly sourceRow: number;
}

/** A person: key, birth date and any other attributes (gender, region, ...) a breakdown may name. */
export interface Person {
    readonly person: string;
    readonly birthDate: string | null;
    readonly attributes: Readonly<Record<string, string | null>>;
}

export interface Records {
    readonly persons: readonly Person[];
    readonly enrollments: readonly Enrollment[];
    readonly diplomas: readonly Diploma[];
    readonly prior: readonly PriorEducation[];
}
