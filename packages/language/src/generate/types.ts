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
    /**
     * Also the details two studies need: a cluster and an exit profile for vso pupils, a migration background for
     * every person, and the registration's reason codes for mbo enrollments that end (`MBO_REASONS`). Off by
     * default, so the defaults still give the bundled example data byte for byte; the details are drawn from a
     * stream of their own.
     */
    details?: boolean;
}

export type Onderwijssoort = 'VO' | 'VSO' | 'MBO' | 'HBO' | 'WO';
export type Niveau = 'HAVO' | 'VWO' | 'VMBO-T' | 'VSO' | 'MBO-1' | 'MBO-2' | 'MBO-3' | 'MBO-4' | 'BA' | 'AD' | 'MA';
export type Opleidingsvorm = 'VT' | 'DT' | 'DU' | 'BOL' | 'BBL';
/** Reasons for leaving; mbo enrollments with the `details` option carry the registration's codes instead. */
export type RedenUitschrijving = 'diploma' | 'bsa' | 'vrijwillig' | 'instelling' | MboReason;
/** The reason codes of an mbo registration that ends (with the `details` option), with the ISG code of DUO's RO files. */
export const MBO_REASONS = {
    diploma: '08', bsa: '11', verzuim: '12', tucht: '13', 'eigen keuze': '02', verhuizing: '14', overig: '99',
} as const;
export type MboReason = keyof typeof MBO_REASONS;
/** The vso cluster (1 visual, 2 auditory/communicative, 3 physical, intellectual, chronic illness, 4 behavioural). */
export type VsoCluster = '1' | '2' | '3' | '4';
export type Uitstroomprofiel = 'dagbesteding' | 'arbeidsmarkt' | 'vervolgonderwijs';
/** CBS's 2022 classification by origin (herkomst): born, or a parent born, in the Netherlands, elsewhere in Europe, or outside Europe. */
export type Migratieachtergrond = 'nederland' | 'europa' | 'buiten-europa';
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
    /** Only with the `details` option. */
    migratieachtergrond?: Migratieachtergrond;
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
    /** vso enrollments with the `details` option: the school's cluster and the pupil's exit profile. */
    cluster?: VsoCluster;
    uitstroomprofiel?: Uitstroomprofiel;
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
