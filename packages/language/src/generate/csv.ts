/**
 * The example data formats: personen.csv, inschrijvingen.csv, diplomas.csv and vooropleidingen.csv (the files of
 * examples/data, which examples/sources/voorbeeld.stroom maps), written person by person.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { commitGenerated, GeneratedFile, type PopulationWriter, type GeneratedFileSummary } from './files.js';
import type { Population, SimulatedPerson } from './types.js';
import { csvLine as csvRecord } from '../text/csv.js';

export type CsvFileSummary = GeneratedFileSummary;


function csvLine(fields: readonly string[]): string {
    return `${csvRecord(fields)}\n`;
}

/** `YYYY-MM-DD` -> `yyyyMMdd`; a missing date is written as the sentinel `00000000`. */
function compactDate(iso: string | null): string {
    return iso === null ? '00000000' : iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

/** `YYYY-MM-DD` -> `dd-MM-yyyy`. */
function dutchDate(iso: string): string {
    return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

const yesNo = (b: boolean): string => (b ? 'J' : 'N');

export const CSV_FILES = ['personen.csv', 'inschrijvingen.csv', 'diplomas.csv', 'vooropleidingen.csv'] as const;

const HEADERS: readonly (readonly string[])[] = [
    ['persoonsnummer', 'geboortedatum', 'geslacht', 'regio'],
    ['persoonsnummer', 'brin', 'opleidingscode', 'onderwijssoort', 'niveau', 'opleidingsvorm', 'hoofdinschrijving',
        'bekostigd', 'datum inschrijving', 'datum uitschrijving', 'reden uitschrijving'],
    ['persoonsnummer', 'brin', 'opleidingscode', 'onderwijssoort', 'niveau', 'soort', 'diplomadatum'],
    ['persoonsnummer', 'categorie', 'diplomajaar'],
];

/** With the details option: last columns of personen.csv and of inschrijvingen.csv. */
const DETAIL_HEADERS: readonly (readonly string[])[] = [['migratieachtergrond'], ['cluster', 'uitstroomprofiel'], [], []];

/**
 * Writes the four CSV files into `dir`, one person at a time. With `details` (SimulateOptions.details) personen.csv
 * ends with `migratieachtergrond` and inschrijvingen.csv with `cluster` and `uitstroomprofiel` (empty but for vso).
 */
export class CsvWriter implements PopulationWriter {
    readonly files: GeneratedFile[] = [];

    constructor(dir: string, private readonly details = false) {
        mkdirSync(dir, { recursive: true });
        CSV_FILES.forEach((name, i) => {
            const f = new GeneratedFile(join(dir, name));
            this.files.push(f);
            f.write(csvLine(details ? [...HEADERS[i], ...DETAIL_HEADERS[i]] : HEADERS[i]));
        });
    }

    add(p: SimulatedPerson): void {
        const [persons, enrollments, diplomas, prior] = this.files;
        const q = p.person;
        const person = [q.persoonsnummer, dutchDate(q.geboortedatum), q.geslacht, q.regio];
        if (this.details) person.push(q.migratieachtergrond ?? '');
        persons.write(csvLine(person), 1);
        let text = '';
        for (const e of p.enrollments) {
            const row = [e.persoonsnummer, e.brin, e.opleidingscode, e.onderwijssoort, e.niveau, e.opleidingsvorm,
                yesNo(e.hoofdinschrijving), yesNo(e.bekostigd), compactDate(e.datumInschrijving),
                compactDate(e.datumUitschrijving), e.redenUitschrijving ?? ''];
            if (this.details) row.push(e.cluster ?? '', e.uitstroomprofiel ?? '');
            text += csvLine(row);
        }
        enrollments.write(text, p.enrollments.length);
        text = '';
        for (const d of p.diplomas) {
            text += csvLine([d.persoonsnummer, d.brin, d.opleidingscode, d.onderwijssoort, d.niveau, d.soort,
                compactDate(d.diplomadatum)]);
        }
        diplomas.write(text, p.diplomas.length);
        text = '';
        for (const v of p.prior) text += csvLine([v.persoonsnummer, v.categorie, String(v.diplomajaar)]);
        prior.write(text, p.prior.length);
    }

    finish(): GeneratedFile[] {
        for (const f of this.files) f.close();
        return this.files;
    }
}

/** Writes a population held in memory as the four CSV files into `dir` (each file complete or not at all). */
export function writeCsv(pop: Population, dir: string, details = false): CsvFileSummary[] {
    const writer = new CsvWriter(dir, details);
    try {
        const byPerson = <T extends { persoonsnummer: string }>(rows: readonly T[]): Map<string, T[]> => {
            const m = new Map<string, T[]>();
            for (const r of rows) {
                const list = m.get(r.persoonsnummer);
                if (list) list.push(r);
                else m.set(r.persoonsnummer, [r]);
            }
            return m;
        };
        const enrollments = byPerson(pop.enrollments);
        const diplomas = byPerson(pop.diplomas);
        const prior = byPerson(pop.prior);
        pop.persons.forEach((person, i) => writer.add({
            number: i + 1, person,
            enrollments: enrollments.get(person.persoonsnummer) ?? [],
            diplomas: diplomas.get(person.persoonsnummer) ?? [],
            prior: prior.get(person.persoonsnummer) ?? [],
        }));
        return commitGenerated(writer.finish());
    } catch (err) {
        for (const f of writer.files) f.discard();
        throw err;
    }
}
