/**
 * `npm run worker`: background work only (GitHub filing, e-mails), for
 * deployments that run API processes and workers apart. Any number of
 * workers and API processes may share one database.
 */
import { buildContainer } from '../container.js';
import { onShutdownSignal, runEntry } from '../run-entry.js';
import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';
import { startWorkers } from '../start-workers.js';

runEntry('bugport worker could not start', async (config) => {
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  try {
    const container = buildContainer({ config, ports: runtime.modules, overrides: { logger } });
    await startWorkers(container, config);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  process.stdout.write('bugport worker running\n');
  onShutdownSignal(async (signal) => {
    logger.info({ signal }, 'stopping: finishing running jobs');
    await runtime.close();
    logger.info({ signal }, 'bugport worker stopped');
  });
});
