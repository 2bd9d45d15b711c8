/**
 * `npm run worker`: background work only (GitHub filing, e-mails), for
 * deployments that run API processes and workers apart. Any number of
 * workers and API processes may share one database.
 */
import { loadConfig, readEnvironment } from './config.js';
import { logStrayRejections } from './process-guards.js';
import { buildContainer } from './container.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';
import { startWorkers } from './workers.js';

async function main(): Promise<void> {
  logStrayRejections((message) => process.stderr.write(`${message}\n`));
  const loaded = loadConfig(readEnvironment());
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`${problem}\n`);
    process.exitCode = 1;
    return;
  }
  const config = loaded.value;
  const logger = createLogger(config);
  const runtime = await openRuntime(config, logger);
  const container = buildContainer({ config, modules: runtime.modules, overrides: { logger } });
  await startWorkers(container, config);
  process.stdout.write('bugport worker running\n');

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping: finishing running jobs');
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bugport worker could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
