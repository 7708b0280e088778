/**
 * Output files of the generator: written under a temporary name next to the final one, in buffered chunks (memory
 * stays bounded however large the file), and renamed only when every file of a run is complete, so a failed run
 * leaves no half-written file behind.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SimulatedPerson } from './types.js';

/** Characters buffered per file before they are written out. */
const CHUNK = 1 << 20;

export interface GeneratedFileSummary {
    /** File name (without folder). */
    readonly file: string;
    /** Final path. */
    readonly path: string;
    /** Data rows (records, lines) written, headers not counted. */
    readonly rows: number;
}

export class GeneratedFile {
    readonly tmp: string;
    rows = 0;
    private fd: number | null;
    private chunks: string[] = [];
    private size = 0;

    constructor(readonly path: string, private readonly encoding: 'utf8' | 'latin1' = 'utf8') {
        this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
        this.fd = openSync(this.tmp, 'w');
    }

    get file(): string {
        return basename(this.path);
    }

    /** Appends text (a header, or `rows` data rows). */
    write(text: string, rows = 0): void {
        this.chunks.push(text);
        this.size += text.length;
        this.rows += rows;
        if (this.size >= CHUNK) this.flush();
    }

    private flush(): void {
        if (this.size === 0 || this.fd === null) return;
        writeSync(this.fd, Buffer.from(this.chunks.join(''), this.encoding));
        this.chunks = [];
        this.size = 0;
    }

    /** Writes what is buffered and closes the temporary file (it keeps its temporary name). */
    close(): void {
        if (this.fd === null) return;
        this.flush();
        closeSync(this.fd);
        this.fd = null;
    }

    /** Gives the complete file its final name. */
    commit(): GeneratedFileSummary {
        this.close();
        renameSync(this.tmp, this.path);
        return { file: this.file, path: this.path, rows: this.rows };
    }

    /** Removes the temporary file (after a failure). */
    discard(): void {
        if (this.fd !== null) {
            try {
                closeSync(this.fd);
            } catch { /* already failing */ }
            this.fd = null;
        }
        rmSync(this.tmp, { force: true });
    }
}

/** Closes every file, then renames them all; on an error, removes what is left of them. */
export function commitGenerated(files: readonly GeneratedFile[]): GeneratedFileSummary[] {
    try {
        for (const f of files) f.close();
        return files.map((f) => f.commit());
    } catch (err) {
        discardGenerated(files);
        throw err;
    }
}

export function discardGenerated(files: readonly GeneratedFile[]): void {
    for (const f of files) f.discard();
}

/** A writer of one file format: takes the people one by one, then hands over its (still temporary) files. */
export interface PopulationWriter {
    add(person: SimulatedPerson): void;
    /** Every file of the format, complete but under temporary names (commit with `commitGenerated`). */
    finish(): GeneratedFile[];
    /** The files opened so far (to discard after a failure). */
    readonly files: readonly GeneratedFile[];
}
