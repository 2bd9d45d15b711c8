/**
 * Where bugport's tables go in a shared database: a PostgreSQL schema of the
 * host's choosing (`createBugport({ schema })`, `DATABASE_SCHEMA`). Names are
 * lower-case unquoted identifiers only, so that a name can never carry SQL
 * and means the same quoted or not. Without a schema, table names stay
 * unqualified and follow the connection's `search_path` (normally `public`).
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name) && !name.startsWith('pg_');
}

/** The schema, checked; throws on a name that is not a plain lower-case identifier. */
export function checkedSchema(schema: string | undefined): string | undefined {
  if (schema !== undefined && !isSchemaName(schema)) {
    throw new Error(
      `Invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _ ` +
        '(up to 63, not starting with a digit or pg_)',
    );
  }
  return schema;
}

/** `"schema".table`, or `table` without a schema. */
export function qualified(schema: string | undefined, table: string): string {
  return checkedSchema(schema) === undefined ? table : `"${schema}".${table}`;
}
