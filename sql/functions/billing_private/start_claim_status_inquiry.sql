-- A 276 about to be sent: recorded SENDING with its ISA13 and trace number before it leaves, so
-- a worker that dies mid-request leaves a row that fn_expire_claim_status_inquiries closes.
create or replace function billing_private.fn_start_claim_status_inquiry(
  p_tenant_id uuid, p_claim_id uuid, p_trading_partner_id uuid, p_interchange_control_number bigint, p_trace_number text)
  returns uuid language sql volatile security definer set search_path = pg_catalog, public as $$
  insert into billing.claim_status_inquiry (tenant_id, claim_id, trading_partner_id, interchange_control_number, trace_number)
  values (p_tenant_id, p_claim_id, p_trading_partner_id, p_interchange_control_number, p_trace_number)
  returning id;
$$;
revoke all on function billing_private.fn_start_claim_status_inquiry(uuid, uuid, uuid, bigint, text) from public;
