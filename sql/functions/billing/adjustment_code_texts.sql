-- The words behind the codes of a posted remittance, as computed columns, so an EOB on screen
-- reads like a paper one: "CO-45 Charge exceeds fee schedule", "N130 Consult plan benefit
-- documents". The code tables (x12_code.*) are data; these only look codes up.

-- ClaimAdjustment.reasonDescription: the CARC's text (null for a code the table does not hold).
create or replace function billing.claim_adjustment_reason_description(a billing.claim_adjustment) returns text
  language sql stable as $$
  select k.description from x12_code.carc k where k.code = a.reason_code
$$;
grant execute on function billing.claim_adjustment_reason_description(billing.claim_adjustment) to rcm_visitor;
comment on function billing.claim_adjustment_reason_description(billing.claim_adjustment) is 'The text of the adjustment''s CARC (null for a code the code table does not hold).';

-- ClaimAdjustment.groupDescription: who owes the amount (CO contractual, PR patient, ...).
create or replace function billing.claim_adjustment_group_description(a billing.claim_adjustment) returns text
  language sql stable as $$
  select g.description from x12_code.adjustment_group g where g.code = a.group_code
$$;
grant execute on function billing.claim_adjustment_group_description(billing.claim_adjustment) to rcm_visitor;
comment on function billing.claim_adjustment_group_description(billing.claim_adjustment) is 'Who owes the adjusted amount: the text of the group code (CO contractual obligation, PR patient responsibility, ...).';

-- ClaimAdjustment.remarkDescriptions: the RARC texts, in the order of remark_codes (null where unknown).
create or replace function billing.claim_adjustment_remark_descriptions(a billing.claim_adjustment) returns text[]
  language sql stable as $$
  select coalesce(array_agg(r.description order by c.ord), '{}')
  from unnest(a.remark_codes) with ordinality as c (code, ord)
  left join x12_code.rarc r on r.code = c.code
$$;
grant execute on function billing.claim_adjustment_remark_descriptions(billing.claim_adjustment) to rcm_visitor;
comment on function billing.claim_adjustment_remark_descriptions(billing.claim_adjustment) is 'The texts of the adjustment''s RARC remarks, in the order of remarkCodes (null where a code is unknown).';

-- ClaimServicePayment.remarkDescriptions: the line''s LQ*HE remark texts, in the order of remark_codes.
create or replace function billing.claim_service_payment_remark_descriptions(s billing.claim_service_payment) returns text[]
  language sql stable as $$
  select coalesce(array_agg(r.description order by c.ord), '{}')
  from unnest(s.remark_codes) with ordinality as c (code, ord)
  left join x12_code.rarc r on r.code = c.code
$$;
grant execute on function billing.claim_service_payment_remark_descriptions(billing.claim_service_payment) to rcm_visitor;
comment on function billing.claim_service_payment_remark_descriptions(billing.claim_service_payment) is 'The texts of the service line''s LQ*HE remarks (RARC), in the order of remarkCodes.';

-- DenialWorkItem.reasonDescription: the denying CARC's text, for the queue's rows.
create or replace function billing.denial_work_item_reason_description(d billing.denial_work_item) returns text
  language sql stable as $$
  select k.description from x12_code.carc k where k.code = d.reason_code
$$;
grant execute on function billing.denial_work_item_reason_description(billing.denial_work_item) to rcm_visitor;
comment on function billing.denial_work_item_reason_description(billing.denial_work_item) is 'The text of the CARC that denied the claim.';

-- ProviderAdjustment.reasonDescription: the PLB reason's text (L6 interest, WO withholding, ...).
create or replace function billing.provider_adjustment_reason_description(p billing.provider_adjustment) returns text
  language sql stable as $$
  select r.description from x12_code.provider_adjustment_reason r where r.code = p.reason_code
$$;
grant execute on function billing.provider_adjustment_reason_description(billing.provider_adjustment) to rcm_visitor;
comment on function billing.provider_adjustment_reason_description(billing.provider_adjustment) is 'The text of the PLB reason code (L6 interest, WO withholding, FB forwarding balance, ...).';
