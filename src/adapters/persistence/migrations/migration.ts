/**
 * What a migration gets: one way to run SQL, inside the single transaction
 * `migrate()` opens for the whole run. Migrations are plain SQL on purpose:
 * they are frozen history, so they never import the domain's enum lists or
 * the models, which may change after the migration was written.
 */
export interface MigrationContext {
  query(sql: string): Promise<void>;
}

export interface Migration {
  /** Sort order and identity; recorded in `bugport_migrations` once applied. */
  readonly name: string;
  up(context: MigrationContext): Promise<void>;
  down(context: MigrationContext): Promise<void>;
}
