/** `npm start`: the standalone API, with the workers unless RUN_WORKERS=false. */
import { resolve } from '../container.js';
import { DEV_SECRET_FILE } from '../dev-token.js';
import { onShutdownSignal, runEntry } from '../run-entry.js';
import { startStandalone } from '../standalone.js';

runEntry('bugport could not start', async (config) => {
  const running = await startStandalone(config);
  const logger = resolve(running.container, 'logger');
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`bugport listening on ${running.url}`);
  if (running.devToken) {
    out();
    out(`AUTH_JWT_SECRET is not set: using the development secret in ${DEV_SECRET_FILE}.`);
    out('A dev token (30 days; more with `npm run token -- --help`):');
    out(`  export BUGPORT_TOKEN=${running.devToken}`);
    out('Try it:');
    out(`  curl -H "Authorization: Bearer $BUGPORT_TOKEN" ${running.url}/api/support/reports`);
    out();
  }
  onShutdownSignal(async (signal) => {
    logger.info({ signal }, 'stopping: finishing requests in flight and running jobs');
    await running.close();
    logger.info({ signal }, 'bugport stopped');
  });
});
