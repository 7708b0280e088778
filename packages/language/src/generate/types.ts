/**
 * The records the simulator produces, as plain data: what a register extract would show of a person, with no
 * outcome labels. Dates are ISO strings (`YYYY-MM-DD`); the file writers convert them to each file's format.
 */

export interface SimulateOptions {
    /** Number of persons in the result (persons without any enrollment in the window are not counted). */
    persons: number;
    /** Seed for the PRNG: the same options always give the same population. */
    seed: number;
    /** The window opens on 1 September of this year. */
    firstYear: number;
    /** The window closes on 30 September of this year, so study years firstYear..lastYear-1 are fully observed. */
    lastYear: number;
    /**
     * Also entree (mbo-1) students. Off by default, so the defaults still give the bundled example data byte for
     * byte; entree persons are drawn from a stream of their own.
     */
    entree?: boolean;
}

export type Onderwijssoort = 'VO' | 'VSO' | 'MBO' | 'HBO' | 'WO';
export type Niveau = 'HAVO' | 'VWO' | 'VMBO-T' | 'VSO' | 'MBO-1' | 'MBO-2' | 'MBO-3' | 'MBO-4' | 'BA' | 'AD' | 'MA';
export type Opleidingsvorm = 'VT' | 'DT' | 'DU' | 'BOL' | 'BBL';
export type RedenUitschrijving = 'diploma' | 'bsa' | 'vrijwillig' | 'instelling';
export type Geslacht = 'M' | 'V' | 'X';
export type Regio = 'Noord' | 'Oost' | 'Midden' | 'West' | 'Zuid';
export type Vooropleiding =
    'VMBO-T' | 'HAVO' | 'VWO' | 'MBO-1' | 'MBO-2' | 'MBO-3' | 'MBO-4' | 'VSO' | 'HBO-P' | 'BUITENL';

/** Dates in the records are ISO strings (`YYYY-MM-DD`); `writeCsv` converts them to the file formats. */
export interface PersonRecord {
    persoonsnummer: string;
    geboortedatum: string;
    geslacht: Geslacht;
    regio: Regio;
}

export interface EnrollmentRecord {
    persoonsnummer: string;
    brin: string;
    opleidingscode: string;
    onderwijssoort: Onderwijssoort;
    niveau: Niveau;
    opleidingsvorm: Opleidingsvorm;
    hoofdinschrijving: boolean;
    bekostigd: boolean;
    datumInschrijving: string;
    /** null: still enrolled when the window closes. */
    datumUitschrijving: string | null;
    /** null exactly when datumUitschrijving is null. */
    redenUitschrijving: RedenUitschrijving | null;
}

export interface DiplomaRecord {
    persoonsnummer: string;
    brin: string;
    opleidingscode: string;
    onderwijssoort: Onderwijssoort;
    niveau: Niveau;
    /** D = final diploma, P = propedeuse. */
    soort: 'D' | 'P';
    diplomadatum: string;
}

export interface PriorEducationRecord {
    persoonsnummer: string;
    categorie: Vooropleiding;
    /** 1cijferHO convention: the calendar year in which the school year of the diploma starts. */
    diplomajaar: number;
}

export interface Population {
    persons: PersonRecord[];
    enrollments: EnrollmentRecord[];
    diplomas: DiplomaRecord[];
    prior: PriorEducationRecord[];
}

/** The options behind the example data set in `examples/data/`. */
export const EXAMPLE_OPTIONS: Readonly<SimulateOptions> = Object.freeze({
    persons: 6000,
    seed: 20261123,
    firstYear: 2014,
    lastYear: 2024,
});

/** One simulated person with everything observed of them, as the simulator hands it to the file writers. */
export interface SimulatedPerson {
    /** 1-based position in the population; persoonsnummer is `P` followed by it (at least six digits). */
    readonly number: number;
    readonly person: PersonRecord;
    /** In start order. */
    readonly enrollments: readonly EnrollmentRecord[];
    /** In date order. */
    readonly diplomas: readonly DiplomaRecord[];
    /** In diploma-year order. */
    readonly prior: readonly PriorEducationRecord[];
}
