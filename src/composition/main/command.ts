/**
 * Operator commands, run as `npm run <name>`:
 *   github:retry-failed    put reports whose GitHub filing failed back in the queue
 *   github:requeue-pending queue every report still waiting for GitHub (after enabling it)
 *   email:retry-failed     put failed confirmation e-mails back in the queue
 * A running server or worker then does the work. Without DATABASE_URL they
 * use the embedded database, also while `npm start` runs it.
 */
import { buildContainer, resolve } from '../container.js';
import { runEntry } from '../run-entry.js';
import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';

const COMMANDS = {
  'github:retry-failed': 'retryFailedGitHubSyncs',
  'github:requeue-pending': 'requeuePendingGitHubSyncs',
  'email:retry-failed': 'retryFailedEmails',
} as const;

const name = process.argv[2];
if (!name || !(name in COMMANDS)) {
  process.stderr.write(`usage: command <${Object.keys(COMMANDS).join('|')}>\n`);
  process.exitCode = 2;
} else {
  runEntry(name, async (config) => {
    const logger = createLogger({ logLevel: 'warn' });
    // Beside a running `npm start`, its embedded database is used, not a second one.
    const runtime = await openRuntime(config, logger, { attachEmbedded: true });
    try {
      const container = buildContainer({ config, ports: runtime.modules, overrides: { logger } });
      const useCase = resolve(container, COMMANDS[name as keyof typeof COMMANDS]);
      const { requeued } = await useCase.execute();
      process.stdout.write(`${name}: ${requeued} report(s) queued again\n`);
    } finally {
      await runtime.close();
    }
  });
}
