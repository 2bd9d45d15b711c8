import { InMemoryImageProcessor } from '../../src/adapters/in-memory/in-memory-image-processor.js';
import { SharpImageProcessor } from '../../src/adapters/storage/sharp-image-processor.js';
import { imageProcessorContract } from './image-processor.contract.js';

imageProcessorContract('InMemoryImageProcessor', () => new InMemoryImageProcessor());
imageProcessorContract('SharpImageProcessor', () => new SharpImageProcessor());
