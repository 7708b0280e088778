// stroom generate --details: vso cluster and exit profile, migration background and mbo registration reason codes,
// drawn from a stream of their own; and the seed data in examples/data/seed, which is exactly what its README's
// command writes.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MBO_REASONS, simulatePeople, type SimulatedPerson } from '@stroom/language';
import { EXAMPLES, REPO, tempDir } from '../helpers.js';
import { stroomIn } from './in-process.js';

const SEED = path.join(EXAMPLES, 'data', 'seed');

/** Every file under a folder (relative name -> bytes). */
function tree(dir: string): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (f.isFile()) out.set(path.relative(dir, path.join(f.parentPath, f.name)), fs.readFileSync(path.join(f.parentPath, f.name)));
    }
    return out;
}

const lines = (file: string): string[] => fs.readFileSync(file, 'utf8').trimEnd().split('\n');

describe('stroom generate --details', function () {
    this.timeout(120_000);

    describe('on a large population (100,000 persons, in memory)', () => {
        const people: SimulatedPerson[] = [];
        const plainVso = new Map<string, boolean>();
        before(() => {
            const opts = { persons: 100_000, seed: 77, firstYear: 2014, lastYear: 2024 };
            for (const p of simulatePeople({ ...opts, details: true })) people.push(p);
            // Without details: which persons have vso and go on to mbo (the flows the details must keep).
            for (const p of simulatePeople(opts)) {
                if (p.enrollments.some((e) => e.onderwijssoort === 'VSO')) plainVso.set(p.person.persoonsnummer, p.enrollments.some((e) => e.onderwijssoort === 'MBO'));
            }
        });
        const enrollments = () => people.flatMap((p) => p.enrollments);

        it('gives every vso enrollment a cluster and an exit profile, and no other enrollment either', () => {
            const all = enrollments();
            const vso = all.filter((e) => e.onderwijssoort === 'VSO');
            assert.ok(vso.length > 1000, `${vso.length} vso enrollments`);
            for (const e of vso) {
                assert.ok(['1', '2', '3', '4'].includes(e.cluster ?? ''), JSON.stringify(e));
                assert.ok(['dagbesteding', 'arbeidsmarkt', 'vervolgonderwijs'].includes(e.uitstroomprofiel ?? ''), JSON.stringify(e));
            }
            assert.equal(all.filter((e) => e.onderwijssoort !== 'VSO' && (e.cluster !== undefined || e.uitstroomprofiel !== undefined)).length, 0);
        });

        it('gives about 45% of vso pupils the profile vervolgonderwijs, and every cluster and profile', () => {
            const vso = enrollments().filter((e) => e.onderwijssoort === 'VSO');
            const share = (f: (e: typeof vso[number]) => boolean) => vso.filter(f).length / vso.length;
            const vervolg = share((e) => e.uitstroomprofiel === 'vervolgonderwijs');
            // ~1,700 pupils: a standard error of about 1.2 points around the intended 44-46%.
            assert.ok(vervolg > 0.42 && vervolg < 0.48, `vervolgonderwijs ${vervolg.toFixed(3)}`);
            const dagbesteding = share((e) => e.uitstroomprofiel === 'dagbesteding');
            assert.ok(dagbesteding > 0.15 && dagbesteding < 0.3, `dagbesteding ${dagbesteding.toFixed(3)}`);
            const cluster4 = share((e) => e.cluster === '4');
            const cluster1 = share((e) => e.cluster === '1');
            assert.ok(cluster4 > 0.4 && cluster4 < 0.6 && cluster1 > 0 && cluster1 < 0.05, `cluster 4 ${cluster4.toFixed(3)}, 1 ${cluster1.toFixed(3)}`);
        });

        it('makes the profile matter: vervolgonderwijs pupils go on to mbo more and leave it less, the vso -> mbo flows unchanged', () => {
            const stats = new Map<string, { n: number; mbo: number; left: number }>();
            for (const p of people) {
                const vso = p.enrollments.find((e) => e.onderwijssoort === 'VSO');
                if (!vso) continue;
                const s = stats.get(vso.uitstroomprofiel!) ?? { n: 0, mbo: 0, left: 0 };
                stats.set(vso.uitstroomprofiel!, s);
                s.n++;
                const first = p.enrollments.find((e) => e.onderwijssoort === 'MBO');
                if (!first) continue;
                s.mbo++;
                if (first.datumUitschrijving !== null && first.redenUitschrijving !== 'diploma') s.left++;
            }
            const toMbo = (k: string) => stats.get(k)!.mbo / stats.get(k)!.n;
            const left = (k: string) => stats.get(k)!.left / stats.get(k)!.mbo;
            assert.ok(toMbo('vervolgonderwijs') > 0.85 && toMbo('arbeidsmarkt') < toMbo('vervolgonderwijs') - 0.1
                && toMbo('dagbesteding') < 0.5, JSON.stringify([...stats]));
            assert.ok(left('vervolgonderwijs') < left('arbeidsmarkt') && left('arbeidsmarkt') < left('dagbesteding'), JSON.stringify([...stats]));
            // The share of vso pupils with an mbo enrollment is the calibrated one, with or without details.
            const withDetails = people.filter((p) => p.enrollments.some((e) => e.onderwijssoort === 'VSO'));
            const shareWith = withDetails.filter((p) => p.enrollments.some((e) => e.onderwijssoort === 'MBO')).length / withDetails.length;
            const shareWithout = [...plainVso.values()].filter(Boolean).length / plainVso.size;
            assert.ok(Math.abs(shareWith - shareWithout) < 0.01, `vso -> mbo ${shareWith.toFixed(3)} with details, ${shareWithout.toFixed(3)} without`);
        });

        it('gives reason codes to ended mbo enrollments only, bsa mostly in the first year', () => {
            const codes = Object.keys(MBO_REASONS);
            const mboOnly = codes.filter((c) => c !== 'diploma' && c !== 'bsa');
            let bsa = 0;
            let bsaFirstYear = 0;
            const seen = new Set<string>();
            for (const e of enrollments()) {
                if (e.onderwijssoort !== 'MBO') {
                    assert.ok(!mboOnly.includes(e.redenUitschrijving ?? ''), JSON.stringify(e));
                    continue;
                }
                if (e.datumUitschrijving === null) {
                    assert.equal(e.redenUitschrijving, null);
                    continue;
                }
                assert.ok(codes.includes(e.redenUitschrijving ?? ''), JSON.stringify(e));
                seen.add(e.redenUitschrijving!);
                if (e.redenUitschrijving === 'bsa') {
                    bsa++;
                    if (Date.parse(e.datumUitschrijving) - Date.parse(e.datumInschrijving) < 366 * 86_400_000) bsaFirstYear++;
                }
            }
            assert.deepEqual([...seen].sort(), [...codes].sort(), 'every code occurs');
            assert.ok(bsa > 100 && bsaFirstYear / bsa > 0.8 && bsaFirstYear < bsa, `bsa ${bsa}, in the first year ${bsaFirstYear}`);
        });

        it('gives every person a migration background in plausible shares, more outside Europe in the West', () => {
            const count = (f: (p: SimulatedPerson) => boolean, of = people) => of.filter(f).length / of.length;
            assert.equal(count((p) => p.person.migratieachtergrond === undefined), 0);
            const nl = count((p) => p.person.migratieachtergrond === 'nederland');
            const outside = count((p) => p.person.migratieachtergrond === 'buiten-europa');
            assert.ok(nl > 0.65 && nl < 0.78 && outside > 0.15 && outside < 0.25, `nederland ${nl.toFixed(3)}, buiten-europa ${outside.toFixed(3)}`);
            const west = people.filter((p) => p.person.regio === 'West');
            const noord = people.filter((p) => p.person.regio === 'Noord');
            const outsideIn = (of: SimulatedPerson[]) => count((p) => p.person.migratieachtergrond === 'buiten-europa', of);
            assert.ok(outsideIn(west) > outsideIn(noord) + 0.1, `${outsideIn(west)} ${outsideIn(noord)}`);
        });
    });

    describe('examples/data/seed', () => {
        /** The documented command, from the seed README's sh block. */
        const command = (): string[] => {
            const readme = fs.readFileSync(path.join(SEED, 'README.md'), 'utf8');
            const line = /```sh\nnpx stroom (generate [^\n]+)\n```/.exec(readme);
            assert.ok(line, 'the README gives the command');
            return line[1].split(/\s+/);
        };

        it('is exactly what the command in its README writes', async () => {
            const args = command();
            const at = args.indexOf('--out');
            assert.equal(args[at + 1], 'examples/data/seed');
            const out = tempDir();
            args[at + 1] = out;
            const r = await stroomIn(args, REPO);
            assert.equal(r.status, 0, r.stderr);
            const made = tree(out);
            const bundled = tree(SEED);
            bundled.delete('README.md');
            assert.deepEqual([...made.keys()].sort(), [...bundled.keys()].sort());
            for (const [name, bytes] of made) assert.ok(bytes.equals(bundled.get(name)!), `${name} differs from the bundled file`);
        });

        it('has the columns of examples/data with the details last, filled as the format says', () => {
            for (const f of ['personen.csv', 'inschrijvingen.csv', 'diplomas.csv', 'vooropleidingen.csv']) {
                const plain = lines(path.join(EXAMPLES, 'data', f))[0];
                const extra = { 'personen.csv': ',migratieachtergrond', 'inschrijvingen.csv': ',cluster,uitstroomprofiel' }[f as string] ?? '';
                assert.equal(lines(path.join(SEED, 'csv', f))[0], plain + extra, f);
            }
            const people = lines(path.join(SEED, 'csv', 'personen.csv')).slice(1).map((l) => l.split(','));
            assert.ok(people.every((p) => ['nederland', 'europa', 'buiten-europa'].includes(p[4])));
            const enr = lines(path.join(SEED, 'csv', 'inschrijvingen.csv')).slice(1).map((l) => l.split(','));
            for (const e of enr) {
                assert.equal(e.length, 13, e.join(','));
                assert.equal(e[11] !== '' && e[12] !== '', e[3] === 'VSO', e.join(','));
            }
            // The RO files carry the same reasons as codes: as many 11 (bsa) and 12 (verzuim) as the CSV's mbo rows.
            const ro = fs.readdirSync(path.join(SEED, 'mbo-ro')).flatMap((f) => fs.readFileSync(path.join(SEED, 'mbo-ro', f), 'utf8').split('\r\n'))
                .filter((l) => l.startsWith('ISG|')).map((l) => l.split('|'));
            for (const isg of ro) assert.equal(isg[7] === '', isg[6] === '', isg.join('|'));
            assert.ok(ro.every((isg) => isg[7] === '' || Object.values(MBO_REASONS).includes(isg[7] as never)));
            const mbo = enr.filter((e) => e[3] === 'MBO');
            for (const [reason, code] of Object.entries(MBO_REASONS)) {
                assert.equal(ro.filter((isg) => isg[7] === code).length, mbo.filter((e) => e[10] === reason).length, reason);
            }
        });

        it('is read by the Seed source: an indicator by migratieachtergrond runs', async () => {
            const r = await stroomIn(['run', 'seed.stroom', '--indicator', 'UitvalMboHerkomst', '--format', 'csv'], EXAMPLES);
            assert.equal(r.status, 0, r.stderr);
            for (const v of ['nederland', 'europa', 'buiten-europa']) assert.match(r.stdout, new RegExp(`^UitvalMboHerkomst,2015,${v},\\d+,`, 'm'));
        });
    });

    it('without --details still writes examples/data byte for byte, CSV and RO files, also with several formats at once', async () => {
        const out = tempDir();
        const r = await stroomIn(['generate', '--out', out, '--format', 'csv,mbo-ro']);
        assert.equal(r.status, 0, r.stderr);
        for (const f of ['personen.csv', 'inschrijvingen.csv', 'diplomas.csv', 'vooropleidingen.csv']) {
            assert.ok(fs.readFileSync(path.join(out, 'csv', f)).equals(fs.readFileSync(path.join(EXAMPLES, 'data', f))), f);
        }
        const ro = tree(path.join(out, 'mbo-ro'));
        const bundled = tree(path.join(EXAMPLES, 'data', 'mbo-ro'));
        assert.deepEqual([...ro.keys()].sort(), [...bundled.keys()].sort());
        for (const [name, bytes] of ro) assert.ok(bytes.equals(bundled.get(name)!), name);
    });

    it('refuses an unknown format among several, exit 2', async () => {
        const r = await stroomIn(['generate', '--out', tempDir(), '--format', 'csv,xml']);
        assert.equal(r.status, 2);
        assert.match(r.stderr, /--format must be one of .*not 'xml'/);
    });
});
