// Cron: enqueues the per-tenant job of the nightly task (server/claims/nightly-tasks.ts).
import { dispatcher } from '../../server/claims/dispatch.ts';

export default dispatcher('claims/dispatch-claims-build');
