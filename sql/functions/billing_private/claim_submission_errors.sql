-- What stops a claim from going out as an 837P, one row per claim and problem, naming the
-- field to fill in (same shape as the build's per-charge errors). Checked by
-- billing.fn_submit_claims before anything is written; the console shows the same list.
create or replace function billing_private.claim_submission_errors(p_tenants uuid[], p_claim_ids uuid[])
  returns table (claim_id uuid, error_code text, error_message text)
  language sql stable
  set search_path = pg_catalog, public
  as $$
  with requested as (
    select distinct r.id from unnest(p_claim_ids) r(id)
  ), c as (
    select r.id as requested_id, cl.*, f.code as facility_code, f.npi as facility_npi, f.address_line as f_line, f.city as f_city, f.state as f_state,
           f.postal_code as f_zip, f.tax_id as f_tax_id,
           p.code as payer_code, p.kind as payer_kind, p.claim_filing_indicator, coalesce(p.claims_trading_partner_id, p.trading_partner_id) as partner_id,
           tp.name as partner_name, tp.submitter_contact_name, tp.submitter_contact_phone, tp.active as partner_active,
           cp.relationship_code, cp.subscriber_address_line, cp.subscriber_city, cp.subscriber_state, cp.subscriber_postal_code,
           m.member_number, m.address_line as m_line, m.city as m_city, m.state as m_state, m.postal_code as m_zip,
           exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = cl.tenant_id and sc.claim_id = cl.id and sc.closed_at is null) as in_open_submission,
           exists (select 1 from billing.claim_line l where l.tenant_id = cl.tenant_id and l.claim_id = cl.id and cardinality(l.diagnosis_codes) > 0) as has_diagnosis,
           cob.mismatch as cob_mismatch, cob.primary_pcn
    from requested r
    left join billing.claim cl on cl.tenant_id = any(p_tenants) and cl.id = r.id
    left join core.facility f on f.tenant_id = cl.tenant_id and f.id = cl.facility_id
    left join core.payer p on p.tenant_id = cl.tenant_id and p.id = cl.payer_id
    left join core.trading_partner tp on tp.tenant_id = p.tenant_id and tp.id = coalesce(p.claims_trading_partner_id, p.trading_partner_id)
    left join member.coverage_policy cp on cp.tenant_id = cl.tenant_id and cp.id = cl.coverage_policy_id
    left join member.member m on m.tenant_id = cl.tenant_id and m.id = cl.member_id
    -- A claim to the next coverage carries the earlier payer's adjudication (COB loops 2320/2430),
    -- which balances against this claim only when that payer adjudicated the same charges: its 835's
    -- claim charge = our total and each of its service lines = our line of that number.
    left join lateral (
      select pc.patient_control_number as primary_pcn,
             case when pay.charge_amount <> cl.total_amount then format('its claim charge %s <> %s', pay.charge_amount, cl.total_amount)
                  when svc.n > 0 and svc.n <> cl.line_count then format('it adjudicated %s service lines of %s', svc.n, cl.line_count)
                  when svc.differing is not null then format('its line %s charge differs from ours', svc.differing) end as mismatch
      from billing.claim pc
      cross join lateral (
        select * from billing.claim_payment x
        where x.tenant_id = pc.tenant_id and x.claim_id = pc.id and x.claim_status_code <> '22' and x.reversed_by is null
        order by x.posted_at desc, x.sequence desc limit 1) pay
      cross join lateral (
        select count(*) as n, min(s.line_number) filter (where l.amount is distinct from s.charge_amount) as differing
        from billing.claim_service_payment s
        left join billing.claim_line l on l.tenant_id = cl.tenant_id and l.claim_id = cl.id and l.line_number = s.line_number
        where s.tenant_id = pay.tenant_id and s.claim_payment_id = pay.id) svc
      where pc.tenant_id = cl.tenant_id and pc.id = cl.primary_claim_id
    ) cob on true
  )
  select c.requested_id, x.code, x.message
  from c cross join lateral (values
    (c.id is null, 'NOT_FOUND', format('No claim %s (unknown id, or not a claim of this tenant).', c.requested_id)),
    (c.id is not null and c.in_open_submission, 'ALREADY_SUBMITTED',
      format('Claim %s is already in an open submission; wait for its acknowledgment.', c.patient_control_number)),
    (c.id is not null and not c.in_open_submission and c.status <> 'BUILT', 'NOT_BUILT',
      format('Claim %s is %s; only BUILT claims are submitted (a REJECTED claim is resubmitted with billing.fn_resubmit_claim once fixed).', c.patient_control_number, c.status)),
    (c.id is not null and (c.f_line is null or c.f_city is null or c.f_state is null), 'FACILITY_ADDRESS_MISSING',
      format('Facility %s has no address (core.facility address_line, city, state): the billing provider''s N3/N4 needs it.', c.facility_code)),
    (c.id is not null and (c.f_zip is null or length(c.f_zip) <> 9), 'FACILITY_ZIP_NOT_9_DIGITS',
      format('Facility %s postal_code must have 9 digits (ZIP+4) for the billing provider; got %s.', c.facility_code, coalesce(c.f_zip, 'none'))),
    (c.id is not null and c.f_tax_id is null, 'FACILITY_TAX_ID_MISSING',
      format('Facility %s has no tax_id (EIN, 9 digits): the billing provider''s REF*EI needs it.', c.facility_code)),
    (c.id is not null and c.claim_filing_indicator is null and c.payer_kind not in ('MEDICARE', 'MEDICAID', 'COMMERCIAL'), 'PAYER_FILING_INDICATOR_MISSING',
      format('Payer %s (kind %s) has no claim_filing_indicator (SBR09, e.g. CI, HM, BL); set it on core.payer.', c.payer_code, c.payer_kind)),
    (c.id is not null and c.partner_id is null, 'PAYER_HAS_NO_TRADING_PARTNER',
      format('Payer %s has no trading partner to send claims to (core.payer claims_trading_partner_id or trading_partner_id).', c.payer_code)),
    (c.id is not null and c.partner_id is not null and not c.partner_active, 'TRADING_PARTNER_INACTIVE',
      format('Trading partner %s of payer %s is inactive.', c.partner_name, c.payer_code)),
    (c.id is not null and c.partner_id is not null and (c.submitter_contact_name is null or c.submitter_contact_phone is null), 'SUBMITTER_CONTACT_MISSING',
      format('Trading partner %s has no submitter contact (core.trading_partner submitter_contact_name, submitter_contact_phone): the 837P 1000A PER needs it.', c.partner_name)),
    (c.id is not null and c.relationship_code = '18' and (c.m_line is null or c.m_city is null or c.m_state is null or c.m_zip is null), 'SUBSCRIBER_ADDRESS_MISSING',
      format('Member %s has no complete address (address_line, city, state, postal_code): the subscriber''s N3/N4 needs it.', c.member_number)),
    (c.id is not null and c.relationship_code <> '18' and (c.subscriber_address_line is null or c.subscriber_city is null or c.subscriber_state is null or c.subscriber_postal_code is null),
      'SUBSCRIBER_ADDRESS_MISSING',
      format('Coverage of member %s has no subscriber address (subscriber_address_line, subscriber_city, subscriber_state, subscriber_postal_code) for a dependent patient.', c.member_number)),
    (c.id is not null and c.relationship_code <> '18' and (c.m_line is null or c.m_city is null or c.m_state is null or c.m_zip is null), 'PATIENT_ADDRESS_MISSING',
      format('Member %s (a dependent) has no complete address (address_line, city, state, postal_code): the patient''s N3/N4 needs it.', c.member_number)),
    (c.id is not null and not c.has_diagnosis, 'DIAGNOSIS_MISSING',
      format('Claim %s has no diagnosis code on any line: the HI segment needs at least one.', c.patient_control_number)),
    (c.id is not null and c.cob_mismatch is not null, 'COB_ADJUDICATION_MISMATCH',
      format('Claim %s goes with the earlier payer''s adjudication of claim %s (COB loops), but that payer''s 835 does not match this claim: %s. Bill this claim once the earlier payer''s adjudication of the same lines is posted.',
             c.patient_control_number, c.primary_pcn, c.cob_mismatch))
  ) x(failed, code, message)
  where x.failed
  order by c.requested_id, x.code;
$$;
