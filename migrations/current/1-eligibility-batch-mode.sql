-- Eligibility: CAQH CORE batch-mode trading partners. A batch partner acknowledges a 270
-- submission (PayloadID) and answers later: its inquiry stays PENDING (acknowledged), its member
-- SUBMITTED, until the 271 is pushed to POST /eligibility/responses or fetched by the
-- eligibility/poll-batch-results task, or the partner's batch_response_hours pass (FAILED).
-- Re-runnable: what this file adds is dropped first.
drop index if exists eligibility.eligibility_inquiry_awaiting_batch;
alter table eligibility.sweep_run_member drop column if exists awaiting_batch_since cascade;
alter table eligibility.eligibility_inquiry drop column if exists batch_polled_at cascade;
alter table eligibility.eligibility_inquiry drop column if exists batch_acknowledged_at cascade;
alter table eligibility.eligibility_inquiry drop column if exists processing_mode cascade;
alter table core.trading_partner drop column if exists batch_response_hours cascade;

alter table core.trading_partner
  add column batch_response_hours integer not null default 24 check (batch_response_hours between 1 and 720);
comment on column core.trading_partner.batch_response_hours is
  'Batch mode: a 270 whose 271 has not arrived this many hours after its batch submission is FAILED.';
grant insert (batch_response_hours), update (batch_response_hours) on core.trading_partner to :VISITOR;

alter table eligibility.eligibility_inquiry
  add column processing_mode text not null default 'RealTime' check (processing_mode in ('RealTime', 'Batch')),
  -- When the partner confirmed receipt of the batch submission (CORE X12_Response_ConfirmReceiptReceived).
  add column batch_acknowledged_at timestamptz,
  -- Last batch results retrieval request for this inquiry's PayloadID.
  add column batch_polled_at timestamptz;
comment on column eligibility.eligibility_inquiry.processing_mode is 'CORE ProcessingMode the 270 was sent with: RealTime (answer in the response) or Batch (answer later).';

-- Members whose 270s are all out and acknowledged by a batch partner; they stay SUBMITTED until
-- the 271s land (a restarted run leaves them alone instead of re-sending).
alter table eligibility.sweep_run_member add column awaiting_batch_since timestamptz;

-- The poller's and the deadline's work list: acknowledged batch inquiries without an answer.
create index eligibility_inquiry_awaiting_batch on eligibility.eligibility_inquiry (tenant_id, sent_at)
  where outcome = 'PENDING' and batch_acknowledged_at is not null;
