import type { Container } from 'inversify';
import type { Config } from './config.js';
import { resolve } from './container.js';

/**
 * Starts the background work on this process: GitHub filing and
 * confirmation e-mails. Any number of processes may do this on one database;
 * the queue hands each job to one of them.
 */
export async function startWorkers(container: Container, config: Config): Promise<void> {
  const queue = resolve(container, 'jobQueue');
  const logger = resolve(container, 'logger');
  const sync = resolve(container, 'syncReportToGitHub');
  const email = resolve(container, 'sendConfirmationEmail');
  await queue.process('github.sync', (job, context) => sync.execute(job, context));
  await queue.process('email.confirmation', (job, context) => email.execute(job, context));
  if (config.githubEnabled) {
    // Reports kept while GitHub was off (or whose job was lost) are filed now.
    const { requeued } = await resolve(container, 'requeuePendingGitHubSyncs').execute();
    if (requeued > 0) logger.info({ requeued }, 'queued pending reports for GitHub');
  }
  logger.info({}, 'workers started: github.sync, email.confirmation');
}
