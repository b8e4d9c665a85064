// Every REST router the service mounts. A domain adds its factory in its own section
// (sections are apart so that parallel work merges cleanly).
import type { Router } from 'express';
import type { RestDeps } from './deps.ts';
import { referenceDataRoutes } from './reference-data.ts';
// -- eligibility imports
import { eligibilityRoutes } from './eligibility.ts';

// -- ingestion imports

// -- claims imports

export const restRouterFactories: ((deps: RestDeps) => Router)[] = [
  referenceDataRoutes,
  // -- eligibility routers
  eligibilityRoutes,

  // -- ingestion routers

  // -- claims routers

];
