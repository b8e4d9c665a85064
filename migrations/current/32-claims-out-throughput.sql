-- Issue 14 throughput: the 837P is read as one packed record per claim
-- (billing_private.submission_837_claim_records); the flat claim and line row functions it
-- replaces are gone. server/db/apply-functions.ts drops functions no file defines any more; this
-- says so for a database migrated before that registry knew them.
drop function if exists billing_private.submission_837_line_rows(uuid, uuid);
drop function if exists billing_private.submission_837_claim_rows(uuid, uuid);
