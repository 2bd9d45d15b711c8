import { ContainerModule } from 'inversify';
import { join } from 'node:path';
import { FsScreenshotStore } from '../../adapters/storage/fs-screenshot-store.js';
import { SharpImageProcessor } from '../../adapters/storage/sharp-image-processor.js';
import { rebindProvide } from './provide.js';

/**
 * Real image checks (sharp) and screenshots on disk under
 * `UPLOAD_DIR/screenshots/`, replacing the in-memory defaults.
 */
export const storageModule = new ContainerModule((options) => {
  rebindProvide(options, 'images', [], () => new SharpImageProcessor());
  rebindProvide(
    options,
    'screenshots',
    ['config'],
    (config) => new FsScreenshotStore(join(config.uploadDir, 'screenshots')),
  );
});
