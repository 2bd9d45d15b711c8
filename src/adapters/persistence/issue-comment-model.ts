import { DataTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';

/** One row of `issue_comments` (migration 0002). */
export interface IssueCommentRow {
  id: string;
  issue_id: string;
  user_id: number;
  company_id: number;
  comment: string;
  is_internal: boolean;
  created_at: Date;
  updated_at: Date;
}

export type IssueCommentModel = ModelStatic<Model<IssueCommentRow, IssueCommentRow>>;

/** The model over `issue_comments`; like the report model, never `sync()`ed. */
export function defineIssueCommentModel(sequelize: Sequelize, schema?: string): IssueCommentModel {
  const name = schema === undefined ? 'BugportIssueComment' : `BugportIssueComment_${schema}`;
  const existing = sequelize.models[name];
  if (existing) return existing as IssueCommentModel;
  return sequelize.define<Model<IssueCommentRow, IssueCommentRow>>(
    name,
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      issue_id: { type: DataTypes.UUID, allowNull: false },
      user_id: { type: DataTypes.INTEGER, allowNull: false },
      company_id: { type: DataTypes.INTEGER, allowNull: false },
      comment: { type: DataTypes.TEXT, allowNull: false },
      is_internal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'issue_comments', ...(schema === undefined ? {} : { schema }) },
  );
}
