// Terminal output: colours only on a terminal (never in pipes or CI logs), so output stays parseable.
import * as fs from 'node:fs';
import pc from 'picocolors';

export const colors = pc.createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);

/** A command's result: exit code 0 ok, 1 a finding (lint error, failed run), 2 usage or I/O error. */
export class CliError extends Error {
    constructor(message: string, readonly exitCode: 1 | 2 = 2) {
        super(message);
    }
}

/**
 * The version of the running package. Its package.json is one folder up both from out/output.js (the repository)
 * and from dist/stroom.js and its chunks (the published bundle).
 */
export function packageVersion(): string {
    return String(JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
}
