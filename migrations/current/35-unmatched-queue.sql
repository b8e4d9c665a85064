-- 35-unmatched-queue (issue 15): the unmatched-claims queue of 835s is worked like the other
-- queues: assigned to a person, then resolved by matching the CLP to one of our claims (which posts
-- it through the posting path) or with a note (not ours / sent back to the payer).
-- Re-runnable: drops what it creates first, in reverse order.
drop view if exists billing.unmatched_remittance_queue;
drop trigger if exists _100_set_updated_at on billing.unmatched_remittance_claim;
alter table billing.unmatched_remittance_claim drop constraint if exists unmatched_resolution_check;
alter table billing.unmatched_remittance_claim drop column if exists resolution;
alter table billing.unmatched_remittance_claim drop column if exists claim_payment_id;
alter table billing.unmatched_remittance_claim drop column if exists assigned_at;
alter table billing.unmatched_remittance_claim drop column if exists assigned_to;
alter table billing.unmatched_remittance_claim drop column if exists updated_at;

-- Posting a late-matched CLP applies that one payment, not the whole remittance again: the
-- function takes the payments to apply (sql/functions/billing_private/apply_remittance_to_claims.sql).
drop function if exists billing_private.apply_remittance_to_claims(uuid, uuid, text, text);

alter table billing.unmatched_remittance_claim
  add column assigned_to text,
  add column assigned_at timestamptz,
  -- MATCHED: posted to resolved_claim_id as claim_payment_id; NOT_OURS: another provider's claim
  -- (the payer is told, nothing posted); SENT_BACK: returned to the payer to correct and re-send.
  add column resolution text,
  add column claim_payment_id uuid,
  add column updated_at timestamptz not null default now();
alter table billing.unmatched_remittance_claim
  add constraint unmatched_resolution_check check (
    (status = 'OPEN' and resolution is null) or (status = 'RESOLVED' and resolution in ('MATCHED', 'NOT_OURS', 'SENT_BACK'))),
  add constraint unmatched_matched_has_payment check (resolution is distinct from 'MATCHED' or (resolved_claim_id is not null and claim_payment_id is not null)),
  add constraint unmatched_remittance_claim_claim_payment_fkey foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id);
create index unmatched_remittance_claim_payment on billing.unmatched_remittance_claim (tenant_id, claim_payment_id) where claim_payment_id is not null;
create trigger _100_set_updated_at before update on billing.unmatched_remittance_claim for each row execute function core_private.tg__set_updated_at();
comment on column billing.unmatched_remittance_claim.resolution is 'How it was resolved: MATCHED (posted to resolved_claim_id), NOT_OURS (another provider''s claim), SENT_BACK (returned to the payer to correct).';
comment on column billing.unmatched_remittance_claim.claim_payment_id is 'The payment the CLP became when an operator matched it to one of our claims.';
comment on constraint unmatched_remittance_claim_claim_payment_fkey on billing.unmatched_remittance_claim is E'@fieldName claimPayment\n@foreignFieldName unmatchedRemittanceClaims';
