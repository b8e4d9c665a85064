-- Payer limits shared by every worker process and every tenant that reaches the same payer
-- through the same trading-partner endpoint (issue 16 part 2), and the daily 270 caps counted in
-- the database instead of one process's memory.
--
-- payer_gate holds state shared BETWEEN tenants on purpose, like graphile_worker's tables: a
-- clearinghouse limits our submitter across everything we send, whichever tenant it is for. It
-- holds no tenant data (no PHI, no names: a gateway key is an endpoint URL and a payer id), has
-- no grant to the API role, and is written only by the owner's functions in sql/functions/payer_gate/.

drop table if exists eligibility_private.payer_daily_270 cascade;
drop schema if exists payer_gate cascade;

create schema payer_gate;
revoke all on schema payer_gate from public;

-- One payer behind one endpoint (payer_gate.gateway_key): its circuit breaker.
create table payer_gate.gateway (
  gateway_key text primary key,
  state text not null default 'CLOSED' check (state in ('CLOSED', 'OPEN', 'HALF_OPEN')),
  consecutive_failures integer not null default 0,
  -- Bumped each time the breaker opens: answers to 270s sent before say nothing about now.
  generation integer not null default 0,
  opened_at timestamptz,
  open_until timestamptz,
  -- HALF_OPEN: the one probe in flight, held by a worker process's lease until probe_until.
  probe_holder uuid,
  probe_until timestamptz,
  last_failure_reason text,
  updated_at timestamptz not null default now()
);
comment on table payer_gate.gateway is 'A payer behind a trading-partner endpoint, shared by every tenant and worker process that sends there: its circuit breaker.';

-- In-flight slots: a 270 in flight holds one, leased by its worker process; a process that dies
-- stops renewing and its slots are free again when the lease ends.
create table payer_gate.slot (
  gateway_key text not null references payer_gate.gateway (gateway_key) on delete cascade,
  slot integer not null,
  holder uuid,
  held_for uuid,
  lease_until timestamptz,
  primary key (gateway_key, slot)
);
comment on table payer_gate.slot is 'In-flight 270 slots per gateway; holder is a worker process, held_for the tenant (fair shares), lease_until when an unrenewed slot frees itself.';

-- Tenants that asked for a slot lately: the gateway's slots are shared evenly between them.
create table payer_gate.demand (
  gateway_key text not null references payer_gate.gateway (gateway_key) on delete cascade,
  tenant uuid not null,
  until timestamptz not null,
  primary key (gateway_key, tenant)
);
comment on table payer_gate.demand is 'Tenants waiting for or using a gateway lately; each gets an even share of its slots while others want them.';

-- 270s reserved per payer and day (UTC) against core.payer.daily_270_cap.
create table eligibility_private.payer_daily_270 (
  tenant_id uuid not null references core.tenant (id),
  payer_id uuid not null,
  day date not null,
  used integer not null,
  primary key (tenant_id, payer_id, day),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id) on delete cascade
);
alter table eligibility_private.payer_daily_270 enable row level security;
alter table eligibility_private.payer_daily_270 force row level security;
