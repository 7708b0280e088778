// DuckDB-Wasm started from what the page carries: its worker script and its WebAssembly module (gzip, base64) are
// inlined in index.html, so nothing is fetched. The worker runs from a blob: URL with a fetch of its own that answers
// only the module's made-up address; every other request fails, as the page's CSP (connect-src 'none') would have it.
import { AsyncDuckDB, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import { payloadBase64, payloadText, workerFrom } from '../payload.js';

/** Where the worker believes its module is: never requested over the network (the worker's fetch answers it). */
const MODULE_URL = 'https://stroom.invalid/duckdb-eh.wasm';


/** Prepended to DuckDB's worker: its fetch serves the inlined module and nothing else. */
function workerPrelude(wasmBase64: string): string {
    return `(() => {
const b64 = ${JSON.stringify(wasmBase64)};
const url = ${JSON.stringify(MODULE_URL)};
self.fetch = async (input) => {
    const asked = typeof input === 'string' ? input : input.url;
    if (asked !== url) throw new TypeError('Stroom: no network in the browser page (' + asked + ')');
    const bin = atob(b64);
    const gz = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
    const body = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(body, { headers: { 'content-type': 'application/wasm' } });
};
})();
`;
}

let started: Promise<AsyncDuckDB> | undefined;

/** The page's one DuckDB-Wasm instance, started on first use. */
export function duckdb(): Promise<AsyncDuckDB> {
    started ??= (async () => {
        const worker = workerFrom([workerPrelude(payloadBase64('duckdb-wasm')), await payloadText('duckdb-worker')], 'duckdb');
        const db = new AsyncDuckDB(new VoidLogger(), worker);
        await db.instantiate(MODULE_URL);
        await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: false } });
        return db;
    })();
    return started;
}

/** A fresh connection; the caller closes it. */
export async function connect(): Promise<AsyncDuckDBConnection> {
    return (await duckdb()).connect();
}
