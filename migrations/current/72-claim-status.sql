-- Claim status follow-up of stale claims (issue 15, 276/277): which trading partners answer 276s,
-- how often a claim may be asked, and one row per 276 sent. Re-runnable: drops first.
drop table if exists billing.claim_status_inquiry cascade;
alter table core.trading_partner drop column if exists supports_276 cascade;
alter table core.trading_partner drop column if exists claim_status_interval_days cascade;

alter table core.trading_partner
  add column supports_276 boolean not null default false,
  add column claim_status_interval_days integer not null default 14 check (claim_status_interval_days between 1 and 180);
grant insert (supports_276, claim_status_interval_days), update (supports_276, claim_status_interval_days) on core.trading_partner to :VISITOR;
comment on column core.trading_partner.supports_276 is 'The partner answers 276 claim status requests in CORE real time (X12_276_Request_005010X212): stale claims of payers sent through it are asked about.';
comment on column core.trading_partner.claim_status_interval_days is 'A claim that got a 277 answer through this partner is not asked about again for this many days.';

-- One 276 sent for one claim: SENDING (reserved, the request under way) -> ANSWERED (a 277 came
-- back; its statuses are in the claim's history) | FAILED (timeout, HTTP error, no 277; retried).
create table billing.claim_status_inquiry (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  trading_partner_id uuid not null,
  status text not null default 'SENDING' check (status in ('SENDING', 'ANSWERED', 'FAILED')),
  interchange_control_number bigint not null,
  trace_number text not null,
  requested_at timestamptz not null default now(),
  finished_at timestamptz,
  http_status integer,
  -- The 277's STC composites: [{"category", "code", "entity"}], with STC04/STC05 amounts.
  statuses jsonb,
  charge_amount numeric(14, 2),
  paid_amount numeric(14, 2),
  note text,
  error text,
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade,
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id),
  constraint claim_status_inquiry_finished check ((status = 'SENDING') = (finished_at is null)),
  constraint claim_status_inquiry_answer check (status <> 'ANSWERED' or statuses is not null)
);
create index claim_status_inquiry_claim on billing.claim_status_inquiry (tenant_id, claim_id, requested_at desc);
create index claim_status_inquiry_sending on billing.claim_status_inquiry (tenant_id, requested_at) where status = 'SENDING';
select core_private.enable_tenant_rls('billing.claim_status_inquiry', 'claims.read', null);
grant select on billing.claim_status_inquiry to :VISITOR;
comment on table billing.claim_status_inquiry is 'A 276 claim status request sent for a stale claim, and the 277 answer (or the error). The answer is also a note in the claim''s history.';
