import { ContainerModule } from 'inversify';
import { RandomIdGenerator } from '../../adapters/system/random-id-generator.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import { createLogger } from '../logger.js';
import { provide } from './provide.js';

/** The real clock, UUIDs and the pino logger. */
export const systemModule = new ContainerModule((options) => {
  provide(options, 'clock', [], () => new SystemClock());
  provide(options, 'ids', [], () => new RandomIdGenerator());
  provide(options, 'logger', ['config'], (config) => createLogger(config));
});
