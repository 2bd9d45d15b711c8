import { ContainerModule } from 'inversify';
import { join } from 'node:path';
import { FsScreenshotStore } from '../../adapters/storage/fs-screenshot-store.js';
import { SharpImageProcessor } from '../../adapters/storage/sharp-image-processor.js';
import { provide } from './provide.js';

/**
 * Real image checks (sharp) and screenshots on disk under
 * `UPLOAD_DIR/screenshots/`.
 */
export const storageModule = new ContainerModule((options) => {
  provide(options, 'images', () => new SharpImageProcessor());
  provide(
    options,
    'screenshots',
    ({ get }) => new FsScreenshotStore(join(get('config').uploadDir, 'screenshots')),
  );
});
