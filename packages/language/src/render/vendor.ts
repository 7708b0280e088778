// The Vega and Vega-Lite builds the HTML reports use: in the repository from node_modules, in the published CLI from
// dist/vendor (scripts/bundle.mjs copies them there), so the bundle itself does not carry them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface Library {
    readonly code: string;
    readonly license: string;
    readonly version: string;
}

const libraries = new Map<string, Library>();

/** A browser build of an installed package (file under its build folder), with its licence and version. */
export function library(name: string, file: string): Library {
    const known = libraries.get(name);
    if (known) return known;
    // The published CLI carries the browser builds beside its bundle (dist/vendor/<name>, see scripts/bundle.mjs)
    // and does not install the packages; in the repository they come from node_modules.
    const vendored = fileURLToPath(new URL(`vendor/${name}`, import.meta.url));
    // createRequire, not import.meta.resolve: the extension bundles this module as CommonJS, where only import.meta.url is defined.
    let dir = fs.existsSync(path.join(vendored, 'package.json')) ? vendored : path.dirname(createRequire(import.meta.url).resolve(name));
    while (!fs.existsSync(path.join(dir, 'package.json')) || JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`cannot find the package folder of ${name}`);
        dir = up;
    }
    const lib = {
        code: fs.readFileSync(path.join(dir, 'build', file), 'utf8'),
        license: fs.existsSync(path.join(dir, 'LICENSE')) ? fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8').trim() : '(see the package)',
        version: String(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version),
    };
    libraries.set(name, lib);
    return lib;
}

/** Vega and Vega-Lite as far as the run report uses them (their types stay out of the CLI's build). */
export interface VegaLibraries {
    readonly vega: {
        readonly View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
        parse(spec: unknown): unknown;
    };
    readonly vegaLite: { compile(spec: unknown): { spec: unknown } };
}

let loaded: VegaLibraries | undefined;

/**
 * Vega and Vega-Lite in this process, to draw charts as SVG at run time: their browser builds (UMD) evaluated as
 * CommonJS modules, loaded only when a report is drawn (`stroom run --format html`), never at start-up.
 */
export function vegaInNode(): VegaLibraries {
    if (loaded) return loaded;
    const evaluate = (name: string, file: string, require: (id: string) => unknown): unknown => {
        const module = { exports: {} as unknown };
        const wrapped = vm.runInThisContext(`(function (exports, module, require) {${library(name, file).code}\n})`, { filename: `${name}/build/${file}` });
        wrapped(module.exports, module, require);
        return module.exports;
    };
    const none = (id: string) => { throw new Error(`${id} is not available to the chart libraries`); };
    const vega = evaluate('vega', 'vega.min.js', none) as VegaLibraries['vega'];
    const vegaLite = evaluate('vega-lite', 'vega-lite.min.js', (id) => (id === 'vega' ? vega : none(id))) as VegaLibraries['vegaLite'];
    loaded = { vega, vegaLite };
    return loaded;
}
