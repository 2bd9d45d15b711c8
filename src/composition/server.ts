/** `npm start`: the standalone API, with the workers unless RUN_WORKERS=false. */
import { onShutdownSignal, runEntry } from './entry.js';
import { startStandalone } from './standalone.js';

runEntry('bugport could not start', async (config) => {
  const running = await startStandalone(config);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`bugport listening on ${running.url}`);
  if (running.devToken) {
    out();
    out('AUTH_JWT_SECRET is not set: this start uses a random secret. A dev token (30 days):');
    out(`  ${running.devToken}`);
    out('Try it:');
    out(`  curl -H "Authorization: Bearer ${running.devToken}" ${running.url}/api/support/reports`);
    out();
  }
  onShutdownSignal(async (signal) => {
    out(`${signal}: shutting down`);
    await running.close();
  });
});
