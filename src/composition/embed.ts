import type { Router } from '@koa/router';
import type { Container } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import type { Sequelize } from 'sequelize';
import type { Authenticate } from '../adapters/http/auth.js';
import { SUPPORT_PREFIX, createSupportRouter } from '../adapters/http/support-router.js';
import type { SupportState } from '../adapters/http/support-state.js';
import type { Mailer } from '../application/ports/mailer.js';
import { loadConfig, type Config } from './config.js';
import { buildContainer, resolve } from './container.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';
import type { Overrides } from './services.js';
import { startWorkers } from './workers.js';

export interface BugportOptions {
  /** The host's PostgreSQL database; bugport's tables and the `pgboss` schema go there. */
  readonly databaseUrl: string;
  /** The host's own Sequelize instance on that database, to share its pool (optional). */
  readonly sequelize?: Sequelize;
  /** Turns a request into the host's signed-in user, or null (401). */
  readonly authenticate: Authenticate;
  /** The host's mailer; by default SMTP_URL from `env`, else `.eml` files in `data/mail/`. */
  readonly mailer?: Mailer;
  /** Settings by their environment names (contract section 2): GITHUB_*, SUPPORT_EMAIL, … */
  readonly env?: Readonly<Record<string, string>>;
  readonly logger?: PinoLogger;
  /** Where the router mounts; `/api/support` by default. */
  readonly prefix?: string;
  /** Any port or use case replaced by the host's own instance. */
  readonly overrides?: Overrides;
}

export interface Bugport {
  /** Mount with `app.use(bugport.router.routes())`. */
  readonly router: Router<SupportState>;
  readonly config: Config;
  /** The wiring, for hosts that want a use case directly (`resolve(container, 'listIssueReports')`). */
  readonly container: Container;
  /** Runs GitHub filing and e-mails in this process; skip it where separate workers run. */
  startWorkers(): Promise<void>;
  /** Stops the workers and closes bugport's pools (not the host's Sequelize). */
  close(): Promise<void>;
}

/**
 * bugport inside a host's Koa app, on the host's database: migrates its own
 * tables (its own bookkeeping table, so the host's migrations are left
 * alone), opens the job queue and returns a router to mount. Settings the
 * host does not give take the contract's defaults.
 */
export async function createBugport(options: BugportOptions): Promise<Bugport> {
  const loaded = loadConfig({ ...options.env, DATABASE_URL: options.databaseUrl });
  if (!loaded.ok) throw new Error(`bugport configuration: ${loaded.problems.join('; ')}`);
  const config = loaded.value;
  const logger = options.logger ?? createLogger(config);
  const runtime = await openRuntime(config, logger, {
    ...(options.sequelize ? { sequelize: options.sequelize } : {}),
  });
  try {
    const container = buildContainer({
      config,
      modules: runtime.modules,
      overrides: {
        logger,
        authenticate: options.authenticate,
        ...(options.mailer ? { mailer: options.mailer } : {}),
        ...options.overrides,
      },
    });
    const router = createSupportRouter(
      {
        submitIssueReport: resolve(container, 'submitIssueReport'),
        listIssueReports: resolve(container, 'listIssueReports'),
        getIssueReport: resolve(container, 'getIssueReport'),
        authenticate: options.authenticate,
        authFailures: resolve(container, 'authFailures'),
        logger,
        options: { maxBodyBytes: config.maxBodyBytes },
        screenshots: {
          uploadScreenshot: resolve(container, 'uploadScreenshot'),
          getScreenshot: resolve(container, 'getScreenshot'),
          maxScreenshotBytes: config.maxScreenshotBytes,
        },
      },
      { prefix: options.prefix ?? SUPPORT_PREFIX },
    );
    return {
      router,
      config,
      container,
      startWorkers: () => startWorkers(container, config),
      close: () => runtime.close(),
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
