#!/usr/bin/env node
// Entry of the `stroom` command. Committed as plain JavaScript so a fresh `npm ci` links it. In the repository it
// runs the compiled sources (../out, made by the build that npm's prepare step runs); the published package has no
// out/ and runs the bundle made at pack time (../dist/stroom.js, see scripts/bundle.mjs). The compiled sources win
// when both exist, so a bundle left over from an earlier `npm pack` never shadows the code being worked on.
import { existsSync } from 'node:fs';

const compiled = new URL('../out/main.js', import.meta.url);
const { main } = await import(existsSync(compiled) ? compiled.href : new URL('../dist/stroom.js', import.meta.url).href);

process.exitCode = await main(process.argv);
