// One synthetic population in several real formats: the bundled DUO-format files are current, and each source gives
// the same figures as the CSV source for the indicators it can answer. Published-figure files are current too.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXAMPLES, REPO, tempDir } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';

/** The figures of a run as comparable rows (labels and metadata left out). */
async function figures(args: string[]): Promise<unknown[]> {
    const r = await stroomIn(['run', ...args, '--format', 'json'], REPO);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).results.map((x: { indicator: string; rows: Array<Record<string, unknown>>; incomplete: unknown }) => ({
        rows: x.rows.map(({ labels: _labels, ...rest }) => rest), incomplete: x.incomplete,
    }));
}

describe('example sources in DUO formats', () => {
    it('are what `stroom generate` writes for the bundled population (EV.asc, RO files)', async () => {
        const out = tempDir();
        const r = await stroomIn(['generate', '--out', out, '--format', 'all']);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(fs.readFileSync(path.join(out, '1cijferho', 'EV.asc')).equals(fs.readFileSync(path.join(EXAMPLES, 'data', '1cijferho', 'EV.asc'))), 'EV.asc differs');
        const ro = fs.readdirSync(path.join(out, 'mbo-ro')).sort();
        assert.deepEqual(ro, fs.readdirSync(path.join(EXAMPLES, 'data', 'mbo-ro')).sort());
        for (const f of ro) assert.ok(fs.readFileSync(path.join(out, 'mbo-ro', f)).equals(fs.readFileSync(path.join(EXAMPLES, 'data', 'mbo-ro', f))), `${f} differs`);
    });

    // Every indicator of these files reads hbo/wo enrollments and diplomas and the highest prior education before HO:
    // all of it is in the EV file.
    for (const file of ['havo-hbo', 'hbo-inspectie', 'wo-unl']) {
        it(`1cijferHO (fixed width, latin-1) gives the CSV source's figures for every indicator of ${file}.stroom`, async () => {
            const csv = await figures([`examples/${file}.stroom`]);
            const ev = await figures([`examples/${file}.stroom`, '--source', 'sources.Ev1cijferHO']);
            assert.ok(csv.length >= 3);
            assert.deepEqual(ev, csv);
        });
    }

    for (const indicator of ['Startersresultaat', 'Jaarresultaat']) {
        it(`mbo RO files (multi-record, four institutions) give the CSV source's figures for ${indicator}`, async () => {
            const csv = await figures(['examples/mbo.stroom', '--indicator', indicator]);
            const ro = await figures(['examples/mbo.stroom', '--indicator', indicator, '--source', 'sources.MboRO']);
            assert.deepEqual(ro, csv);
        });
    }

    it('run as they are: the 1cijferHO and RO example files, with DUO programme names as labels', async () => {
        const ev = await stroomIn(['run', 'examples/hbo-1cijferho.stroom', '--indicator', 'UitvalCBSPerOpleiding'], REPO);
        assert.equal(ev.status, 0, ev.stderr);
        assert.match(ev.stdout, /34479 B Informatica/);
        // Codes the DEMO decode table lacks are reported once, not hidden.
        assert.match(ev.stderr, /programme codes? (is|are) not in decode table Opleiding \(Dec_opleidingscode\.asc\), shown without a label/);
        const ro = await stroomIn(['run', 'examples/mbo-ro.stroom'], REPO);
        assert.equal(ro.status, 0, ro.stderr);
        assert.match(ro.stdout, /Startersresultaat — Startersresultaat \(Inspectie\), uit RO-bestanden/);
    });
});

describe('example published figures', () => {
    it('are current: make.mjs rebuilds them byte for byte from the example definitions', () => {
        const out = tempDir();
        const r = spawnSync(process.execPath, [path.join(EXAMPLES, 'data', 'published', 'make.mjs'), out], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        for (const f of ['duo-bestemming-vo.csv', 'cbs-mbo-uitval.csv']) {
            assert.ok(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(EXAMPLES, 'data', 'published', f))), `${f} differs`);
        }
    });

    it('are shown under the computed figures by stroom run, the publisher\'s own suppression kept', async () => {
        const r = await stroomIn(['run', 'examples/mbo.stroom'], REPO);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /CbsMboUitval — CBS StatLine: mbo-uitval na een jaar naar leerweg\npublished figures of CBS · \d+ rows from .*cbs-mbo-uitval\.csv · suppressed by the publisher: \d+/);
        // The published bol row of 2016 is the computed one (made from the same data by the same definition).
        const computed = /UitvalMboPerLeerweg[\s\S]*?\n2016\s+bol\s+(\d+)\s+(\d+)\s+([\d.]+)%/.exec(r.stdout);
        const published = /CbsMboUitval[\s\S]*?\n2016\s+bol\s+dropout\s+(\d+)\s+(\d+)\s+([\d.]+)%/.exec(r.stdout);
        assert.ok(computed && published, r.stdout);
        assert.deepEqual([published[2], published[1], published[3]], [computed[1], computed[2], computed[3]]);
    });
});
