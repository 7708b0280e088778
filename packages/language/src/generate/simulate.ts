/**
 * Deterministic simulator of Dutch school careers ("schoolloopbanen"): the public entry of the generate module.
 *
 * Every person is moved through events over time: a vo (or vso) school career ending with or without a
 * diploma, gap years, enrolling in mbo, hbo or wo, a propedeuse after year one, switching programme or
 * institution, stopping, returning after a gap, graduating and moving on. The simulator never labels an
 * outcome: there is no "uitval", "switch" or "rendement" field anywhere. Those are figures that definitions
 * derive from the records afterwards, and different definitions must be able to give different answers.
 *
 * The simulator is pure: it uses its own seeded PRNG and never reads the clock, so identical options give
 * identical output. Each drawn person has an independent random stream, so people are simulated one at a time
 * (`simulatePeople`) and written straight to the files (`./csv.ts`, `./ev.ts`, `./ro.ts`): memory does not grow
 * with the number of persons.
 *
 * Observation: careers are simulated in full (some start years before the window), then observed through the
 * window 1 September `firstYear` .. 30 September `lastYear`, the way a register extract would show them:
 *  - an enrollment is kept when it overlaps the window; one still running on 30 September `lastYear` is written
 *    open-ended (no end date, no reason);
 *  - diplomas are a cumulative register: every diploma dated up to the end of the window is kept, also older
 *    ones, because they are the prior education (vooropleiding) of people entering during the window;
 *  - a person is kept when at least one enrollment is kept. Persons are drawn until `persons` are kept.
 */
import { HOME, PROGRAMMES, PROGRAMME_BY_CODE, REGIONS, VO_CODES, type Programme } from './catalogue.js';
import { ageOn, dayOf, isoOf, mboYearOf, partsOf, studyYearOf } from './dates.js';
import type {
    Geslacht, MboReason, Migratieachtergrond, Niveau, Onderwijssoort, Opleidingsvorm, Population, RedenUitschrijving,
    Regio, SimulatedPerson, SimulateOptions, Uitstroomprofiel, Vooropleiding, VsoCluster,
} from './types.js';

export * from './types.js';
export * from './files.js';
export * from './csv.js';
export * from './ev.js';
export * from './ro.js';
export * from './ids.js';

// ================================================================================================ PRNG

/** mulberry32: small, fast and good enough for a simulation; the state is one 32-bit integer. */
class Rng {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** Uniform in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    chance(p: number): boolean {
        return this.next() < p;
    }

    /** Uniform integer in [lo, hi]. */
    int(lo: number, hi: number): number {
        return lo + Math.floor(this.next() * (hi - lo + 1));
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }

    weighted<T>(items: readonly (readonly [T, number])[]): T {
        const total = items.reduce((sum, [, w]) => sum + w, 0);
        let u = this.next() * total;
        for (const [item, w] of items) {
            u -= w;
            if (u < 0) return item;
        }
        return items[items.length - 1][0];
    }
}

/**
 * Seed of the n-th drawn person. Each person gets an independent stream, so a change in how one career is
 * simulated does not shift the random numbers of every later person.
 */
function personSeed(seed: number, n: number): number {
    let h = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35)) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}


// ================================================================================================ dates

/** A birth date such that the person is exactly `age` years old on `day`. */
function birthFor(rng: Rng, day: number, age: number): number {
    const [y, m, d] = partsOf(day);
    const earliest = dayOf(y - age - 1, m, d) + 1;
    return earliest + rng.int(0, dayOf(y - age, m, d) - earliest);
}

/**
 * First month of year one of a programme. Programme year k runs from the anchor plus k-1 years to the day
 * before the anchor plus k years, so a late (October-December) entrant still follows the September rhythm.
 */
interface Anchor {
    readonly y: number;
    readonly m: number;
}

function hoAnchor(start: number): Anchor {
    const [y, m] = partsOf(start);
    // February intake runs February-January; everything else follows the study year.
    return m >= 2 && m <= 8 ? { y, m: 2 } : { y: studyYearOf(start), m: 9 };
}

function mboAnchor(start: number): Anchor {
    return { y: mboYearOf(start), m: 8 };
}

function yearStart(a: Anchor, k: number): number {
    return dayOf(a.y + k - 1, a.m, 1);
}

function yearEnd(a: Anchor, k: number): number {
    return dayOf(a.y + k, a.m, 1) - 1;
}

/** A random day (1-28) in month `offset` (0-11) of programme year k. */
function dayInMonth(rng: Rng, a: Anchor, k: number, offset: number): number {
    return dayOf(a.y + k - 1, a.m + offset, 1 + rng.int(0, 27));
}

/** Last day of month `offset` (0-11) of programme year k. */
function monthEnd(a: Anchor, k: number, offset: number): number {
    return dayOf(a.y + k - 1, a.m + offset + 1, 1) - 1;
}

// ================================================================================================ behaviour

/** Where a person came from before higher education; it drives the year-one behaviour in hbo/wo. */
type Group = 'havo' | 'vwo' | 'mbo' | 'other';

interface Risk {
    readonly stop: number;
    readonly switch: number;
}

/*
 * Year one in the first hbo/wo programme. "stop" leaves higher education for at least the next 1 October,
 * "switch" moves to another programme or institution before that date. Calibrated on the published VH
 * figures (hbo uitval after year one: mbo ~21%, havo ~13%, vwo ~7%, 15-16% overall; studiewissel ~15-18%)
 * and on UNL for wo (after year one ~13% other wo programme, 4% to hbo, 3% out of higher education). The rates
 * are hazards, not figures: VH's uitval also counts a move to wo, a stop in the first weeks, men's higher risk.
 * test/cli/calibration.test.ts computes the published figures with the example conventions and checks them.
 */
const YEAR_ONE: Readonly<Record<'HBO' | 'WO', Readonly<Record<Group, Risk>>>> = {
    HBO: {
        havo: { stop: 0.12, switch: 0.21 },
        mbo: { stop: 0.2, switch: 0.17 },
        vwo: { stop: 0.03, switch: 0.2 },
        other: { stop: 0.2, switch: 0.14 },
    },
    WO: {
        havo: { stop: 0.08, switch: 0.12 },
        mbo: { stop: 0.12, switch: 0.1 },
        vwo: { stop: 0.03, switch: 0.2 },
        other: { stop: 0.12, switch: 0.1 },
    },
};
/** Year one of a later programme (after a switch or a return): people who switched before are less settled. */
const YEAR_ONE_LATER: Risk = { stop: 0.14, switch: 0.06 };
/** Year one of a master or of a bachelor continued after an Associate degree. */
const YEAR_ONE_CALM: Risk = { stop: 0.05, switch: 0.02 };

/** Stop hazard in year k >= 2. */
function laterStop(sector: 'HBO' | 'WO', calm: boolean, k: number): number {
    if (calm) return 0.03;
    if (sector === 'HBO') return k === 2 ? 0.06 : k === 3 ? 0.04 : 0.03;
    return k === 2 ? 0.04 : k === 3 ? 0.03 : 0.025;
}

/** Switch hazard in year k >= 2. */
function laterSwitch(calm: boolean, k: number): number {
    if (calm) return 0;
    return k === 2 ? 0.035 : 0.01;
}

/** Chance to graduate in the year that is `delay` years past the nominal duration (index capped at the end). */
const GRADUATION: Readonly<Record<'HBO' | 'AD' | 'WO' | 'MA', readonly number[]>> = {
    HBO: [0.55, 0.55, 0.55, 0.5, 0.4],
    AD: [0.55, 0.6, 0.5, 0.4],
    WO: [0.4, 0.6, 0.6, 0.5, 0.4],
    MA: [0.6, 0.7, 0.6, 0.5],
};
/** An ho institution ends an enrollment this many years past the nominal duration (reden "instelling"). */
const HO_MAX_DELAY = 4;
/** mbo: chance to graduate at the nominal duration, one year later, two years later; then the school ends it. */
const MBO_GRADUATION = [0.8, 0.65, 0.5];
type MboLevel = 1 | 2 | 3 | 4;
const BBL_SHARE: Readonly<Record<MboLevel, number>> = { 1: 0.1, 2: 0.35, 3: 0.25, 4: 0.1 };
/** mbo: chance to leave the institution without a diploma in year one (a first programme; later ones +5 points). */
const MBO_LEAVE_YEAR_ONE: Readonly<Record<MboLevel, number>> = { 1: 0.24, 2: 0.2, 3: 0.165, 4: 0.145 };
/** Entree (mbo-1, one year): chance to graduate at the nominal year, a year later; then the school ends it. */
const ENTREE_GRADUATION = [0.72, 0.55];
/** Entree graduates going on to mbo level 2 the next school year (the rest go to work). */
const ENTREE_TO_LEVEL_TWO = 0.62;
/**
 * Entree entrants (with the `entree` option): about 12,000 a year nationally, of about 16-19. Most come from vmbo
 * basis without a diploma (no vo record in this data set), some straight from vso, a few after failing vmbo-t.
 * They are drawn from a stream of their own, so every other person keeps the career it has without the option.
 */
const ENTREE = { perYear: 12, from: -2, until: -1, origin: [['vmbo-other', 0.6], ['vso', 0.27], ['vmbo-t', 0.13]] } as const;
/** Salt of the entree stream's seeds (the decision whether a draw is an entree person, and that person's career). */
const ENTREE_SALT = 0x5e17ee;
/** vso leavers: share going straight into mbo, and share coming to mbo one to three years later. */
const VSO_TO_MBO = { direct: 0.44, later: 0.28 } as const;
/** Salt of the details stream's seeds (SimulateOptions.details): vso cluster and profile, migration, mbo reasons. */
const DETAILS_SALT = 0xde7a11;
/** What a vso leaver does next in the career (drawn as before, from the person's own stream). */
type VsoOutcome = 'direct' | 'later' | 'none';
/*
 * The exit profile given what the career does next. Illustrative, not published figures: about 45% of vso pupils
 * have the profile vervolgonderwijs (of about 39,000 pupils), about a third arbeidsmarkt, a fifth dagbesteding. The
 * joint shares (profile and outcome) keep the calibrated vso -> mbo flows (VSO_TO_MBO) and make the profile matter:
 * vervolgonderwijs pupils nearly all go to mbo, mostly straight away; arbeidsmarkt pupils more often later (bbl)
 * or not at all; dagbesteding pupils rarely.
 *             direct  later  none
 * vervolg      0.37   0.06   0.02   = 0.45
 * arbeid       0.06   0.17   0.10   = 0.33
 * dagbest      0.01   0.05   0.16   = 0.22
 *            = 0.44   0.28   0.28
 */
const PROFILE_GIVEN_OUTCOME: Readonly<Record<VsoOutcome, readonly (readonly [Uitstroomprofiel, number])[]>> = {
    direct: [['vervolgonderwijs', 0.37], ['arbeidsmarkt', 0.06], ['dagbesteding', 0.01]],
    later: [['vervolgonderwijs', 0.06], ['arbeidsmarkt', 0.17], ['dagbesteding', 0.05]],
    none: [['vervolgonderwijs', 0.02], ['arbeidsmarkt', 0.1], ['dagbesteding', 0.16]],
};
/*
 * The school's cluster given the profile (illustrative): cluster 4 (behaviour, psychiatry) is about half of vso and
 * most of its pupils aim at vervolgonderwijs; cluster 3 (physical and intellectual disabilities, chronic illness)
 * about 40%, most of dagbesteding; clusters 1 (visual) and 2 (auditory, language) are small. Overall about 2, 8, 40
 * and 50%.
 */
const CLUSTER_GIVEN_PROFILE: Readonly<Record<Uitstroomprofiel, readonly (readonly [VsoCluster, number])[]>> = {
    vervolgonderwijs: [['1', 0.03], ['2', 0.1], ['3', 0.17], ['4', 0.7]],
    arbeidsmarkt: [['1', 0.02], ['2', 0.08], ['3', 0.45], ['4', 0.45]],
    dagbesteding: [['1', 0.01], ['2', 0.03], ['3', 0.8], ['4', 0.16]],
};
/**
 * Multiplier on the mbo leave hazards of someone with a vso exit profile: vervolgonderwijs pupils were prepared
 * for it and leave less often; the weighted mean over vso entrants to mbo stays about 1.
 */
const PROFILE_MBO_LEAVE: Readonly<Record<Uitstroomprofiel, number>> = { vervolgonderwijs: 0.8, arbeidsmarkt: 1.25, dagbesteding: 1.4 };
/*
 * Migration background by region (CBS 2022 classification, illustrative shares for people of about 12-25: more
 * outside-Europe origin in the West). Over the regions about 71% nederland, 9% europa, 20% buiten-europa. It is a
 * person attribute only: it does not change the career.
 */
const MIGRATION: Readonly<Record<Regio, readonly (readonly [Migratieachtergrond, number])[]>> = {
    Noord: [['nederland', 0.84], ['europa', 0.07], ['buiten-europa', 0.09]],
    Oost: [['nederland', 0.78], ['europa', 0.08], ['buiten-europa', 0.14]],
    Midden: [['nederland', 0.72], ['europa', 0.09], ['buiten-europa', 0.19]],
    West: [['nederland', 0.6], ['europa', 0.11], ['buiten-europa', 0.29]],
    Zuid: [['nederland', 0.75], ['europa', 0.1], ['buiten-europa', 0.15]],
};
/**
 * The registration's reason codes for an mbo enrollment that ends without a diploma, given the simulator's own
 * reason (illustrative): the institution ends it mostly for absence (verzuim), sometimes for misconduct (tucht);
 * a student leaving of their own accord mostly gives their own choice, some move house.
 */
const MBO_REASON_GIVEN: Readonly<Record<'instelling' | 'vrijwillig' | 'einde', readonly (readonly [MboReason, number])[]>> = {
    instelling: [['verzuim', 0.6], ['tucht', 0.15], ['overig', 0.25]],
    vrijwillig: [['eigen keuze', 0.8], ['verhuizing', 0.1], ['overig', 0.1]],
    // ended by the school after the longest allowed stay
    einde: [['overig', 0.7], ['verzuim', 0.3]],
};
/** With details: the share of negative BSAs (year one) taking effect at the end of the school year, not earlier. */
const MBO_BSA_AT_YEAR_END = 0.8;
/** A late BSA: of institution-ended enrollments in year two, the share that is a negative BSA (late starters). */
const MBO_BSA_YEAR_TWO = 0.1;
/** Men leave a little more often than women (multiplier on stop hazards). */
const GENDER_RISK: Readonly<Record<Geslacht, number>> = { M: 1.1, V: 0.9, X: 1 };

type Route = 'havo' | 'vwo' | 'vmbo-t' | 'vmbo-other' | 'vso' | 'foreign' | 'adult';

interface RouteSpec {
    /** About how many people take the route each year in the Netherlands (thousands). */
    readonly perYear: number;
    /** The years in which the route's defining event (vo exams, leaving vso, entering) can fall: offsets from
     *  `firstYear` and from `lastYear`. */
    readonly from: number;
    readonly until: number;
}

/*
 * Where a drawn person starts. "vmbo-other" stands for vmbo basis/kader/gemengd pupils, whose vo records are
 * not part of this data set: they appear first in mbo, without prior education unless they get an mbo diploma.
 * Every route is drawn in proportion to its yearly national size times the number of its years, so each year of
 * the window sees the national mix (about 45,000 havo and 35,000 vwo graduates a year, ...). vo exam years run
 * past the end of the window, so that every 1 October of the window sees complete vo school populations (vo
 * pupils are in the vsv population); vmbo-t and vso start earlier, so that their mbo years and later hbo entry fall
 * inside the window.
 */
const ROUTES: Readonly<Record<Route, RouteSpec>> = {
    havo: { perYear: 49, from: -3, until: 4 },
    vwo: { perYear: 38, from: -3, until: 5 },
    'vmbo-t': { perYear: 50, from: -5, until: 3 },
    'vmbo-other': { perYear: 50, from: -5, until: -1 },
    vso: { perYear: 6, from: -3, until: -1 },
    foreign: { perYear: 9, from: -2, until: 0 },
    adult: { perYear: 7, from: -2, until: -1 },
};

/** The routes with their drawing weights and year ranges for a window. */
function routesFor(opts: SimulateOptions): { weights: (readonly [Route, number])[]; years: Record<Route, [number, number]> } {
    const weights: (readonly [Route, number])[] = [];
    const years = {} as Record<Route, [number, number]>;
    for (const [route, spec] of Object.entries(ROUTES) as [Route, RouteSpec][]) {
        const lo = opts.firstYear + spec.from;
        const hi = opts.lastYear + spec.until;
        years[route] = [lo, hi];
        weights.push([route, spec.perYear * (hi - lo + 1)]);
    }
    return { weights, years };
}

// ================================================================================================ careers

interface SimEnrollment {
    brin: string;
    code: string;
    soort: Onderwijssoort;
    niveau: Niveau;
    vorm: Opleidingsvorm;
    main: boolean;
    funded: boolean;
    start: number;
    end: number | null;
    reden: RedenUitschrijving | null;
}

interface SimDiploma {
    brin: string;
    code: string;
    soort: Onderwijssoort;
    niveau: Niveau;
    kind: 'D' | 'P';
    date: number;
}

/** How a person goes into a higher-education programme. */
interface HoPath {
    readonly group: Group;
    readonly funded: boolean;
    /** Master, or a bachelor continued after an Associate degree: low risk, no propedeuse. */
    readonly calm?: boolean;
    /** Overrides the nominal duration (shortened bachelor after an Associate degree). */
    readonly years?: number;
}

/** One person's career, built event by event. Main enrollments never overlap. */
class Career {
    readonly enrollments: SimEnrollment[] = [];
    readonly diplomas: SimDiploma[] = [];
    /** Prior education without a diploma record: a foreign diploma, leaving vso. */
    readonly otherPrior: { categorie: 'BUITENL' | 'VSO'; date: number }[] = [];
    private open: SimEnrollment | null = null;
    private lastMainEnd = -Infinity;
    private readonly voSchoolBrin: string;
    /** Higher-education sectors entered so far: year one of the first programme in a sector is special. */
    private readonly hoSectors = new Set<'HBO' | 'WO'>();
    /** A vso pupil's school cluster and exit profile (details only). */
    vsoDetails: { cluster: VsoCluster; profile: Uitstroomprofiel } | null = null;

    constructor(
        private readonly rng: Rng,
        readonly regio: Regio,
        readonly birth: number,
        private readonly gender: Geslacht,
        /** Day (0-28) after 12 June on which this person's vo exam results come, each exam year. */
        private readonly examDay: number,
        /** Nothing is simulated past this day (the end of the observation window). */
        private readonly horizon: number,
        /** The details stream (SimulateOptions.details); without it nothing of the details is drawn. */
        private readonly details?: Rng,
    ) {
        this.voSchoolBrin = rng.pick(HOME[regio].vo);
    }

    // ------------------------------------------------------------------------------------------- bookkeeping

    /** Opens a main enrollment, never before the previous one ended; null when it would start past the horizon. */
    private openMain(e: Omit<SimEnrollment, 'main' | 'end' | 'reden'>): SimEnrollment | null {
        if (this.open) throw new Error('simulator bug: a main enrollment is still open');
        const start = Math.max(e.start, this.lastMainEnd + 1);
        if (start > this.horizon) return null;
        // Every record with the same shape (no spread): millions of them are made in a large run.
        const rec: SimEnrollment = {
            brin: e.brin, code: e.code, soort: e.soort, niveau: e.niveau, vorm: e.vorm, main: true, funded: e.funded,
            start, end: null, reden: null,
        };
        this.enrollments.push(rec);
        this.open = rec;
        return rec;
    }

    private close(rec: SimEnrollment, end: number, reden: RedenUitschrijving): void {
        // A late entrant (started in December, say) who would leave "at the end of October" leaves at the end
        // of the first month instead.
        if (end < rec.start) {
            const [y, m] = partsOf(rec.start);
            end = dayOf(y, m + 1, 1) - 1;
        }
        rec.end = end;
        rec.reden = reden;
        this.open = null;
        this.lastMainEnd = end;
    }

    private diploma(rec: SimEnrollment, kind: 'D' | 'P', date: number): void {
        this.diplomas.push({ brin: rec.brin, code: rec.code, soort: rec.soort, niveau: rec.niveau, kind, date });
    }

    private gapYears(p: number): number {
        return this.rng.chance(p) ? this.rng.weighted([[1, 0.75], [2, 0.18], [3, 0.07]]) : 0;
    }

    private pickProgramme(sector: Programme['sector'], niveau: Niveau, exclude?: string, atBrin?: string): Programme | undefined {
        const options = PROGRAMMES.filter((p) => p.sector === sector && p.niveau === niveau && p.code !== exclude
            && (atBrin === undefined || p.brins.includes(atBrin)));
        return options.length ? this.rng.weighted(options.map((p) => [p, p.weight] as const)) : undefined;
    }

    /** Like pickProgramme, for combinations the catalogue always has. */
    private anyProgramme(sector: Programme['sector'], niveau: Niveau, exclude?: string): Programme {
        const p = this.pickProgramme(sector, niveau, exclude);
        if (!p) throw new Error(`simulator bug: no ${sector} ${niveau} programme`);
        return p;
    }

    /** An institution offering the programme; the home institution of the region is four times as likely. */
    private pickBrin(p: Programme, avoid?: string): string {
        const home = HOME[this.regio];
        const homeBrin = p.sector === 'MBO' ? home.mbo : p.sector === 'HBO' ? home.hbo : home.wo;
        const brins = p.brins.filter((b) => b !== avoid);
        return this.rng.weighted((brins.length ? brins : p.brins).map((b) => [b, b === homeBrin ? 4 : 1] as const));
    }

    private pickHoVorm(sector: 'HBO' | 'WO', year: number): Opleidingsvorm {
        // Older entrants (working, often after mbo) are much more often part-time or dual.
        const older = ageOn(this.birth, dayOf(year, 9, 1)) >= 22;
        if (sector === 'WO') return this.rng.chance(older ? 0.2 : 0.02) ? 'DT' : 'VT';
        return this.rng.weighted(older
            ? [['VT', 0.4], ['DT', 0.45], ['DU', 0.15]]
            : [['VT', 0.92], ['DT', 0.04], ['DU', 0.04]]);
    }

    // ------------------------------------------------------------------------------------------- vo

    /** A vo school career at the person's school ending with the exams of June `examYear`; true if passed. */
    private voSchool(niveau: 'HAVO' | 'VWO' | 'VMBO-T', years: number, examYear: number, pass: number): boolean {
        const rec = this.openMain({
            brin: this.voSchoolBrin, code: VO_CODES[niveau], soort: 'VO', niveau, vorm: 'VT', funded: true,
            start: dayOf(examYear - years, 9, 1),
        });
        if (!rec) return false;
        const passed = this.rng.chance(pass);
        this.close(rec, dayOf(examYear, 7, 31), passed ? 'diploma' : 'vrijwillig');
        if (passed) this.diploma(rec, 'D', this.examDate(examYear));
        return passed;
    }

    private examDate(examYear: number): number {
        return dayOf(examYear, 6, 12 + this.examDay);
    }

    /** Extra vo years (stapelen, afstromen) only while the person still finishes vo at 19 at most. */
    private youngEnoughFor(examYear: number): boolean {
        return ageOn(this.birth, this.examDate(examYear)) <= 19;
    }

    havo(examYear: number, years: number): void {
        if (this.voSchool('HAVO', years, examYear, 0.92)) {
            this.afterHavo(examYear, true);
            return;
        }
        const u = this.rng.next();
        if (u < 0.55) this.enterMbo(4, examYear, 0);
        else if (u < 0.8) this.enterMbo(3, examYear, 0);
    }

    private afterHavo(examYear: number, mayStack: boolean): void {
        if (mayStack && this.rng.chance(0.03) && this.youngEnoughFor(examYear + 2)) {
            // "Stapelen": two more years for a vwo diploma.
            if (this.voSchool('VWO', 2, examYear + 2, 0.85)) this.afterVwo(examYear + 2);
            else this.enterHo('HBO', examYear + 2, 'havo');
            return;
        }
        const u = this.rng.next();
        if (u < 0.78) this.enterHo('HBO', examYear + this.gapYears(0.14), 'havo');
        else if (u < 0.88) this.enterMbo(4, examYear + this.gapYears(0.1), 0);
        // otherwise: work, travel, ... outside the registers
    }

    vwo(examYear: number, years: number): void {
        if (this.voSchool('VWO', years, examYear, 0.93)) {
            this.afterVwo(examYear);
            return;
        }
        if (this.rng.chance(0.7) && this.youngEnoughFor(examYear + 1)) {
            // "Afstromen": one year of havo 5 after failing vwo.
            if (this.voSchool('HAVO', 1, examYear + 1, 0.9)) this.afterHavo(examYear + 1, false);
            else if (this.rng.chance(0.65)) this.enterMbo(4, examYear + 1, 0);
        } else if (this.rng.chance(0.65)) {
            this.enterMbo(4, examYear, 0);
        }
    }

    private afterVwo(examYear: number): void {
        const u = this.rng.next();
        if (u < 0.77) this.enterHo('WO', examYear + this.gapYears(0.2), 'vwo');
        else if (u < 0.93) this.enterHo('HBO', examYear + this.gapYears(0.2), 'vwo');
    }

    vmboT(examYear: number, years: number): void {
        if (!this.voSchool('VMBO-T', years, examYear, 0.95)) {
            if (this.rng.chance(0.8)) this.enterMbo(this.rng.chance(0.6) ? 2 : 3, examYear, 0);
            return;
        }
        const u = this.rng.next();
        if (u < 0.1 && this.youngEnoughFor(examYear + 2)) {
            // Stapelen: havo 4 and 5 after vmbo-t.
            if (this.voSchool('HAVO', 2, examYear + 2, 0.85)) this.afterHavo(examYear + 2, false);
            else this.enterMbo(4, examYear + 2, 0);
        } else if (u < 0.99) {
            const level = this.rng.weighted([[4, 0.62], [3, 0.3], [2, 0.08]] as const);
            this.enterMbo(level, examYear + (this.rng.chance(0.01) ? 1 : 0), 0);
        }
    }

    /** A vso pupil from age 12 until leaving school in July `leaveYear`; vso pupils do not get a diploma here. */
    vso(leaveYear: number, years: number): void {
        const rec = this.openMain({
            brin: HOME[this.regio].vso, code: VO_CODES.VSO, soort: 'VSO', niveau: 'VSO', vorm: 'VT', funded: true,
            start: dayOf(leaveYear - years, 9, 1),
        });
        if (!rec) return;
        const leave = dayOf(leaveYear, 7, 31);
        this.close(rec, leave, 'vrijwillig');
        // uitstroomprofiel vervolgonderwijs: straight into mbo; some with profile arbeidsmarkt come to mbo a year or
        // more later (often bbl); the others (and dagbesteding) leave the registers. No entree level here: those
        // pupils start at level 2.
        const u = this.rng.next();
        const later = u < VSO_TO_MBO.direct ? 0 : u < VSO_TO_MBO.direct + VSO_TO_MBO.later ? this.rng.weighted([[1, 0.6], [2, 0.3], [3, 0.1]]) : -1;
        this.drawVsoDetails(later === 0 ? 'direct' : later > 0 ? 'later' : 'none');
        if (later >= 0) {
            this.otherPrior.push({ categorie: 'VSO', date: leave });
            this.enterMbo(this.rng.weighted([[2, 0.6], [3, 0.3], [4, 0.1]] as const), leaveYear + later, 0);
        }
    }

    /**
     * An entree (mbo-1) student entering in August `year`: from vmbo basis without a diploma (no vo record here),
     * from vso (leaving it that July), or after failing vmbo-t.
     */
    entree(year: number, origin: 'vmbo-other' | 'vso' | 'vmbo-t'): void {
        if (origin === 'vso') {
            const rec = this.openMain({
                brin: HOME[this.regio].vso, code: VO_CODES.VSO, soort: 'VSO', niveau: 'VSO', vorm: 'VT', funded: true,
                start: dayOf(year - 5, 9, 1),
            });
            if (!rec) return;
            this.close(rec, dayOf(year, 7, 31), 'vrijwillig');
            this.otherPrior.push({ categorie: 'VSO', date: dayOf(year, 7, 31) });
            this.drawVsoDetails('direct');
        } else if (origin === 'vmbo-t') {
            this.voSchool('VMBO-T', 4, year, 0);
        }
        this.enterMbo(1, year, 0);
    }

    /** The exit profile given what follows vso, and the cluster given the profile, from the details stream. */
    private drawVsoDetails(outcome: VsoOutcome): void {
        if (!this.details) return;
        const profile = this.details.weighted(PROFILE_GIVEN_OUTCOME[outcome]);
        this.vsoDetails = { cluster: this.details.weighted(CLUSTER_GIVEN_PROFILE[profile]), profile };
    }

    /**
     * Closes an mbo enrollment; with details, the reason becomes the registration's code (MBO_REASONS). `einde`:
     * ended by the school after the longest allowed stay.
     */
    private closeMbo(rec: SimEnrollment, end: number, reden: RedenUitschrijving | 'einde', k: number): void {
        const d = this.details;
        if (!d) {
            this.close(rec, end, reden === 'einde' ? 'instelling' : reden);
            return;
        }
        let code: MboReason;
        if (reden === 'diploma' || reden === 'bsa') code = reden;
        else if (reden === 'instelling' && k === 2 && d.chance(MBO_BSA_YEAR_TWO)) code = 'bsa';
        else code = d.weighted(MBO_REASON_GIVEN[reden === 'instelling' || reden === 'einde' ? reden : 'vrijwillig']);
        this.close(rec, end, code);
    }

    /** Entrant with a foreign secondary diploma. */
    foreign(entryYear: number, diplomaYear: number): void {
        this.otherPrior.push({ categorie: 'BUITENL', date: dayOf(diplomaYear, 6, 30) });
        this.enterHo(this.rng.chance(0.55) ? 'HBO' : 'WO', entryYear, 'other');
    }

    /** Adult entering part-time or dual hbo, with no prior education on record (e.g. a 21+ admission test). */
    adult(entryYear: number): void {
        this.enterHo('HBO', entryYear, 'other', this.rng.chance(0.7) ? 'DT' : 'DU');
    }

    // ------------------------------------------------------------------------------------------- mbo

    enterMbo(level: MboLevel, year: number, nth: number): void {
        const p = this.anyProgramme('MBO', `MBO-${level}`);
        const vorm: Opleidingsvorm = this.rng.chance(BBL_SHARE[level]) ? 'BBL' : 'BOL';
        // mbo years start 1 August; a few enter late, in October-December.
        const start = this.rng.chance(0.015) ? dayOf(year, 10, 2 + this.rng.int(0, 70)) : dayOf(year, 8, 1);
        this.mboProgramme(p, this.pickBrin(p), vorm, start, nth);
    }

    private mboProgramme(p: Programme, brin: string, vorm: Opleidingsvorm, start: number, nth: number): void {
        const rng = this.rng;
        const rec = this.openMain({
            // a few contract students are not funded
            brin, code: p.code, soort: 'MBO', niveau: p.niveau, vorm, funded: !rng.chance(0.02), start,
        });
        if (!rec) return;
        const a = mboAnchor(rec.start);
        const level = Number(p.niveau.slice(4)) as MboLevel;
        // Entree: no lower level to move down to, and a table of its own for graduating.
        const lowest = level === 1 ? 1 : 2;
        const graduation = level === 1 ? ENTREE_GRADUATION : MBO_GRADUATION;
        for (let k = 1; ; k++) {
            if (yearStart(a, k) > this.horizon) return; // still enrolled at the end of the window
            const profile = this.vsoDetails ? PROFILE_MBO_LEAVE[this.vsoDetails.profile] : 1;
            const leave = (k === 1 ? MBO_LEAVE_YEAR_ONE[level] + (nth === 0 ? 0 : 0.05) : k === 2 ? 0.055 : 0.035) * GENDER_RISK[this.gender] * profile;
            if (rng.chance(leave)) {
                let end = rng.chance(0.3) ? yearEnd(a, k) : monthEnd(a, k, rng.int(1, 10));
                const reden = k === 1 && rng.chance(0.12) ? 'bsa' : rng.chance(0.2) ? 'instelling' : 'vrijwillig';
                // With details a negative BSA mostly takes effect at the end of the school year, as the advice does.
                if (reden === 'bsa' && this.details?.chance(MBO_BSA_AT_YEAR_END)) end = yearEnd(a, k);
                this.closeMbo(rec, end, reden, k);
                const u = rng.next();
                if (k === 1 && u < 0.5) {
                    // to another institution, same level or one lower; February intake when leaving early
                    const next = Math.max(lowest, level - (rng.chance(0.3) ? 1 : 0)) as MboLevel;
                    const q = this.anyProgramme('MBO', `MBO-${next}`);
                    const feb = dayOf(a.y + 1, 2, 1);
                    const begin = end < feb && rng.chance(0.4) ? feb : yearEnd(a, k) + 1;
                    this.mboProgramme(q, this.pickBrin(q, brin), rng.chance(BBL_SHARE[next]) ? 'BBL' : 'BOL', begin, nth + 1);
                } else if (k > 1 && u < 0.25) {
                    this.enterMbo(level, a.y + k, nth + 1); // another programme from the next year
                } else if (u < (k === 1 ? 0.65 : 0.4)) {
                    this.enterMbo(level, a.y + k + rng.int(1, 2), nth + 1); // back after a gap
                }
                return;
            }
            if (k === 1 && rng.chance(0.05)) {
                // another programme at the same institution, mid-year or for the next year
                const q = this.pickProgramme('MBO', p.niveau, p.code, brin);
                if (q) {
                    const end = rng.chance(0.4) ? monthEnd(a, 1, 5) : yearEnd(a, 1);
                    this.closeMbo(rec, end, 'vrijwillig', k);
                    this.mboProgramme(q, brin, vorm, end + 1, nth + 1);
                    return;
                }
            }
            const delay = k - p.years;
            if (delay >= 0) {
                if (rng.chance(graduation[delay] ?? 0)) {
                    // Mostly June/July; otherwise September-May. Never August, whose school year is ambiguous
                    // between the mbo (August) and the study-year (September) conventions.
                    const offset = rng.chance(0.85) ? rng.int(10, 11) : rng.int(1, 9);
                    this.closeMbo(rec, offset >= 10 ? yearEnd(a, k) : monthEnd(a, k, offset), 'diploma', k);
                    this.diploma(rec, 'D', dayInMonth(rng, a, k, offset));
                    this.afterMboDiploma(level, vorm, rec.end as number);
                    return;
                }
                if (delay >= graduation.length - 1) {
                    this.closeMbo(rec, yearEnd(a, k), 'einde', k);
                    if (rng.chance(0.3)) this.enterMbo(Math.max(lowest, level - 1) as MboLevel, a.y + k, nth + 1);
                    return;
                }
            }
        }
    }

    private afterMboDiploma(level: MboLevel, vorm: Opleidingsvorm, end: number): void {
        const next = mboYearOf(end) + 1;
        if (level === 1) {
            if (this.rng.chance(ENTREE_TO_LEVEL_TWO)) this.enterMbo(2, next, 0);
        } else if (level === 2 && this.rng.chance(0.35)) this.enterMbo(3, next, 0);
        else if (level === 3 && this.rng.chance(0.3)) this.enterMbo(4, next, 0);
        else if (level === 4 && this.rng.chance(vorm === 'BBL' ? 0.15 : 0.6)) {
            const gap = this.rng.chance(0.2) ? this.rng.int(1, 4) : 0;
            this.enterHo('HBO', next + gap, 'mbo');
        }
    }

    // ------------------------------------------------------------------------------------------- hbo / wo

    /** First enrollment in a higher-education sector in study year `year`. */
    private enterHo(sector: 'HBO' | 'WO', year: number, group: Group, vorm?: Opleidingsvorm): void {
        const rng = this.rng;
        const niveau: Niveau = sector === 'HBO' && rng.chance(group === 'mbo' ? 0.18 : 0.08) ? 'AD' : 'BA';
        const p = this.anyProgramme(sector, niveau);
        const u = rng.next();
        const start = u < 0.04 ? dayOf(year, 10, 2 + rng.int(0, 73)) // late entry, October-December
            : sector === 'HBO' && u < 0.07 ? dayOf(year + 1, 2, 1) // February intake
                : dayOf(year, 9, 1);
        this.hoProgramme(p, this.pickBrin(p), vorm ?? this.pickHoVorm(sector, year), start, { group, funded: true });
    }

    private hoProgramme(p: Programme, brin: string, vorm: Opleidingsvorm, start: number, path: HoPath): void {
        const rng = this.rng;
        const sector = p.sector as 'HBO' | 'WO';
        const rec = this.openMain({
            brin, code: p.code, soort: sector, niveau: p.niveau, vorm, funded: path.funded && !rng.chance(0.01), start,
        });
        if (!rec) return;
        const a = hoAnchor(rec.start);
        const calm = p.niveau === 'MA' || path.calm === true;
        const years = path.years ?? p.years + (vorm === 'DT' && p.niveau === 'BA' ? 1 : 0);
        // Year one of the first programme in a sector follows the calibrated rates, also for someone coming from
        // the other sector (wo -> hbo); later programmes in the same sector (after a switch or return) do not.
        const first = calm ? YEAR_ONE_CALM : this.hoSectors.has(sector) ? YEAR_ONE_LATER : YEAR_ONE[sector][path.group];
        this.hoSectors.add(sector);
        const risk = (vorm === 'DT' ? 1.3 : 1) * GENDER_RISK[this.gender];
        const grad = GRADUATION[p.niveau === 'MA' ? 'MA' : p.niveau === 'AD' ? 'AD' : sector];
        let propedeuse = calm; // true: has one, or none applies
        for (let k = 1; ; k++) {
            if (yearStart(a, k) > this.horizon) return; // still enrolled at the end of the window
            const stop = (k === 1 ? first.stop : laterStop(sector, calm, k)) * risk;
            const move = k === 1 ? first.switch : laterSwitch(calm, k);
            const u = rng.next();
            if (u < stop) {
                this.hoStop(rec, a, k, path, propedeuse);
                return;
            }
            if (u < stop + move) {
                this.hoSwitch(rec, p, a, k, path, propedeuse);
                return;
            }
            const delay = k - years;
            if (delay >= 0 && rng.chance(grad[Math.min(delay, grad.length - 1)])) {
                // Mostly June-August (then enrolled until 31 August), otherwise earlier in the year: from
                // December when on time (a little early), from September when delayed.
                const offset = rng.chance(0.85) ? rng.weighted([[9, 0.3], [10, 0.5], [11, 0.2]]) : rng.int(delay === 0 ? 3 : 0, 8);
                this.close(rec, offset >= 9 ? yearEnd(a, k) : monthEnd(a, k, offset), 'diploma');
                this.diploma(rec, 'D', dayInMonth(rng, a, k, offset));
                this.afterHoDiploma(p, rec, path);
                return;
            }
            if (delay >= HO_MAX_DELAY) {
                this.close(rec, yearEnd(a, k), 'instelling');
                this.afterHoStop(rec.end as number, path);
                return;
            }
            if (!propedeuse && k <= 2) {
                // Propedeuse at the end of year one for most; the rest during year two (or never).
                if (k === 1 && rng.chance(0.85)) {
                    this.diploma(rec, 'P', dayInMonth(rng, a, 1, rng.int(9, 11)));
                    propedeuse = true;
                } else if (k === 2) {
                    if (rng.chance(0.8)) this.diploma(rec, 'P', dayInMonth(rng, a, 2, rng.int(0, 11)));
                    propedeuse = true;
                }
            }
        }
    }

    /** Leaves higher education in year k (for at least the next 1 October). */
    private hoStop(rec: SimEnrollment, a: Anchor, k: number, path: HoPath, hasPropedeuse: boolean): void {
        const rng = this.rng;
        const u = rng.next();
        if (k === 1 && u < 0.3 && rec.niveau !== 'MA') {
            this.close(rec, yearEnd(a, 1), 'bsa'); // negative binding study advice
        } else if (u < (k === 1 ? 0.45 : 0.4)) {
            // does not re-enroll for the next year; some passed the first year all the same
            if (k === 1 && !hasPropedeuse && rng.chance(0.2)) this.diploma(rec, 'P', dayInMonth(rng, a, 1, rng.int(9, 10)));
            this.close(rec, yearEnd(a, k), 'vrijwillig');
        } else {
            this.close(rec, monthEnd(a, k, rng.int(1, 9)), rng.chance(0.1) ? 'instelling' : 'vrijwillig');
        }
        this.afterHoStop(rec.end as number, path);
    }

    private afterHoStop(end: number, path: HoPath): void {
        const rng = this.rng;
        const y = studyYearOf(end);
        const u = rng.next();
        if (u < 0.15) {
            // Back in higher education after at least one full study year away.
            const back = y + 1 + rng.int(1, 2);
            const sector = path.group === 'vwo' && rng.chance(0.3) ? 'WO' : 'HBO';
            const p = this.anyProgramme(sector, 'BA');
            this.hoProgramme(p, this.pickBrin(p), this.pickHoVorm(sector, back), dayOf(back, 9, 1),
                { group: path.group, funded: true });
        } else if (u < 0.3) {
            this.enterMbo(rng.chance(0.8) ? 4 : 3, y + 1, 0);
        }
    }

    /** Moves to another programme and/or institution at the end of year k (or mid-year in year one). */
    private hoSwitch(rec: SimEnrollment, p: Programme, a: Anchor, k: number, path: HoPath, hasPropedeuse: boolean): void {
        const rng = this.rng;
        const target = this.switchTarget(p, rec.brin, path.group);
        const u = rng.next();
        let end: number;
        let next: number;
        let reden: RedenUitschrijving = 'vrijwillig';
        if (k === 1 && a.m === 9 && u < 0.35) {
            end = monthEnd(a, 1, 4); // 31 January, to start at the February intake
            next = end + 1;
        } else if (k === 1 && u < 0.5) {
            end = monthEnd(a, 1, rng.int(1, 3)); // leaves early, starts afresh next year
            next = yearEnd(a, 1) + 1;
        } else {
            end = yearEnd(a, k);
            next = end + 1;
            if (k === 1 && rng.chance(0.25)) reden = 'bsa';
            else if (k === 1 && !hasPropedeuse && rng.chance(target.p.sector === 'WO' ? 0.8 : 0.4)) {
                this.diploma(rec, 'P', dayInMonth(rng, a, 1, rng.int(9, 10)));
            }
        }
        this.close(rec, end, reden);
        const vorm = target.p.sector === 'WO' ? 'VT' : rec.vorm;
        this.hoProgramme(target.p, target.brin, vorm, next,
            { group: path.group, funded: true, calm: target.p.niveau === 'MA' });
    }

    private switchTarget(p: Programme, brin: string, group: Group): { p: Programme; brin: string } {
        const rng = this.rng;
        if (p.niveau === 'MA') {
            const q = this.pickProgramme(p.sector, 'MA', p.code) ?? p;
            return { p: q, brin: this.pickBrin(q) };
        }
        const u = rng.next();
        if (p.sector === 'HBO') {
            if (u < 0.15 && p.brins.length > 1) return { p, brin: this.pickBrin(p, brin) }; // same programme elsewhere
            if (u < 0.15 + (group === 'vwo' ? 0.15 : 0.07)) {
                const q = this.anyProgramme('WO', 'BA');
                return { p: q, brin: this.pickBrin(q) };
            }
            const q = this.anyProgramme('HBO', rng.chance(0.1) ? 'AD' : 'BA', p.code);
            return { p: q, brin: q.brins.includes(brin) && rng.chance(0.6) ? brin : this.pickBrin(q) };
        }
        if (u < 0.3) {
            const q = this.anyProgramme('HBO', 'BA');
            return { p: q, brin: this.pickBrin(q) };
        }
        const q = this.anyProgramme('WO', 'BA', p.code);
        return { p: q, brin: q.brins.includes(brin) && rng.chance(0.7) ? brin : this.pickBrin(q) };
    }

    private afterHoDiploma(p: Programme, rec: SimEnrollment, path: HoPath): void {
        const rng = this.rng;
        const next = studyYearOf(rec.end as number) + 1; // the coming September
        const follow = (q: Programme, brin: string, vorm: Opleidingsvorm, start: number, extra: Partial<HoPath> = {}): void =>
            this.hoProgramme(q, brin, vorm, start, { group: path.group, funded: true, calm: true, ...extra });
        if (p.sector === 'WO' && p.niveau === 'BA') {
            if (!rng.chance(0.85) || !p.master) return;
            const m = PROGRAMME_BY_CODE.get(p.master) as Programme;
            const u = rng.next();
            const start = u < 0.75 ? dayOf(next, 9, 1) : u < 0.85 ? dayOf(next + 1, 2, 1) : dayOf(next + 1, 9, 1);
            follow(m, m.brins.includes(rec.brin) ? rec.brin : this.pickBrin(m), 'VT', start);
        } else if (p.sector === 'HBO' && p.niveau === 'AD') {
            // continue in a related bachelor, shortened to two years
            const q = this.pickProgramme('HBO', 'BA', undefined, rec.brin);
            if (q && rng.chance(0.35)) follow(q, rec.brin, rec.vorm, dayOf(next, 9, 1), { years: 2 });
        } else if (p.sector === 'HBO' && p.niveau === 'BA') {
            const u = rng.next();
            if (u < 0.06) {
                const m = this.anyProgramme('WO', 'MA'); // after a pre-master
                follow(m, this.pickBrin(m), 'VT', dayOf(next, 9, 1));
            } else if (u < 0.1) {
                const m = this.anyProgramme('HBO', 'MA');
                follow(m, this.pickBrin(m), rng.chance(0.5) ? 'DT' : 'VT', dayOf(next, 9, 1));
            } else if (u < 0.11) {
                // a second bachelor is not funded
                const q = this.anyProgramme('HBO', 'BA', p.code);
                follow(q, this.pickBrin(q), rec.vorm, dayOf(next, 9, 1), { funded: false, calm: false });
            }
        }
    }

    // ------------------------------------------------------------------------------------------- secondary

    /**
     * Some students take a second programme next to their main one for a year or two: a secondary
     * (not main, not funded) enrollment inside the span of the main one, so exactly one of the two is main.
     */
    addSecondaryEnrollments(): void {
        const rng = this.rng;
        for (const main of this.enrollments.slice()) {
            if (!main.main || (main.soort !== 'HBO' && main.soort !== 'WO') || main.niveau === 'MA') continue;
            if (!rng.chance(0.035)) continue;
            const y = hoAnchor(main.start).y + 1;
            const start = dayOf(y, 9, 1); // with the second year of the main programme
            if (start > this.horizon || (main.end !== null && main.end < start + 60)) continue;
            let end = dayOf(y + rng.int(1, 2), 9, 1) - 1;
            if (main.end !== null && main.end < end) end = main.end;
            const q = this.anyProgramme(main.soort, 'BA', main.code);
            const brin = q.brins.includes(main.brin) && rng.chance(0.6) ? main.brin : this.pickBrin(q);
            this.enrollments.push({
                brin, code: q.code, soort: main.soort, niveau: 'BA', vorm: rng.chance(0.5) ? 'DT' : main.vorm,
                main: false, funded: false, start, end, reden: 'vrijwillig',
            });
        }
    }
}

// ================================================================================================ one person

interface DrawnPerson {
    career: Career;
    geslacht: Geslacht;
}

/** An entree person: entry year, age and origin from the entree stream (SimulateOptions.entree). */
function drawEntreePerson(rng: Rng, opts: SimulateOptions, horizon: number, details?: Rng): DrawnPerson {
    const regio = rng.weighted(REGIONS);
    const geslacht = rng.weighted<Geslacht>([['V', 0.42], ['M', 0.57], ['X', 0.01]]);
    const year = rng.int(opts.firstYear + ENTREE.from, opts.lastYear + ENTREE.until);
    const origin = rng.weighted(ENTREE.origin);
    const age = origin === 'vso' ? rng.weighted([[17, 0.4], [18, 0.4], [19, 0.2]]) : rng.weighted([[16, 0.55], [17, 0.3], [18, 0.15]]);
    const career = new Career(rng, regio, birthFor(rng, dayOf(year, 8, 1), age), geslacht, rng.int(0, 28), horizon, details);
    career.entree(year, origin);
    career.addSecondaryEnrollments();
    return { career, geslacht };
}

/** The share of draws that are entree persons: entree's yearly size against all routes', over their years. */
function entreeShare(opts: SimulateOptions, routes: ReturnType<typeof routesFor>): number {
    const own = ENTREE.perYear * (opts.lastYear + ENTREE.until - (opts.firstYear + ENTREE.from) + 1);
    return own / (own + routes.weights.reduce((sum, [, w]) => sum + w, 0));
}

function drawPerson(rng: Rng, routes: ReturnType<typeof routesFor>, horizon: number, details?: Rng): DrawnPerson {
    const regio = rng.weighted(REGIONS);
    const geslacht = rng.weighted<Geslacht>([['V', 0.5], ['M', 0.49], ['X', 0.01]]);
    const route = rng.weighted(routes.weights);
    const [lo, hi] = routes.years[route];
    const year = rng.int(lo, hi);
    const examDay = rng.int(0, 28);
    const exam = (y: number): number => dayOf(y, 6, 12 + examDay);
    const make = (birth: number): Career => new Career(rng, regio, birth, geslacht, examDay, horizon, details);
    let career: Career;
    // Ages on the day vo ends stay within 16-19; a repeated year lengthens the school career.
    switch (route) {
        case 'havo': {
            const age = rng.weighted([[16, 0.05], [17, 0.68], [18, 0.23], [19, 0.04]]);
            career = make(birthFor(rng, exam(year), age));
            career.havo(year, 5 + Math.max(0, age - 17));
            break;
        }
        case 'vwo': {
            const age = rng.weighted([[17, 0.08], [18, 0.7], [19, 0.22]]);
            career = make(birthFor(rng, exam(year), age));
            career.vwo(year, 6 + Math.max(0, age - 18));
            break;
        }
        case 'vmbo-t': {
            const age = rng.weighted([[16, 0.75], [17, 0.22], [18, 0.03]]);
            career = make(birthFor(rng, exam(year), age));
            career.vmboT(year, 4 + Math.max(0, age - 16));
            break;
        }
        case 'vmbo-other': {
            career = make(birthFor(rng, dayOf(year, 6, 30), rng.chance(0.7) ? 16 : 17));
            career.enterMbo(rng.weighted([[2, 0.3], [3, 0.35], [4, 0.35]] as const), year, 0);
            break;
        }
        case 'vso': {
            const age = rng.weighted([[16, 0.2], [17, 0.35], [18, 0.3], [19, 0.15]]);
            career = make(birthFor(rng, dayOf(year, 7, 31), age));
            career.vso(year, age - 11);
            break;
        }
        case 'foreign': {
            const diplomaYear = year - (rng.chance(0.25) ? 1 : 0);
            career = make(birthFor(rng, dayOf(diplomaYear, 6, 30), rng.int(17, 19)));
            career.foreign(year, diplomaYear);
            break;
        }
        case 'adult': {
            career = make(birthFor(rng, dayOf(year, 9, 1), rng.int(23, 40)));
            career.adult(year);
            break;
        }
    }
    career.addSecondaryEnrollments();
    return { career, geslacht };
}

// ================================================================================================ simulate

function categoryOf(d: SimDiploma): Vooropleiding | null {
    if (d.kind === 'P') return d.soort === 'HBO' ? 'HBO-P' : null;
    if (d.soort === 'VO' || d.soort === 'MBO') return d.niveau as Vooropleiding;
    return null;
}

/** Code-unit order, the same in every locale. */
function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function checkOptions(opts: SimulateOptions): void {
    for (const key of ['persons', 'seed', 'firstYear', 'lastYear'] as const) {
        if (!Number.isSafeInteger(opts[key])) throw new Error(`simulate: ${key} must be an integer`);
    }
    if (opts.persons < 0) throw new Error('simulate: persons must not be negative');
    if (opts.firstYear >= opts.lastYear) throw new Error('simulate: firstYear must be before lastYear');
}

/**
 * The population, one person at a time: persons are drawn (each from its own seeded stream), simulated and
 * observed through the window until `opts.persons` have at least one enrollment in it. Nothing is kept between
 * persons, so a caller that writes each person out runs in memory independent of the number of persons.
 */
export function* simulatePeople(opts: SimulateOptions): Generator<SimulatedPerson, void, undefined> {
    checkOptions(opts);
    const windowStart = dayOf(opts.firstYear, 9, 1);
    const windowEnd = dayOf(opts.lastYear, 9, 30);
    const routes = routesFor(opts);
    const share = opts.entree ? entreeShare(opts, routes) : 0;
    let kept = 0;
    for (let draw = 0; kept < opts.persons; draw++) {
        if (draw > 20 * opts.persons + 1000) throw new Error('simulate: too few persons fall inside the window');
        // Entree persons come from a stream of their own: without the option nothing of it is drawn, and with it the
        // other draws keep their careers.
        const entree = opts.entree ? new Rng(personSeed(opts.seed ^ ENTREE_SALT, draw)) : undefined;
        // The details too: without the option nothing of them is drawn.
        const details = opts.details ? new Rng(personSeed(opts.seed ^ DETAILS_SALT, draw)) : undefined;
        const { career, geslacht } = entree && entree.chance(share)
            ? drawEntreePerson(entree, opts, windowEnd, details)
            : drawPerson(new Rng(personSeed(opts.seed, draw)), routes, windowEnd, details);

        // Observe the career through the window.
        const observed = career.enrollments
            .filter((e) => e.start <= windowEnd && (e.end === null || e.end >= windowStart))
            .map((e) => (e.end !== null && e.end > windowEnd ? { ...e, end: null, reden: null } : e));
        if (observed.length === 0) continue;
        const diplomas = career.diplomas.filter((d) => d.date <= windowEnd);

        // Prior education: every vo/mbo diploma (and hbo propedeuse before wo) followed by a later enrollment.
        let lastFollowUp = -Infinity;
        let lastWo = -Infinity;
        for (const e of observed) {
            if (e.soort === 'MBO' || e.soort === 'HBO' || e.soort === 'WO') lastFollowUp = Math.max(lastFollowUp, e.start);
            if (e.soort === 'WO') lastWo = Math.max(lastWo, e.start);
        }
        const prior = new Map<string, { categorie: Vooropleiding; diplomajaar: number }>();
        const addPrior = (categorie: Vooropleiding, date: number): void => {
            const diplomajaar = studyYearOf(date);
            prior.set(`${diplomajaar} ${categorie}`, { categorie, diplomajaar });
        };
        for (const d of diplomas) {
            const categorie = categoryOf(d);
            if (categorie && d.date < (categorie === 'HBO-P' ? lastWo : lastFollowUp)) addPrior(categorie, d.date);
        }
        for (const o of career.otherPrior) if (o.date < lastFollowUp) addPrior(o.categorie, o.date);

        kept++;
        const persoonsnummer = `P${String(kept).padStart(6, '0')}`;
        const vso = career.vsoDetails;
        yield {
            number: kept,
            person: details
                ? {
                    persoonsnummer, geboortedatum: isoOf(career.birth), geslacht, regio: career.regio,
                    migratieachtergrond: details.weighted(MIGRATION[career.regio]),
                }
                : { persoonsnummer, geboortedatum: isoOf(career.birth), geslacht, regio: career.regio },
            enrollments: observed
                .sort((x, y) => x.start - y.start || Number(y.main) - Number(x.main) || (x.end ?? Infinity) - (y.end ?? Infinity)
                    || cmp(x.brin, y.brin) || cmp(x.code, y.code))
                .map((e) => ({
                    persoonsnummer, brin: e.brin, opleidingscode: e.code, onderwijssoort: e.soort, niveau: e.niveau,
                    opleidingsvorm: e.vorm, hoofdinschrijving: e.main, bekostigd: e.funded,
                    datumInschrijving: isoOf(e.start), datumUitschrijving: e.end === null ? null : isoOf(e.end),
                    redenUitschrijving: e.reden,
                    ...(vso && e.soort === 'VSO' ? { cluster: vso.cluster, uitstroomprofiel: vso.profile } : {}),
                })),
            diplomas: diplomas
                .sort((x, y) => x.date - y.date || cmp(x.kind, y.kind) || cmp(x.code, y.code))
                .map((d) => ({
                    persoonsnummer, brin: d.brin, opleidingscode: d.code, onderwijssoort: d.soort, niveau: d.niveau,
                    soort: d.kind, diplomadatum: isoOf(d.date),
                })),
            prior: [...prior.values()]
                .sort((x, y) => x.diplomajaar - y.diplomajaar || cmp(x.categorie, y.categorie))
                .map((p) => ({ persoonsnummer, ...p })),
        };
    }
}

/** The whole population in memory (small runs and tests; `simulatePeople` streams). */
export function simulate(opts: SimulateOptions): Population {
    const pop: Population = { persons: [], enrollments: [], diplomas: [], prior: [] };
    for (const p of simulatePeople(opts)) {
        pop.persons.push(p.person);
        pop.enrollments.push(...p.enrollments);
        pop.diplomas.push(...p.diplomas);
        pop.prior.push(...p.prior);
    }
    return pop;
}
