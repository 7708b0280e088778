// A strict JSON parser (RFC 8259) that remembers where every value and key is, so a problem in stroom.json can be
// shown at its line and column. JSON.parse gives neither positions of keys nor, in every Node version, of errors.
// (jsonc-parser would do, but its UMD build does not survive bundling with esbuild.)

/** Where a value is: its start and end offset, and its key's when it is an object member. */
export interface JsonSpan {
    readonly start: number;
    readonly end: number;
    readonly keyStart?: number;
    readonly keyEnd?: number;
}

export interface JsonTree {
    /** The parsed value, or undefined when the text is not JSON. */
    readonly value?: unknown;
    /** Spans by JSON pointer (`""` is the whole value, `/exclude/0` the first folder). */
    readonly spans: ReadonlyMap<string, JsonSpan>;
    /** The first syntax error: where, and what was expected (English and Dutch). */
    readonly error?: { readonly offset: number; readonly en: string; readonly nl: string };
}

class JsonSyntaxError extends Error {
    constructor(readonly offset: number, readonly en: string, readonly nl: string) {
        super(en);
    }
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

export function parseJsonTree(text: string): JsonTree {
    const spans = new Map<string, JsonSpan>();
    let i = 0;
    const describe = () => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
    const describeNl = () => (i >= text.length ? 'het einde van het bestand' : JSON.stringify(text[i]));
    const fail = (en: string, nl: string): never => {
        throw new JsonSyntaxError(i, `${en}, found ${describe()}`, `${nl}, maar vond ${describeNl()}`);
    };
    const ws = () => {
        while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    };
    const string = (): string => {
        const start = i;
        i++; // the opening quote
        while (i < text.length && text[i] !== '"') {
            const c = text.charCodeAt(i);
            if (c < 0x20) fail('a control character must be escaped in a string', 'een stuurteken moet in een tekst ge-escapet zijn');
            if (text[i] === '\\') {
                i++;
                if (text[i] === 'u') {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('expected four hex digits after \\u', 'verwachtte vier hexadecimale cijfers na \\u');
                    i += 5;
                    continue;
                }
                if (i >= text.length || !'"\\/bfnrt'.includes(text[i])) fail('expected an escape such as \\" or \\n', 'verwachtte een escape zoals \\" of \\n');
            }
            i++;
        }
        if (i >= text.length) {
            i = start;
            fail('this string is not closed', 'deze tekst wordt niet afgesloten');
        }
        i++;
        return JSON.parse(text.slice(start, i)) as string;
    };
    const value = (pointer: string, key?: { start: number; end: number }): unknown => {
        ws();
        const start = i;
        let result: unknown;
        const c = text[i];
        if (c === '{') {
            i++;
            const obj: Record<string, unknown> = {};
            ws();
            if (text[i] === '}') {
                i++;
            } else {
                for (;;) {
                    ws();
                    if (text[i] !== '"') fail('expected a key in double quotes', 'verwachtte een sleutel tussen dubbele aanhalingstekens');
                    const keyStart = i;
                    const name = string();
                    const keyEnd = i;
                    ws();
                    if (text[i] !== ':') fail('expected ":" after the key', 'verwachtte ":" na de sleutel');
                    i++;
                    obj[name] = value(`${pointer}/${escapePointer(name)}`, { start: keyStart, end: keyEnd });
                    ws();
                    if (text[i] === ',') { i++; continue; }
                    if (text[i] === '}') { i++; break; }
                    fail('expected "," or "}"', 'verwachtte "," of "}"');
                }
            }
            result = obj;
        } else if (c === '[') {
            i++;
            const arr: unknown[] = [];
            ws();
            if (text[i] === ']') {
                i++;
            } else {
                for (;;) {
                    arr.push(value(`${pointer}/${arr.length}`));
                    ws();
                    if (text[i] === ',') { i++; continue; }
                    if (text[i] === ']') { i++; break; }
                    fail('expected "," or "]"', 'verwachtte "," of "]"');
                }
            }
            result = arr;
        } else if (c === '"') {
            result = string();
        } else {
            const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
            if (!m || /[\w.]/.test(text[i + m[0].length] ?? '')) fail('expected a value (a number, "text", true, false, null, [...] or {...})', 'verwachtte een waarde (een getal, "tekst", true, false, null, [...] of {...})');
            i += m![0].length;
            result = JSON.parse(m![0]);
        }
        spans.set(pointer, { start, end: i, ...(key ? { keyStart: key.start, keyEnd: key.end } : {}) });
        return result;
    };
    try {
        if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte order mark some Windows editors write
        const result = value('');
        ws();
        if (i < text.length) fail('expected nothing after the value', 'verwachtte niets meer na de waarde');
        return { value: result, spans };
    } catch (e) {
        if (!(e instanceof JsonSyntaxError)) throw e;
        return { spans, error: { offset: e.offset, en: e.en, nl: e.nl } };
    }
}

/** 1-based line and column of an offset (columns count UTF-16 units, as editors and the LSP do). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < offset && k < text.length; k++) {
        if (text[k] === '\n') {
            line++;
            lineStart = k + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}
