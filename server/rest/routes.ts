// The REST routes of the manual, one router per domain. Each route is one SQL function call.
import express, { type Router } from 'express';
import type { RestDeps } from './deps.ts';

type RouterFactory = (deps: RestDeps) => Router;

export function restRoutes(deps: RestDeps, factories: RouterFactory[]): Router {
  const router = express.Router();
  for (const make of factories) router.use(make(deps));
  return router;
}
