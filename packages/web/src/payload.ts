// What build.mjs inlined in the page as gzip + base64 (<script type="application/gzip" id=...>): read, unpacked with
// the browser's own DecompressionStream. Nothing is fetched.
export function payloadBase64(id: string): string {
    const el = document.getElementById(`payload-${id}`);
    if (!el?.textContent) throw new Error(`the page has no ${id} (build it with npm run build:web)`);
    return el.textContent;
}

export function base64Bytes(b64: string): Uint8Array {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function payloadText(id: string): Promise<string> {
    return new TextDecoder().decode(await gunzip(base64Bytes(payloadBase64(id))));
}

/** A worker from an inlined script (blob: URL: the page's CSP allows workers from blob: only). */
export function workerFrom(code: string | readonly string[], name: string): Worker {
    const url = URL.createObjectURL(new Blob(typeof code === 'string' ? [code] : [...code], { type: 'text/javascript' }));
    try {
        return new Worker(url, { name });
    } finally {
        // A worker may fetch its blob after the constructor returns: the URL goes a minute later.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }
}
