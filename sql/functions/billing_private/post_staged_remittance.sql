-- Posts one 835 transaction whose CLPs, SVCs and CASs are staged (billing_private.stage_remittance
-- or stage_remittance_columns) and balanced (p_failures: the failed equations, empty when it
-- balances), for billing.fn_post_remittance and billing.fn_post_remittance_columns. `transaction`
-- is its JSON (payment, payer, payee, controlNumber, providerAdjustments; the claims, when there,
-- are not read again); p_claims its count of CLPs. HELD when unbalanced, DUPLICATE when the payer, trace and
-- amount were posted before, else POSTED: the remittance and its PLBs written, the CLPs posted
-- (post_claim_payments), the claims moved (apply_remittance_to_claims), the views' refresh requested.
create or replace function billing_private.post_staged_remittance(p_tenant uuid, transaction jsonb, x12 text, source text, p_failures text[], p_claims int)
  returns billing.remittance
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_actor text := coalesce(core.current_user_id(), session_user::text);
  v_payment jsonb := transaction -> 'payment';
  v_trace text := nullif(trim(transaction -> 'payment' ->> 'traceNumber'), '');
  v_amount numeric := (transaction -> 'payment' ->> 'amount')::numeric;
  v_payer_identifier text := nullif(trim(coalesce(transaction -> 'payer' ->> 'id', transaction -> 'payment' ->> 'payerIdentifier')), '');
  v_payer_name text := nullif(trim(transaction -> 'payer' ->> 'name'), '');
  v_prior billing.remittance;
  v_row billing.remittance;
  v_attempt int;
  v_constraint text;
begin
  -- The same 835 (payer, trace, amount) posted by another session at this very moment (two deliveries
  -- at once, or one file's transactions posted concurrently): remittance_posted_once makes this
  -- insert wait for that posting, then fail if it committed; this one is then the DUPLICATE.
  for v_attempt in 1..2 loop
    select * into v_prior from billing.remittance r
     where r.tenant_id = p_tenant and r.status = 'POSTED' and coalesce(r.payer_identifier, r.payer_name, '') = coalesce(v_payer_identifier, v_payer_name, '')
       and r.trace_number = v_trace and r.payment_amount = v_amount;
    begin
      insert into billing.remittance (tenant_id, payer_id, payer_name, payer_identifier, payee_name, payee_npi, trace_number, payment_amount,
                                      credit_debit, payment_method, payment_date, status, reason, duplicate_of, claim_count,
                                      transaction_control_number, x12, source, received_by)
      values (p_tenant,
              (select p.id from core.payer p where p.tenant_id = p_tenant and (p.payer_identifier = v_payer_identifier or p.name = v_payer_name)
                order by (p.payer_identifier = v_payer_identifier) desc nulls last limit 1),
              v_payer_name, v_payer_identifier, transaction -> 'payee' ->> 'name', transaction -> 'payee' ->> 'npi', v_trace, v_amount,
              v_payment ->> 'creditDebit', v_payment ->> 'method', (v_payment ->> 'date')::date,
              case when v_prior.id is not null then 'DUPLICATE' when cardinality(p_failures) > 0 then 'HELD' else 'POSTED' end,
              case when v_prior.id is not null then format('already posted: remittance %s (trace %s, amount %s) posted on %s', v_prior.id, v_trace, v_amount, v_prior.received_at::date)
                   when cardinality(p_failures) > 0 then 'unbalanced, nothing posted: ' || array_to_string(p_failures, '; ') end,
              v_prior.id, p_claims, transaction ->> 'controlNumber', x12, upper(coalesce(source, 'API')), v_actor)
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
  select p_tenant, v_row.id, p.ordinality, p.value ->> 'providerId', (p.value ->> 'fiscalPeriodDate')::date, coalesce(p.value ->> 'reason', ''),
         p.value ->> 'reference', (p.value ->> 'amount')::numeric
  from jsonb_array_elements(coalesce(transaction -> 'providerAdjustments', '[]')) with ordinality p;

  perform billing_private.post_claim_payments(p_tenant, v_row.id);
  perform billing_private.apply_remittance_to_claims(p_tenant, v_row.id, v_trace, v_actor);

  update billing.remittance r
     set claims_posted = (select count(*) from billing.claim_payment p where p.tenant_id = p_tenant and p.remittance_id = v_row.id),
         claims_unmatched = (select count(*) from billing.unmatched_remittance_claim u where u.tenant_id = p_tenant and u.remittance_id = v_row.id)
   where r.tenant_id = p_tenant and r.id = v_row.id
  returning * into v_row;
  -- The dashboards (A/R, denials, payments) show what was just posted without waiting for the
  -- nightly, whichever way the 835 came (pushed, uploaded, polled, psql): one refresh for all
  -- tenants, joined with other requests and paced (billing_private.fn_request_view_refresh). Last,
  -- so that the request's job row is locked only until this transaction commits.
  perform billing_private.fn_request_view_refresh();
  return v_row;
end $$;
