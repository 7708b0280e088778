/**
 * Made-up personal identifiers for the DUO file formats, derived from a person's number in the population (and the
 * seed), never from the person's random stream: adding identifiers changes no career.
 *  - persoonsgebonden nummer (1cijferHO): the number, twelve digits;
 *  - burgerservicenummer: nine digits passing the elfproef (9·d1 + 8·d2 + ... + 2·d8 - d9 divisible by 11);
 *  - onderwijsnummer, for the few people without a BSN: nine digits whose elfproef sum leaves 5 (DUO's variant).
 * Both numbers start with 1 and are unique per person number (up to 45 million persons).
 */

export interface PersonIds {
    readonly persoonsgebondenNummer: string;
    /** Empty for the people known only by an onderwijsnummer. */
    readonly bsn: string;
    /** Empty for the people with a BSN. */
    readonly onderwijsnummer: string;
}

/** Share of the people (per mille) known by an onderwijsnummer instead of a BSN. */
const ONDERWIJSNUMMER_PER_MILLE = 30;

function hash(seed: number, n: number): number {
    let h = Math.imul((seed >>> 0) ^ 0x3c6ef372, 0x9e3779b1) ^ Math.imul(n + 0x165667b1, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    h = Math.imul(h, 0x297a2d39);
    h ^= h >>> 15;
    return h >>> 0;
}

/** Nine digits from the person number whose elfproef sum is `rest` modulo 11. */
function elfproef(n: number, rest: 0 | 5): string {
    for (const c of [0, 1]) {
        const prefix = String(10_000_000 + 2 * n + c);
        let sum = 0;
        for (let i = 0; i < 8; i++) sum += (9 - i) * Number(prefix[i]);
        // sum - d9 = rest (mod 11)
        const d9 = (((sum - rest) % 11) + 11) % 11;
        if (d9 < 10) return prefix + String(d9);
    }
    throw new Error('unreachable: one of two neighbouring prefixes always has a check digit');
}

export function personIds(seed: number, number: number): PersonIds {
    if (!Number.isSafeInteger(number) || number < 1 || number >= 45_000_000) {
        throw new Error(`person number ${number} is outside 1..44999999`);
    }
    const byOnderwijsnummer = hash(seed, number) % 1000 < ONDERWIJSNUMMER_PER_MILLE;
    return {
        persoonsgebondenNummer: String(number).padStart(12, '0'),
        bsn: byOnderwijsnummer ? '' : elfproef(number, 0),
        onderwijsnummer: byOnderwijsnummer ? elfproef(number, 5) : '',
    };
}

/** True when the nine digits pass the elfproef with the given rest (0: BSN, 5: onderwijsnummer). */
export function passesElfproef(digits: string, rest: 0 | 5): boolean {
    if (!/^\d{9}$/.test(digits)) return false;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
    return (((sum - Number(digits[8]) - rest) % 11) + 11) % 11 === 0;
}
