// Every REST router the service mounts. A domain adds its factory in its own section
// (sections are apart so that parallel work merges cleanly).
import type { Router } from 'express';
import type { RestDeps } from './deps.ts';
import { referenceDataRoutes } from './reference-data.ts';
// -- eligibility imports

// -- ingestion imports

// -- claims imports
import { claimsRoutes } from './claims.ts';

export const restRouterFactories: ((deps: RestDeps) => Router)[] = [
  referenceDataRoutes,
  // -- eligibility routers

  // -- ingestion routers

  // -- claims routers
  claimsRoutes,

];
