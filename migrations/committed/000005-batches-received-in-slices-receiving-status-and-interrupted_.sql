--! Previous: sha1:f0349313d71a249e9a91ba0cb83ec20c5ecd66ee
--! Hash: sha1:c158f12fa4447459106893518f5eac56584b9ef8
--! Message: Batches received in slices: RECEIVING status and interrupted_reason

--! split: 1-current.sql
-- POST /batches receives a large batch in slices (each its own transaction) while the worker
-- already applies the records received: the batch is RECEIVING until the last slice is in. An
-- upload that stops half-way is finished with the records it has, and says so.
alter table ingestion.batch drop constraint if exists batch_status_check;
alter table ingestion.batch add constraint batch_status_check
  check (status in ('RECEIVING', 'PENDING', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'HELD'));
alter table ingestion.batch add column if not exists interrupted_reason text;
comment on column ingestion.batch.interrupted_reason is
  'Set when the upload of the batch stopped before all its records were received (POST /batches interrupted): how many of how many arrived. The records received are applied; send the batch again and those already applied are skipped by their idempotency keys.';
