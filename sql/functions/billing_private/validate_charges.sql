-- Validates charges set-based: every rule is checked for every charge, each failure becomes a
-- {code, field, message} element, and the charge becomes VALIDATED or INVALID. NEW, VALIDATED
-- and INVALID charges are (re)validated; BILLED and VOID are left alone. A VALIDATED charge gets
-- its coverage (primary active coverage on the service date when the feed named none) and its
-- billing NPI (the facility's when the feed named none) written down, as the claim build needs them.
-- p_charge_ids null: every NEW charge of the tenants (the nightly pass).
create or replace function billing_private.validate_charges(p_tenants uuid[], p_charge_ids uuid[])
  returns table (charge_id uuid, status text)
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_ids uuid[] := p_charge_ids;
begin
  if v_ids is null then
    v_ids := array(select c.id from billing.charge c where c.tenant_id = any(p_tenants) and c.status = 'NEW');
  end if;
  return query
  with target as (
    select c.tenant_id, c.id, c.charge_number, c.member_id, c.coverage_policy_id, c.service_event_id, c.rendering_npi, c.procedure_code,
           c.modifiers, c.diagnosis_codes, c.diagnosis_pointers, c.units, c.amount, c.service_date, c.place_of_service,
           coalesce(c.billing_npi, f.npi) as billing_npi
    from billing.charge c
    join core.facility f on f.tenant_id = c.tenant_id and f.id = c.facility_id
    where c.tenant_id = any(p_tenants) and c.id = any(v_ids) and c.status in ('NEW', 'VALIDATED', 'INVALID')
  ), facts as (
    select t.*,
           given.member_id as given_member_id,
           given.status = 'ACTIVE' and given.effective_from <= t.service_date and (given.effective_to is null or given.effective_to >= t.service_date) as given_active,
           coalesce(t.coverage_policy_id, prim.id) as resolved_coverage_id,
           ev.member_id as event_member_id, ev.status as event_status,
           (select string_agg(format('"%s"', d), ', ') from unnest(t.diagnosis_codes) d where d !~ '^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$') as bad_diagnoses,
           (select string_agg(p::text, ', ') from unnest(t.diagnosis_pointers) p where p < 1 or p > cardinality(t.diagnosis_codes)) as bad_pointers,
           (select string_agg(format('"%s"', m), ', ') from unnest(t.modifiers) m where m !~ '^[A-Z0-9]{2}$') as bad_modifiers
    from target t
    left join member.coverage_policy given on given.tenant_id = t.tenant_id and given.id = t.coverage_policy_id
    left join lateral (
      select cp.id from member.coverage_policy cp
      where cp.tenant_id = t.tenant_id and cp.member_id = t.member_id and cp.status = 'ACTIVE'
        and cp.effective_from <= t.service_date and (cp.effective_to is null or cp.effective_to >= t.service_date)
      order by cp.priority, cp.effective_from desc
      limit 1
    ) prim on t.coverage_policy_id is null
    left join service.service_event ev on ev.tenant_id = t.tenant_id and ev.id = t.service_event_id
  ), checked as (
    select f.tenant_id, f.id, f.resolved_coverage_id, f.billing_npi,
           coalesce(jsonb_agg(e.entry order by e.n) filter (where e.entry is not null), '[]'::jsonb) as errors
    from facts f
    cross join lateral (values
      (1, case when not (f.procedure_code ~ '^[0-9]{4}[0-9FTU]$' or f.procedure_code ~ '^[A-V][0-9]{4}$') then billing_private.error_entry(
        'INVALID_PROCEDURE_CODE', 'procedure_code',
        format('Procedure code "%s" is neither a CPT code (5 digits, or 4 digits + F/T/U) nor a HCPCS Level II code (letter A-V + 4 digits). Correct CptCode in the source system and resend the charge.', f.procedure_code)) end),
      (2, case when cardinality(f.diagnosis_codes) = 0 then billing_private.error_entry(
        'MISSING_DIAGNOSIS', 'diagnosis_codes', 'No ICD-10-CM diagnosis code: a professional claim line needs at least one. Add IcdCodes in the source system and resend the charge.') end),
      (3, case when f.bad_diagnoses is not null then billing_private.error_entry(
        'INVALID_DIAGNOSIS_CODE', 'diagnosis_codes',
        format('Diagnosis code(s) %s are not ICD-10-CM (letter, digit, letter or digit, then an optional dot and up to 4 letters or digits, e.g. E11.9). Correct IcdCodes and resend.', f.bad_diagnoses)) end),
      (4, case when f.bad_pointers is not null then billing_private.error_entry(
        'INVALID_DIAGNOSIS_POINTER', 'diagnosis_pointers',
        format('Diagnosis pointer(s) %s point past the %s diagnosis code(s) on the charge; pointers must be between 1 and the number of codes.', f.bad_pointers, cardinality(f.diagnosis_codes))) end),
      (5, case when f.bad_modifiers is not null then billing_private.error_entry(
        'INVALID_MODIFIER', 'modifiers',
        format('Modifier(s) %s are not 2 letters or digits (e.g. 25, 59, LT). Correct Modifiers and resend.', f.bad_modifiers)) end),
      (6, case when not (f.place_of_service = any(billing_private.place_of_service_codes())) then billing_private.error_entry(
        'INVALID_PLACE_OF_SERVICE', 'place_of_service',
        format('Place of service "%s" is not a CMS place-of-service code (2 digits, e.g. 11 office, 22 outpatient hospital, 23 emergency room). Correct PlaceOfService and resend.', f.place_of_service)) end),
      (7, case when f.rendering_npi is not null and not core.is_valid_npi(f.rendering_npi) then billing_private.error_entry(
        'INVALID_RENDERING_NPI', 'rendering_npi',
        format('Rendering NPI "%s" is not a valid NPI (10 digits starting with 1 or 2, check digit per the 80840 Luhn rule). Correct RenderingNpi and resend.', f.rendering_npi)) end),
      (8, case when f.billing_npi is null then billing_private.error_entry(
        'MISSING_BILLING_NPI', 'billing_npi', 'No billing provider NPI: the charge has no BillingNpi and its facility has no NPI. Send BillingNpi or set the facility''s NPI.')
        when not core.is_valid_npi(f.billing_npi) then billing_private.error_entry(
        'INVALID_BILLING_NPI', 'billing_npi',
        format('Billing NPI "%s" is not a valid NPI (10 digits starting with 1 or 2, check digit per the 80840 Luhn rule). Correct BillingNpi and resend.', f.billing_npi)) end),
      (9, case when f.units <= 0 then billing_private.error_entry(
        'INVALID_UNITS', 'units', format('Units must be positive, got %s. Correct Units and resend.', f.units)) end),
      (10, case when f.amount <= 0 then billing_private.error_entry(
        'INVALID_AMOUNT', 'amount', format('Amount must be positive, got %s. Correct Amount and resend (adjustments are not charges).', f.amount)) end),
      (11, case when f.service_date > current_date then billing_private.error_entry(
        'FUTURE_SERVICE_DATE', 'service_date', format('Service date %s is in the future; a charge can be billed only once the service has happened.', f.service_date)) end),
      (12, case
        when f.coverage_policy_id is not null and f.given_member_id <> f.member_id then billing_private.error_entry(
          'COVERAGE_OTHER_MEMBER', 'coverage_policy_id', 'The charge names a coverage policy of another member. Fix the coverage on the charge or leave it empty to use the member''s primary coverage.')
        when f.coverage_policy_id is not null and not f.given_active then billing_private.error_entry(
          'COVERAGE_NOT_ACTIVE', 'coverage_policy_id',
          format('The coverage named on the charge is not active on the service date %s. Verify eligibility and correct the coverage, or leave it empty to use the member''s primary coverage.', f.service_date))
        when f.resolved_coverage_id is null then billing_private.error_entry(
          'NO_ACTIVE_COVERAGE', 'member_id',
          format('The member has no active coverage on the service date %s. Verify eligibility and update the member''s coverage, then re-validate.', f.service_date)) end),
      (13, case
        when f.service_event_id is not null and f.event_member_id <> f.member_id then billing_private.error_entry(
          'EVENT_MEMBER_MISMATCH', 'service_event_id', 'The charge''s service event belongs to another member. Correct EventId or MemberId and resend.')
        when f.event_status in ('CANCELLED', 'NO_SHOW') then billing_private.error_entry(
          'EVENT_NOT_RENDERED', 'service_event_id', format('The charge''s service event is %s: nothing was rendered to bill. Void the charge or correct EventId.', f.event_status)) end)
    ) e(n, entry)
    group by f.tenant_id, f.id, f.resolved_coverage_id, f.billing_npi
  )
  update billing.charge c
     set status = case when k.errors = '[]'::jsonb then 'VALIDATED' else 'INVALID' end,
         validation_errors = k.errors,
         validated_at = now(),
         coverage_policy_id = case when k.errors = '[]'::jsonb then k.resolved_coverage_id else c.coverage_policy_id end,
         billing_npi = case when k.errors = '[]'::jsonb then k.billing_npi else c.billing_npi end
    from checked k
   where c.tenant_id = k.tenant_id and c.id = k.id
  returning c.id, c.status;
end $$;
