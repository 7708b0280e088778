// Types of build.mjs for the tests and the CLI's bundle script.
export function build(options?: { out?: string }): Promise<{ file: string; bytes: number; app: number; sizes: Record<string, number>; ms: number }>;
