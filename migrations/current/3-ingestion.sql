-- Ingestion: feeds, received artifacts, batches of records and the keys a feed has applied.
-- Re-runnable: drops what it creates (reverse order), then creates it.
drop table if exists ingestion_private.applied_key cascade;
drop table if exists ingestion_private.artifact_row cascade;
drop table if exists ingestion.batch_record cascade;
drop table if exists ingestion.batch cascade;
drop table if exists ingestion.artifact cascade;
drop table if exists ingestion.feed cascade;
-- API functions that returned jsonb in an earlier draft of this migration (now json, in key order).
drop function if exists ingestion.fn_get_batch(uuid), ingestion.fn_list_batches(text, uuid, integer, integer),
  ingestion.fn_list_batch_records(uuid, text, integer, integer), ingestion.fn_retry_batch(uuid), ingestion.fn_get_artifact(uuid),
  ingestion.fn_list_feeds(), ingestion_private.fn_finish_artifact(uuid, bigint, text);

create schema if not exists ingestion_private;
-- Row tables (artifact_row, batch_record) reference core.tenant only through their composite
-- foreign key (tenant_id, parent_id) to a parent that references core.tenant: a second foreign
-- key would cost one more lookup per row on the 100,000-row paths and check nothing new.
-- The REST artifact upload calls three functions of ingestion_private (granted one by one);
-- PostGraphile does not expose this schema, and its tables have no grants.
grant usage on schema ingestion_private to :VISITOR;

-------------------------------------------------------------------------------
-- Feeds
-------------------------------------------------------------------------------

create table ingestion.feed (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (name ~ '^[A-Za-z0-9_.-]{1,80}$'),
  kind text not null check (kind in ('members', 'coverage_policies', 'service_events', 'charges')),
  idempotency_key_fields text[] not null check (cardinality(idempotency_key_fields) between 1 and 10 and array_position(idempotency_key_fields, null) is null),
  jobs_disabled boolean not null default false,
  jobs_disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, name)
);
create trigger _100_set_updated_at before update on ingestion.feed for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('ingestion.feed', 'ingestion.read', 'ingestion.update');
grant select on ingestion.feed to :VISITOR;
grant insert (name, kind, idempotency_key_fields, jobs_disabled, jobs_disabled_reason),
  update (name, idempotency_key_fields, jobs_disabled, jobs_disabled_reason) on ingestion.feed to :VISITOR;
comment on table ingestion.feed is 'A named source of one kind of record (members, coverage_policies, service_events, charges).';
comment on column ingestion.feed.idempotency_key_fields is 'Record fields whose values identify a row across re-deliveries, used when a batch names none.';
comment on column ingestion.feed.jobs_disabled is 'Feed admin switch: while true, this feed''s batches are HELD; turning it off resumes them.';

-------------------------------------------------------------------------------
-- Artifacts: received files, their rows kept privately
-------------------------------------------------------------------------------

create table ingestion.artifact (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  feed_id uuid not null,
  file_name text not null check (length(file_name) between 1 and 255),
  content_type text not null,
  format text not null check (format in ('csv', 'jsonl')),
  status text not null default 'RECEIVING' check (status in ('RECEIVING', 'RECEIVED')),
  size_bytes bigint check (size_bytes >= 0),
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  duplicate_of uuid,
  row_count integer not null default 0 check (row_count >= 0),
  created_by text default core.current_user_id(),
  created_at timestamptz not null default now(),
  received_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, feed_id) references ingestion.feed (tenant_id, id),
  foreign key (tenant_id, duplicate_of) references ingestion.artifact (tenant_id, id),
  constraint received_has_digest check (status = 'RECEIVING' or (sha256 is not null and size_bytes is not null and received_at is not null))
);
create index artifact_feed_sha256 on ingestion.artifact (tenant_id, feed_id, sha256, created_at);
select core_private.enable_tenant_rls('ingestion.artifact', 'ingestion.read', 'ingestion.update');
grant select on ingestion.artifact to :VISITOR;
comment on table ingestion.artifact is 'A file received from a feed: its digest, size and row count. duplicate_of flags the same bytes received before.';

create table ingestion_private.artifact_row (
  tenant_id uuid not null default core.current_tenant_id(), -- tenant pinned by the composite key to its parent (see above)
  artifact_id uuid not null,
  row_number integer not null check (row_number > 0),
  data jsonb not null check (jsonb_typeof(data) = 'object'),
  primary key (tenant_id, artifact_id, row_number),
  foreign key (tenant_id, artifact_id) references ingestion.artifact (tenant_id, id) on delete cascade
);
select core_private.enable_tenant_rls('ingestion_private.artifact_row', 'ingestion.read', 'ingestion.update');

-------------------------------------------------------------------------------
-- Batches and their records
-------------------------------------------------------------------------------

create table ingestion.batch (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  feed_id uuid not null,
  artifact_id uuid not null,
  idempotency_key_fields text[] not null check (cardinality(idempotency_key_fields) between 1 and 10),
  status text not null default 'PENDING' check (status in ('PENDING', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'HELD')),
  held_reason text,
  total integer not null check (total >= 0),
  processed integer not null default 0 check (processed >= 0),
  success integer not null default 0 check (success >= 0),
  error integer not null default 0 check (error >= 0),
  pending integer not null check (pending >= 0),
  skipped_duplicates integer not null default 0 check (skipped_duplicates >= 0),
  created_by text default core.current_user_id(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, feed_id) references ingestion.feed (tenant_id, id),
  foreign key (tenant_id, artifact_id) references ingestion.artifact (tenant_id, id),
  constraint counters_tie_out check (total = processed + pending and processed = success + error and skipped_duplicates <= success),
  constraint done_when_nothing_pending check ((status in ('COMPLETED', 'COMPLETED_WITH_ERRORS')) = (pending = 0 and status <> 'HELD' and completed_at is not null)),
  constraint with_errors_when_errors check (status <> 'COMPLETED' or error = 0),
  constraint held_has_reason check ((status = 'HELD') = (held_reason is not null))
);
create index batch_created on ingestion.batch (tenant_id, created_at desc, id);
create index on ingestion.batch (tenant_id, feed_id, status);
create index on ingestion.batch (tenant_id, artifact_id);
create trigger _100_set_updated_at before update on ingestion.batch for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('ingestion.batch', 'ingestion.read', 'ingestion.update');
grant select on ingestion.batch to :VISITOR;
comment on table ingestion.batch is 'Records of one feed to apply. Counters always tie out: total = processed + pending, processed = success + error.';
comment on column ingestion.batch.skipped_duplicates is 'SUCCESS records whose idempotency key this feed had already applied: not written a second time.';

create table ingestion.batch_record (
  tenant_id uuid not null default core.current_tenant_id(), -- tenant pinned by the composite key to its parent (see above)
  batch_id uuid not null,
  row_number integer not null check (row_number > 0),
  data jsonb not null check (jsonb_typeof(data) = 'object'),
  idempotency_key text,
  status text not null default 'PENDING' check (status in ('PENDING', 'SUCCESS', 'ERROR')),
  attempts integer not null default 0 check (attempts >= 0),
  skipped_duplicate boolean not null default false,
  error_detail jsonb,
  processed_at timestamptz,
  primary key (tenant_id, batch_id, row_number),
  foreign key (tenant_id, batch_id) references ingestion.batch (tenant_id, id) on delete cascade,
  constraint error_has_detail check ((status = 'ERROR') = (error_detail is not null)),
  constraint error_detail_shape check (error_detail is null or (jsonb_typeof(error_detail) = 'object' and error_detail ? 'code' and error_detail ? 'message')),
  constraint skipped_is_success check (not skipped_duplicate or status = 'SUCCESS')
) with (fillfactor = 80);
-- The worker takes the next PENDING rows in row order; operators page through ERROR rows.
create index batch_record_pending on ingestion.batch_record (tenant_id, batch_id, row_number) where status = 'PENDING';
create index batch_record_errors on ingestion.batch_record (tenant_id, batch_id, row_number) where status = 'ERROR';
select core_private.enable_tenant_rls('ingestion.batch_record', 'ingestion.read', 'ingestion.update');
grant select on ingestion.batch_record to :VISITOR;
comment on table ingestion.batch_record is 'One row of a batch: PENDING -> SUCCESS | ERROR; retry puts ERROR back to PENDING. error_detail is {field, code, message, value}.';

-- Idempotency across batches and re-deliveries: a feed applies a key once. The primary key is
-- what enforces it (INSERT ... ON CONFLICT DO NOTHING in the apply functions).
create table ingestion_private.applied_key (
  tenant_id uuid not null default core.current_tenant_id(),
  feed_id uuid not null,
  key text not null,
  batch_id uuid not null,
  row_number integer not null,
  applied_at timestamptz not null default now(),
  primary key (tenant_id, feed_id, key)
);
-- No foreign keys: rows are written only by the apply functions, from the batch's own feed and
-- id (which batch's keys reference), and a per-row check on the hot path of every record costs
-- more than it guards here. Feeds are never deleted through the API.
comment on table ingestion_private.applied_key is 'Idempotency ledger: (tenant, feed, key) applied once, by batch_id/row_number.';
select core_private.enable_tenant_rls('ingestion_private.applied_key', 'ingestion.read', 'ingestion.update');
