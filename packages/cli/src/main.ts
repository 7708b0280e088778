// The stroom command line: parses arguments and hands each command to its module. No logic of its own.
import { Command, CommanderError, Option } from 'commander';
import { CliError, packageVersion } from './output.js';

// The commands (and with them the language package) are imported when one runs, so --version and --help answer
// without loading Langium, DuckDB and the compiler.

export async function main(argv: readonly string[]): Promise<number> {
    guardStdout();
    let exitCode = 0;
    const program = new Command('stroom')
        .description('Define, check and compute Dutch education transition (doorstroom) figures.')
        .version(packageVersion())
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });

    program.command('lint')
        .description('check definitions; one line per diagnostic: path:line:col severity code message')
        .argument('[paths...]', '.stroom files or folders', [])
        .option('--warnings-as-errors', 'exit 1 on warnings too')
        .addOption(new Option('-f, --format <format>', 'output format: text lines, json, sarif (SARIF 2.1.0 for code scanning) or github (workflow commands: annotations)').choices(['text', 'json', 'sarif', 'github']).default('text'))
        .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
        .option('-o, --out <file>', 'write to a file instead of standard output')
        .action(async (paths: string[], opts: { warningsAsErrors?: boolean; format?: 'text' | 'json' | 'sarif' | 'github'; maxWarnings?: string; out?: string }) => {
            exitCode = await (await import('./commands/lint.js')).lint(paths, opts);
        });

    program.command('compile')
        .description('print the SQL of an indicator, with its definition card as a comment header')
        .argument('<file>', 'a .stroom file')
        .option('-i, --indicator <name>', 'the indicator (default: every indicator of the file)')
        .option('-s, --source <name>', 'the source to read (default: as the definition says)')
        .addOption(new Option('-d, --dialect <dialect>', 'SQL dialect').choices(['duckdb', 'postgres']).default('duckdb'))
        .option('--records', 'select one row per person instead of counts')
        .option('-o, --out <file>', 'write to a file')
        .action(async (file: string, opts) => {
            exitCode = await (await import('./commands/compile.js')).compile(file, opts);
        });

    program.command('run')
        .description('compute indicators on their source with embedded DuckDB and print the figures')
        .argument('<file>', 'a .stroom file')
        .option('-i, --indicator <name>', 'the indicator (default: every indicator of the file)')
        .option('-s, --source <name>', 'the source to read (default: as the definition says)')
        .addOption(new Option('-f, --format <format>', 'output format (html: one page with a chart per indicator, drawn offline; xlsx: an Excel workbook, a sheet of figures and one of the definition per indicator)').choices(['table', 'csv', 'json', 'md', 'html', 'xlsx']).default('table'))
        .option('-o, --out <file>', 'write to a file (written only when the run succeeds)')
        .addOption(csvOption())
        .addOption(new Option('-l, --lang <lang>', 'language of the notes and of the xlsx definition sheets (default: "language" in stroom.json; notes in both without it)').choices(['nl', 'en']))
        .option('--records', 'output one row per person and outcome instead of aggregates (personal data: handle with care)')
        .addOption(new Option('-e, --engine <engine>', 'where the figures are computed').choices(['duckdb', 'postgres']).default('duckdb'))
        .option('--db <url>', 'PostgreSQL connection URL (default: $STROOM_DATABASE_URL); never read from definition files')
        .option('--no-cache', 'neither read nor write the workspace cache (.stroom-cache/)')
        .action(async (file: string, opts, cmd: Command) => {
            exitCode = await (await import('./commands/run.js')).run(file, csvImpliesFormat(opts, cmd));
        });

    program.command('check-data')
        .description('check the data of a source (or of the sources a .stroom file defines or reads): impossible dates, records left out, warnings; exit 1 on errors')
        .argument('<source-or-file>', 'a source name (as in the workspace of the current folder), a .stroom file, or a data file (the mappings that read it)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
        .option('-o, --out <file>', 'write to a file')
        .action(async (target: string, opts) => {
            exitCode = await (await import('./commands/check-data.js')).checkData(target, opts);
        });

    program.command('compare')
        .description('the compare blocks of a file: choices side by side, figures, the bridge, sources and published figures')
        .argument('<file>', 'a .stroom file')
        .argument('[title]', 'the title of one compare block (default: every compare block of the file)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'md', 'json', 'html']).default('table'))
        .option('-o, --out <file>', 'write to a file (written only when the comparison succeeds)')
        .option('--no-cache', 'neither read nor write the workspace cache (.stroom-cache/)')
        .action(async (file: string, title: string | undefined, opts) => {
            exitCode = await (await import('./commands/compare.js')).compareCommand(file, title, opts);
        });

    program.command('diff')
        .description('the semantic change between two git revisions: definitions added, removed and changed, each changed card choice by choice, and with data the figures before and after and the bridge (default: HEAD against the working tree)')
        .argument('[revisions...]', 'BEFORE [AFTER]: none = HEAD against the working tree; one = it against the working tree; two = BEFORE against AFTER')
        .addOption(new Option('-f, --format <format>', 'output format (md: a pull-request comment)').choices(['text', 'md', 'json']).default('text'))
        .option('-o, --out <file>', 'write to a file (written only when the diff succeeds)')
        .option('--no-data', 'definitions and cards only: compute no figures')
        .option('--exit-code', 'exit 1 when there is a semantic change (like git diff --exit-code)')
        .option('--no-cache', 'neither read nor write the workspace cache (.stroom-cache/)')
        .action(async (revisions: string[], opts) => {
            exitCode = await (await import('./commands/diff.js')).diffCommand(revisions, opts);
        });

    program.command('test')
        .description('run the example blocks (made-up people and their expected outcomes) on the evaluator and on DuckDB')
        .argument('[paths...]', '.stroom files or folders', [])
        .option('--example <name>', 'only the example block with this name')
        .addOption(new Option('-r, --reporter <reporter>', 'report format: text, junit (JUnit XML for CI test reports) or json').choices(['text', 'junit', 'json']).default('text'))
        .option('-o, --out <file>', 'write the report to a file instead of standard output')
        .action(async (paths: string[], opts: { example?: string; reporter?: 'text' | 'junit' | 'json'; out?: string }) => {
            exitCode = await (await import('./commands/test.js')).test(paths, opts);
        });

    program.command('generate')
        .description('simulate school careers of made-up people and write them as files: the example CSV formats, Parquet, DUO 1cijferHO (hbo/wo) or DUO mbo registration files')
        .requiredOption('-o, --out <folder>', 'where to write the files')
        .option('--persons <n>', 'how many people (default 6000; memory does not grow with the number)')
        .option('--seed <n>', 'random seed: the same seed gives the same files (default 20261123)')
        .option('--from <year>', 'first study year observed (default 2014)')
        .option('--until <year>', 'the observation window ends on 30 September of this year (default 2024)')
        .addOption(new Option('-f, --format <format>', 'csv: personen/inschrijvingen/diplomas/vooropleidingen.csv; parquet: the same tables as .parquet; 1cijferho: EV.asc (hbo and wo); mbo-ro: RO_<BRIN>_<from>_<until>.csv per mbo institution; all: each in its own folder under --out; several separated by commas (csv,mbo-ro): each in its own folder')
            .default('csv'))
        .option('--layout <file>', 'the 1cijferHO layout to place the EV fields by (default: examples/sources/duo/1cijferho.layout)')
        .option('--entree', 'also entree (mbo-1) students, from vmbo basis and vso, a share moving on to mbo level 2 (off by default: the defaults give the bundled example data)')
        .option('--details', 'also a cluster and exit profile for vso pupils, a migration background per person and the registration\'s reason codes for mbo enrollments that end (off by default: the defaults give the bundled example data)')
        .action(async (opts) => {
            exitCode = await (await import('./commands/generate.js')).generate(opts);
        });

    program.command('explain')
        .description('the definition card of each indicator in plain Dutch or English: the three questions, every choice and where it came from, the dates of each cohort year, and the funnel')
        .argument('<file>', 'a .stroom file, or a folder (every indicator of the workspace under it)')
        .option('-i, --indicator <name>', 'the indicator (default: every indicator of the file)')
        .option('-s, --source <name>', 'the source to read (default: as the definition says)')
        .addOption(new Option('-l, --lang <lang>', 'language (default: "language" in stroom.json, else nl)').choices(['nl', 'en']))
        .addOption(new Option('-f, --format <format>', 'output format').choices(['md', 'html']).default('md'))
        .option('-o, --out <file>', 'write to a file (written only when everything succeeded)')
        .option('--no-data', 'do not read the data (no funnel)')
        .option('--no-cache', 'neither read nor write the workspace cache (.stroom-cache/)')
        .action(async (file: string, opts) => {
            exitCode = await (await import('./commands/explain.js')).explain(file, opts);
        });

    program.command('docs')
        .description('a static documentation site of the whole workspace: an index with a search box, a page per indicator (its card in Dutch and English, the three questions, where each choice came from, its examples), cohort, source and convention; works offline')
        .argument('[workspace]', 'a folder in the workspace (default: the current folder)')
        .requiredOption('-o, --out <folder>', 'where to write the site (an empty folder, or one stroom docs wrote before: it is replaced)')
        .action(async (workspace: string | undefined, opts) => {
            exitCode = await (await import('./commands/docs.js')).docs(workspace, opts);
        });

    program.command('funnel')
        .description('per cohort year, how many people each clause of the cohort keeps, computed on the data (small cells suppressed)')
        .argument('<file>', 'a .stroom file')
        .option('-i, --indicator <name>', 'the indicator (default: every indicator of the file)')
        .option('-s, --source <name>', 'the source to read (default: as the definition says)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json', 'md']).default('table'))
        .option('-o, --out <file>', 'write to a file (written only when everything succeeded)')
        .addOption(csvOption())
        .addOption(new Option('-l, --lang <lang>', 'language of the step names (default: "language" in stroom.json, else nl)').choices(['nl', 'en']))
        .addOption(new Option('-e, --engine <engine>', 'where the funnel is computed').choices(['duckdb', 'postgres']).default('duckdb'))
        .option('--db <url>', 'PostgreSQL connection URL (default: $STROOM_DATABASE_URL); never read from definition files')
        .option('--no-cache', 'neither read nor write the workspace cache (.stroom-cache/)')
        .action(async (file: string, opts, cmd: Command) => {
            exitCode = await (await import('./commands/funnel.js')).funnelCommand(file, csvImpliesFormat(opts, cmd));
        });

    program.command('fmt')
        .description('format .stroom files in the canonical layout (the same as the editor\'s formatting); comments are kept')
        .argument('[paths...]', '.stroom files or folders (default: the current folder); - reads standard input and writes standard output', [])
        .option('--check', 'change nothing: list the files that are not formatted, exit 1 if there are any')
        .action(async (paths: string[], opts: { check?: boolean }) => {
            exitCode = await (await import('./commands/fmt.js')).fmt(paths, opts);
        });

    const cache = program.command('cache')
        .description('the workspace cache (.stroom-cache/ beside stroom.json): the data files as runs read and checked them; personal data, ignored by git');
    cache.command('clear')
        .description('remove the workspace cache (the next run reads the data files again)')
        .argument('[path]', 'a file or folder in the workspace (default: the current folder)')
        .action(async (target: string | undefined) => {
            exitCode = (await import('./commands/cache.js')).cacheClear(target);
        });
    cache.command('info')
        .description('where the workspace cache is, its size and how many relations it holds')
        .argument('[path]', 'a file or folder in the workspace (default: the current folder)')
        .action(async (target: string | undefined) => {
            exitCode = await (await import('./commands/cache.js')).cacheInfoCommand(target);
        });

    program.command('serve')
        .description('Stroom in the browser on http://127.0.0.1:PORT (this computer only): the editor, run, funnel and explain in one page that sends nothing anywhere')
        .option('-p, --port <port>', 'the port (0: any free port)', '4848')
        .action(async (opts: { port?: string }) => {
            exitCode = await (await import('./commands/serve.js')).serve(opts);
        });

    program.command('lsp')
        .description('start the language server (for any LSP editor)')
        .option('--stdio', 'talk over standard input and output (the default)')
        .action(async () => {
            const { startServer } = await import('./commands/lsp.js');
            startServer();
            exitCode = -1;
        });

    try {
        await program.parseAsync(argv as string[]);
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
        const { DataError, DefinitionError, EngineError, PlanError, WorkspaceError } = await import('@stroom/language');
        if (e instanceof EngineError) {
            process.stderr.write(`stroom: ${e.message}\n`);
            return 2;
        }
        if (e instanceof DefinitionError) {
            for (const line of e.diagnostics) process.stderr.write(`${line}\n`);
            process.stderr.write(`stroom: ${e.message}\n`);
            return 1;
        }
        if (e instanceof DataError || e instanceof PlanError) {
            // A DataError lists every data error, one a line: each keeps the prefix, so each greps as one.
            for (const line of e.message.split('\n')) process.stderr.write(`stroom: ${line}\n`);
            return 1;
        }
        if (e instanceof WorkspaceError) {
            process.stderr.write(`stroom: ${e.message}\n`);
            return 2;
        }
        if (e instanceof CliError) {
            process.stderr.write(`stroom: ${e.message}\n`);
            return e.exitCode;
        }
        process.stderr.write(`stroom: ${(e as Error).stack ?? String(e)}\n`);
        return 2;
    }
    return exitCode < 0 ? 0 : exitCode;
}

/** `--csv default|nl`: the CSV dialect (nl: what Excel with Dutch settings opens: semicolons, decimal comma, byte-order mark). */
function csvOption(): Option {
    return new Option('--csv <dialect>', 'CSV dialect: default (comma, decimal point) or nl (semicolon, decimal comma, UTF-8 byte-order mark: for Excel with Dutch settings); implies --format csv').choices(['default', 'nl']);
}

/** `--csv nl` without `--format` means CSV; with another --format given the command refuses (csvOnly). */
function csvImpliesFormat<T extends { csv?: string; format?: string }>(opts: T, cmd: Command): T {
    return opts.csv && cmd.getOptionValueSource('format') === 'default' ? { ...opts, format: 'csv' } : opts;
}

/**
 * Standard output closed early (`stroom run ... | head -1`) or on a full disk (`> /dev/full`): Node reports it as an
 * 'error' event on stdout, which would otherwise end in a stack trace. Say what happened, once, and exit 2.
 */
function guardStdout(): void {
    let reported = false;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (reported) return;
        reported = true;
        const why = e.code === 'EPIPE' ? 'it was closed before everything was written (EPIPE)'
            : e.code === 'ENOSPC' ? 'no space left on the device (ENOSPC)' : `${e.code ?? e.message}`;
        process.stderr.write(`stroom: cannot write to standard output: ${why}; the output is incomplete. / Kan niet naar de standaarduitvoer schrijven; de uitvoer is onvolledig.\n`);
        process.exit(2);
    });
}
