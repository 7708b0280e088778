/**
 * The mbo part of a simulated population as DUO mbo registration files ("registratieoverzicht"), one per mbo
 * institution: `RO_<BRIN>_<yyyymmdd from>_<yyyymmdd until>.csv`, '|'-delimited, ISO dates, CRLF line ends, in the
 * style of DUO's demo files (test/fixtures/duo/mbo-demo). Multi-record: a VLP header line, then per person a PER line,
 * per enrollment an ISG line (the registration) and an ISP line (its programme period), and a DIP line per mbo
 * diploma of that enrollment. Prior vo/vso education is not in these files (DUO's RO files do not carry it).
 *
 *   VLP|BRIN|from|until|created
 *   PER|bsn|onderwijsnummer|birth date|gender (M, V, O)
 *   ISG|bsn|onderwijsnummer|volgnummer|start|planned end|actual end|reason (08 diploma, 02 other; with the
 *       details option the registration's code: 08 diploma, 11 bsa, 12 verzuim, 13 tucht, 02 eigen keuze,
 *       14 verhuizing, 99 overig)
 *   ISP|bsn|onderwijsnummer|volgnummer|start|crebo|BOL/BBL|MBO-n|funded J/N||location||
 *   DIP|bsn|onderwijsnummer|diploma number|crebo|diploma date||J|volgnummer|location
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMME_BY_CODE, PROGRAMMES } from './catalogue.js';
import { compactOf, dayOf, dayOfIso, isoOf, partsOf } from './dates.js';
import { GeneratedFile, type PopulationWriter } from './files.js';
import { personIds } from './ids.js';
import { MBO_REASONS, type EnrollmentRecord, type MboReason, type SimulatedPerson, type SimulateOptions } from './types.js';

/** Every mbo institution of the catalogue, in code order: each gets its file, also when nobody enrolls there. */
export const MBO_BRINS: readonly string[] = [...new Set(PROGRAMMES.filter((p) => p.sector === 'MBO').flatMap((p) => p.brins))].sort();

/** A made-up location code per institution, in the shape of the demo files' (100A501). */
function locationOf(brin: string): string {
    return `100A${String(501 + MBO_BRINS.indexOf(brin)).padStart(3, '0')}`;
}

export function roFileName(brin: string, opts: SimulateOptions): string {
    return `RO_${brin}_${compactOf(dayOf(opts.firstYear, 9, 1))}_${compactOf(dayOf(opts.lastYear, 9, 30))}.csv`;
}

interface RoFile {
    readonly out: GeneratedFile;
    diplomas: number;
}

export class RoWriter implements PopulationWriter {
    readonly files: GeneratedFile[] = [];
    private readonly byBrin = new Map<string, RoFile>();

    constructor(dir: string, private readonly opts: SimulateOptions) {
        mkdirSync(dir, { recursive: true });
        const from = dayOf(opts.firstYear, 9, 1);
        const until = dayOf(opts.lastYear, 9, 30);
        for (const brin of MBO_BRINS) {
            const out = new GeneratedFile(join(dir, roFileName(brin, opts)));
            // created the day after the period it covers (no clock: the same options give the same bytes)
            out.write(`VLP|${brin}|${isoOf(from)}|${isoOf(until)}|${isoOf(until + 1)}\r\n`);
            this.files.push(out);
            this.byBrin.set(brin, { out, diplomas: 0 });
        }
    }

    add(p: SimulatedPerson): void {
        const mbo = p.enrollments.filter((e) => e.onderwijssoort === 'MBO');
        if (mbo.length === 0) return;
        const ids = personIds(this.opts.seed, p.number);
        const who = `${ids.bsn}|${ids.onderwijsnummer}`;
        const gender = p.person.geslacht === 'X' ? 'O' : p.person.geslacht;
        for (const brin of [...new Set(mbo.map((e) => e.brin))].sort()) {
            const file = this.byBrin.get(brin);
            if (!file) throw new Error(`mbo institution ${brin} is not in the catalogue`);
            const here = mbo.filter((e) => e.brin === brin);
            const location = locationOf(brin);
            let text = `PER|${who}|${p.person.geboortedatum}|${gender}\r\n`;
            here.forEach((e, i) => {
                text += `ISG|${who}|${i + 1}|${e.datumInschrijving}|${plannedEnd(e)}|${e.datumUitschrijving ?? ''}|${reason(e, this.opts.details === true)}\r\n`;
                text += `ISP|${who}|${i + 1}|${e.datumInschrijving}|${e.opleidingscode}|${e.opleidingsvorm}|${e.niveau}|${e.bekostigd ? 'J' : 'N'}||${location}||\r\n`;
            });
            let lines = 1 + 2 * here.length;
            for (const d of p.diplomas) {
                if (d.onderwijssoort !== 'MBO' || d.brin !== brin || d.soort !== 'D') continue;
                const date = dayOfIso(d.diplomadatum);
                const i = here.findIndex((e) => e.opleidingscode === d.opleidingscode && dayOfIso(e.datumInschrijving) <= date
                    && (e.datumUitschrijving === null || date <= dayOfIso(e.datumUitschrijving)));
                if (i < 0) continue; // the diploma of an enrollment before the period of the file
                file.diplomas++;
                text += `DIP|${who}|${8_000_000 + file.diplomas}|${d.opleidingscode}|${d.diplomadatum}||J|${i + 1}|${location}\r\n`;
                lines++;
            }
            file.out.write(text, lines);
        }
    }

    finish(): GeneratedFile[] {
        for (const f of this.files) f.close();
        return this.files;
    }
}

/** The registration's planned end: the nominal duration of the programme after the start. */
function plannedEnd(e: EnrollmentRecord): string {
    const [y, m, d] = partsOf(dayOfIso(e.datumInschrijving));
    const years = PROGRAMME_BY_CODE.get(e.opleidingscode)?.years ?? 1;
    return isoOf(dayOf(y + years, m, d) - 1);
}

/** Reason for leaving: 08 with a diploma, 02 otherwise, or with details the registration's code; none while still enrolled. */
function reason(e: EnrollmentRecord, details: boolean): string {
    if (e.datumUitschrijving === null) return '';
    if (details) {
        const code = MBO_REASONS[e.redenUitschrijving as MboReason];
        if (code === undefined) throw new Error(`mbo enrollment of ${e.persoonsnummer} ends without a registration reason code`);
        return code;
    }
    return e.redenUitschrijving === 'diploma' ? '08' : '02';
}
