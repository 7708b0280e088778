/**
 * The higher-education part of a simulated population as DUO's 1cijferHO enrollment file (`EV.asc`): fixed width,
 * latin-1, CRLF line ends, one record per enrollment per inschrijvingsjaar (study year 1 September - 31 August)
 * that the enrollment overlaps inside the observation window, the way DUO cuts an enrollment into yearly records.
 * Field positions come from a layout (DUO's "Lay-out bestand", parsed with `parseLayout`); fields the simulator
 * has nothing for stay blank (spaces). Codes follow DUO's file description (Bestandsbeschrijving 1cyferho 2023).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { PROGRAMME_BY_CODE, type Domain } from './catalogue.js';
import { ageOn, compactOf, dayOf, dayOfIso, hoDiplomaYearOf, partsOf, studyYearOf } from './dates.js';
import { GeneratedFile, type PopulationWriter } from './files.js';
import { personIds } from './ids.js';
import type { DiplomaRecord, EnrollmentRecord, SimulatedPerson, SimulateOptions, Vooropleiding } from './types.js';
import type { Layout } from '../workspace/layout.js';

export const EV_FILE = 'EV.asc';

/** The fields this writer fills, by their name in DUO's layout. */
export const EV_FIELDS = [
    'Persoonsgebonden nummer', 'Inschrijvingsjaar', 'Instellingscode', 'Actuele instelling', 'Opleidingscode',
    'Opleidingsvorm', 'Opleidingsfase', 'Maand vanaf', 'Code beëindiging', 'Maand tot', 'Code examenresultaat',
    'Maand examenresultaat', 'Code bekostiging', 'Eerste jaar aan deze instelling', 'Inschrijvingsvorm',
    'Soort hoger onderwijs', 'Opleiding actueel equivalent', 'Croho-onderdeel actuele opleiding',
    'Type hoger onderwijs binnen soort hoger onderwijs', 'Opleidingsfase actueel', 'Indicatie actief op peildatum',
    'Soort inschrijving hoger onderwijs', 'Eerste jaar in het hoger onderwijs', 'Eerste jaar aan deze soort hoger onderwijs',
    'Eerste jaar aan deze opleiding-instelling', 'Diplomajaar', 'Opleidingsfase actueel van het diploma',
    'Soort diploma hoger onderwijs internat.statistiek', 'Soort diploma hoger onderwijs', 'Soort diploma soort hoger onderwijs',
    'Soort diploma instelling', 'Hoogste vooropleiding vóór het HO', 'Diplomajaar van de hoogste vooropl. vóór het HO',
    'Instelling van de hoogste vooropl. vóór het HO', 'Hoogste vooropleiding binnen het HO',
    'Diplomajaar van de hoogste vooropl. binnen het HO', 'Instelling van de hoogste vooropl. binnen het HO',
    'Hoogste vooropleiding', 'Diplomajaar hoogste vooropleiding', 'Instelling van de hoogste vooropleiding', 'Geslacht',
    'Leeftijd per peildatum 1 oktober', 'Leeftijd per 1 januari', 'Datum inschrijving', 'Datum uitschrijving',
    'Datum tekening diploma', 'Burgerservicenummer', 'Onderwijsnummer',
] as const;

type EvField = (typeof EV_FIELDS)[number];

// ------------------------------------------------------------------------------------------------ codes

/** Croho-onderdeel (1 character). */
const CROHO_ONDERDEEL: Readonly<Record<Domain, string>> = {
    onderwijs: '1', landbouw: '2', natuur: '3', techniek: '4', gezondheidszorg: '5', economie: '6', recht: '7',
    'gedrag en maatschappij': '8', 'taal en cultuur': '9', sectoroverstijgend: '0',
};

/** Last two digits of the hbo/wo prior-education codes of Dec_vopl.asc (006xx hbo-p, 008xx hbo-ba, ...). */
const VOPL_HO_DOMAIN: Readonly<Record<Domain, number>> = {
    'taal en cultuur': 2, 'gedrag en maatschappij': 3, economie: 4, recht: 5, gezondheidszorg: 6, onderwijs: 7,
    landbouw: 8, techniek: 9, natuur: 10, sectoroverstijgend: 11,
};

/** Last digit of the mbo prior-education codes (0015x, 0016x, 0030x): algemeen, economie, zorg en welzijn, ... */
function voplMboDomain(domain: Domain | undefined): number {
    switch (domain) {
        case 'economie': case 'recht': return 2;
        case 'gezondheidszorg': case 'gedrag en maatschappij': case 'onderwijs': return 3;
        case 'landbouw': return 4;
        case 'techniek': case 'natuur': return 5;
        default: return 1;
    }
}

/** havo and vwo profiles (C&M, E&M, N&G, N&T): the last two digits of 002xx and 004xx. */
const PROFILES = [2, 3, 5, 8] as const;

/** Ranks of prior education before higher education (higher is higher); a foreign diploma counts only alone. */
const PRIOR_RANK: Readonly<Partial<Record<Vooropleiding, number>>> = {
    BUITENL: 0, VSO: 1, 'VMBO-T': 2, 'MBO-2': 3, 'MBO-3': 4, HAVO: 5, 'MBO-4': 6, VWO: 7,
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// ------------------------------------------------------------------------------------------------ writer

interface Segment {
    readonly e: EnrollmentRecord;
    readonly index: number;
    readonly year: number;
    readonly from: number;
    /** Last day in this study year; null: still enrolled when the window closes (last record only). */
    readonly until: number | null;
    /** The enrollment ends inside this study year (the record that carries the reason). */
    readonly ends: boolean;
    diploma?: DiplomaRecord;
}

interface Prior {
    readonly code: string;
    readonly year: string;
    readonly brin: string;
}

const NO_PRIOR: Prior = { code: '00000', year: '0000', brin: '' };

export class EvWriter implements PopulationWriter {
    readonly files: GeneratedFile[] = [];
    private readonly out: GeneratedFile;
    private readonly positions: Readonly<Record<EvField, { start: number; width: number }>>;
    /** A record of spaces, one character an element (copied for each record: faster than building strings). */
    private readonly blank: readonly string[];

    constructor(dir: string, private readonly opts: SimulateOptions, layout: Layout) {
        const missing = EV_FIELDS.filter((name) => !layout.fields.some((f) => f.name === name));
        if (missing.length) throw new Error(`the 1cijferHO layout has no field ${missing.map((m) => `'${m}'`).join(', ')}`);
        const positions = {} as Record<EvField, { start: number; width: number }>;
        for (const name of EV_FIELDS) {
            const f = layout.fields.find((x) => x.name === name)!;
            positions[name] = { start: f.start - 1, width: f.width };
        }
        this.positions = positions;
        this.blank = Array.from({ length: layout.width }, () => ' ');
        mkdirSync(dir, { recursive: true });
        this.out = new GeneratedFile(join(dir, EV_FILE), 'latin1');
        this.files.push(this.out);
    }

    add(p: SimulatedPerson): void {
        const ho = p.enrollments.filter((e) => e.onderwijssoort === 'HBO' || e.onderwijssoort === 'WO');
        if (ho.length === 0) return;
        const { firstYear, lastYear } = this.opts;
        const ids = personIds(this.opts.seed, p.number);

        // Yearly records of every enrollment, inside the window.
        const segments: Segment[] = [];
        ho.forEach((e, index) => {
            const start = dayOfIso(e.datumInschrijving);
            const end = e.datumUitschrijving === null ? null : dayOfIso(e.datumUitschrijving);
            const last = Math.min(lastYear, end === null ? lastYear : studyYearOf(end));
            for (let year = Math.max(firstYear, studyYearOf(start)); year <= last; year++) {
                const yearEnd = dayOf(year + 1, 9, 1) - 1;
                const ends = end !== null && end <= yearEnd;
                segments.push({
                    e, index, year, from: Math.max(start, dayOf(year, 9, 1)),
                    until: ends ? end : end === null && year === last ? null : yearEnd, ends,
                });
            }
        });

        // Higher-education diplomas go to the record of their enrollment in the study year of the diploma date.
        const hoDiplomas = p.diplomas.filter((d) => d.onderwijssoort === 'HBO' || d.onderwijssoort === 'WO');
        for (const d of hoDiplomas) {
            const date = dayOfIso(d.diplomadatum);
            const seg = segments.find((s) => s.e.brin === d.brin && s.e.opleidingscode === d.opleidingscode
                && s.year === studyYearOf(date) && dayOfIso(s.e.datumInschrijving) <= date
                && (s.e.datumUitschrijving === null || date <= dayOfIso(s.e.datumUitschrijving)));
            if (seg && (!seg.diploma || d.soort === 'D')) seg.diploma = d;
        }
        const diplomaCodes = this.diplomaCodes(segments);

        // First years (of the enrollments this file shows).
        const firstYearOf = (keep: (e: EnrollmentRecord) => boolean): number =>
            Math.min(...ho.filter(keep).map((e) => studyYearOf(dayOfIso(e.datumInschrijving))));
        const birth = dayOfIso(p.person.geboortedatum);
        const combinations = new Map<string, number>();
        for (const e of ho) combinations.set(`${e.brin} ${e.opleidingscode}`, (combinations.get(`${e.brin} ${e.opleidingscode}`) ?? 0) + 1);

        segments.sort((a, b) => a.year - b.year || a.index - b.index);
        let text = '';
        for (const s of segments) {
            const { e } = s;
            const programme = PROGRAMME_BY_CODE.get(e.opleidingscode);
            const fase = e.niveau === 'MA' ? 'M' : e.niveau === 'AD' ? 'A' : 'B';
            const peildatum = dayOf(s.year, 10, 1);
            const active = s.from <= peildatum && (s.until === null || peildatum <= s.until);
            const notActive = s.from > peildatum
                ? ((combinations.get(`${e.brin} ${e.opleidingscode}`) ?? 0) > 1 ? '4' : '3')
                : '2';
            const prior = this.priorBefore(p, s.year);
            const within = this.priorWithin(hoDiplomas, s.year);
            const highest = within.code !== NO_PRIOR.code ? within : prior;
            const v: Partial<Record<EvField, string>> = {
                'Persoonsgebonden nummer': ids.persoonsgebondenNummer,
                'Inschrijvingsjaar': String(s.year),
                'Instellingscode': e.brin,
                'Actuele instelling': e.brin,
                'Opleidingscode': e.opleidingscode,
                'Opleidingsvorm': e.opleidingsvorm === 'DT' ? '2' : e.opleidingsvorm === 'DU' ? '3' : '1',
                'Opleidingsfase': fase,
                'Maand vanaf': pad(partsOf(s.from)[1], 2),
                'Code beëindiging': s.ends ? REDEN[(e.redenUitschrijving ?? 'vrijwillig') as keyof typeof REDEN] ?? '' : '',
                'Maand tot': s.until === null ? '' : pad(partsOf(s.until)[1], 2),
                'Code bekostiging': e.hoofdinschrijving ? 'J' : 'N',
                'Eerste jaar aan deze instelling': String(firstYearOf((x) => x.brin === e.brin)),
                'Inschrijvingsvorm': 'S',
                'Soort hoger onderwijs': e.onderwijssoort === 'HBO' ? 'hbo' : 'wo',
                'Opleiding actueel equivalent': e.opleidingscode,
                'Croho-onderdeel actuele opleiding': programme ? CROHO_ONDERDEEL[programme.domain] : '',
                'Type hoger onderwijs binnen soort hoger onderwijs': e.niveau.toLowerCase(),
                'Opleidingsfase actueel': fase,
                'Indicatie actief op peildatum': active ? '1' : notActive,
                'Soort inschrijving hoger onderwijs': active ? (e.hoofdinschrijving ? '1' : '2') : '3',
                'Eerste jaar in het hoger onderwijs': String(firstYearOf(() => true)),
                'Eerste jaar aan deze soort hoger onderwijs': String(firstYearOf((x) => x.onderwijssoort === e.onderwijssoort)),
                'Eerste jaar aan deze opleiding-instelling': String(firstYearOf((x) => x.brin === e.brin && x.opleidingscode === e.opleidingscode)),
                'Diplomajaar': '0000',
                'Hoogste vooropleiding vóór het HO': prior.code,
                'Diplomajaar van de hoogste vooropl. vóór het HO': prior.year,
                'Instelling van de hoogste vooropl. vóór het HO': prior.brin,
                'Hoogste vooropleiding binnen het HO': within.code === NO_PRIOR.code ? '' : within.code,
                'Diplomajaar van de hoogste vooropl. binnen het HO': within.year,
                'Instelling van de hoogste vooropl. binnen het HO': within.brin,
                'Hoogste vooropleiding': highest.code,
                'Diplomajaar hoogste vooropleiding': highest.year,
                'Instelling van de hoogste vooropleiding': highest.brin,
                'Geslacht': p.person.geslacht === 'X' ? 'O' : p.person.geslacht,
                'Leeftijd per peildatum 1 oktober': pad(ageOn(birth, dayOf(s.year, 9, 30)), 3),
                'Leeftijd per 1 januari': pad(ageOn(birth, dayOf(s.year, 12, 31)), 3),
                'Datum inschrijving': compactOf(s.from),
                'Datum uitschrijving': s.until === null ? '00000000' : compactOf(s.until),
                'Burgerservicenummer': ids.bsn,
                'Onderwijsnummer': ids.onderwijsnummer,
            };
            if (s.diploma) {
                const d = s.diploma;
                const date = dayOfIso(d.diplomadatum);
                Object.assign(v, {
                    'Code examenresultaat': '1',
                    'Maand examenresultaat': pad(partsOf(date)[1], 2),
                    'Diplomajaar': String(hoDiplomaYearOf(date)),
                    'Opleidingsfase actueel van het diploma': d.soort === 'P' ? 'D' : fase,
                    'Datum tekening diploma': compactOf(date),
                    ...diplomaCodes.get(s),
                });
            }
            text += `${this.record(v)}\r\n`;
        }
        this.out.write(text, segments.length);
    }

    finish(): GeneratedFile[] {
        this.out.close();
        return this.files;
    }

    private record(values: Partial<Record<EvField, string>>): string {
        const chars = this.blank.slice();
        for (const name in values) {
            const value = values[name as EvField] as string;
            const { start, width } = this.positions[name as EvField];
            if (value.length > width) throw new Error(`1cijferHO field '${name}' is ${width} wide: '${value}' does not fit`);
            for (let i = 0; i < value.length; i++) chars[start + i] = value[i];
        }
        return chars.join('');
    }

    /** Highest prior education before higher education with a diploma year up to and including `year`. */
    private priorBefore(p: SimulatedPerson, year: number): Prior {
        let best: { categorie: Vooropleiding; diplomajaar: number } | undefined;
        for (const v of p.prior) {
            const rank = PRIOR_RANK[v.categorie];
            if (rank === undefined || v.diplomajaar > year) continue;
            if (!best || rank > PRIOR_RANK[best.categorie]! || (rank === PRIOR_RANK[best.categorie] && v.diplomajaar > best.diplomajaar)) best = v;
        }
        if (!best || best.categorie === 'VSO') return NO_PRIOR; // Dec_vopl.asc has no code for (leaving) vso
        const diploma = p.diplomas.find((d) => d.niveau === best!.categorie && d.soort === 'D'
            && studyYearOf(dayOfIso(d.diplomadatum)) === best!.diplomajaar);
        const profile = PROFILES[p.number % PROFILES.length];
        const mbo = voplMboDomain(diploma ? PROGRAMME_BY_CODE.get(diploma.opleidingscode)?.domain : undefined);
        const code = {
            BUITENL: '00502', 'VMBO-T': '00136', 'MBO-2': `0015${mbo}`, 'MBO-3': `0016${mbo}`, HAVO: `002${pad(profile, 2)}`,
            'MBO-4': `0030${mbo}`, VWO: `004${pad(profile, 2)}`,
        }[best.categorie as Exclude<Vooropleiding, 'VSO' | 'HBO-P' | 'MBO-1'>]; // entree (MBO-1) has no rank: never the prior education of ho
        return { code, year: String(best.diplomajaar), brin: diploma?.brin ?? '' };
    }

    /** Highest higher-education diploma (propedeuse included) of an HO diploma year before `year`. */
    private priorWithin(diplomas: readonly DiplomaRecord[], year: number): Prior {
        let best: { d: DiplomaRecord; rank: number } | undefined;
        for (const d of diplomas) {
            const hoYear = hoDiplomaYearOf(dayOfIso(d.diplomadatum));
            if (hoYear >= year) continue;
            const rank = d.soort === 'P' ? 1 : d.niveau === 'AD' ? 2 : d.niveau === 'BA' ? 3 : 4;
            if (!best || rank >= best.rank) best = { d, rank };
        }
        if (!best) return { code: NO_PRIOR.code, year: '0000', brin: '' };
        const { d, rank } = best;
        const domain = VOPL_HO_DOMAIN[PROGRAMME_BY_CODE.get(d.opleidingscode)?.domain ?? 'sectoroverstijgend'];
        const hbo = d.onderwijssoort === 'HBO';
        const group = rank === 1 ? (hbo ? 600 : 700) : rank === 2 ? 650 : rank === 3 ? (hbo ? 800 : 900) : (hbo ? 1000 : 1100);
        return { code: pad(group + domain, 5), year: String(hoDiplomaYearOf(dayOfIso(d.diplomadatum))), brin: d.brin };
    }

    /** "Soort diploma" codes: first or not first in higher education, main or secondary per diploma year. */
    private diplomaCodes(segments: readonly Segment[]): Map<Segment, Partial<Record<EvField, string>>> {
        const withDiploma = segments.filter((s) => s.diploma)
            .sort((a, b) => dayOfIso(a.diploma!.diplomadatum) - dayOfIso(b.diploma!.diplomadatum) || a.index - b.index);
        const seen = new Set<string>();
        const codes = new Map<Segment, Partial<Record<EvField, string>>>();
        let finals = 0;
        for (const s of withDiploma) {
            const d = s.diploma!;
            // propedeuse 01, bachelor 03, master 05, associate degree 13; the next one of a kind is one higher
            const base = d.soort === 'P' ? 1 : d.niveau === 'BA' ? 3 : d.niveau === 'MA' ? 5 : 13;
            const kind = String(base);
            const year = hoDiplomaYearOf(dayOfIso(d.diplomadatum));
            const code = (key: string): string => {
                const first = !seen.has(key);
                seen.add(key);
                return pad(first ? base : base + 1, 2);
            };
            codes.set(s, {
                'Soort diploma hoger onderwijs internat.statistiek': d.soort === 'P' ? '' : finals++ === 0 ? '01' : '02',
                'Soort diploma hoger onderwijs': code(`ho ${kind}`),
                'Soort diploma soort hoger onderwijs': code(`soort ${year} ${d.onderwijssoort} ${kind}`),
                'Soort diploma instelling': code(`instelling ${year} ${d.brin} ${kind}`),
            });
        }
        return codes;
    }
}

/**
 * Code beëindiging: 1 diploma, 4 binding study advice, 9 on request; none for an end by the institution. (The mbo
 * registration codes of the details option never reach this file: it holds hbo and wo only.)
 */
const REDEN: Readonly<Record<'diploma' | 'bsa' | 'vrijwillig' | 'instelling', string>> = {
    diploma: '1', bsa: '4', vrijwillig: '9', instelling: '',
};
