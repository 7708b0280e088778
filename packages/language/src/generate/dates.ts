/**
 * Calendar arithmetic for the simulator and its file writers, on day numbers (days since 1970-01-01). Pure
 * integer arithmetic on the proleptic Gregorian calendar: no `Date` objects in the hot loop of a run that simulates
 * millions of careers, and no time zones.
 */

/** Days from 1970-01-01 to 1 March of year 0 (the era arithmetic below counts from there). */
const EPOCH_SHIFT = 719468;

/** Day number of (y, m, d). Months and days may overflow or underflow: (2020, 14, 1) is 1 February 2021. */
export function dayOf(y: number, m: number, d: number): number {
    const m0 = m - 1;
    const yy = y + Math.floor(m0 / 12);
    const mm = m0 - 12 * Math.floor(m0 / 12) + 1; // 1..12
    return daysFromCivil(yy, mm, 1) + d - 1;
}

/** Days since 1970-01-01 of a valid date (March-based years, 400-year eras). */
function daysFromCivil(y: number, m: number, d: number): number {
    const yr = m <= 2 ? y - 1 : y;
    const era = Math.floor(yr / 400);
    const yoe = yr - era * 400;
    const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - EPOCH_SHIFT;
}

/** [year, month (1-12), day] of a day number. */
export function partsOf(day: number): [number, number, number] {
    const z = day + EPOCH_SHIFT;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD`. */
export function isoOf(day: number): string {
    const [y, m, d] = partsOf(day);
    return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** `yyyyMMdd`. */
export function compactOf(day: number): string {
    const [y, m, d] = partsOf(day);
    return `${String(y).padStart(4, '0')}${pad2(m)}${pad2(d)}`;
}

/** Day number of an ISO date `YYYY-MM-DD`. */
export function dayOfIso(iso: string): number {
    return dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** Study year (1 September - 31 August) containing the day, named by the calendar year it starts in. */
export function studyYearOf(day: number): number {
    const [y, m] = partsOf(day);
    return m >= 9 ? y : y - 1;
}

/** mbo registration year (1 August - 31 July) containing the day. */
export function mboYearOf(day: number): number {
    const [y, m] = partsOf(day);
    return m >= 8 ? y : y - 1;
}

/** 1cijferHO diploma year: year T covers 1 October T .. 30 September T+1. */
export function hoDiplomaYearOf(day: number): number {
    const [y, m] = partsOf(day);
    return m >= 10 ? y : y - 1;
}

/** Age in whole years on a day. */
export function ageOn(birth: number, day: number): number {
    const [by, bm, bd] = partsOf(birth);
    const [y, m, d] = partsOf(day);
    return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
