/**
 * The import rule of the architecture (docs/architecture.md): the pure core never imports the I/O edge
 * (CLI, controllers, Pulumi engine), the benchmarks or the tests. Checked by test/architecture.test.ts.
 */
const CORE = '^(src/(api|validate|catalog|util|plan|atlas|harbor|skyhook)|optimizer)/';
module.exports = {
  forbidden: [
    {
      name: 'core-not-to-edge',
      comment: 'The core (schemas, validation, optimizer, renderers) never imports the CLI, controllers, benchmarks or tests.',
      severity: 'error',
      from: { path: CORE, pathNot: '\\.test\\.ts$' },
      to: { path: '^(src/cli|controllers|benchmarks|test)/' },
    },
    {
      name: 'core-no-kubernetes-client',
      comment: 'Only controllers/ and the CLI talk to an API server.',
      severity: 'error',
      from: { path: CORE, pathNot: '\\.test\\.ts$' },
      to: { path: '@kubernetes/client-node|@pulumi/pulumi/automation' },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'Test files and test helpers are imported by tests (and benchmark generators) only.',
      severity: 'error',
      from: { path: '^(src|optimizer|controllers|providers)/', pathNot: '(\\.test\\.ts$|/testing/)' },
      to: { path: '(\\.test\\.ts$|^test/|/testing/)' },
    },
    {
      name: 'benchmarks-only-from-cli',
      comment: 'Only the bench command reaches into benchmarks/.',
      severity: 'error',
      from: { path: '^(src|optimizer|controllers|providers)/', pathNot: '(^src/cli/|\\.test\\.ts$)' },
      to: { path: '^benchmarks/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
