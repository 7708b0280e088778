// Engine and output faults (issue 12): a database that goes away mid-run, a connection reset, a standard output that
// is closed early or on a full disk. Each ends with one clear message on stderr and exit 2: no stack trace, no
// figures printed half. The database faults are made deterministic by a TCP proxy between stroom and the test
// cluster that cuts the connection once the client has sent a given number of bytes (mid-load).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { REPO, STROOM_BIN } from '../helpers.js';
import { postgresFor } from '../postgres.js';

interface Ended { status: number | null; stdout: string; stderr: string }

/** Runs stroom asynchronously (the proxy lives in this process), with stdout as the caller sets it up. */
function runStroom(args: readonly string[], stdout: 'pipe' | number = 'pipe', closeStdout = false): Promise<Ended> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [STROOM_BIN, ...args], { cwd: REPO, stdio: ['ignore', stdout, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
        let out = '';
        let err = '';
        if (child.stdout) {
            if (closeStdout) child.stdout.destroy();
            else child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
        }
        child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
        child.on('close', (status) => resolve({ status, stdout: out, stderr: err }));
    });
}

/** A proxy to `target` that cuts each connection after the client sent `after` bytes: with a reset, or as a server that closes. */
async function cuttingProxy(target: URL, after: number, how: 'reset' | 'close'): Promise<{ url: string; close: () => void }> {
    const server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        let sent = 0;
        client.on('data', (d: Buffer) => {
            sent += d.length;
            if (sent < after) { upstream.write(d); return; }
            upstream.destroy();
            if (how === 'reset') client.resetAndDestroy(); else client.end();
        });
        upstream.on('data', (d: Buffer) => { if (!client.destroyed) client.write(d); });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const url = new URL(target.href);
    url.port = String(port);
    return { url: url.href, close: () => server.close() };
}

const noStack = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace:\n${stderr}`);

describe('engine and output faults end with a message and exit 2', function () {
    this.timeout(120_000);

    it('stdout on a full disk (> /dev/full): ENOSPC, exit 2', async function () {
        if (!fs.existsSync('/dev/full')) this.skip();
        const fd = fs.openSync('/dev/full', 'w');
        try {
            const r = await runStroom(['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW'], fd);
            assert.equal(r.status, 2, r.stderr);
            assert.match(r.stderr, /cannot write to standard output: no space left on the device \(ENOSPC\); the output is incomplete/);
            noStack(r.stderr);
        } finally {
            fs.closeSync(fd);
        }
    });

    it('stdout closed before the figures are written (EPIPE): exit 2', async () => {
        const r = await runStroom(['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW'], 'pipe', true);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /cannot write to standard output: it was closed before everything was written \(EPIPE\)/);
        noStack(r.stderr);
    });

    for (const how of ['reset', 'close'] as const) {
        it(`PostgreSQL connection ${how === 'reset' ? 'reset' : 'closed by the server'} while the data loads: a clear message, exit 2, no figures`, async function () {
            const cluster = await postgresFor(this);
            const proxy = await cuttingProxy(new URL(cluster.url), 20_000, how);
            try {
                const r = await runStroom(['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW', '--engine', 'postgres', '--db', proxy.url]);
                assert.equal(r.status, 2, r.stderr);
                assert.match(r.stderr, /PostgreSQL: the connection was lost during the run \(.+\); no figures were written/);
                assert.equal(r.stdout, '');
                noStack(r.stderr);
            } finally {
                proxy.close();
            }
        });
    }

    it('PostgreSQL not reachable: "cannot connect", exit 2', async () => {
        const closed = await new Promise<number>((resolve) => {
            const s = net.createServer();
            s.listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
        });
        const r = await runStroom(['run', 'examples/havo-hbo.stroom', '--indicator', 'UitvalOCW', '--engine', 'postgres', '--db', `postgres://stroom@127.0.0.1:${closed}/x`]);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /cannot connect to PostgreSQL \(.*ECONNREFUSED/);
        noStack(r.stderr);
    });
});
