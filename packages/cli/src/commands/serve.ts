// stroom serve: Stroom in the browser (packages/web) on http://127.0.0.1:PORT, for browsers or policies that will not
// open the page from disk. It serves that one page and nothing else: no data, no files of the workspace, no API. The
// page computes everything itself and its Content-Security-Policy (sent as a header too) allows no connection.
import * as fs from 'node:fs';
import * as http from 'node:http';
import { fileURLToPath } from 'node:url';
import { fail } from './common.js';

export interface ServeOptions {
    readonly port?: string;
}

/** The built page: beside the published bundle (dist/web/), or in the repository after `npm run build:web`. */
export function webPage(): string | undefined {
    const candidates = [new URL('web/index.html', import.meta.url), new URL('../../../web/dist/index.html', import.meta.url)];
    return candidates.map((u) => fileURLToPath(u)).find((p) => fs.existsSync(p));
}

/** The page's own policy, from its meta tag: the header says the same, so no proxy or extension can loosen it. */
export function pagePolicy(html: string): string {
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    if (!m) throw new Error('the page has no Content-Security-Policy');
    return m[1];
}

export async function serve(options: ServeOptions): Promise<number> {
    const port = options.port === undefined ? 4848 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port ${options.port}: give a port number from 0 to 65535 / geef een poortnummer van 0 tot 65535`, 2);
    const file = webPage();
    if (!file) return fail('the browser page is not built: run npm run build:web / de browserpagina is niet gebouwd: voer npm run build:web uit', 2);
    const html = fs.readFileSync(file);
    const policy = pagePolicy(html.toString('utf8'));
    const server = http.createServer((req, res) => {
        const host = req.headers.host ?? '';
        const address = server.address();
        const own = typeof address === 'object' && address ? address.port : port;
        // Only this machine's own names: a page elsewhere that points its domain at 127.0.0.1 (DNS rebinding) gets nothing.
        if (host !== `127.0.0.1:${own}` && host !== `localhost:${own}`) {
            res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('misdirected request\n');
            return;
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
            res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
            return;
        }
        const pathname = (req.url ?? '/').split('?')[0];
        if (pathname !== '/' && pathname !== '/index.html') {
            res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
            return;
        }
        res.writeHead(200, {
            'content-type': 'text/html; charset=utf-8', 'content-length': html.length, 'content-security-policy': policy,
            'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store',
            'cross-origin-opener-policy': 'same-origin', 'cross-origin-resource-policy': 'same-origin',
        });
        res.end(req.method === 'HEAD' ? undefined : html);
    });
    try {
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            // Loopback only: nobody else on the network can open the page.
            server.listen(port, '127.0.0.1', () => resolve());
        });
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return fail(code === 'EADDRINUSE'
            ? `port ${port} is in use: give another with --port N / poort ${port} is bezet: kies een andere met --port N`
            : `cannot listen on 127.0.0.1:${port} (${(e as Error).message})`, 2);
    }
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
    process.stdout.write(`Stroom in the browser: ${url}\n`
        + 'Only this computer can open it; the page sends nothing anywhere. Ctrl-C stops. / Alleen deze computer kan hem openen; de pagina verstuurt niets. Ctrl-C stopt.\n');
    await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
    });
    return 0;
}
