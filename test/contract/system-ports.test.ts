import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { SequentialIdGenerator } from '../../src/adapters/in-memory/sequential-id-generator.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { clockContract, idGeneratorContract } from './system-ports.contract.js';

idGeneratorContract('RandomIdGenerator', () => new RandomIdGenerator());
idGeneratorContract('SequentialIdGenerator', () => new SequentialIdGenerator());
clockContract('SystemClock', () => new SystemClock());
clockContract('ManualClock', () => new ManualClock());
