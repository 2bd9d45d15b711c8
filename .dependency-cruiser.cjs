/**
 * The dependency rule of docs/architecture.md:
 *   domain <- application <- adapters <- composition
 * A violation fails `npm run check`.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports only src/domain: no application, adapter, npm or node module.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'application-imports-domain-and-application-only',
      comment: 'Use cases and ports speak only to the domain and to other ports.',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { pathNot: '^src/(domain|application)/' },
    },
    {
      name: 'adapter-groups-are-independent',
      comment: 'An adapter never imports another adapter group.',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/'] },
    },
    {
      name: 'nothing-imports-composition',
      comment: 'Only the composition root (and the public index) knows the composition.',
      severity: 'error',
      from: { path: '^src/(domain|application|adapters)/' },
      to: { path: '^src/composition/' },
    },
    {
      name: 'inversify-only-in-composition',
      comment: 'Dependency injection is wiring; it stays in src/composition.',
      severity: 'error',
      from: { pathNot: '^src/composition/' },
      to: { path: 'node_modules/(inversify|@inversifyjs|reflect-metadata)/' },
    },
    {
      name: 'core-entry-loads-no-package',
      comment:
        'bugport/core (src/core.ts) is the domain and use cases with no I/O: nothing it reaches may be an npm package.',
      severity: 'error',
      from: { path: '^src/core[.]ts$' },
      to: { path: 'node_modules', reachable: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
