import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** Plain SQL with `$n` parameters, bound to one transaction (or none). */
export interface Sql {
  run(text: string, values?: readonly unknown[]): Promise<void>;
  select<T extends object>(text: string, values?: readonly unknown[]): Promise<T[]>;
}

// pg sends `undefined` as NULL, but Sequelize's bind check rejects it; make it explicit.
const bindOf = (values: readonly unknown[]) => values.map((value) => value ?? null);

export function sqlOf(sequelize: Sequelize, transaction?: Transaction): Sql {
  const base = transaction ? { transaction } : {};
  return {
    async run(text, values = []) {
      await sequelize.query(text, { ...base, ...(values.length ? { bind: bindOf(values) } : {}) });
    },
    async select<T extends object>(text: string, values: readonly unknown[] = []): Promise<T[]> {
      return sequelize.query<T>(text, {
        ...base,
        ...(values.length ? { bind: bindOf(values) } : {}),
        type: QueryTypes.SELECT,
      });
    },
  };
}

/** Rows of any statement (`INSERT … RETURNING` included), in the shape pg-boss's `db.executeSql` returns. */
export async function executeSql(
  sequelize: Sequelize,
  transaction: Transaction,
  text: string,
  values: readonly unknown[],
): Promise<{ rows: unknown[] }> {
  const [rows] = await sequelize.query(text, {
    transaction,
    ...(values.length ? { bind: bindOf(values) } : {}),
  });
  return { rows: Array.isArray(rows) ? rows : [] };
}
