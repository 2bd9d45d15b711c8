/**
 * The authenticated caller, as the HTTP adapter (or an embedding host's own
 * authentication) hands it to the use cases. `companyId` is the tenant: every
 * read and write of a use case is scoped by it.
 */
export interface Principal {
  readonly userId: number;
  readonly companyId: number;
  readonly name: string;
  readonly email: string | null;
  /**
   * The caller's roles, as the host's authentication states them. `support_agent`
   * marks the operator's support staff, who may work on reports across companies
   * (the staff workflow); no use case reads it yet.
   */
  readonly roles: readonly string[];
}
