import type { Sequelize } from 'sequelize';
import type { UploadRecord, UploadRegistry } from '../../application/ports/upload-registry.js';
import { translatingConnectionErrors } from './connection-errors.js';
import { qualified } from './schema-name.js';
import { sqlOf } from './sql.js';

interface UploadRow {
  name: string;
  company_id: number;
  user_id: number;
  content_type: string;
  bytes: number;
  created_at: Date;
}

const insert = (table: string) => `
  INSERT INTO ${table} (name, company_id, user_id, content_type, bytes, created_at)
  VALUES ($1, $2, $3, $4, $5, $6)`;

// The company is in the WHERE clause: another tenant's row is never even read.
const findOwned = (table: string) => `
  SELECT name, company_id, user_id, content_type, bytes, created_at
  FROM ${table} WHERE company_id = $1 AND name = $2`;

const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

const toUploadRecord = (row: UploadRow): UploadRecord => ({
  name: row.name,
  companyId: row.company_id,
  userId: row.user_id,
  contentType: row.content_type,
  bytes: row.bytes,
  createdAt: new Date(row.created_at),
});

/** Upload ownership in `screenshot_uploads` (migration 0004). */
export class SequelizeUploadRegistry implements UploadRegistry {
  private readonly insertStatement: string;
  private readonly findOwnedStatement: string;

  /** `schema`: the one `migrate` was given; unqualified (search_path) when omitted. */
  constructor(
    private readonly sequelize: Sequelize,
    { schema }: { readonly schema?: string | undefined } = {},
  ) {
    const table = qualified(schema, 'screenshot_uploads');
    this.insertStatement = insert(table);
    this.findOwnedStatement = findOwned(table);
  }

  async record(upload: UploadRecord): Promise<void> {
    await translatingConnectionErrors('record an upload', () =>
      sqlOf(this.sequelize).run(this.insertStatement, [
        upload.name,
        upload.companyId,
        upload.userId,
        upload.contentType,
        upload.bytes,
        upload.createdAt,
      ]),
    );
  }

  async findOwned(companyId: number, name: string): Promise<UploadRecord | null> {
    // Out-of-range input cannot match a row; asking PostgreSQL would only raise a type error.
    if (!isInt32(companyId) || name.length === 0 || name.length > 100) return null;
    const [row] = await translatingConnectionErrors('find an upload', () =>
      sqlOf(this.sequelize).select<UploadRow>(this.findOwnedStatement, [companyId, name]),
    );
    return row ? toUploadRecord(row) : null;
  }
}
