// Shared by commands: failing with a message, and writing output atomically (nothing half-written on failure).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../output.js';

export function fail(message: string, code: 1 | 2): number {
    process.stderr.write(`stroom: ${message}\n`);
    return code;
}

export function writeOutput(text: string, out?: string): void {
    if (!out) {
        process.stdout.write(text);
        return;
    }
    const target = path.resolve(out);
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, target);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw new CliError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
    }
}
