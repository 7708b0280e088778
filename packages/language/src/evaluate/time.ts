// Time for the reference evaluator (SEMANTICS.md "Time"): study years, peildata in their integer form, enrollment on
// a day and age in completed years. Dates are ISO text 'YYYY-MM-DD'; ISO text compares correctly as strings, so
// most date logic here is string comparison plus building the one date a rule needs.
import type { MonthDay } from '../definition/types.js';

export interface Calendar {
    readonly peildatum: MonthDay;
    readonly studyYearStart: MonthDay;
    /**
     * 0 when P(y) falls in calendar year y (1 October after a 1 September start), 1 when it falls in y+1
     * (1 February): P(y) is the first peildatum month-day on or after the start of study year y.
     */
    readonly offset: 0 | 1;
}

export function calendar(peildatum: MonthDay, studyYearStart: MonthDay): Calendar {
    // 29 February exists only in leap years, so "P(y)" would not be defined for every y.
    if (peildatum.month === 2 && peildatum.day === 29) throw new Error('29 February cannot be a peildatum');
    const offset = compareMonthDay(peildatum, studyYearStart) >= 0 ? 0 : 1;
    return { peildatum, studyYearStart, offset };
}

function compareMonthDay(a: MonthDay, b: MonthDay): number {
    return a.month - b.month || a.day - b.day;
}

function pad(n: number, width: number): string {
    return String(n).padStart(width, '0');
}

/** The date with this year, month and day. */
export function isoDate(year: number, md: MonthDay): string {
    return `${pad(year, 4)}-${pad(md.month, 2)}-${pad(md.day, 2)}`;
}

export function yearOf(date: string): number {
    return Number(date.slice(0, 4));
}

function monthDayOf(date: string): MonthDay {
    return { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** P(y): the peildatum of cohort / study year y. */
export function peildatumOf(cal: Calendar, y: number): string {
    return isoDate(y + cal.offset, cal.peildatum);
}

/** The first day of study year y. */
export function studyYearStartOf(cal: Calendar, y: number): string {
    return isoDate(y, cal.studyYearStart);
}

/** The study year a date falls in (the year in which that study year starts). */
export function studyYearOf(cal: Calendar, date: string): number {
    const year = yearOf(date);
    return compareMonthDay(monthDayOf(date), cal.studyYearStart) >= 0 ? year : year - 1;
}

/** The day before a date (plain calendar arithmetic in UTC, so no time zone can shift it). */
export function dayBefore(date: string): string {
    const ms = Date.UTC(yearOf(date), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - 86_400_000;
    const d = new Date(ms);
    return isoDate(d.getUTCFullYear(), { month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** k1: the first year k with P(k) on or after the given day. */
export function firstPeildatumYearFrom(cal: Calendar, day: string): number {
    const year = yearOf(day);
    // The peildatum in calendar year `year` is P(year - offset); if it is before the day, the next one is.
    return isoDate(year, cal.peildatum) >= day ? year - cal.offset : year + 1 - cal.offset;
}

/** k2: the last year k with P(k) on or before the given day. */
export function lastPeildatumYearUntil(cal: Calendar, day: string): number {
    const year = yearOf(day);
    return isoDate(year, cal.peildatum) <= day ? year - cal.offset : year - 1 - cal.offset;
}

/**
 * The peildata a period covers, in the integer form every engine uses: P(k) for first <= k <= last, where `first`
 * is k1 and `last` k2 (Infinity when the period is open). first > last means it covers no peildatum at all (a
 * short September enrollment).
 */
export function peildataCovered(cal: Calendar, start: string, end: string | null): { first: number; last: number } {
    return {
        first: firstPeildatumYearFrom(cal, start),
        last: end === null ? Number.POSITIVE_INFINITY : lastPeildatumYearUntil(cal, end),
    };
}

/** Enrolled on P(k): the period's covered peildata include k. */
export function coversPeildatum(cal: Calendar, start: string, end: string | null, k: number): boolean {
    const { first, last } = peildataCovered(cal, start, end);
    return first <= k && k <= last;
}

/** Covers at least one of P(from) .. P(to). */
export function coversAnyPeildatum(cal: Calendar, start: string, end: string | null, from: number, to: number): boolean {
    const { first, last } = peildataCovered(cal, start, end);
    return Math.max(first, from) <= Math.min(last, to);
}

/** Enrolled on a day: start <= day <= end, end inclusive, open end = still enrolled. */
export function enrolledOnDay(start: string, end: string | null, day: string): boolean {
    return start <= day && (end === null || day <= end);
}

/**
 * Age on a day in completed years: the year difference, minus one when the day's month-day comes before the birth
 * month-day (someone born 29 February is a year older on 1 March in a non-leap year).
 */
export function ageOn(birthDate: string, day: string): number {
    const years = yearOf(day) - yearOf(birthDate);
    return compareMonthDay(monthDayOf(day), monthDayOf(birthDate)) < 0 ? years - 1 : years;
}

/** A date plus N months; a day the target month lacks becomes its last day (31 January + 1 month = end of February). */
export function plusMonths(date: string, months: number): string {
    const monthIndex = yearOf(date) * 12 + (Number(date.slice(5, 7)) - 1) + months;
    const year = Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return isoDate(year, { month, day: Math.min(Number(date.slice(8, 10)), daysInMonth) });
}

/** A date plus N days (UTC calendar arithmetic). */
export function plusDays(date: string, days: number): string {
    const d = new Date(Date.UTC(yearOf(date), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days));
    return isoDate(d.getUTCFullYear(), { month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}
