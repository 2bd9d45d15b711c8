import type { Config } from './config.js';
import { devSecret, signDevToken } from './dev-token.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';
import { startServer, type RunningServer } from './start-server.js';
import { startWorkers } from './start-workers.js';

/**
 * Outside production, a missing AUTH_JWT_SECRET is replaced by the
 * development secret of `data/dev-secret` (made at the first start), so that
 * tokens survive restarts and `npm run token` signs tokens this server accepts.
 */
export async function withDevSecret(config: Config): Promise<Config> {
  if (config.authJwtSecret || config.production) return config;
  return { ...config, authJwtSecret: await devSecret() };
}

/**
 * `npm start`: the API on PostgreSQL (embedded unless DATABASE_URL is set),
 * with the background workers in the same process unless RUN_WORKERS=false. `close()` finishes the
 * requests in flight, then the running jobs, then closes the database.
 */
export async function startStandalone(given: Config): Promise<RunningServer> {
  const config = await withDevSecret(given);
  const devToken =
    config.authJwtSecret && !given.authJwtSecret ? await signDevToken(config.authJwtSecret) : null;
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  try {
    const server = await startServer(config, { logger }, runtime.modules);
    if (config.runWorkers) await startWorkers(server.container, server.config);
    return {
      ...server,
      devToken,
      close: async () => {
        await server.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
