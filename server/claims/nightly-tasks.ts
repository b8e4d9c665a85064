// The nightly job runner's tasks: each crontab line fires a dispatcher that enqueues one job
// per tenant on the tenant's queue (the refresh of the views is one job for all tenants).
import { isUuid } from '../is-uuid.ts';

export interface NightlyTask {
  /** The crontab task (the dispatcher). */
  task: string;
  /** The per-tenant task it enqueues; null when the task itself does the work for every tenant. */
  tenantTask: string | null;
  description: string;
}

export const NIGHTLY_TASKS: NightlyTask[] = [
  { task: 'claims/dispatch-claims-build', tenantTask: 'claims/build-claims', description: 'Validate NEW charges, then build claims from VALIDATED charges' },
  { task: 'claims/dispatch-timely-filing', tenantTask: 'claims/check-timely-filing', description: 'Timely-filing deadline checks (WARNING 80%, ALERT 90%, EXPIRED 100%, CONFIG)' },
  { task: 'claims/dispatch-stale-claims', tenantTask: 'claims/detect-stale-claims', description: 'Flag SUBMITTED claims with no payer response after the payer\'s stale_claim_days' },
  { task: 'claims/refresh-views', tenantTask: null, description: 'Refresh the billing reconciliation and reporting materialized views' },
];

export interface TenantPayload {
  tenantId: string;
}

export function assertTenantPayload(payload: unknown): asserts payload is TenantPayload {
  const tenantId = (payload as { tenantId?: unknown } | null)?.tenantId;
  if (!isUuid(tenantId)) throw new Error(`payload must be {"tenantId": "<uuid>"}, got ${JSON.stringify(payload)}`);
}
