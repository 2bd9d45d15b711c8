import type { Config } from './config.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';
import { startServer, type RunningServer } from './start-server.js';
import { startWorkers } from './workers.js';

/**
 * `npm start`: the API on PostgreSQL (embedded unless DATABASE_URL is set),
 * with the background workers in the same process unless RUN_WORKERS=false. `close()` finishes the
 * requests in flight, then the running jobs, then closes the database.
 */
export async function startStandalone(config: Config): Promise<RunningServer> {
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  try {
    const server = await startServer(config, { logger }, runtime.modules);
    if (config.runWorkers) await startWorkers(server.container, server.config);
    return {
      ...server,
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
