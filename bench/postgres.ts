// A PostgreSQL database for the benchmark's `--engine postgres` row: $STROOM_DATABASE_URL when set, else a throwaway
// cluster (initdb into a temporary folder, a free loopback port, fsync off) as the tests start one (test/postgres.ts),
// stopped by the returned function. Returns a reason instead when neither is possible, so the row is skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface Database {
    readonly url: string;
    readonly origin: string;
    readonly stop: () => void;
}

function binaries(): string | undefined {
    const fromEnv = process.env.STROOM_PG_BIN;
    if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
    const root = '/usr/lib/postgresql';
    if (fs.existsSync(root)) {
        const newest = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
            .sort((a, b) => Number(b) - Number(a))[0];
        if (newest) return path.join(root, newest, 'bin');
    }
    const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
    return which.status === 0 ? path.dirname(which.stdout.trim()) : undefined;
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

export async function database(scratch: string): Promise<Database | string> {
    if (process.env.STROOM_DATABASE_URL) return { url: process.env.STROOM_DATABASE_URL, origin: '$STROOM_DATABASE_URL', stop: () => undefined };
    const bin = binaries();
    if (!bin) return 'no STROOM_DATABASE_URL and no PostgreSQL binaries (initdb) found';
    const dir = fs.mkdtempSync(path.join(scratch, 'pg-'));
    const data = path.join(dir, 'data');
    // initdb refuses to run as root: the cluster then belongs to the postgres user.
    const asRoot = process.getuid?.() === 0;
    const run = (cmd: string, args: string[]) => (asRoot
        ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' })
        : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' }));
    try {
        if (asRoot) {
            // The postgres user must reach the folder through its parents.
            fs.chmodSync(scratch, 0o755);
            execFileSync('chown', ['postgres', dir]);
        }
        run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
        const port = await freePort();
        run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
        return {
            url: `postgres://postgres@127.0.0.1:${port}/postgres`,
            origin: `a temporary cluster (${bin})`,
            stop: () => { run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']); },
        };
    } catch (e) {
        return `could not start PostgreSQL: ${(e as Error).message.split('\n')[0]}`;
    }
}
