// node:crypto in the browser: the one thing the engine uses, a SHA-256 of a text (cache keys), from @noble/hashes.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function createHash(algorithm: string) {
    if (algorithm !== 'sha256') throw new Error(`${algorithm} is not available in the browser`);
    const parts: Uint8Array[] = [];
    const hash = {
        update(data: string | Uint8Array) { parts.push(typeof data === 'string' ? utf8ToBytes(data) : data); return hash; },
        digest(encoding: 'hex') {
            if (encoding !== 'hex') throw new Error('only hex digests in the browser');
            const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
            let at = 0;
            for (const p of parts) { all.set(p, at); at += p.length; }
            return bytesToHex(sha256(all));
        },
    };
    return hash;
}
export function randomUUID(): string { return globalThis.crypto.randomUUID(); }
export default { createHash, randomUUID };
