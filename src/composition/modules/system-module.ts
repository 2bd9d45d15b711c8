import { ContainerModule } from 'inversify';
import { NunjucksEmailRenderer } from '../../adapters/email/nunjucks-email-renderer.js';
import { RandomIdGenerator } from '../../adapters/system/random-id-generator.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { createLogger } from '../logger.js';
import { provide } from './provide.js';

/**
 * What every wiring shares, having nothing to fake: the real clock, UUIDs,
 * the pino logger and the e-mail templates (tests render the real ones).
 */
export const systemModule = new ContainerModule((options) => {
  provide(options, 'clock', () => new SystemClock());
  provide(options, 'ids', () => new RandomIdGenerator());
  provide(options, 'logger', ({ get }) => createLogger(get('config')));
  provide(options, 'emailRenderer', () => new NunjucksEmailRenderer());
});
