// Records every module file a process loads, for tests of what a command reads at start-up (startup.test.ts,
// package.test.ts): run `node --import <this file's URL> ...` with STROOM_LOADED_MODULES set to a file, and that file
// gets one file: URL a line. ES modules are seen by a load hook (it runs on the hooks thread, so it appends as it
// goes); CommonJS modules, also those reached by require() inside a bundle, are read from require's cache at exit.
import * as fs from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

let out;

/** Hooks thread: where to write, passed by register() below. */
export function initialize(data) {
    out = data.out;
}

export async function load(url, context, next) {
    if (url.startsWith('file:')) fs.appendFileSync(out, `${url}\n`);
    return next(url, context);
}

if (isMainThread && process.env.STROOM_LOADED_MODULES) {
    const file = process.env.STROOM_LOADED_MODULES;
    register(import.meta.url, { data: { out: file } });
    const cache = createRequire(import.meta.url).cache;
    process.on('exit', () => {
        const files = Object.keys(cache).map((f) => `${pathToFileURL(f).href}\n`);
        fs.appendFileSync(file, files.join(''));
    });
}
