import type { Logger } from '../../application/ports/logger.js';
import type { Sql } from './sql.js';

/** A host table whose key bugport's `user_id` or `company_id` should reference. */
export interface HostTableReference {
  /** `users` or `schema.users`. */
  readonly table: string;
  /** The referenced key column; `id` by default. */
  readonly column?: string;
  /** What deleting a host row does to its reports: refused (default) or cascaded. */
  readonly onDelete?: 'no action' | 'cascade';
}

/**
 * Optional foreign keys for an embedding host. None by default: the
 * standalone server has no users or companies tables (people come from
 * tokens), and a host's tables differ in name, key type and deletion rules.
 * See docs/persistence.md.
 */
export interface HostForeignKeys {
  readonly users?: HostTableReference;
  readonly companies?: HostTableReference;
}

const TARGETS = [
  { table: 'issue_reports', column: 'user_id', kind: 'users' },
  { table: 'issue_reports', column: 'company_id', kind: 'companies' },
  { table: 'issue_comments', column: 'user_id', kind: 'users' },
  { table: 'issue_comments', column: 'company_id', kind: 'companies' },
] as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoted(name: string, what: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new Error(`Invalid ${what} for a host foreign key: ${JSON.stringify(name)}`);
  }
  return parts.map((part) => `"${part}"`).join('.');
}

/**
 * Makes the configured host foreign keys exist, inside the migration
 * transaction: an unknown table, or existing rows without a match in it, fail
 * the whole migration. A constraint pointing elsewhere than configured is
 * replaced. Constraints that are no longer configured are left in place
 * (dropping integrity on a forgotten setting would be worse); drop them by hand.
 */
export async function ensureHostForeignKeys(
  sql: Sql,
  config: HostForeignKeys,
  logger: Pick<Logger, 'info'>,
): Promise<void> {
  for (const target of TARGETS) {
    const reference = config[target.kind];
    if (!reference) continue;
    const hostTable = quoted(reference.table, 'table');
    const hostColumn = reference.column ?? 'id';
    const hostColumnSql = quoted(hostColumn, 'column');
    const name = `${target.table}_${target.column}_host_fkey`;
    const [exists] = await sql.select<{ ok: boolean | null }>(
      'SELECT to_regclass($1) IS NOT NULL AS ok',
      [hostTable],
    );
    if (!exists?.ok) throw new Error(`Host table ${reference.table} does not exist`);
    const [current] = await sql.select<{ same: boolean }>(
      `SELECT c.confrelid = to_regclass($2) AND a.attname = $3
              AND c.confdeltype = $4 AS same
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = c.confkey[1]
        WHERE c.conname = $1 AND c.conrelid = to_regclass($5)`,
      [name, hostTable, hostColumn, reference.onDelete === 'cascade' ? 'c' : 'a', target.table],
    );
    if (current?.same) continue;
    if (current) await sql.run(`ALTER TABLE ${target.table} DROP CONSTRAINT ${name}`);
    await sql.run(
      `ALTER TABLE ${target.table} ADD CONSTRAINT ${name} FOREIGN KEY (${target.column})
         REFERENCES ${hostTable} (${hostColumnSql})
         ON DELETE ${reference.onDelete === 'cascade' ? 'CASCADE' : 'NO ACTION'}`,
    );
    logger.info({}, `Foreign key ${name} → ${reference.table}(${hostColumn}) created`);
  }
}
