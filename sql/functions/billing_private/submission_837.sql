-- The content of a submission's 837P (the x12/claim-837.ts types), read by the claims/send-submission task (as owner, tenant
-- explicit) and streamed into the file: the envelope once, then one JSON document per claim in
-- transaction-set order. Amounts are decimal strings, dates ISO. The X12 writer turns them into
-- loops 2000A-2400; everything a payer needs is resolved here (filing indicator from the payer's
-- kind, responsibility from the coverage priority, claim-level diagnoses with each line's
-- pointers into them). No 2310B rendering provider: the schema has rendering NPIs but not their
-- names, which NM1*82 requires; the billing provider renders.

create or replace function billing_private.submission_837_envelope(p_tenant_id uuid, p_submission_id uuid)
  returns json language sql stable security definer set search_path = pg_catalog, public as $$
  -- An Interchange837Header (x12/claim-837.ts); GS06 = ISA13, createdAt fixed at the submission's
  -- creation so that a re-send writes the same bytes.
  select json_build_object(
    'sender', json_build_object('qualifier', tp.sender_qualifier, 'id', tp.sender_id),
    'receiver', json_build_object('qualifier', tp.receiver_qualifier, 'id', tp.receiver_id),
    'interchangeControlNumber', s.interchange_control_number,
    'groupControlNumber', s.interchange_control_number,
    'usage', tp.usage_indicator,
    'createdAt', to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'submitter', json_build_object('id', coalesce(tp.submitter_id, tp.sender_id), 'name', coalesce(tp.submitter_name, t.name),
                                   'contact', json_build_object('name', tp.submitter_contact_name, 'phone', tp.submitter_contact_phone)),
    'receiver1000B', json_build_object('id', tp.receiver_id, 'name', coalesce(tp.receiver_name, tp.name)),
    'claimCount', s.claim_count,
    'transactionSetCount', (select max(sc.transaction_set_control_number) from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id)
  )
  from billing.claim_submission s
  join core.trading_partner tp on tp.tenant_id = s.tenant_id and tp.id = s.trading_partner_id
  join core.tenant t on t.id = s.tenant_id
  where s.tenant_id = p_tenant_id and s.id = p_submission_id;
$$;

create or replace function billing_private.submission_837_claims(p_tenant_id uuid, p_submission_id uuid)
  returns table (transaction_set_control_number integer, claim json)
  language sql stable security definer set search_path = pg_catalog, public as $$
  select sc.transaction_set_control_number, json_build_object(
    'patientControlNumber', c.patient_control_number,
    'frequencyCode', c.frequency_code,
    'totalAmount', c.total_amount::text,
    'placeOfService', (select l.place_of_service from billing.claim_line l where l.tenant_id = c.tenant_id and l.claim_id = c.id order by l.line_number limit 1),
    'billingProvider', json_build_object('npi', c.billing_npi, 'organisationName', f.name, 'ein', f.tax_id,
      'address', json_build_object('line1', f.address_line, 'city', f.city, 'state', f.state, 'zip', f.postal_code)),
    'payer', json_build_object('name', p.name, 'payerId', p.payer_identifier,
      'claimFilingIndicator', coalesce(p.claim_filing_indicator, case p.kind when 'MEDICARE' then 'MB' when 'MEDICAID' then 'MC' else 'CI' end)),
    'payerResponsibility', case cp.priority when 1 then 'P' when 2 then 'S' else 'T' end,
    'subscriber', case when cp.relationship_code = '18' then
        json_build_object('memberId', cp.subscriber_id, 'groupNumber', cp.group_number, 'relationshipToPatient', '18',
          'lastName', m.last_name, 'firstName', m.first_name, 'middleName', m.middle_name, 'dob', m.date_of_birth::text, 'gender', m.gender,
          'address', json_build_object('line1', m.address_line, 'city', m.city, 'state', m.state, 'zip', m.postal_code))
      else
        json_build_object('memberId', cp.subscriber_id, 'groupNumber', cp.group_number, 'relationshipToPatient', cp.relationship_code,
          'lastName', cp.subscriber_last_name, 'firstName', cp.subscriber_first_name, 'middleName', null, 'dob', cp.subscriber_date_of_birth::text,
          'gender', coalesce(cp.subscriber_gender, 'U'),
          'address', json_build_object('line1', cp.subscriber_address_line, 'city', cp.subscriber_city, 'state', cp.subscriber_state, 'zip', cp.subscriber_postal_code))
      end,
    'patient', case when cp.relationship_code <> '18' then
        json_build_object('lastName', m.last_name, 'firstName', m.first_name, 'middleName', m.middle_name,
          'dob', m.date_of_birth::text, 'gender', m.gender,
          'address', json_build_object('line1', m.address_line, 'city', m.city, 'state', m.state, 'zip', m.postal_code))
      end,
    -- ICD-10-CM without the dot, as X12 carries it.
    'diagnoses', (select array_agg(replace(d, '.', '') order by o) from unnest(dx.codes) with ordinality u(d, o)),
    'lines', lines.lines
  )
  from billing.claim_submission_claim sc
  join billing.claim c on c.tenant_id = sc.tenant_id and c.id = sc.claim_id
  join core.facility f on f.tenant_id = c.tenant_id and f.id = c.facility_id
  join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id
  join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id
  join member.member m on m.tenant_id = c.tenant_id and m.id = c.member_id
  -- The claim's diagnoses in order of first use (at most 12, HI ABK then ABF).
  cross join lateral (
    select coalesce(array_agg(d.code order by d.first_use), '{}') as codes
    from (select x.code, min(l.line_number * 100 + x.ord) as first_use
          from billing.claim_line l cross join lateral unnest(l.diagnosis_codes) with ordinality x(code, ord)
          where l.tenant_id = c.tenant_id and l.claim_id = c.id group by x.code order by 2 limit 12) d
  ) dx
  cross join lateral (
    select json_agg(json_build_object(
             'procedure', l.procedure_code, 'modifiers', l.modifiers,
             'amount', l.amount::text, 'units', trim_scale(l.units)::text, 'serviceDate', l.service_date::text,
             'diagnosisPointers', (select coalesce(array_agg(array_position(dx.codes, l.diagnosis_codes[ptr]) order by o), '{}')
                                   from unnest(l.diagnosis_pointers) with ordinality q(ptr, o)
                                   where array_position(dx.codes, l.diagnosis_codes[ptr]) is not null))
           order by l.line_number) as lines
    from billing.claim_line l where l.tenant_id = c.tenant_id and l.claim_id = c.id
  ) lines
  where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id
  order by sc.transaction_set_control_number, c.id;
$$;
