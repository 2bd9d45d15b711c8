import { InMemoryUploadRegistry } from '../../src/adapters/in-memory/in-memory-upload-registry.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { createScreenshotUploads } from '../../src/adapters/persistence/migrations/0004-create-screenshot-uploads.js';
import { SequelizeUploadRegistry } from '../../src/adapters/persistence/sequelize-upload-registry.js';
import { createDatabase } from '../support/postgres.js';
import { uploadRegistryContract } from './upload-registry.contract.js';

uploadRegistryContract('InMemoryUploadRegistry', async () => ({
  registry: new InMemoryUploadRegistry(),
  close: async () => undefined,
}));

uploadRegistryContract('SequelizeUploadRegistry on PostgreSQL', async () => {
  const database = await createDatabase('bugport_uploads');
  const sequelize = createSequelize(database.url);
  await createScreenshotUploads.up({ query: async (sql) => void (await sequelize.query(sql)) });
  return {
    registry: new SequelizeUploadRegistry(sequelize),
    async close() {
      // The migration must undo cleanly too.
      await createScreenshotUploads.down({
        query: async (sql) => void (await sequelize.query(sql)),
      });
      await sequelize.close();
      await database.drop();
    },
  };
});
