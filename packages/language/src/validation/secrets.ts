// Passwords do not belong in definitions: .stroom files and stroom.json are shared and committed. A connection
// goes in STROOM_DATABASE_URL (or the editor's secret storage); this finds the forms a password takes in a string.

/** `scheme://user:password@host` (postgres, postgresql, mysql, any URL with a password in it). */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;
/** libpq keyword strings (`host=x password=secret`) and URL query parameters (`?password=secret`). */
const KEYWORD_PASSWORD = /(?:^|[\s?&;])(?:password|passwd|pwd)\s*=\s*[^\s&;'"]/i;

/** Whether a string holds a password, as a URL's user part or a `password=` keyword. */
export function containsPassword(text: string): boolean {
    return URL_PASSWORD.test(text) || KEYWORD_PASSWORD.test(text);
}

/** The text with any password replaced by `***`, so a message never repeats the secret it warns about. */
export function redactPassword(text: string): string {
    return text
        .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, '$1***@')
        .replace(/((?:^|[\s?&;])(?:password|passwd|pwd)\s*=\s*)[^\s&;]+/gi, '$1***');
}
