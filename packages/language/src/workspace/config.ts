// stroom.json checked against its one definition, schemas/stroom.schema.json: every problem with its key, its line and
// column, and a reason in English and Dutch. A workspace file that says "five" or 0 must not quietly switch
// disclosure control off, and a misspelt key must not be ignored.
import { Ajv, type ErrorObject } from 'ajv';
// The schema lives at the repository root (VS Code and other editors read it there); the relative path is the same
// from src/ and out/, and esbuild inlines it into the bundles.
import schema from '../../../../schemas/stroom.schema.json' with { type: 'json' };
import { parseJsonTree, lineColumn, type JsonSpan } from './json-tree.js';
import { containsPassword, redactPassword } from '../validation/secrets.js';
import { CODES } from '../validation/codes.js';

export interface WorkspaceConfig {
    /** The package name, when this workspace is a shared definition package (docs/packages.md). */
    readonly name?: string;
    /** The package version (semver). */
    readonly version?: string;
    /** Shared definition packages this workspace loads, with the version range each must satisfy. */
    readonly dependencies?: Readonly<Record<string, string>>;
    /** Folders (relative to the root) whose files are not loaded. */
    readonly exclude?: readonly string[];
    /** Small-cell suppression threshold for every indicator that does not set its own (an integer >= 2). */
    readonly suppression?: number;
    /** Decimals of shown rates for every indicator that does not set its own (0..6, default 1). */
    readonly decimals?: number;
    /** The source a run uses when neither --source nor the indicator names one. */
    readonly defaultSource?: string;
    /** Language of explanations and hovers (default nl). */
    readonly language?: 'nl' | 'en';
    /** Hide zero counts too (default false: zero is shown). */
    readonly suppressZeros?: boolean;
    /** Round shown counts to a multiple of this base (default: no rounding). */
    readonly rounding?: number;
    /** Folders outside the root (relative to it, or absolute) whose files definitions may read. */
    readonly dataFolders?: readonly string[];
    /** Database schemas whose tables a source may read (none by default; system schemas never). */
    readonly tableSchemas?: readonly string[];
    /** false: runs keep no cache in `.stroom-cache/` (default true). */
    readonly cache?: boolean;
    /** DuckDB's memory limit (`8GB`, `50%`); STROOM_MEMORY_LIMIT overrides it. Default: half the physical memory. */
    readonly memoryLimit?: string;
    /** Per diagnostic code, its severity in this workspace; only codes that are not errors by default (checked). */
    readonly severity?: Readonly<Record<string, SeverityLevel>>;
}

/** What `"severity"` in stroom.json may set a code to. */
export type SeverityLevel = 'error' | 'warning' | 'info' | 'hint' | 'off';

/**
 * The codes whose severity stroom.json may change: the ones that are not errors by default. An error marks a
 * definition whose figure would be wrong or ambiguous; a workspace cannot vote that away.
 */
export function adjustableCodes(): string[] {
    return Object.entries(CODES).filter(([, c]) => c.severity !== 'error').map(([code]) => code).sort();
}

/** The severity a workspace gives a diagnostic: the override in stroom.json, else the one it was made with. */
export function effectiveSeverity<S extends string>(config: WorkspaceConfig, code: string, own: S): S | SeverityLevel {
    const set = config.severity?.[code];
    return set !== undefined && Object.hasOwn(config.severity!, code) ? set : own;
}

export type ConfigCode = 'invalid-config' | 'weak-config' | 'password-in-definition'
    | 'dependency-not-installed' | 'invalid-dependency' | 'dependency-conflict' | 'nested-workspace';

/** One problem in stroom.json, at the key (or value) it is about. Lines and columns are 1-based. */
export interface ConfigProblem {
    readonly code: ConfigCode;
    readonly severity: 'error' | 'warning' | 'info' | 'hint';
    /** The stroom.json it is in, when not the workspace's own (a dependency's, a nested folder's). */
    readonly file?: string;
    /** JSON pointer of the key (`/suppression`, `/exclude/0`; `""` for the file as a whole). */
    readonly key: string;
    /** `English / Nederlands`. */
    readonly message: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
}

export interface CheckedConfig {
    /** The settings that passed the check (a key with an error is left out, so the defaults apply to it). */
    readonly config: WorkspaceConfig;
    readonly problems: readonly ConfigProblem[];
}

/** The schema of stroom.json (schemas/stroom.schema.json). */
export const STROOM_SCHEMA: Readonly<Record<string, unknown>> = schema as Record<string, unknown>;

/** The threshold below which stroom.json's suppression (or an indicator's `suppress below`) gives a warning. */
export const DEFAULT_SUPPRESSION = 5;

let validate: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
    // Compiled once, on first use: ajv generates code for the schema.
    validate ??= new Ajv({ allErrors: true, strict: true }).compile(STROOM_SCHEMA);
    return validate;
}

const KNOWN_KEYS = Object.keys((STROOM_SCHEMA.properties ?? {}) as Record<string, unknown>);

/** `suppression`, `exclude[1]`: a pointer as a user reads it. */
function keyName(pointer: string): string {
    if (pointer === '') return 'stroom.json';
    return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc, part) => (/^\d+$/.test(part) && acc ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function jsonType(value: unknown): { en: string; nl: string } {
    if (value === null) return { en: 'null', nl: 'null' };
    if (Array.isArray(value)) return { en: 'a list', nl: 'een lijst' };
    if (typeof value === 'number') return { en: `the number ${value}`, nl: `het getal ${value}` };
    if (typeof value === 'string') return { en: `the text ${JSON.stringify(redactPassword(value))}`, nl: `de tekst ${JSON.stringify(redactPassword(value))}` };
    if (typeof value === 'boolean') return { en: String(value), nl: String(value) };
    return { en: 'an object', nl: 'een object' };
}

const TYPE_NAMES: Record<string, { en: string; nl: string }> = {
    integer: { en: 'a whole number', nl: 'een geheel getal' },
    number: { en: 'a number', nl: 'een getal' },
    boolean: { en: 'true or false', nl: 'true of false' },
    string: { en: 'a text in double quotes', nl: 'een tekst tussen dubbele aanhalingstekens' },
    array: { en: 'a list [...]', nl: 'een lijst [...]' },
    object: { en: 'an object {...}', nl: 'een object {...}' },
};

/** Edit distance, for "did you mean" on a misspelt key. */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, k) => k);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            prev = row[j];
            row[j] = next;
        }
    }
    return row[b.length];
}

function valueAt(root: unknown, pointer: string): unknown {
    if (pointer === '') return root;
    let node: unknown = root;
    for (const part of pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
        node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
    return node;
}

/** Why ajv rejected a value, in English and Dutch, and the pointer of the key the user should look at. */
function explain(error: ErrorObject, root: unknown): { key: string; atKey: boolean; en: string; nl: string } {
    const key = error.instancePath;
    const name = keyName(key);
    const quoted = key === '' ? name : `"${name}"`;
    const value = valueAt(root, key);
    const got = jsonType(value);
    const p = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case 'additionalProperties': {
            const extra = String(p.additionalProperty);
            const near = KNOWN_KEYS.filter((k) => k !== '$schema' && distance(k, extra) <= 2);
            const hint = near.length > 0 ? { en: ` (did you mean "${near[0]}"?)`, nl: ` (bedoel je "${near[0]}"?)` } : { en: '', nl: '' };
            const known = KNOWN_KEYS.join(', ');
            return {
                key: `${key}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`, atKey: true,
                en: `unknown key "${extra}"${hint.en}; stroom.json knows ${known}`,
                nl: `onbekende sleutel "${extra}"${hint.nl}; stroom.json kent ${known}`,
            };
        }
        case 'type': {
            const want = TYPE_NAMES[String(p.type)] ?? { en: String(p.type), nl: String(p.type) };
            const hint = key === '/suppression' && typeof value === 'string'
                ? { en: ', such as 5 (without quotes)', nl: ', zoals 5 (zonder aanhalingstekens)' } : { en: '', nl: '' };
            return { key, atKey: false, en: `${quoted} must be ${want.en}${hint.en}, not ${got.en}`, nl: `${quoted} moet ${want.nl} zijn${hint.nl}, niet ${got.nl}` };
        }
        case 'minimum': {
            const limit = Number(p.limit);
            const why = key === '/suppression'
                ? { en: ': a threshold below 2 hides nothing, so small cells would be shown', nl: ': een drempel onder 2 verbergt niets, dan worden kleine aantallen getoond' }
                : key === '/rounding' ? { en: ' (1 is no rounding)', nl: ' (1 is niet afronden)' } : { en: '', nl: '' };
            return { key, atKey: false, en: `${quoted} is ${value}, but must be at least ${limit}${why.en}`, nl: `${quoted} is ${value}, maar moet minstens ${limit} zijn${why.nl}` };
        }
        case 'enum': {
            const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
            return { key, atKey: false, en: `${quoted} is ${got.en}, but must be ${allowed.join(' or ')}`, nl: `${quoted} is ${got.nl}, maar moet ${allowed.join(' of ')} zijn` };
        }
        case 'pattern':
            if (key === '/memoryLimit') {
                return { key, atKey: false, en: `${quoted} must be a memory size such as "8GB", "512MB" or "50%", not ${got.en}`, nl: `${quoted} moet een geheugengrootte zijn zoals "8GB", "512MB" of "50%", niet ${got.nl}` };
            }
            if (key === '/name') {
                return { key, atKey: false, en: `${quoted} must be an npm package name in lower case, such as "@consortium/vsv-conventies", not ${got.en}`, nl: `${quoted} moet een npm-pakketnaam in kleine letters zijn, zoals "@consortium/vsv-conventies", niet ${got.nl}` };
            }
            return { key, atKey: false, en: `${quoted} must name a source, such as Voorbeeld or sources.Voorbeeld, not ${got.en}`, nl: `${quoted} moet een bron noemen, zoals Voorbeeld of sources.Voorbeeld, niet ${got.nl}` };
        case 'minLength':
            return { key, atKey: false, en: `${quoted} must not be empty`, nl: `${quoted} mag niet leeg zijn` };
        default:
            return { key, atKey: false, en: `${quoted} ${error.message ?? 'is not valid'}`, nl: `${quoted} klopt niet (${error.message ?? error.keyword})` };
    }
}

/** Every string in a value, with its pointer. */
function strings(value: unknown, pointer = ''): Array<{ pointer: string; text: string }> {
    if (typeof value === 'string') return [{ pointer, text: value }];
    if (Array.isArray(value)) return value.flatMap((v, k) => strings(v, `${pointer}/${k}`));
    if (value !== null && typeof value === 'object') {
        return Object.entries(value).flatMap(([k, v]) => [
            ...(containsPassword(k) ? [{ pointer: `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, text: k }] : []),
            ...strings(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
        ]);
    }
    return [];
}

/** Checks the text of a stroom.json: the settings that can be used and every problem, in the order of the file. */
export function checkConfig(text: string): CheckedConfig {
    const tree = parseJsonTree(text);
    const problems: ConfigProblem[] = [];
    const at = (start: number, end: number) => {
        const from = lineColumn(text, start);
        const to = lineColumn(text, Math.max(end, start));
        return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
    };
    const add = (code: ConfigCode, key: string, en: string, nl: string, span: { start: number; end: number }) => {
        problems.push({ code, severity: code === 'weak-config' ? 'warning' : 'error', key, message: `${en} / ${nl}`, ...at(span.start, span.end) });
    };
    const spanOf = (pointer: string, atKey: boolean): { start: number; end: number } => {
        // The nearest span we know: a key that is not there (or a part of it) falls back to its parent.
        for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
            const span: JsonSpan | undefined = tree.spans.get(p);
            if (span) {
                return atKey && span.keyStart !== undefined
                    ? { start: span.keyStart, end: span.keyEnd ?? span.end }
                    : { start: span.start, end: p === '' ? Math.min(span.end, span.start + 1) : span.end };
            }
            if (p === '') return { start: 0, end: 0 };
        }
    };
    if (tree.error) {
        const { offset, en, nl } = tree.error;
        add('invalid-config', '', `not valid JSON: ${en}`, `geen geldige JSON: ${nl}`, { start: offset, end: Math.min(offset + 1, text.length) });
        return { config: {}, problems };
    }
    const root = tree.value;
    const check = validator();
    const bad = new Set<string>();
    if (!check(root)) {
        for (const error of check.errors ?? []) {
            const { key, atKey, en, nl } = explain(error, root);
            add('invalid-config', key, en, nl, spanOf(key, atKey));
            bad.add(key.split('/')[1] ?? '');
        }
    }
    for (const { pointer, text: s } of strings(root)) {
        if (!containsPassword(s)) continue;
        const shown = redactPassword(s);
        add('password-in-definition', pointer,
            `"${keyName(pointer)}" holds a password (${JSON.stringify(shown)}): stroom.json is shared, so keep secrets out of it; give the connection in STROOM_DATABASE_URL or the editor's secret storage`,
            `"${keyName(pointer)}" bevat een wachtwoord (${JSON.stringify(shown)}): stroom.json wordt gedeeld, dus geen geheimen erin; geef de verbinding in STROOM_DATABASE_URL of de geheime opslag van de editor`,
            spanOf(pointer, false));
    }
    const config: Record<string, unknown> = {};
    if (root !== null && typeof root === 'object' && !Array.isArray(root) && !bad.has('')) {
        for (const [k, v] of Object.entries(root)) {
            if (k !== '$schema' && KNOWN_KEYS.includes(k) && !bad.has(k)) config[k] = v;
        }
    }
    // A severity the schema allows (a known level) can still name an unknown code, or weaken an error.
    const severities = config.severity as Record<string, SeverityLevel> | undefined;
    if (severities) {
        const adjustable = new Set(adjustableCodes());
        const kept: Record<string, SeverityLevel> = {};
        for (const [code, level] of Object.entries(severities)) {
            const pointer = `/severity/${code.replace(/~/g, '~0').replace(/\//g, '~1')}`;
            if (!Object.hasOwn(CODES, code)) {
                const near = Object.keys(CODES).filter((k) => distance(k, code) <= 2);
                const hint = near.length > 0 ? { en: ` (did you mean "${near[0]}"?)`, nl: ` (bedoel je "${near[0]}"?)` } : { en: '', nl: '' };
                add('invalid-config', pointer, `"severity" names "${code}", which is no diagnostic code${hint.en}; the codes are in docs/diagnostics.md`,
                    `"severity" noemt "${code}", maar dat is geen diagnosecode${hint.nl}; de codes staan in docs/diagnostics.md`, spanOf(pointer, true));
            } else if (!adjustable.has(code) && level !== 'error') {
                add('invalid-config', pointer, `"severity.${code}" is "${level}", but ${code} is an error: it marks a definition whose figure would be wrong or ambiguous, so it cannot be weakened or switched off; fix the definition instead`,
                    `"severity.${code}" is "${level}", maar ${code} is een fout: het cijfer zou fout of dubbelzinnig zijn, dus die kan niet worden afgezwakt of uitgezet; verbeter de definitie`, spanOf(pointer, false));
            } else {
                kept[code] = level;
            }
        }
        config.severity = kept;
    }
    const threshold = config.suppression as number | undefined;
    if (threshold !== undefined && threshold < DEFAULT_SUPPRESSION) {
        add('weak-config', '/suppression',
            `"suppression" is ${threshold}: counts of ${threshold} and more are shown, weaker than the usual ${DEFAULT_SUPPRESSION}; make sure your agreements allow it`,
            `"suppression" is ${threshold}: aantallen vanaf ${threshold} worden getoond, zwakker dan de gebruikelijke ${DEFAULT_SUPPRESSION}; ga na of je afspraken dat toestaan`,
            spanOf('/suppression', false));
    }
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    // The overrides reach stroom.json's own warnings too (weak-config); errors are never adjustable.
    const adjusted: ConfigProblem[] = [];
    for (const p of problems) {
        const level = effectiveSeverity(config as WorkspaceConfig, p.code, p.severity);
        if (level !== 'off') adjusted.push(level === p.severity ? p : { ...p, severity: level });
    }
    return { config: config as WorkspaceConfig, problems: adjusted };
}
