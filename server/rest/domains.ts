// Every REST router the service mounts. A domain adds its factory in its own section
// (sections are apart so that parallel work merges cleanly).
import type { Router } from 'express';
import type { RestDeps } from './deps.ts';
import { referenceDataRoutes } from './reference-data.ts';
// -- eligibility imports
import { eligibilityBodyRoutes, eligibilityRoutes } from './eligibility.ts';

// -- ingestion imports
import { ingestionBodyRoutes, ingestionRoutes } from './ingestion.ts';

// -- claims imports
import { claimsRoutes } from './claims.ts';
import { claimAcknowledgmentBodyRoutes, claimSubmissionRoutes } from './claim-submissions.ts';

// -- remittances imports (money-back)
import { remittanceBodyRoutes, remittanceRoutes } from './remittances.ts';
// -- denial actions imports (remitflow)
import { denialActionRoutes } from './denial-actions.ts';
// -- unmatched remittance claims imports (remit15)
import { unmatchedRemittanceRoutes } from './unmatched-remittances.ts';

export const restRouterFactories: ((deps: RestDeps) => Router)[] = [
  referenceDataRoutes,
  // -- eligibility routers
  eligibilityRoutes,

  // -- ingestion routers
  ingestionRoutes,

  // -- claims routers
  claimsRoutes,
  claimSubmissionRoutes,

  // -- unmatched remittance claims routers (remit15): before remittanceRoutes, whose /remittances/:id would take "unmatched"
  unmatchedRemittanceRoutes,
  // -- remittances routers (money-back)
  remittanceRoutes,
  // -- denial actions routers (remitflow)
  denialActionRoutes,
];

// Routers that read their request body themselves (streamed uploads, their own size limits):
// mounted before the shared JSON parser (server/app.ts).
export const restBodyRouterFactories: ((deps: RestDeps) => Router)[] = [
  // -- eligibility body routers
  eligibilityBodyRoutes,

  // -- ingestion body routers
  ingestionBodyRoutes,
  // -- claims body routers
  claimAcknowledgmentBodyRoutes,

  // -- remittances body routers (money-back)
  remittanceBodyRoutes,
];
