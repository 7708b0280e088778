// Loaded before the test files (.mocharc): commands run in-process (test/cli/in-process.ts) print without colours,
// as spawned ones do with NO_COLOR=1, whether or not mocha's own output is a terminal.
process.env.NO_COLOR ??= '1';
