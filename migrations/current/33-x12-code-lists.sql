-- x12-code-lists (issues 14/15): the x12_code tables hold the whole published lists, loaded from
-- sql/data/x12-code/<table>.csv after every migration (server/db/load-code-lists.ts), not rows
-- written into a migration. This file adds the columns those lists carry. Re-runnable: each
-- column is dropped before it is added (the loader fills them again).

-- Claim Status codes (508): the published text is "<meaning>. Usage: <how to send it>"; the
-- meaning is what a biller reads in a rejection reason, the usage note stays beside it.
alter table x12_code.claim_status drop column if exists usage_note;
alter table x12_code.claim_status add column usage_note text;
comment on table x12_code.claim_status is 'Health Care Claim Status Codes (X12 external code source 508), the published list: STC01-2 of a 277/277CA.';
comment on column x12_code.claim_status.usage_note is 'The "Usage:" note of the published text (e.g. "This code requires use of an Entity Code."), null when it has none.';

comment on table x12_code.claim_status_category is 'Claim Status Category Codes (X12 external code source 507), the published list: STC01-1. claim_outcome says how a 277CA moves a claim.';
comment on table x12_code.entity_identifier is 'Entity Identifier Codes (X12 element 98) that 277/277CA, 835 and 837 name: STC01-3, NM101, N101.';

-- CARC (139) and RARC (411): the published lists keep retired codes, and remittances for old
-- claims still carry them: each row says whether the code is current, to be deactivated, or
-- deactivated.
alter table x12_code.carc drop column if exists stop_date;
alter table x12_code.carc drop column if exists status;
alter table x12_code.carc drop column if exists usage_note;
alter table x12_code.carc add column usage_note text;
alter table x12_code.carc add column status text not null default 'current' check (status in ('current', 'tobe', 'deactivated'));
alter table x12_code.carc add column stop_date date;
comment on table x12_code.carc is 'Claim Adjustment Reason Codes (X12 external code source 139), the published list with each code''s text and status, mapped to the denial category a biller works it under (denial_category and denies are ours).';
comment on column x12_code.carc.usage_note is 'The "Usage:" note of the published text, null when it has none.';
comment on column x12_code.carc.stop_date is 'The published Stop date of a deactivated code (the last day it may be sent is the day before); null when the source copy has none.';
comment on column x12_code.carc.status is 'current, tobe (to be deactivated) or deactivated, as the published list marks it. A deactivated code still posts: old claims carry it.';

alter table x12_code.rarc drop column if exists stop_date;
alter table x12_code.rarc drop column if exists status;
alter table x12_code.rarc add column status text not null default 'current' check (status in ('current', 'tobe', 'deactivated'));
alter table x12_code.rarc add column stop_date date;
comment on table x12_code.rarc is 'Remittance Advice Remark Codes (X12 external code source 411), the published list. alert: an informational "Alert:" remark, never the reason for an adjustment.';
comment on column x12_code.rarc.status is 'current, tobe (to be deactivated) or deactivated, as the published list marks it.';
comment on column x12_code.rarc.stop_date is 'The published Stop date of a deactivated code; null when the source copy has none.';
