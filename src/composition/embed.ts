import type { Router } from '@koa/router';
import type { Container } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import type { Sequelize } from 'sequelize';
import type { Authenticate } from '../adapters/http/auth.js';
import { SUPPORT_PREFIX, createSupportRouter } from '../adapters/http/support-router.js';
import type { SupportState } from '../adapters/http/support-state.js';
import type { Mailer } from '../application/ports/mailer.js';
import { ENVIRONMENT_NAMES, loadConfig, type Config, type EnvironmentName } from './config.js';
import { buildContainer } from './container.js';
import { createLogger } from './logger.js';
import { supportRouterDeps } from './modules/http-module.js';
import { dependenciesOf } from './modules/provide.js';
import { openRuntime } from './runtime.js';
import type { Overrides, Services } from './services.js';
import { startWorkers } from './start-workers.js';

/**
 * The settings `env` takes: the environment variables of
 * docs/configuration.md but the database's, which have options of their own
 * (`databaseUrl`, `schema`).
 */
export type BugportEnvironmentName = Exclude<EnvironmentName, 'DATABASE_URL' | 'DATABASE_SCHEMA'>;

export interface BugportOptions {
  /** The host's PostgreSQL database; bugport's tables and pg-boss's go there. */
  readonly databaseUrl: string;
  /**
   * The PostgreSQL schema for bugport's tables (created when missing), e.g.
   * `bugport`; pg-boss then goes to `<schema>_pgboss`. By default the
   * connection's search_path (normally `public`), and pg-boss in `pgboss`.
   */
  readonly schema?: string;
  /** The host's own Sequelize instance on that database, to share its pool (optional). */
  readonly sequelize?: Sequelize;
  /** Turns a request into the host's signed-in user, or null (401). */
  readonly authenticate: Authenticate;
  /** The host's mailer; by default SMTP_URL from `env`, else `.eml` files in `data/mail/`. */
  readonly mailer?: Mailer;
  /** Settings by their environment variable names: GITHUB_*, SUPPORT_EMAIL, … */
  readonly env?: Readonly<Partial<Record<BugportEnvironmentName, string>>>;
  readonly logger?: PinoLogger;
  /** Where the router mounts; `/api/support` by default. */
  readonly prefix?: string;
  /** Any port or use case replaced by the host's own instance. */
  readonly overrides?: Overrides;
}

/** The use cases a host may call itself, e.g. for its own admin pages. */
export const BUGPORT_USE_CASES = [
  'submitIssueReport',
  'listIssueReports',
  'getIssueReport',
  'uploadScreenshot',
  'getScreenshot',
  'retryFailedGitHubSyncs',
  'retryFailedEmails',
  'requeuePendingGitHubSyncs',
] as const;
export type BugportUseCaseName = (typeof BUGPORT_USE_CASES)[number];
export type BugportUseCases = { readonly [K in BugportUseCaseName]: Services[K] };

export interface Bugport {
  /** Mount with `app.use(bugport.router.routes())`. */
  readonly router: Router<SupportState>;
  readonly config: Config;
  /** The use cases, by name: `await bugport.useCases.listIssueReports.execute({ principal })`. */
  readonly useCases: BugportUseCases;
  /** Runs GitHub filing and e-mails in this process; skip it where separate workers run. */
  startWorkers(): Promise<void>;
  /** Stops the workers and closes bugport's pools (not the host's Sequelize). */
  close(): Promise<void>;
}

/**
 * bugport inside a host's Koa app, on the host's database: migrates its own
 * tables (its own bookkeeping table, so the host's migrations are left
 * alone), opens the job queue and returns a router to mount. Settings the
 * host does not give take the standalone server's defaults (docs/configuration.md).
 */
export async function createBugport(options: BugportOptions): Promise<Bugport> {
  const misnamed = unknownOptionProblems(options);
  if (misnamed.length > 0) throw new Error(`bugport options: ${misnamed.join('; ')}`);
  const loaded = loadConfig({
    ...options.env,
    DATABASE_URL: options.databaseUrl,
    ...(options.schema === undefined ? {} : { DATABASE_SCHEMA: options.schema }),
  });
  if (!loaded.ok) {
    // Problems with the two settings given as options are named after the options.
    const named = loaded.problems.map((problem) =>
      problem.replace(/^DATABASE_URL:/, 'databaseUrl:').replace(/^DATABASE_SCHEMA:/, 'schema:'),
    );
    throw new Error(`bugport configuration: ${named.join('; ')}`);
  }
  const config = loaded.value;
  const logger = options.logger ?? createLogger(config);
  const runtime = await openRuntime(config, logger, {
    ...(options.sequelize ? { sequelize: options.sequelize } : {}),
  });
  try {
    const container = buildContainer({
      config,
      ports: runtime.modules,
      overrides: {
        logger,
        authenticate: options.authenticate,
        ...(options.mailer ? { mailer: options.mailer } : {}),
        ...options.overrides,
      },
    });
    const deps = dependenciesOf(container);
    const router = createSupportRouter(supportRouterDeps(deps), {
      prefix: options.prefix ?? SUPPORT_PREFIX,
    });
    const useCases: BugportUseCases = deps.pick(...BUGPORT_USE_CASES);
    const bugport: Bugport = {
      router,
      config,
      useCases,
      startWorkers: () => startWorkers(container, config),
      close: () => runtime.close(),
    };
    containers.set(bugport, container);
    return bugport;
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/**
 * The wiring behind a `Bugport`, for this repository's own tests only: not
 * exported by the package, whose hosts use `useCases` (docs/adr/0003).
 */
const containers = new WeakMap<Bugport, Container>();
export const containerOf = (bugport: Bugport): Container => {
  const container = containers.get(bugport);
  if (!container) throw new Error('not a Bugport made by createBugport');
  return container;
};

/** Every option, listed so that the compiler insists a new one is added here too. */
const OWN_OPTIONS: Readonly<Record<keyof BugportOptions, true>> = {
  databaseUrl: true,
  schema: true,
  sequelize: true,
  authenticate: true,
  mailer: true,
  env: true,
  logger: true,
  prefix: true,
  overrides: true,
};
const OPTION_NAMES = Object.keys(OWN_OPTIONS);

const DEDICATED: Readonly<Record<string, string>> = {
  DATABASE_URL: 'give the database as the databaseUrl option',
  DATABASE_SCHEMA: 'give the schema as the schema option',
};

/**
 * One line per key nobody reads: a misspelt `GITHUB_ENABLE` would otherwise
 * leave GitHub filing silently off. The option types catch these at compile
 * time; this catches hosts in plain JavaScript, or with their settings in a
 * `Record<string, string>`.
 */
function unknownOptionProblems(options: BugportOptions): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!(key in OWN_OPTIONS)) problems.push(unknownName(key, OPTION_NAMES, 'unknown option'));
  }
  const envNames = ENVIRONMENT_NAMES.filter((name) => !(name in DEDICATED));
  for (const key of Object.keys(options.env ?? {})) {
    const dedicated = DEDICATED[key];
    if (dedicated) problems.push(`env.${key}: not a setting here; ${dedicated}`);
    else if (!envNames.includes(key as BugportEnvironmentName)) {
      problems.push(unknownName(`env.${key}`, envNames, 'unknown setting', 'env.'));
    }
  }
  return problems;
}

function unknownName(given: string, known: readonly string[], what: string, prefix = ''): string {
  const bare = given.slice(prefix.length);
  const scored = known
    .map((name) => ({ name, distance: editDistance(bare.toUpperCase(), name.toUpperCase()) }))
    .sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  const close = best && best.distance <= Math.max(2, Math.floor(bare.length / 4));
  return `${given}: ${what}${close ? ` (did you mean ${prefix}${best.name}?)` : ''}`;
}

/** Levenshtein distance; the names are short, so the quadratic table is cheap. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
