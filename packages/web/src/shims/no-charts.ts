// The chart loader in the language server's worker: it draws no chart, so Vega stays out of its bundle.
export function vegaInNode(): never {
    throw new Error('charts are drawn by the page, not by the language server');
}
export function library(name: string): never {
    throw new Error(`${name} is not bundled in the browser page`);
}
