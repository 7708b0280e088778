// A run stopped by its data (or by what the workspace lets it read): exit code 1, a message naming file, row, column.
import type { DataFinding } from './checks.js';

export class DataError extends Error {
    constructor(message: string, readonly findings: readonly DataFinding[] = []) {
        super(message);
    }
}
