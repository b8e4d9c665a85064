-- SELECT * FROM billing.fn_post_remittance(transaction, x12); -- posts one 835 transaction.
-- `transaction` is one element of `transactions` of `npm run -s x12 -- parse FILE` (payment, payer,
-- payee, claims, providerAdjustments; amounts as decimal strings); `x12` the exact bytes received.
-- In one database transaction: balancing first (an unbalanced remittance is HELD whole, with the
-- failed equations in reason, and nothing of it is posted); a remittance whose payer, TRN02 trace
-- and amount were posted before is a DUPLICATE ("already posted"); otherwise POSTED: claim payments,
-- adjustments and PLBs written, claims moved, unmatched CLPs queued, the views' refresh requested.
-- Needs claims.write. psql operators (no JWT tenant) name the tenant with tenant_id.
create or replace function billing.fn_post_remittance(transaction jsonb, x12 text, source text default 'API', tenant_id uuid default null)
  returns billing.remittance
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_tenant uuid;
  v_actor text := coalesce(core.current_user_id(), session_user::text);
  v_payment jsonb := transaction -> 'payment';
  v_trace text := nullif(trim(transaction -> 'payment' ->> 'traceNumber'), '');
  v_amount numeric;
  v_payer_identifier text := nullif(trim(coalesce(transaction -> 'payer' ->> 'id', transaction -> 'payment' ->> 'payerIdentifier')), '');
  v_payer_name text := nullif(trim(transaction -> 'payer' ->> 'name'), '');
  v_failures text[];
  v_prior billing.remittance;
  v_row billing.remittance;
  v_claims int;
  v_attempt int;
  v_constraint text;
begin
  if fn_post_remittance.tenant_id is not null then
    if not fn_post_remittance.tenant_id = any(v_tenants) then
      raise exception 'No tenant %', fn_post_remittance.tenant_id using errcode = 'P0002';
    end if;
    v_tenant := fn_post_remittance.tenant_id;
  elsif cardinality(v_tenants) = 1 then
    v_tenant := v_tenants[1];
  else
    raise exception 'tenant_id is required when posting from psql (no JWT tenant)' using errcode = '22023';
  end if;
  if transaction is null or jsonb_typeof(transaction) <> 'object' or jsonb_typeof(v_payment) is distinct from 'object' then
    raise exception 'not an 835 transaction: payment (BPR/TRN) is missing' using errcode = '22023';
  end if;
  if v_trace is null then
    raise exception 'not an 835 transaction: TRN02 trace number is missing' using errcode = '22023';
  end if;
  if coalesce(v_payment ->> 'amount', '') !~ '^-?[0-9]+(\.[0-9]+)?$' then
    raise exception 'not an 835 transaction: BPR02 amount "%" is not a number', coalesce(v_payment ->> 'amount', '') using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(transaction -> 'claims', '[]')) <> 'array' then
    raise exception 'not an 835 transaction: claims must be a list' using errcode = '22023';
  end if;
  if coalesce(x12, '') = '' then
    raise exception 'x12 (the exact bytes received) is required' using errcode = '22023';
  end if;
  v_amount := (v_payment ->> 'amount')::numeric;
  v_claims := jsonb_array_length(coalesce(transaction -> 'claims', '[]'));

  -- The CLPs, SVCs and CASs are read once, into staging tables the balancing and the posting read.
  begin
    perform billing_private.stage_remittance(v_tenant, transaction);
    v_failures := billing_private.remittance_balance_failures(transaction);
  exception when invalid_text_representation or numeric_value_out_of_range then
    raise exception 'not an 835 transaction: an amount is not a number (%)', sqlerrm using errcode = '22023';
  end;

  -- The same 835 (payer, trace, amount) posted by another session at this very moment (two deliveries
  -- at once, or one file's transactions posted concurrently): remittance_posted_once makes this
  -- insert wait for that posting, then fail if it committed; this one is then the DUPLICATE.
  for v_attempt in 1..2 loop
    select * into v_prior from billing.remittance r
     where r.tenant_id = v_tenant and r.status = 'POSTED' and coalesce(r.payer_identifier, r.payer_name, '') = coalesce(v_payer_identifier, v_payer_name, '')
       and r.trace_number = v_trace and r.payment_amount = v_amount;
    begin
      insert into billing.remittance (tenant_id, payer_id, payer_name, payer_identifier, payee_name, payee_npi, trace_number, payment_amount,
                                      credit_debit, payment_method, payment_date, status, reason, duplicate_of, claim_count,
                                      transaction_control_number, x12, source, received_by)
      values (v_tenant,
              (select p.id from core.payer p where p.tenant_id = v_tenant and (p.payer_identifier = v_payer_identifier or p.name = v_payer_name)
                order by (p.payer_identifier = v_payer_identifier) desc nulls last limit 1),
              v_payer_name, v_payer_identifier, transaction -> 'payee' ->> 'name', transaction -> 'payee' ->> 'npi', v_trace, v_amount,
              v_payment ->> 'creditDebit', v_payment ->> 'method', (v_payment ->> 'date')::date,
              case when v_prior.id is not null then 'DUPLICATE' when cardinality(v_failures) > 0 then 'HELD' else 'POSTED' end,
              case when v_prior.id is not null then format('already posted: remittance %s (trace %s, amount %s) posted on %s', v_prior.id, v_trace, v_amount, v_prior.received_at::date)
                   when cardinality(v_failures) > 0 then 'unbalanced, nothing posted: ' || array_to_string(v_failures, '; ') end,
              v_prior.id, v_claims, transaction ->> 'controlNumber', x12, upper(coalesce(source, 'API')), v_actor)
      returning * into v_row;
      exit;
    exception when unique_violation then
      get stacked diagnostics v_constraint = constraint_name;
      if v_constraint <> 'remittance_posted_once' or v_attempt = 2 then
        raise;
      end if;
    end;
  end loop;
  if v_row.status <> 'POSTED' then
    return v_row;
  end if;

  insert into billing.provider_adjustment (tenant_id, remittance_id, seq, provider_identifier, fiscal_period_date, reason_code, reference, amount)
  select v_tenant, v_row.id, p.ordinality, p.value ->> 'providerId', (p.value ->> 'fiscalPeriodDate')::date, coalesce(p.value ->> 'reason', ''),
         p.value ->> 'reference', (p.value ->> 'amount')::numeric
  from jsonb_array_elements(coalesce(transaction -> 'providerAdjustments', '[]')) with ordinality p;

  perform billing_private.post_claim_payments(v_tenant, v_row.id);
  perform billing_private.apply_remittance_to_claims(v_tenant, v_row.id, v_trace, v_actor);

  update billing.remittance r
     set claims_posted = (select count(*) from billing.claim_payment p where p.tenant_id = v_tenant and p.remittance_id = v_row.id),
         claims_unmatched = (select count(*) from billing.unmatched_remittance_claim u where u.tenant_id = v_tenant and u.remittance_id = v_row.id)
   where r.tenant_id = v_tenant and r.id = v_row.id
  returning * into v_row;
  -- The dashboards (A/R, denials, payments) show what was just posted without waiting for the
  -- nightly, whichever way the 835 came (pushed, uploaded, polled, psql): one refresh for all
  -- tenants, joined with other requests and paced (billing_private.fn_request_view_refresh). Last,
  -- so that the request's job row is locked only until this transaction commits.
  perform billing_private.fn_request_view_refresh();
  return v_row;
end $$;
grant execute on function billing.fn_post_remittance(jsonb, text, text, uuid) to rcm_visitor;

comment on function billing.fn_post_remittance(jsonb, text, text, uuid) is 'Posts one 835 transaction (the parsed JSON and its X12): balanced first or HELD whole, posted once per payer, trace and amount (else DUPLICATE), claims matched by patient control number, payments and CARC/RARC adjustments written. Needs claims.write.';
