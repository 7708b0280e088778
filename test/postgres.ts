// A temporary PostgreSQL cluster for the test run: initdb into a temporary folder, started on a free loopback port,
// stopped when the process exits. Missing binaries skip the PostgreSQL tests loudly, unless
// STROOM_REQUIRE_POSTGRES=1 (set by .ci/run), which turns the skip into a failure.
import * as fs from 'node:fs';
import { freePort } from './helpers.js';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

export interface TestCluster {
    readonly url: string;
}

let started: Promise<TestCluster | string> | undefined;

function findBin(): string | undefined {
    const fromEnv = process.env.STROOM_PG_BIN;
    if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
    const root = '/usr/lib/postgresql';
    if (fs.existsSync(root)) {
        const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
            .sort((a, b) => Number(b) - Number(a));
        if (versions.length > 0) return path.join(root, versions[0], 'bin');
    }
    const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
    return which.status === 0 ? path.dirname(which.stdout.trim()) : undefined;
}

async function start(): Promise<TestCluster | string> {
    const bin = findBin();
    if (!bin) return 'no PostgreSQL binaries (initdb) found: install postgresql or set STROOM_PG_BIN';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stroom-pg-'));
    const data = path.join(dir, 'data');
    const asRoot = process.getuid?.() === 0;
    // initdb refuses to run as root: the cluster belongs to the postgres user then.
    const run = (cmd: string, args: string[]) => (asRoot
        ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' })
        : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' }));
    if (asRoot) execFileSync('chown', ['postgres', dir]);
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    process.on('exit', () => {
        try {
            run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

/**
 * The run's cluster, started on first use. In a mocha test or hook: skips with the reason when PostgreSQL is not
 * available (fails instead when STROOM_REQUIRE_POSTGRES=1).
 */
export async function postgresFor(ctx: Mocha.Context): Promise<TestCluster> {
    started ??= start().catch((e: Error) => `could not start PostgreSQL: ${e.message}`);
    const cluster = await started;
    if (typeof cluster === 'string') {
        if (process.env.STROOM_REQUIRE_POSTGRES === '1') throw new Error(`STROOM_REQUIRE_POSTGRES=1 but ${cluster}`);
        console.warn(`      SKIPPED (PostgreSQL): ${cluster}`);
        ctx.skip();
    }
    return cluster as TestCluster;
}
