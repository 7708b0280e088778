// Shared by commands: failing with a message, and writing output atomically (nothing half-written on failure).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../output.js';

export function fail(message: string, code: 1 | 2): number {
    process.stderr.write(`stroom: ${message}\n`);
    return code;
}

/** A one-line note on stderr that changes nothing of the result (the cache was not used this time). */
export function note(message: string): void {
    process.stderr.write(`stroom: ${message}\n`);
}

/** --csv names a CSV dialect: with another --format it would silently do nothing. */
export function csvOnly(format: string | undefined): string {
    return `--csv applies to CSV output; it was given with --format ${format ?? 'table'} (use --format csv, or leave --format out)`
        + ` / --csv geldt alleen voor CSV-uitvoer (gebruik --format csv, of laat --format weg)`;
}

/** Text, or the bytes of a binary format (xlsx), to stdout or atomically to --out. */
export function writeOutput(text: string | Uint8Array, out?: string): void {
    if (!out) {
        process.stdout.write(text);
        return;
    }
    const target = path.resolve(out);
    refuseTarget(target, out);
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    try {
        // 'wx': a file (or a planted link) at the temporary name is an error, never followed.
        fs.writeFileSync(tmp, text, { flag: 'wx' });
        fs.renameSync(tmp, target);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw new CliError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
    }
}

/**
 * The rename below would replace a symbolic link at --out with a file (and a link may point at something the user
 * did not mean to overwrite); a pipe, device or folder is no place for a report either. Refused, naming the path.
 */
function refuseTarget(target: string, out: string): void {
    let st: fs.Stats;
    try {
        st = fs.lstatSync(target);
    } catch {
        return; // not there yet: it will be created
    }
    if (st.isSymbolicLink()) {
        throw new CliError(`${out}: is a symbolic link; not written, the link is left as it is (give the real path, or remove the link)`
            + ` / ${out} is een symbolische koppeling; niet geschreven`, 2);
    }
    if (!st.isFile()) {
        throw new CliError(`${out}: is not a regular file (a folder, pipe or device); not written / ${out} is geen gewoon bestand; niet geschreven`, 2);
    }
}
