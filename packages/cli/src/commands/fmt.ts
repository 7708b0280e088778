// stroom fmt [--check] [paths|-]: the canonical layout of .stroom files, the same as the editor's formatting (both
// call formatText). Rewrites changed files atomically, keeping their mode; --check changes nothing and lists the
// files that are not formatted. A file that does not parse is named with line and column and left untouched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FormatError, formatText } from '@stroom/language';
import { listStroom } from '../targets.js';
import { CliError } from '../output.js';

export interface FmtOptions {
    readonly check?: boolean;
}

type Outcome = 'same' | 'changed' | 'failed';

export async function fmt(targets: readonly string[], options: FmtOptions = {}): Promise<number> {
    if (targets.includes('-')) {
        if (targets.length > 1) throw new CliError('`-` (standard input) cannot be combined with other paths / `-` kan niet met andere paden samen');
        return fmtStdin(options);
    }
    const paths = targets.length > 0 ? targets : ['.'];
    const files: string[] = [];
    for (const target of paths) {
        if (!fs.existsSync(target)) throw new CliError(`${target}: no such file or folder / bestand of map bestaat niet`);
        if (fs.statSync(target).isDirectory()) files.push(...listStroom(target));
        else files.push(path.resolve(target));
    }
    if (files.length === 0) throw new CliError(`no .stroom files in ${paths.join(', ')} / geen .stroom-bestanden`);
    const counts: Record<Outcome, number> = { same: 0, changed: 0, failed: 0 };
    for (const file of [...new Set(files)]) counts[fmtFile(file, options)]++;
    const n = files.length;
    const verb = options.check ? 'not formatted / niet opgemaakt' : 'reformatted / opnieuw opgemaakt';
    process.stderr.write(`${n} file${n === 1 ? '' : 's'}: ${counts.changed} ${verb}${counts.failed ? `, ${counts.failed} not read / niet gelezen` : ''}\n`);
    if (counts.failed > 0) return 2;
    return options.check && counts.changed > 0 ? 1 : 0;
}

function fmtFile(file: string, options: FmtOptions): Outcome {
    const shown = path.relative(process.cwd(), file) || file;
    let text: string;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        process.stderr.write(`stroom: ${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) / kan niet lezen\n`);
        return 'failed';
    }
    const formatted = formatOrReport(text, shown);
    if (formatted === undefined) return 'failed';
    if (formatted === text) return 'same';
    if (!options.check) {
        try {
            writeAtomically(file, formatted);
        } catch (e) {
            process.stderr.write(`stroom: ${shown}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); left as it was / kan niet schrijven\n`);
            return 'failed';
        }
    }
    process.stdout.write(`${shown}\n`);
    return 'changed';
}

async function fmtStdin(options: FmtOptions): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const formatted = formatOrReport(text, '<stdin>');
    if (formatted === undefined) return 2;
    if (options.check) {
        if (formatted === text) return 0;
        process.stdout.write('<stdin>\n');
        return 1;
    }
    process.stdout.write(formatted);
    return 0;
}

/** The formatted text, or undefined after saying on stderr why there is none. */
function formatOrReport(text: string, shown: string): string | undefined {
    try {
        return formatText(text);
    } catch (e) {
        if (e instanceof FormatError) {
            process.stderr.write(`${shown}:${e.line}:${e.column}: ${e.message}\n`);
        } else {
            process.stderr.write(`stroom: ${shown}: internal error, not formatted (please report): ${(e as Error).message} / interne fout, niet opgemaakt\n`);
        }
        return undefined;
    }
}

/**
 * Temporary file beside the real file (through a symbolic link, to the file it points at), with the file's mode,
 * then a rename: a reader sees the old text or the new, never half of it.
 */
function writeAtomically(file: string, text: string): void {
    const target = fs.realpathSync(file);
    const mode = fs.statSync(target).mode & 0o7777;
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.fmt.tmp`);
    try {
        fs.writeFileSync(tmp, text, { flag: 'wx', mode });
        fs.chmodSync(tmp, mode); // the umask may have taken bits off
        fs.renameSync(tmp, target);
    } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw e;
    }
}
