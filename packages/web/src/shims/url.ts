// node:url in the browser: file URLs of the in-memory volume only.
export function fileURLToPath(url: string | URL): string {
    const u = typeof url === 'string' ? new URL(url) : url;
    if (u.protocol !== 'file:') throw new TypeError(`not a file URL: ${u.href}`);
    return decodeURIComponent(u.pathname);
}
export function pathToFileURL(p: string): URL {
    return new URL(`file://${p.split('/').map(encodeURIComponent).join('/')}`);
}
const URLClass = globalThis.URL;
export { URLClass as URL };
export default { fileURLToPath, pathToFileURL, URL: URLClass };
