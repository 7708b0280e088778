// Loaded with `node --import` into each process bench/run.ts times: at exit, appends the process's peak resident set
// size (kB; Node normalises maxRSS to kilobytes on every platform) to the file named by STROOM_BENCH_RSS. DuckDB's
// threads and buffers belong to the same process, so they are in the figure.
import * as fs from 'node:fs';

const file = process.env.STROOM_BENCH_RSS;
if (file) process.on('exit', () => fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
