// Stroom's chart libraries (packages/language/src/render/vendor.ts) in the browser: Vega and Vega-Lite imported, with Vega's
// expression interpreter instead of its code generator, which would need eval (the page's CSP forbids it).
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import type { VegaLibraries } from '@stroom/language';

let libraries: VegaLibraries | undefined;

/** Made on first use: the language server's worker bundles this module too, and never draws a chart. */
export function vegaInNode(): VegaLibraries {
    if (libraries) return libraries;
    class View extends vega.View {
        constructor(runtime: unknown, options: { renderer: 'none' }) {
            super(runtime as vega.Runtime, { ...options, expr: expressionInterpreter } as vega.ViewOptions);
        }
    }
    libraries = {
        vega: { View: View as unknown as VegaLibraries['vega']['View'], parse: (spec) => vega.parse(spec as vega.Spec, undefined, { ast: true }) },
        vegaLite: { compile: (spec) => compile(spec as never) },
    };
    return libraries;
}

/** The compare report's inlined script libraries are a command-line feature. */
export function library(name: string): never {
    throw new Error(`${name} is not bundled in the browser page`);
}
