// StrykerJS: mutation testing of one module at a time, outside CI. Run it through `npm run mutate -- <files>`
// (test/mutation/mutate.mjs), which fills in `mutate` and the test files jest may run; see docs/mutation.md.
export default {
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  // The project's jest runs as native ESM (ts-jest ESM preset), which needs Node's vm modules in the runner
  // process, exactly as `npm test` starts jest.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  // findRelatedTests off: test/mutation/mutate.mjs names the test files itself, and jest's related-test map
  // (roots: test/) silently dropped named suites that reach a module only through product code.
  jest: { projectType: 'custom', configFile: 'jest.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // A mutant is rarely valid TypeScript; ts-jest would then refuse the file. Stryker adds `// @ts-nocheck`
  // to every product file it copies (its default pattern only covers src/, lib/, test/).
  disableTypeChecks: '{bot,services,cards,manifest}/**/*.ts',
  checkers: [],
  // Two cores shared with others: never more than two jest processes.
  concurrency: 2,
  // A mutant that stalls a request loop is killed by this timeout (it counts as detected), so keep it short.
  timeoutMS: 5000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['dist', 'data', 'reports', 'coverage', '.tmp', 'devTools', 'docs', '*.zip'],
};
