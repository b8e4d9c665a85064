// How a 277CA's Claim Status Category moves a claim in the sandbox payer's answers. The code lists themselves
// (categories 507, status codes 508, entities 98) are data: sql/data/x12-code/*.csv, read by x12/code-lists.ts.

/** Categories that accept the claim into the payer's system (277CA): anything else in the A/E groups returns it. */
export const ACCEPTED_CATEGORIES = new Set(['A1', 'A2']);
