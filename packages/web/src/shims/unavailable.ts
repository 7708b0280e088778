// Node modules the page never reaches (PostgreSQL, streams, vm): importing them is fine, using them says why not.
function unavailable(): never {
    throw new Error('not available in the browser: use the stroom command line for PostgreSQL / niet beschikbaar in de browser');
}
export default new Proxy({}, { get: () => unavailable });
export const Client = unavailable, Pool = unavailable, Readable = unavailable, Writable = unavailable, pipeline = unavailable,
    from = unavailable, to = unavailable, runInThisContext = unavailable, Script = unavailable, createContext = unavailable,
    Worker = unavailable, execFileSync = unavailable, spawn = unavailable, spawnSync = unavailable, execFile = unavailable;
