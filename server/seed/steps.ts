// Seeding runs the base step, then each domain's step (schedules, feeds, charges and claims...),
// so that a demo tenant shows every capability. A domain adds its step in its own section.
import type pg from 'pg';
import type { SeedOptions } from './base.ts';
// -- eligibility imports
import { seedEligibility } from './eligibility.ts';

// -- ingestion imports
import { seedIngestion } from './ingestion.ts';

// -- claims imports
import { seedClaims } from './claims.ts';
import { seedClaimSubmissions } from './claims-submission.ts';
// -- remittances imports (remitflow)
import { seedRemittances } from './remittances.ts';

export type SeedStep = (client: pg.ClientBase, tenantId: string, options: SeedOptions) => Promise<void>;

export const seedSteps: { name: string; run: SeedStep }[] = [
  // -- eligibility steps
  { name: 'eligibility', run: seedEligibility },

  // -- ingestion steps
  { name: 'ingestion', run: seedIngestion },

  // -- claims steps
  { name: 'claims', run: seedClaims },
  { name: 'claims-submission', run: seedClaimSubmissions },
  // -- remittances steps (remitflow): after claims-submission, whose accepted claims it adjudicates
  { name: 'remittances', run: seedRemittances },

];
