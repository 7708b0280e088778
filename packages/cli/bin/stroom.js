#!/usr/bin/env node
// Entry of the `stroom` command. Committed as plain JavaScript so a fresh `npm ci` links it; the build (run by
// npm's prepare step) produces ../out.
import { main } from '../out/main.js';

process.exitCode = await main(process.argv);
