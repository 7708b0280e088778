// A run stopped by its data (or by what the workspace lets it read): exit code 1, a message naming file, row, column.
export class DataError extends Error { }
