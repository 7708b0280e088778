// The hover on an indicator in the editor: the same prose `stroom explain` writes (without the funnel: no data is
// read), in Dutch unless stroom.json says `"language": "en"`, on the indicator's name and on references to it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { EXAMPLES } from '../helpers.js';
import { stroomIn } from '../cli/in-process.js';
import { LspClient, positionOf } from './client.js';

async function hoverText(client: LspClient, file: string, marker: string, offset: number): Promise<string> {
    const hover = await client.hover(file, positionOf(client.text(file), marker, offset));
    assert.ok(hover, `no hover at ${marker}`);
    return (hover.contents as MarkupContent).value;
}

describe('hover: the explanation in prose', () => {
    describe('in Dutch (the default)', () => {
        let client: LspClient;
        before(async () => { client = await LspClient.start({ examples: true }); await client.open('havo-hbo.stroom'); });
        after(async () => { await client?.stop(); });

        it('on an indicator name: the three questions, every choice with its origin, the dates of each cohort year', async () => {
            const value = await hoverText(client, 'havo-hbo.stroom', 'indicator UitvalCBS', 'indicator Uit'.length);
            assert.match(value, /^### UitvalCBS — Uitval na 1 jaar \(CBS-definitie\)/);
            assert.match(value, /\n#### De drie vragen\n\n1\. \*\*Directe of indirecte instroom\?\*\* Alleen directe instroom/);
            assert.match(value, /\n2\. \*\*Wat telt een switcher als\?\*\* Een switcher telt als uitval/);
            assert.match(value, /\n3\. \*\*Welke bron\?\*\* Bron `sources\.Voorbeeld` "Voorbeeldbestanden \(synthetisch\)"/);
            assert.ok(value.includes('geteld op 1 oktober 2018, gemeten op 1 oktober 2019 voor cohort 2018'), value);
            assert.match(value, /die verwijst naar: CBS, nieuwsbericht/);
            assert.doesNotMatch(value, /Trechter/, 'no funnel: the hover reads no data');
        });

        it('is the text `stroom explain --no-data` writes, one heading level down', async () => {
            const value = await hoverText(client, 'havo-hbo.stroom', 'indicator UitvalOCW', 'indicator Uit'.length);
            const cli = await stroomIn(['explain', path.join(EXAMPLES, 'havo-hbo.stroom'), '--indicator', 'UitvalOCW', '--no-data']);
            // From the questions to the funnel (which the hover leaves out); headings one level apart; paths by name.
            const body = (text: string) => {
                const from = text.indexOf('De drie vragen');
                const to = text.indexOf('Trechter');
                return text.slice(from, to >= 0 ? to : undefined).replace(/^#+ /gm, '# ').replace(/#+\s*$/, '').trimEnd()
                    .replace(/\(([\w./-]+\.stroom):(\d+)\)/g, (_, f: string, l: string) => `(${path.basename(f)}:${l})`);
            };
            assert.equal(cli.status, 0, cli.stderr);
            assert.equal(body(value), body(cli.stdout));
        });

        it('on a reference to the indicator (an expect line) and quickly', async () => {
            const text = client.text('havo-hbo.stroom');
            assert.ok(text.includes('expect UitvalOCW classifies'));
            const times: number[] = [];
            let value = '';
            for (let i = 0; i < 5; i++) {
                const t0 = performance.now();
                value = await hoverText(client, 'havo-hbo.stroom', 'expect UitvalOCW classifies', 'expect Uit'.length);
                times.push(performance.now() - t0);
            }
            assert.match(value, /^### UitvalOCW — /);
            assert.match(value, /Een switcher telt niet als uitval maar als behouden/);
            const median = times.sort((a, b) => a - b)[2];
            assert.ok(median < 1000, `hover took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
        });
    });

    describe('in English when stroom.json says "language": "en"', () => {
        let client: LspClient;
        before(async () => {
            const config = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'stroom.json'), 'utf8'));
            client = await LspClient.start({ examples: true, files: { 'stroom.json': JSON.stringify({ ...config, language: 'en' }) } });
            await client.open('vsv.stroom');
        });
        after(async () => { await client?.stop(); });

        it('answers the three questions in English', async () => {
            const value = await hoverText(client, 'vsv.stroom', 'indicator Vsv ', 'indicator V'.length);
            assert.match(value, /\n1\. \*\*Direct or indirect inflow\?\*\* Not applicable: this is a cohort of enrolled people/);
            assert.match(value, /\n2\. \*\*What does a switcher count as\?\*\* Not applicable: vsv has no switch treatment/);
            assert.match(value, /\n3\. \*\*Which source\?\*\* Source `sources\.Voorbeeld` .*pinned by `on Voorbeeld` in `indicator Vsv` \(vsv\.stroom:\d+\)/);
            assert.ok(value.includes('counted on 1 October 2018, measured on 1 October 2019 for cohort 2018 (startkwalificatie by 31 December 2019)'), value);
        });
    });
});
