// node:os in the browser: what the engine asks of it (a temp folder in the in-memory volume, the memory DuckDB may use).
export const EOL = '\n';
export function tmpdir(): string { return '/tmp'; }
export function homedir(): string { return '/home'; }
export function platform(): string { return 'browser'; }
/** DuckDB-Wasm lives in a 32-bit heap: at most 4 GiB, and a browser tab gets less; the engine takes half. */
export function totalmem(): number { return 2 * 2 ** 30; }
export function cpus(): unknown[] { return [{}]; }
export default { EOL, tmpdir, homedir, platform, totalmem, cpus };
