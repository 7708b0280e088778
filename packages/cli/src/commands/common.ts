// Shared by commands: failing with a message, and writing output atomically (nothing half-written on failure).
import * as fs from 'node:fs';
import * as path from 'node:path';

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
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
}
