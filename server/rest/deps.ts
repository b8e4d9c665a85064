import type { Pool } from 'pg';
import type { Logger } from '../log.ts';

export interface RestDeps {
  /** rcm_authenticator pool; use asTenantUser() to run as the caller. */
  apiPool: Pool;
  /** Owner pool, for the few things no tenant can do (health). Never for tenant data. */
  ownerPool: Pool;
  log: Logger;
}
