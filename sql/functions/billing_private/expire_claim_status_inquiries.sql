-- 276s left SENDING by a worker that stopped mid-request (older than the partner's timeout plus a
-- minute) are FAILED, so the claim is never stuck and is asked again. Returns how many.
create or replace function billing_private.fn_expire_claim_status_inquiries(p_tenant_id uuid)
  returns integer language sql volatile security definer set search_path = pg_catalog, public as $$
  with expired as (
    update billing.claim_status_inquiry i set status = 'FAILED', finished_at = now(), error = 'no answer recorded: the worker stopped while the 276 was out'
    from core.trading_partner tp
    where i.tenant_id = p_tenant_id and i.status = 'SENDING' and tp.tenant_id = i.tenant_id and tp.id = i.trading_partner_id
      and i.requested_at < now() - make_interval(secs => tp.timeout_ms / 1000.0 + 60)
    returning 1
  )
  select count(*)::int from expired;
$$;
revoke all on function billing_private.fn_expire_claim_status_inquiries(uuid) from public;
