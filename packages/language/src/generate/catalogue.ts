/**
 * What the simulated people can enroll in: programmes (illustrative CROHO and crebo codes), the institutions that
 * offer them, regions with their nearby schools, and the register codes the DUO file formats need.
 */
import type { Niveau, Regio } from './types.js';

/**
 * Field of study, as CROHO groups hbo and wo programmes ("croho-onderdeel"); mbo programmes get the nearest one,
 * which the 1cijferHO prior-education codes need (mbo economie, zorg en welzijn, techniek, ...).
 */
export type Domain = 'onderwijs' | 'landbouw' | 'natuur' | 'techniek' | 'gezondheidszorg' | 'economie' | 'recht'
    | 'gedrag en maatschappij' | 'taal en cultuur' | 'sectoroverstijgend';

export interface Programme {
    readonly code: string;
    readonly sector: 'MBO' | 'HBO' | 'WO';
    readonly niveau: Niveau;
    /** Nominal duration in years. */
    readonly years: number;
    readonly brins: readonly string[];
    /** Relative popularity among entrants. */
    readonly weight: number;
    readonly domain: Domain;
    /** wo bachelor: the master most of its graduates continue in. */
    readonly master?: string;
}

function programme(
    code: string, sector: Programme['sector'], niveau: Niveau, years: number,
    brins: readonly string[], weight: number, domain: Domain, master?: string,
): Programme {
    return { code, sector, niveau, years, brins, weight, domain, master };
}

/*
 * Programme codes look like the real registers (CROHO for hbo/wo, crebo for mbo) but are illustrative.
 * Every hbo code, also for Associate degrees and masters (in reality in other ranges), starts with 34, so in
 * this data set the code alone tells the sector. Comments give the programme each code stands for.
 */
export const PROGRAMMES: readonly Programme[] = [
    // hbo bachelors
    programme('34035', 'HBO', 'BA', 4, ['21PB', '22OJ', '27UM'], 10, 'economie'), // bedrijfskunde
    programme('34139', 'HBO', 'BA', 4, ['21PB', '25BE', '27UM'], 9, 'economie'), // commerciele economie
    programme('34402', 'HBO', 'BA', 4, ['21PB', '22OJ', '25BE', '27UM'], 11, 'gedrag en maatschappij'), // social work
    programme('34410', 'HBO', 'BA', 4, ['22OJ', '27UM'], 4, 'economie'), // accountancy
    programme('34479', 'HBO', 'BA', 4, ['21PB', '22OJ', '25BE'], 10, 'techniek'), // hbo-ict
    programme('34560', 'HBO', 'BA', 4, ['22OJ', '25BE', '27UM'], 9, 'gezondheidszorg'), // verpleegkunde
    programme('34660', 'HBO', 'BA', 4, ['21PB', '27UM'], 5, 'techniek'), // werktuigbouwkunde
    programme('34808', 'HBO', 'BA', 4, ['21PB', '22OJ', '25BE', '27UM'], 7, 'onderwijs'), // leraar basisonderwijs
    programme('34950', 'HBO', 'BA', 4, ['25BE', '27UM'], 6, 'economie'), // communicatie
    // hbo Associate degrees
    programme('34901', 'HBO', 'AD', 2, ['22OJ', '27UM'], 3, 'onderwijs'), // ad pedagogisch educatief professional
    programme('34902', 'HBO', 'AD', 2, ['21PB', '25BE'], 3, 'techniek'), // ad software development
    programme('34903', 'HBO', 'AD', 2, ['25BE', '27UM'], 3, 'economie'), // ad ondernemen
    // hbo masters
    programme('34951', 'HBO', 'MA', 2, ['25BE', '27UM'], 1, 'gezondheidszorg'), // master advanced nursing practice
    programme('34952', 'HBO', 'MA', 1, ['21PB', '22OJ'], 1, 'techniek'), // master informatica
    // wo bachelors, each with its usual master
    programme('56604', 'WO', 'BA', 3, ['21PD', '21PM', '21PK'], 8, 'recht', '56605'), // rechtsgeleerdheid
    programme('56827', 'WO', 'BA', 3, ['21PD', '21PM', '21PK'], 8, 'economie', '56828'), // economie en bedrijfskunde
    programme('50206', 'WO', 'BA', 3, ['21PD', '21PM', '21PK'], 8, 'gedrag en maatschappij', '50207'), // psychologie
    programme('56860', 'WO', 'BA', 3, ['21PD'], 5, 'techniek', '56861'), // technische informatica
    programme('50033', 'WO', 'BA', 3, ['21PD', '21PM'], 5, 'gezondheidszorg', '50034'), // geneeskunde
    programme('56980', 'WO', 'BA', 3, ['21PM'], 4, 'gezondheidszorg', '56981'), // biomedische wetenschappen
    // wo masters
    programme('56605', 'WO', 'MA', 1, ['21PD', '21PM', '21PK'], 3, 'recht'), // rechtsgeleerdheid
    programme('56828', 'WO', 'MA', 1, ['21PD', '21PM', '21PK'], 3, 'economie'), // economics
    programme('50207', 'WO', 'MA', 1, ['21PD', '21PM', '21PK'], 3, 'gedrag en maatschappij'), // psychologie
    programme('56861', 'WO', 'MA', 2, ['21PD'], 2, 'techniek'), // computer science
    programme('50034', 'WO', 'MA', 3, ['21PD', '21PM'], 1, 'gezondheidszorg'), // geneeskunde
    programme('56981', 'WO', 'MA', 2, ['21PM'], 1, 'gezondheidszorg'), // biomedical sciences
    // mbo (crebo)
    programme('25604', 'MBO', 'MBO-4', 4, ['25LX', '27DV', '28DE', '26DQ'], 8, 'gezondheidszorg'), // verpleegkundige
    programme('25187', 'MBO', 'MBO-4', 3, ['25LX', '28DE'], 7, 'techniek'), // software developer
    programme('25159', 'MBO', 'MBO-4', 3, ['25LX', '27DV', '26DQ'], 6, 'economie'), // junior accountmanager
    programme('25655', 'MBO', 'MBO-4', 3, ['27DV', '28DE'], 6, 'gedrag en maatschappij'), // pedagogisch medewerker
    programme('25491', 'MBO', 'MBO-3', 3, ['25LX', '27DV', '28DE', '26DQ'], 6, 'gezondheidszorg'), // verzorgende-ig
    programme('25498', 'MBO', 'MBO-3', 3, ['27DV', '28DE'], 5, 'techniek'), // eerste monteur
    programme('25168', 'MBO', 'MBO-3', 2, ['25LX', '28DE'], 4, 'economie'), // zelfstandig medewerker horeca
    programme('25256', 'MBO', 'MBO-2', 2, ['27DV', '28DE', '26DQ'], 5, 'economie'), // medewerker logistiek
    programme('25412', 'MBO', 'MBO-2', 2, ['25LX', '27DV', '26DQ'], 5, 'economie'), // verkoopmedewerker
    programme('25140', 'MBO', 'MBO-2', 2, ['27DV', '28DE'], 4, 'techniek'), // basismonteur
    // mbo entree (level 1, one year): only entree persons (SimulateOptions.entree) enroll in these
    programme('25997', 'MBO', 'MBO-1', 1, ['25LX', '27DV', '28DE', '26DQ'], 5, 'economie'), // assistent logistiek / verkoop
    programme('25998', 'MBO', 'MBO-1', 1, ['25LX', '27DV', '26DQ'], 4, 'gezondheidszorg'), // assistent dienstverlening en zorg
    programme('25999', 'MBO', 'MBO-1', 1, ['27DV', '28DE'], 3, 'techniek'), // assistent bouwen, wonen en onderhoud
];

export const PROGRAMME_BY_CODE: ReadonlyMap<string, Programme> = new Map(PROGRAMMES.map((p) => [p.code, p]));

/** vo/vso element codes (illustrative; no leading zero, so CSV readers that infer numbers cannot drop one). */
export const VO_CODES = { 'VMBO-T': '2110', HAVO: '3110', VWO: '4110', VSO: '9110' } as const;

export const REGIONS: readonly (readonly [Regio, number])[] = [
    ['Noord', 0.12], ['Oost', 0.22], ['Midden', 0.16], ['West', 0.32], ['Zuid', 0.18],
];

/** Schools and the nearby ("home") institutions of each region; people mostly stay close to home. */
export const HOME: Readonly<Record<Regio, { vo: readonly string[]; vso: string; mbo: string; hbo: string; wo: string }>> = {
    Noord: { vo: ['01AB'], vso: '06VS', mbo: '25LX', hbo: '21PB', wo: '21PD' },
    Oost: { vo: ['02CD'], vso: '06VS', mbo: '26DQ', hbo: '22OJ', wo: '21PK' },
    Midden: { vo: ['03EF'], vso: '07VS', mbo: '27DV', hbo: '25BE', wo: '21PM' },
    West: { vo: ['04GH', '05JK'], vso: '08VS', mbo: '27DV', hbo: '27UM', wo: '21PM' },
    Zuid: { vo: ['05JK', '03EF'], vso: '07VS', mbo: '28DE', hbo: '25BE', wo: '21PM' },
};
