// Every REST router the service mounts. A domain adds its factory here.
import type { Router } from 'express';
import type { RestDeps } from './deps.ts';
import { referenceDataRoutes } from './reference-data.ts';

export const restRouterFactories: ((deps: RestDeps) => Router)[] = [
  referenceDataRoutes,
];
