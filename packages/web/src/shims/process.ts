// The `process` global Node code expects: the workspace folder of the in-memory volume is the current folder.
const listeners = () => undefined;
export const process = {
    env: {} as Record<string, string | undefined>,
    argv: ['browser', 'stroom'],
    platform: 'linux',
    arch: 'wasm',
    version: 'v20.0.0',
    versions: { node: '20.0.0' },
    cwd: () => '/workspace',
    exitCode: undefined as number | undefined,
    stdout: { write: () => true, isTTY: false, on: listeners },
    stderr: { write: () => true, isTTY: false, on: listeners },
    on: listeners,
    once: listeners,
    emitWarning: () => undefined,
    nextTick: (fn: (...a: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
    hrtime: Object.assign(() => [0, 0], { bigint: () => BigInt(Math.round(performance.now() * 1e6)) }),
    memoryUsage: () => ({ rss: 0, heapUsed: 0, heapTotal: 0, external: 0 }),
};
export { Buffer } from 'buffer';
