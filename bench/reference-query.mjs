// Runs one hand-written reference query (bench/reference/*.sql) in embedded DuckDB and prints its rows as JSON: the
// whole process bench/run.ts times beside the `stroom` command that computes the same figure.
// Usage: node bench/reference-query.mjs <file.sql> <data folder>   ({{data}} in the SQL becomes the data folder)
import * as fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, data] = process.argv.slice(2);
if (!file || !data) {
    process.stderr.write('usage: node bench/reference-query.mjs <file.sql> <data folder>\n');
    process.exit(2);
}
const sql = fs.readFileSync(file, 'utf8').replaceAll('{{data}}', data.replaceAll('\\', '/'));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
process.stdout.write(`${JSON.stringify(reader.getRowObjectsJson())}\n`);
connection.closeSync();
