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
  /** `support_agent` marks support staff; it unlocks nothing yet. */
  readonly roles: readonly string[];
}
