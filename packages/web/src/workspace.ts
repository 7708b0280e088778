// The page's workspace: files in the in-memory volume under /workspace, from the bundled examples or from the folder
// or files the user picked. Nothing leaves the page; reloading it forgets them.
import { vol } from './shims/fs.js';
import { base64Bytes, payloadText } from './payload.js';

export const ROOT = '/workspace';

/** Workspace-relative path → bytes. */
export type Files = Map<string, Uint8Array>;

export async function bundledExamples(): Promise<Files> {
    const json = JSON.parse(await payloadText('examples')) as Record<string, string>;
    return new Map(Object.entries(json).map(([p, b64]) => [p, base64Bytes(b64)]));
}

/** Counts mounts: what was registered with DuckDB under an earlier mount is stale (shims/duckdb-node-api.ts). */
export let mounts = 0;

/** Replaces the volume's workspace with these files. */
export function mount(files: Files): void {
    mounts++;
    vol.reset();
    vol.mkdirSync('/tmp', { recursive: true });
    vol.mkdirSync(ROOT, { recursive: true });
    for (const [rel, bytes] of files) {
        const abs = `${ROOT}/${rel}`;
        vol.mkdirSync(abs.slice(0, abs.lastIndexOf('/')), { recursive: true });
        vol.writeFileSync(abs, bytes);
    }
}

export function writeText(rel: string, text: string): void {
    vol.writeFileSync(`${ROOT}/${rel}`, text);
}

/** Definition files, sorted: what the file list shows. */
export function definitionFiles(files: Files): string[] {
    return [...files.keys()].filter((p) => p.endsWith('.stroom')).sort();
}
