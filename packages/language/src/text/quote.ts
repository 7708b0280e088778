// What a message may quote from a file: column names of a header (a bounded list) and the one cell at fault, each cut
// short. A definition that points at the wrong file (a key, a CR-only export whose header is the whole file) must not
// get that file printed back in a lint or run message.

export const MAX_NAMES = 20;
export const MAX_NAME = 40;
export const MAX_LIST = 300;
export const MAX_CELL = 40;

/** One value as a message shows it: control characters escaped, cut at `max` characters with an ellipsis. */
export function cut(value: string, max = MAX_CELL): string {
    const flat = value.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A list of names (a header's columns, a layout's record types): at most 20, each cut at 40, at most 300 in all. */
export function nameList(names: readonly string[]): string {
    let out = '';
    let shown = 0;
    for (const n of names.slice(0, MAX_NAMES)) {
        const next = `${out}${shown > 0 ? ', ' : ''}${cut(n, MAX_NAME)}`;
        if (next.length > MAX_LIST - 20) break;
        out = next;
        shown++;
    }
    const rest = names.length - shown;
    return rest > 0 ? `${out}${shown > 0 ? ', ' : ''}... (${rest} more)` : out;
}

/** A quoted name or value as written in a definition (`"datum inschrijving"`) without its quotes and escapes. */
export function unquote(s: string | undefined): string {
    if (s === undefined) return '';
    return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s;
}
