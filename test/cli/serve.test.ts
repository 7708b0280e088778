// stroom serve: the browser page on 127.0.0.1 only, that page and nothing else, with its Content-Security-Policy as a
// header too; requests under another host name (DNS rebinding) get nothing.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { startServe } from '../helpers.js';
import { buildPage } from '../web/page.js';

function get(port: number, pathname: string, options: { host?: string; method?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: pathname, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${port}` } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end();
    });
}

describe('stroom serve', function () {
    this.timeout(120_000);
    let server: ChildProcess;
    let port: number;
    let exited: Promise<number | null>;

    before(async () => {
        await buildPage();
        ({ port, process: server, exited } = await startServe());
    });

    after(() => {
        if (server.exitCode === null) server.kill('SIGKILL');
    });

    it('serves the page with the Content-Security-Policy of its meta tag as a header: no connection to any host', async () => {
        const r = await get(port, '/');
        assert.equal(r.status, 200);
        assert.match(r.headers['content-type']!, /^text\/html/);
        const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(r.body)![1];
        assert.equal(r.headers['content-security-policy'], meta);
        assert.match(meta, /connect-src 'none'/);
        assert.doesNotMatch(meta, /'unsafe-eval'/);
        assert.equal(r.headers['x-content-type-options'], 'nosniff');
        assert.equal((await get(port, '/index.html')).status, 200);
    });

    it('serves nothing else: no other path, no file of the machine, no other method', async () => {
        for (const p of ['/etc/passwd', '/../../etc/passwd', '/examples/data/inschrijvingen.csv', '/packages/web/build.mjs']) {
            assert.equal((await get(port, p)).status, 404, p);
        }
        assert.equal((await get(port, '/', { method: 'POST' })).status, 405);
        assert.equal((await get(port, '/', { method: 'PUT' })).status, 405);
    });

    it('answers only to its own names (127.0.0.1, localhost), not to a host name pointed at it', async () => {
        assert.equal((await get(port, '/', { host: `localhost:${port}` })).status, 200);
        assert.equal((await get(port, '/', { host: `evil.example:${port}` })).status, 421);
        assert.equal((await get(port, '/', { host: 'evil.example' })).status, 421);
    });

    it('listens on the loopback address only', async function () {
        const other = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
        if (!other) {
            console.warn('      SKIPPED: this machine has no non-loopback IPv4 address to try');
            this.skip();
        }
        const refused = await new Promise<boolean>((resolve) => {
            const s = net.connect({ host: other!.address, port }, () => { s.destroy(); resolve(false); });
            s.on('error', () => resolve(true));
        });
        assert.ok(refused, `a connection to ${other!.address}:${port} was accepted`);
    });

    it('stops on Ctrl-C with exit code 0', async () => {
        server.kill('SIGINT');
        assert.equal(await exited, 0);
    });

    it('refuses a port that is no number, and one in use, with exit code 2', async () => {
        const { cli } = await import('./in-process.js');
        const bad = await cli(['serve', '--port', 'abc']);
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /--port abc/);
        const busy = net.createServer();
        await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
        try {
            const taken = (busy.address() as net.AddressInfo).port;
            const r = await cli(['serve', '--port', String(taken)]);
            assert.equal(r.status, 2);
            assert.match(r.stderr, new RegExp(`port ${taken} is in use`));
        } finally {
            busy.close();
        }
    });
});
