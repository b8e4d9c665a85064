-- Money back (issue 15): 835 remittances posted with CARC/RARC adjustments, their code tables,
-- unmatched claims and denials as work queues, and each claim's balance.
-- Re-runnable: drops what it creates first, in reverse order.

drop materialized view if exists reporting.mv_payment_by_payer_day cascade;
drop table if exists billing.denial_action cascade;
drop table if exists billing.denial_work_item cascade;
drop table if exists billing.unmatched_remittance_claim cascade;
drop table if exists billing.provider_adjustment cascade;
drop table if exists billing.claim_adjustment cascade;
drop table if exists billing.claim_service_payment cascade;
drop table if exists billing.claim_payment cascade;
drop table if exists billing.remittance cascade;
drop table if exists x12_code.provider_adjustment_reason cascade;
drop table if exists x12_code.adjustment_group cascade;
drop table if exists x12_code.rarc cascade;
drop table if exists x12_code.carc cascade;
-- The views below read the claim's balance columns; they are recreated at the end of this file.
drop materialized view if exists reporting.mv_ar_aging_by_payer cascade;
drop materialized view if exists reporting.mv_denial_rate_by_category cascade;
drop materialized view if exists reporting.mv_clean_claim_rate cascade;
alter table billing.claim drop column if exists balance;
alter table billing.claim drop column if exists patient_responsibility_amount;
alter table billing.claim drop column if exists adjustment_amount;

-------------------------------------------------------------------------------
-- Code tables: the published X12 external code lists, as data. Not tenant data: every tenant
-- reads the same lists, so they live outside the tenant schemas (no tenant_id, no RLS).
-------------------------------------------------------------------------------
-- The x12_code schema is created by the claims-out migration (40-).

create table x12_code.carc (
  code text primary key check (code ~ '^[A-Z0-9]{1,3}$'),
  description text not null,
  denial_category text not null check (denial_category in ('ELIGIBILITY', 'AUTHORIZATION', 'CODING', 'MEDICAL_NECESSITY', 'DUPLICATE',
    'TIMELY_FILING', 'COORDINATION_OF_BENEFITS', 'MISSING_INFORMATION', 'NON_COVERED', 'OTHER'))
);
grant select on x12_code.carc to :VISITOR;
comment on table x12_code.carc is 'Claim Adjustment Reason Codes (X12 external code source 139), each mapped to the denial category a biller works it under. Descriptions are short paraphrases; the published list is the authority.';

create table x12_code.rarc (
  code text primary key check (code ~ '^[A-Z0-9]{1,5}$'),
  description text not null,
  alert boolean not null default false
);
grant select on x12_code.rarc to :VISITOR;
comment on table x12_code.rarc is 'Remittance Advice Remark Codes (X12 external code source 411). alert: informational, never the reason for an adjustment.';

create table x12_code.adjustment_group (
  code text primary key check (code ~ '^[A-Z]{2}$'),
  description text not null,
  patient_responsibility boolean not null
);
grant select on x12_code.adjustment_group to :VISITOR;
comment on table x12_code.adjustment_group is 'Claim Adjustment Group Codes (CAS01): who owes the adjusted amount.';

create table x12_code.provider_adjustment_reason (
  code text primary key check (code ~ '^[A-Z0-9]{2}$'),
  description text not null
);
grant select on x12_code.provider_adjustment_reason to :VISITOR;
comment on table x12_code.provider_adjustment_reason is 'PLB03-1 provider-level adjustment reason codes of the 835.';

insert into x12_code.adjustment_group (code, description, patient_responsibility) values
  ('CO', 'Contractual obligation: the provider writes it off, the patient is not billed', false),
  ('CR', 'Correction or reversal of a prior adjudication', false),
  ('OA', 'Other adjustment: neither contractual nor patient responsibility', false),
  ('PI', 'Payer-initiated reduction', false),
  ('PR', 'Patient responsibility: bill the patient (or the secondary coverage)', true);

insert into x12_code.provider_adjustment_reason (code, description) values
  ('50', 'Late charge'), ('51', 'Interest penalty charge'), ('72', 'Authorized return (refund or recoupment)'),
  ('90', 'Early payment allowance'), ('AH', 'Origination fee'), ('AM', 'Applied to borrower''s account'),
  ('AP', 'Acceleration of benefits'), ('B2', 'Rebate'), ('B3', 'Recovery allowance'), ('BD', 'Bad debt adjustment'),
  ('BN', 'Bonus'), ('C5', 'Temporary allowance'), ('CR', 'Capitation interest'), ('CS', 'Adjustment'),
  ('CT', 'Capitation payment'), ('CV', 'Capital passthru'), ('CW', 'Certified registered nurse anesthetist passthru'),
  ('DM', 'Direct medical education passthru'), ('E3', 'Withholding'), ('FB', 'Forwarding balance'),
  ('FC', 'Fund allocation'), ('GO', 'Graduate medical education passthru'), ('HM', 'Hemophilia clotting factor supplement'),
  ('IP', 'Incentive premium payment'), ('IR', 'Internal Revenue Service withholding'), ('IS', 'Interim settlement'),
  ('J1', 'Nonreimbursable'), ('L3', 'Penalty'), ('L6', 'Interest owed'), ('LE', 'Levy'), ('LS', 'Lump sum'),
  ('OA', 'Organ acquisition passthru'), ('OB', 'Offset for affiliated providers'), ('PI', 'Periodic interim payment'),
  ('PL', 'Payment final'), ('RA', 'Retro-activity adjustment'), ('RE', 'Return on equity'), ('SL', 'Student loan repayment'),
  ('TL', 'Third party liability'), ('WO', 'Overpayment recovery'), ('WU', 'Unspecified recovery');

-- CARC: codes of the published list a professional biller meets, mapped to our denial categories.
-- A code missing here still posts (payers send new codes first): its category is OTHER.
insert into x12_code.carc (code, description, denial_category) values
  ('1', 'Deductible', 'OTHER'),
  ('2', 'Coinsurance', 'OTHER'),
  ('3', 'Co-payment', 'OTHER'),
  ('4', 'Procedure code inconsistent with the modifier, or a required modifier missing', 'CODING'),
  ('5', 'Procedure code or bill type inconsistent with the place of service', 'CODING'),
  ('6', 'Procedure or revenue code inconsistent with the patient''s age', 'CODING'),
  ('7', 'Procedure or revenue code inconsistent with the patient''s gender', 'CODING'),
  ('8', 'Procedure code inconsistent with the provider type or specialty', 'CODING'),
  ('9', 'Diagnosis inconsistent with the patient''s age', 'CODING'),
  ('10', 'Diagnosis inconsistent with the patient''s gender', 'CODING'),
  ('11', 'Diagnosis inconsistent with the procedure', 'CODING'),
  ('12', 'Diagnosis inconsistent with the provider type', 'CODING'),
  ('13', 'Date of death precedes the date of service', 'ELIGIBILITY'),
  ('14', 'Date of birth follows the date of service', 'ELIGIBILITY'),
  ('15', 'Authorization number missing, invalid, or not for this service or provider', 'AUTHORIZATION'),
  ('16', 'Claim or service lacks information or has submission or billing errors', 'MISSING_INFORMATION'),
  ('18', 'Exact duplicate claim or service', 'DUPLICATE'),
  ('19', 'Work-related injury or illness: the workers'' compensation carrier is liable', 'COORDINATION_OF_BENEFITS'),
  ('20', 'Injury or illness covered by the liability carrier', 'COORDINATION_OF_BENEFITS'),
  ('21', 'Injury or illness covered by the no-fault carrier', 'COORDINATION_OF_BENEFITS'),
  ('22', 'Care may be covered by another payer per coordination of benefits', 'COORDINATION_OF_BENEFITS'),
  ('23', 'Impact of prior payer(s) adjudication, including payments and adjustments', 'COORDINATION_OF_BENEFITS'),
  ('24', 'Charges covered under a capitation agreement or managed care plan', 'OTHER'),
  ('26', 'Expenses incurred before coverage', 'ELIGIBILITY'),
  ('27', 'Expenses incurred after coverage terminated', 'ELIGIBILITY'),
  ('29', 'The time limit for filing has expired', 'TIMELY_FILING'),
  ('31', 'Patient cannot be identified as our insured', 'ELIGIBILITY'),
  ('32', 'Our records show the patient is not an eligible dependent', 'ELIGIBILITY'),
  ('33', 'Insured has no dependent coverage', 'ELIGIBILITY'),
  ('34', 'Insured has no coverage for newborns', 'ELIGIBILITY'),
  ('35', 'Lifetime benefit maximum reached', 'NON_COVERED'),
  ('39', 'Services denied when authorization was requested', 'AUTHORIZATION'),
  ('40', 'Charges do not meet qualifications for emergent or urgent care', 'MEDICAL_NECESSITY'),
  ('44', 'Prompt-pay discount', 'OTHER'),
  ('45', 'Charge exceeds the fee schedule or maximum allowable', 'OTHER'),
  ('49', 'Routine or preventive exam or screening not covered', 'NON_COVERED'),
  ('50', 'Not deemed a medical necessity by the payer', 'MEDICAL_NECESSITY'),
  ('51', 'Pre-existing condition', 'NON_COVERED'),
  ('53', 'Services by an immediate relative or household member are not covered', 'NON_COVERED'),
  ('54', 'Multiple physicians or assistants are not covered in this case', 'NON_COVERED'),
  ('55', 'Procedure, treatment or drug deemed experimental or investigational', 'MEDICAL_NECESSITY'),
  ('56', 'Procedure or treatment not deemed proven effective', 'MEDICAL_NECESSITY'),
  ('58', 'Treatment in an invalid place of service', 'CODING'),
  ('59', 'Processed under multiple or concurrent procedure rules', 'OTHER'),
  ('60', 'Outpatient services too close to an inpatient admission are not covered', 'NON_COVERED'),
  ('61', 'Adjusted for failure to obtain a second surgical opinion', 'AUTHORIZATION'),
  ('66', 'Blood deductible', 'OTHER'),
  ('69', 'Day outlier amount', 'OTHER'),
  ('70', 'Cost outlier adjustment', 'OTHER'),
  ('74', 'Indirect medical education adjustment', 'OTHER'),
  ('75', 'Direct medical education adjustment', 'OTHER'),
  ('76', 'Disproportionate share adjustment', 'OTHER'),
  ('78', 'Non-covered days or room charge adjustment', 'NON_COVERED'),
  ('89', 'Professional fees removed from charges', 'OTHER'),
  ('90', 'Ingredient cost adjustment', 'OTHER'),
  ('91', 'Dispensing fee adjustment', 'OTHER'),
  ('94', 'Processed in excess of charges', 'OTHER'),
  ('95', 'Plan procedures not followed', 'OTHER'),
  ('96', 'Non-covered charge(s)', 'NON_COVERED'),
  ('97', 'Benefit included in the payment for another service already adjudicated', 'CODING'),
  ('100', 'Payment made to the patient, insured or responsible party', 'OTHER'),
  ('101', 'Predetermination: anticipated payment on completion of services', 'OTHER'),
  ('102', 'Major medical adjustment', 'OTHER'),
  ('103', 'Provider promotional discount', 'OTHER'),
  ('104', 'Managed care withholding', 'OTHER'),
  ('105', 'Tax withholding', 'OTHER'),
  ('106', 'Patient payment option or election not in effect', 'ELIGIBILITY'),
  ('107', 'Related or qualifying claim or service not identified on this claim', 'MISSING_INFORMATION'),
  ('108', 'Rent or purchase guidelines not met', 'NON_COVERED'),
  ('109', 'Not covered by this payer: send the claim to the correct payer', 'COORDINATION_OF_BENEFITS'),
  ('110', 'Billing date predates the service date', 'CODING'),
  ('111', 'Not covered unless the provider accepts assignment', 'NON_COVERED'),
  ('112', 'Service not furnished directly to the patient or not documented', 'MISSING_INFORMATION'),
  ('114', 'Procedure or product not approved by the FDA', 'NON_COVERED'),
  ('115', 'Procedure postponed, cancelled or delayed', 'OTHER'),
  ('116', 'Advance indemnification notice signed by the patient did not comply', 'OTHER'),
  ('117', 'Transportation only covered to the closest facility that can provide care', 'NON_COVERED'),
  ('118', 'ESRD network support adjustment', 'OTHER'),
  ('119', 'Benefit maximum for this time period or occurrence reached', 'NON_COVERED'),
  ('121', 'Indemnification adjustment: compensation for outstanding member responsibility', 'OTHER'),
  ('122', 'Psychiatric reduction', 'OTHER'),
  ('128', 'Newborn''s services are covered in the mother''s allowance', 'NON_COVERED'),
  ('129', 'Prior processing information appears incorrect', 'OTHER'),
  ('130', 'Claim submission fee', 'OTHER'),
  ('131', 'Claim-specific negotiated discount', 'OTHER'),
  ('132', 'Prearranged demonstration project adjustment', 'OTHER'),
  ('133', 'Disposition of the claim or service is pending further review', 'OTHER'),
  ('134', 'Technical fees removed from charges', 'OTHER'),
  ('135', 'Interim bills cannot be processed', 'OTHER'),
  ('136', 'Failure to follow prior payer''s coverage rules', 'COORDINATION_OF_BENEFITS'),
  ('137', 'Regulatory surcharges, assessments, allowances or health-related taxes', 'OTHER'),
  ('139', 'Contracted funding agreement: subscriber employed by the provider', 'OTHER'),
  ('140', 'Patient or insured health identification number and name do not match', 'ELIGIBILITY'),
  ('142', 'Monthly Medicaid patient liability amount', 'OTHER'),
  ('143', 'Portion of payment deferred', 'OTHER'),
  ('144', 'Incentive adjustment', 'OTHER'),
  ('146', 'Diagnosis code invalid for the date(s) of service', 'CODING'),
  ('147', 'Provider contracted or negotiated rate expired or not on file', 'OTHER'),
  ('148', 'Information from another provider was not provided or was insufficient', 'MISSING_INFORMATION'),
  ('149', 'Lifetime benefit maximum reached for this service or benefit category', 'NON_COVERED'),
  ('150', 'Information submitted does not support this level of service', 'MEDICAL_NECESSITY'),
  ('151', 'Information submitted does not support this many or this frequency of services', 'MEDICAL_NECESSITY'),
  ('152', 'Information submitted does not support this length of service', 'MEDICAL_NECESSITY'),
  ('153', 'Information submitted does not support this dosage', 'MEDICAL_NECESSITY'),
  ('154', 'Information submitted does not support this day''s supply', 'MEDICAL_NECESSITY'),
  ('155', 'Patient refused the service or procedure', 'OTHER'),
  ('157', 'Service or procedure provided as a result of an act of war', 'NON_COVERED'),
  ('158', 'Service or procedure provided outside the United States', 'NON_COVERED'),
  ('159', 'Service or procedure provided as a result of terrorism', 'NON_COVERED'),
  ('160', 'Injury or illness from an illegal act', 'NON_COVERED'),
  ('161', 'Provider performance bonus', 'OTHER'),
  ('163', 'Attachment or other documentation referenced on the claim was not received', 'MISSING_INFORMATION'),
  ('164', 'Attachment or other documentation referenced on the claim was not received in time', 'MISSING_INFORMATION'),
  ('166', 'Service submitted after the payer''s responsibility for processing ended', 'TIMELY_FILING'),
  ('167', 'Diagnosis (or diagnoses) not covered', 'NON_COVERED'),
  ('169', 'Alternate benefit has been provided', 'OTHER'),
  ('170', 'Payment denied when performed or billed by this type of provider', 'CODING'),
  ('171', 'Payment denied when performed by this type of provider in this type of facility', 'CODING'),
  ('172', 'Payment adjusted when performed by a provider of this specialty', 'CODING'),
  ('173', 'Service or equipment was not prescribed by a physician', 'MISSING_INFORMATION'),
  ('174', 'Service was not prescribed before delivery', 'MISSING_INFORMATION'),
  ('175', 'Prescription is incomplete', 'MISSING_INFORMATION'),
  ('176', 'Prescription is not current', 'MISSING_INFORMATION'),
  ('177', 'Patient has not met the required eligibility requirements', 'ELIGIBILITY'),
  ('178', 'Patient has not met the required spend-down requirements', 'ELIGIBILITY'),
  ('179', 'Patient has not met the required waiting requirements', 'ELIGIBILITY'),
  ('180', 'Patient has not met the required residency requirements', 'ELIGIBILITY'),
  ('181', 'Procedure code invalid on the date of service', 'CODING'),
  ('182', 'Procedure modifier invalid on the date of service', 'CODING'),
  ('183', 'Referring provider not eligible to refer the service billed', 'AUTHORIZATION'),
  ('184', 'Prescribing or ordering provider not eligible to prescribe or order the service', 'AUTHORIZATION'),
  ('185', 'Rendering provider not eligible to perform the service billed', 'CODING'),
  ('186', 'Level of care change adjustment', 'OTHER'),
  ('187', 'Consumer spending account payments', 'OTHER'),
  ('188', 'Product or procedure only covered when used per FDA recommendations', 'NON_COVERED'),
  ('189', '"Not otherwise classified" code billed when a specific code exists', 'CODING'),
  ('190', 'Payment included in the allowance for a skilled nursing facility stay', 'NON_COVERED'),
  ('192', 'Non-standard adjustment code from a paper remittance', 'OTHER'),
  ('193', 'Original payment decision maintained after review', 'OTHER'),
  ('194', 'Anesthesia performed by the operating physician, assistant surgeon or attending', 'CODING'),
  ('195', 'Refund issued to an erroneous priority payer for this claim or service', 'COORDINATION_OF_BENEFITS'),
  ('197', 'Precertification, authorization, notification or pre-treatment absent', 'AUTHORIZATION'),
  ('198', 'Precertification, notification, authorization or pre-treatment exceeded', 'AUTHORIZATION'),
  ('199', 'Revenue code and procedure code do not match', 'CODING'),
  ('200', 'Expenses incurred during a lapse in coverage', 'ELIGIBILITY'),
  ('201', 'Patient is responsible for amount under a set-aside arrangement', 'OTHER'),
  ('202', 'Non-covered personal comfort or convenience services', 'NON_COVERED'),
  ('203', 'Discontinued or reduced service', 'OTHER'),
  ('204', 'Service, equipment or drug not covered under the current benefit plan', 'NON_COVERED'),
  ('205', 'Pharmacy discount card processing fee', 'OTHER'),
  ('206', 'National Provider Identifier missing', 'MISSING_INFORMATION'),
  ('207', 'National Provider Identifier invalid format', 'MISSING_INFORMATION'),
  ('208', 'National Provider Identifier not matched', 'MISSING_INFORMATION'),
  ('209', 'Per regulatory or other agreement, the provider cannot collect this amount from the patient', 'OTHER'),
  ('210', 'Payment adjusted: pre-certification or authorization not received in time', 'AUTHORIZATION'),
  ('211', 'National Drug Codes not eligible for rebate are not covered', 'NON_COVERED'),
  ('212', 'Administrative surcharges are not covered', 'NON_COVERED'),
  ('213', 'Non-compliance with the physician self-referral prohibition', 'OTHER'),
  ('215', 'Based on subrogation of a third party settlement', 'COORDINATION_OF_BENEFITS'),
  ('216', 'Based on the findings of a review organization', 'MEDICAL_NECESSITY'),
  ('219', 'Based on extent of injury', 'OTHER'),
  ('222', 'Exceeds the contracted maximum hours, days or units for this provider', 'NON_COVERED'),
  ('223', 'Adjustment code for a mandated federal, state or local law or regulation', 'OTHER'),
  ('224', 'Patient identification compromised by identity theft', 'ELIGIBILITY'),
  ('225', 'Penalty or interest payment by the payer', 'OTHER'),
  ('226', 'Information requested from the billing or rendering provider was not provided or was insufficient', 'MISSING_INFORMATION'),
  ('227', 'Information requested from the patient, insured or responsible party was not provided or was insufficient', 'MISSING_INFORMATION'),
  ('228', 'Denied for failure of this provider or another to file a claim with the primary payer', 'COORDINATION_OF_BENEFITS'),
  ('229', 'Partial charge amount not considered by Medicare due to the initial claim type of bill', 'OTHER'),
  ('231', 'Mutually exclusive procedures cannot be done in the same day or setting', 'CODING'),
  ('232', 'Institutional transfer amount', 'OTHER'),
  ('233', 'Services or charges related to a hospital-acquired condition or preventable medical error', 'NON_COVERED'),
  ('234', 'This procedure is not paid separately', 'CODING'),
  ('235', 'Sales tax', 'OTHER'),
  ('236', 'Procedure or modifier combination not compatible with another procedure on the same day', 'CODING'),
  ('237', 'Legislated or regulatory penalty', 'OTHER'),
  ('238', 'Claim spans eligible and ineligible periods of coverage', 'ELIGIBILITY'),
  ('239', 'Claim spans eligible and ineligible periods: rebill separate claims', 'ELIGIBILITY'),
  ('240', 'Diagnosis was invalid for the date(s) of service reported', 'CODING'),
  ('241', 'Low income subsidy co-payment amount', 'OTHER'),
  ('242', 'Services not provided by network or primary care providers', 'AUTHORIZATION'),
  ('243', 'Services not authorized by network or primary care providers', 'AUTHORIZATION'),
  ('245', 'Provider performance program withhold', 'OTHER'),
  ('246', 'This non-payable code is for required reporting only', 'CODING'),
  ('247', 'Deductible for professional service rendered in an institutional setting and billed on an institutional claim', 'OTHER'),
  ('248', 'Coinsurance for professional service rendered in an institutional setting and billed on an institutional claim', 'OTHER'),
  ('249', 'This claim has been identified as a readmission', 'OTHER'),
  ('250', 'The attachment or other documentation received is the incorrect attachment', 'MISSING_INFORMATION'),
  ('251', 'The attachment or other documentation received was incomplete or deficient', 'MISSING_INFORMATION'),
  ('252', 'An attachment or other documentation is required to adjudicate this claim or service', 'MISSING_INFORMATION'),
  ('253', 'Sequestration: reduction in federal payment', 'OTHER'),
  ('254', 'Claim received by the dental plan, but benefits not available under this plan', 'COORDINATION_OF_BENEFITS'),
  ('256', 'Service not payable per the managed care contract', 'NON_COVERED'),
  ('257', 'The disposition of the claim or service is undetermined during the premium payment grace period', 'ELIGIBILITY'),
  ('258', 'Claim or service not covered when the patient is in custody or incarcerated', 'ELIGIBILITY'),
  ('259', 'Additional payment for a dental or vision service utilization', 'OTHER'),
  ('260', 'Processed under a Medicaid ACA enhanced fee schedule', 'OTHER'),
  ('261', 'The procedure or service is inconsistent with the patient''s history', 'MEDICAL_NECESSITY'),
  ('262', 'Adjustment for delivery cost', 'OTHER'),
  ('263', 'Adjustment for shipping cost', 'OTHER'),
  ('264', 'Adjustment for postage cost', 'OTHER'),
  ('265', 'Adjustment for administrative cost', 'OTHER'),
  ('266', 'Adjustment for compound preparation cost', 'OTHER'),
  ('267', 'The claim or service spans multiple months: rebill separate claims', 'CODING'),
  ('268', 'The claim spans two calendar years: resubmit one claim per calendar year', 'CODING'),
  ('269', 'Anesthesia not covered for this service or procedure', 'NON_COVERED'),
  ('270', 'Claim received by the medical plan, but benefits not available under this plan', 'COORDINATION_OF_BENEFITS'),
  ('271', 'Prior contractual reductions related to a current periodic payment', 'OTHER'),
  ('272', 'Coverage or program guidelines were not met', 'NON_COVERED'),
  ('273', 'Coverage or program guidelines were exceeded', 'NON_COVERED'),
  ('274', 'Fee, schedule or maximum allowable amount for an out-of-network provider', 'OTHER'),
  ('275', 'Prior payer''s patient responsibility not covered', 'COORDINATION_OF_BENEFITS'),
  ('276', 'Services denied by the prior payer(s) are not covered by this payer', 'COORDINATION_OF_BENEFITS'),
  ('277', 'The disposition of the claim or service is undetermined during the grace period', 'ELIGIBILITY'),
  ('278', 'Performance program proficiency requirements not met', 'OTHER'),
  ('279', 'Services not provided by a preferred network provider', 'AUTHORIZATION'),
  ('280', 'Claim received by the medical plan, but benefits not available under this plan: submit to the pharmacy plan', 'COORDINATION_OF_BENEFITS'),
  ('281', 'Deductible waived per the contractual agreement', 'OTHER'),
  ('282', 'The procedure billed is not covered for this provider', 'NON_COVERED'),
  ('283', 'Attending provider is not eligible to provide direction of care', 'CODING'),
  ('284', 'Precertification, authorization, notification or pre-treatment number may be valid but does not apply to the billed services', 'AUTHORIZATION'),
  ('285', 'Appeal procedures not followed or time limits not met', 'TIMELY_FILING'),
  ('286', 'Appeal time limits not met', 'TIMELY_FILING'),
  ('287', 'Referral exceeded', 'AUTHORIZATION'),
  ('288', 'Referral absent', 'AUTHORIZATION'),
  ('289', 'Services considered under the dental and medical plans, benefits not available', 'COORDINATION_OF_BENEFITS'),
  ('290', 'Claim received by the dental plan, but benefits not available: submit to the medical plan', 'COORDINATION_OF_BENEFITS'),
  ('291', 'Claim received by the medical plan, but benefits not available: submit to the dental plan', 'COORDINATION_OF_BENEFITS'),
  ('292', 'Procedure, service or supply not covered under the plan''s medical or dental benefit', 'NON_COVERED'),
  ('293', 'Payment made to the employer', 'OTHER'),
  ('294', 'Payment made to the attorney', 'OTHER'),
  ('295', 'Pharmacy direct or indirect remuneration', 'OTHER'),
  ('296', 'Precertification or authorization number may be valid but does not apply to this provider', 'AUTHORIZATION'),
  ('297', 'Claim received by the medical plan, but benefits not available: submit to the vision plan', 'COORDINATION_OF_BENEFITS'),
  ('298', 'Claim received by the vision plan, but benefits not available: submit to the medical plan', 'COORDINATION_OF_BENEFITS'),
  ('299', 'The billing provider is not eligible to receive payment for the service billed', 'CODING'),
  ('A0', 'Patient refund amount', 'OTHER'),
  ('A1', 'Claim or service denied', 'OTHER'),
  ('A5', 'Medicare claim PPS capital cost outlier amount', 'OTHER'),
  ('A6', 'Prior hospitalization or 30-day transfer requirement not met', 'NON_COVERED'),
  ('A8', 'Ungroupable DRG', 'CODING'),
  ('B1', 'Non-covered visits', 'NON_COVERED'),
  ('B4', 'Late filing penalty', 'TIMELY_FILING'),
  ('B7', 'Provider not certified or eligible to be paid for this procedure or service on this date', 'CODING'),
  ('B8', 'Alternative services were available and should have been used', 'MEDICAL_NECESSITY'),
  ('B9', 'Patient is enrolled in a hospice', 'COORDINATION_OF_BENEFITS'),
  ('B10', 'Allowed amount reduced: a component of the basic procedure or test was paid', 'CODING'),
  ('B11', 'Claim transferred to the proper payer or processor for processing', 'COORDINATION_OF_BENEFITS'),
  ('B12', 'Services not documented in the patient''s medical records', 'MISSING_INFORMATION'),
  ('B13', 'Previously paid: payment for this claim or service may have been provided in a previous payment', 'DUPLICATE'),
  ('B14', 'Only one visit or consultation per physician per day is covered', 'CODING'),
  ('B15', 'Service requires that a qualifying service or procedure be received and covered', 'CODING'),
  ('B16', '"New patient" qualifications were not met', 'CODING'),
  ('B20', 'Procedure or service was partially or fully furnished by another provider', 'DUPLICATE'),
  ('B22', 'Payment adjusted based on the diagnosis', 'CODING'),
  ('B23', 'Procedure billed is not authorized per the CLIA proficiency test', 'AUTHORIZATION'),
  ('P1', 'State-mandated requirement for property and casualty', 'OTHER'),
  ('P2', 'Not a work-related injury or illness, not the liability of the workers'' compensation carrier', 'COORDINATION_OF_BENEFITS'),
  ('P3', 'Workers'' compensation case settled: the patient is responsible', 'COORDINATION_OF_BENEFITS'),
  ('P4', 'Workers'' compensation claim adjudicated as non-compensable', 'NON_COVERED'),
  ('P5', 'Based on the payer''s fee schedule or maximum allowable for property and casualty', 'OTHER'),
  ('P6', 'Based on the entitlement to benefits (property and casualty)', 'ELIGIBILITY'),
  ('P7', 'Applied to the deductible (property and casualty)', 'OTHER'),
  ('P8', 'Not yet determined the extent of the injury (property and casualty)', 'OTHER'),
  ('P9', 'No available or correlating CPT or HCPCS code to describe this service', 'CODING'),
  ('P10', 'Payment reduced to zero due to litigation', 'OTHER'),
  ('P11', 'Disposition pending: the case is in litigation or dispute', 'OTHER'),
  ('P12', 'Workers'' compensation jurisdictional fee schedule adjustment', 'OTHER'),
  ('P13', 'Payment reduced or denied based on workers'' compensation jurisdictional regulations', 'OTHER'),
  ('P14', 'Benefit for this service included in payment for another service or procedure (property and casualty)', 'CODING'),
  ('P15', 'Workers'' compensation medical treatment guideline adjustment', 'MEDICAL_NECESSITY'),
  ('P16', 'Medical provider not authorized or certified to provide treatment to injured workers', 'AUTHORIZATION'),
  ('P17', 'Referral not authorized by the attending physician (property and casualty)', 'AUTHORIZATION'),
  ('P18', 'Procedure is not listed in the jurisdiction fee schedule', 'CODING'),
  ('P19', 'Procedure has a relative value of zero in the jurisdiction fee schedule', 'CODING'),
  ('P20', 'Service not paid under the jurisdiction-allowed outpatient facility fee schedule', 'NON_COVERED'),
  ('P21', 'Payment denied based on the Medical Payments Coverage (MPC) and/or Personal Injury Protection (PIP) benefits jurisdictional regulations', 'NON_COVERED'),
  ('P22', 'Payment adjusted based on Medical Payments Coverage and/or Personal Injury Protection fee schedule', 'OTHER'),
  ('P23', 'Medical Payments Coverage and/or Personal Injury Protection benefits exhausted', 'NON_COVERED'),
  ('P24', 'Payment adjusted based on preferred provider organization (property and casualty)', 'OTHER'),
  ('P25', 'Payment adjusted based on a medical fee schedule (property and casualty)', 'OTHER'),
  ('P26', 'Payment adjusted based on a negotiated contract (property and casualty)', 'OTHER'),
  ('P27', 'Payment adjusted based on the medical review (property and casualty)', 'MEDICAL_NECESSITY'),
  ('P28', 'Payment adjusted based on review of the bill (property and casualty)', 'OTHER'),
  ('P29', 'Liability benefits jurisdictional fee schedule adjustment', 'OTHER'),
  ('P30', 'Payment denied for the absence of, or exceeded, pre-certification or authorization (property and casualty)', 'AUTHORIZATION'),
  ('P31', 'Payment denied for the absence of, or exceeded, referral (property and casualty)', 'AUTHORIZATION'),
  ('P32', 'Payment adjusted based on the proof of delivery (property and casualty)', 'MISSING_INFORMATION'),
  ('W1', 'Workers'' compensation jurisdictional fee schedule adjustment', 'OTHER'),
  ('W2', 'Payment reduced or denied based on workers'' compensation jurisdictional regulations or payment policies', 'OTHER'),
  ('W3', 'The benefit for this service is included in the payment for another service (workers'' compensation)', 'CODING'),
  ('W4', 'Workers'' compensation medical treatment guideline adjustment', 'MEDICAL_NECESSITY'),
  ('W7', 'Medical provider not authorized to provide treatment to injured workers', 'AUTHORIZATION'),
  ('W8', 'Referral not authorized by the attending physician (workers'' compensation)', 'AUTHORIZATION'),
  ('W9', 'Unnecessary treatment, services or supplies (workers'' compensation)', 'MEDICAL_NECESSITY'),
  ('Y1', 'Payment denied based on Medical Payments Coverage and/or Personal Injury Protection benefits', 'NON_COVERED'),
  ('Y2', 'Payment adjusted based on the Medical Payments Coverage and/or Personal Injury Protection fee schedule', 'OTHER'),
  ('Y3', 'Medical Payments Coverage and/or Personal Injury Protection benefits exhausted', 'NON_COVERED');

-- RARC: the remark codes most often paired with the CARCs above (CAQH CORE 360 combinations).
insert into x12_code.rarc (code, description, alert) values
  ('M15', 'Separately billed services or tests have been bundled; payment is included in another service', false),
  ('M20', 'Missing or invalid HCPCS code', false),
  ('M51', 'Missing, incomplete or invalid procedure code(s)', false),
  ('M76', 'Missing, incomplete or invalid diagnosis or condition', false),
  ('M77', 'Missing, incomplete or invalid place of service', false),
  ('M79', 'Missing or invalid charge', false),
  ('M80', 'Not covered when performed during the same session or date as a previously processed service', false),
  ('M86', 'Service denied because payment already made for the same or similar procedure in the set time frame', false),
  ('M119', 'Missing, incomplete or invalid National Drug Code', false),
  ('M127', 'Missing patient medical record for this service', false),
  ('MA01', 'Alert: if you disagree with the determination you may appeal', true),
  ('MA04', 'Secondary payment cannot be considered without the identity of, or payment information from, the primary payer', false),
  ('MA07', 'Alert: the claim information has also been forwarded to Medicaid for review', true),
  ('MA13', 'Alert: you may be subject to penalties if you bill the patient for amounts not reported as patient responsibility', true),
  ('MA18', 'Alert: the claim information is also being forwarded to the patient''s supplemental insurer', true),
  ('MA27', 'Missing, incomplete or invalid entitlement number or name shown on the claim', false),
  ('MA61', 'Missing, incomplete or invalid social security number or health insurance claim number', false),
  ('MA92', 'Missing plan information for other insurance', false),
  ('MA130', 'Your claim contains incomplete and/or invalid information, and no appeal rights are afforded; submit a new claim with the complete information', false),
  ('N4', 'Missing, incomplete or invalid prior insurance carrier EOB', false),
  ('N19', 'Procedure code incidental to the primary procedure', false),
  ('N20', 'Service not payable with other service rendered on the same date', false),
  ('N30', 'Patient ineligible for this service', false),
  ('N54', 'Claim information is inconsistent with pre-certified or authorized services', false),
  ('N56', 'Procedure code billed is not correct or valid for the services billed or the date of service billed', false),
  ('N95', 'This provider type or specialty may not bill this service', false),
  ('N102', 'This claim has been denied without reviewing the medical or dental record because the requested records were not received or were not received timely', false),
  ('N115', 'This decision was based on a local coverage determination', false),
  ('N130', 'Consult plan benefit documents or guidelines for information about restrictions for this service', false),
  ('N179', 'Additional information has been requested from the member', false),
  ('N211', 'Alert: you may not appeal this decision', true),
  ('N290', 'Missing, incomplete or invalid rendering provider primary identifier', false),
  ('N362', 'The number of days or units of service exceeds our acceptable maximum', false),
  ('N381', 'Alert: consult the contractual agreement for restrictions, billing and payment information', true),
  ('N386', 'This decision was based on a national coverage determination', false),
  ('N418', 'Misrouted claim: see the payer''s claim submission instructions', false),
  ('N432', 'Adjustment based on a recovery audit', false),
  ('N479', 'Missing explanation of benefits (coordination of benefits or Medicare secondary payer)', false),
  ('N522', 'Duplicate of a claim processed, or to be processed, as a crossover claim', false),
  ('N640', 'Exceeds the number of days or units of service allowed', false),
  ('N657', 'This should be billed with the appropriate code for these services', false);

-------------------------------------------------------------------------------
-- Claims: the payer's identifiers and each claim's money
-------------------------------------------------------------------------------

-- The 835's fallback match (CLP07) is the payer's claim control number that claims-out records from the 277CA.
drop index if exists billing.claim_payer_claim_control_number_lookup;
create index claim_payer_claim_control_number_lookup on billing.claim (tenant_id, payer_claim_control_number) where payer_claim_control_number is not null;

alter table billing.claim add column patient_responsibility_amount numeric(14, 2) not null default 0;
alter table billing.claim add column adjustment_amount numeric(14, 2) not null default 0;
alter table billing.claim add column balance numeric(14, 2) generated always as
  (total_amount - coalesce(paid_amount, 0) - adjustment_amount - patient_responsibility_amount) stored;
comment on column billing.claim.patient_responsibility_amount is 'What the payer assigned to the patient (835 group PR), net of reversals: transferred to the patient or the secondary coverage.';
comment on column billing.claim.adjustment_amount is 'What the payer adjusted off the claim (835 groups CO, OA, PI, CR) plus write-offs, net of reversals.';
comment on column billing.claim.balance is 'What is still expected from this payer: charge - paid - adjustments - patient responsibility. Everyone reads this column.';

-------------------------------------------------------------------------------
-- Remittances (one 835 transaction each)
-------------------------------------------------------------------------------

create table billing.remittance (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  payer_id uuid,
  payer_name text,
  payer_identifier text,
  payee_name text,
  payee_npi text,
  trace_number text not null check (length(trace_number) between 1 and 50),
  payment_amount numeric(14, 2) not null,
  credit_debit text,
  payment_method text,
  payment_date date,
  status text not null check (status in ('POSTED', 'HELD', 'DUPLICATE')),
  reason text,
  duplicate_of uuid,
  claim_count integer not null default 0,
  claims_posted integer not null default 0,
  claims_unmatched integer not null default 0,
  transaction_control_number text,
  x12 text not null,
  source text not null default 'API' check (source in ('API', 'CONSOLE', 'PSQL', 'PARTNER')),
  received_at timestamptz not null default now(),
  received_by text,
  primary key (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  foreign key (tenant_id, duplicate_of) references billing.remittance (tenant_id, id),
  constraint held_has_reason check (status = 'POSTED' or reason is not null)
);
-- Idempotency: one posting per (payer, TRN02 trace, amount). A second delivery is a DUPLICATE row.
create unique index remittance_posted_once on billing.remittance (tenant_id, coalesce(payer_identifier, payer_name, ''), trace_number, payment_amount) where status = 'POSTED';
create index remittance_recent on billing.remittance (tenant_id, received_at desc);
create index on billing.remittance (tenant_id, payer_id);
create index on billing.remittance (tenant_id, duplicate_of);
select core_private.enable_tenant_rls('billing.remittance', 'claims.read', null);
create policy tenant_read_write on billing.remittance for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
-- Not x12: the exact bytes carry PHI the API never hands out wholesale (console and psql read them as the owner).
grant select (tenant_id, id, payer_id, payer_name, payer_identifier, payee_name, payee_npi, trace_number, payment_amount, credit_debit,
  payment_method, payment_date, status, reason, duplicate_of, claim_count, claims_posted, claims_unmatched, transaction_control_number,
  source, received_at, received_by) on billing.remittance to :VISITOR;
comment on table billing.remittance is 'One 835 transaction (ST..SE) as received: POSTED, HELD (unbalanced: nothing of it posted, reason shows the failed equation) or DUPLICATE (the same payer, trace and amount were posted before). x12 keeps the exact bytes.';
comment on column billing.remittance.x12 is 'The exact X12 of the interchange this transaction came in (PHI: read it through the console or psql only).';

create table billing.claim_payment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  remittance_id uuid not null,
  claim_id uuid not null,
  sequence integer not null,
  claim_status_code text not null,
  charge_amount numeric(14, 2) not null,
  paid_amount numeric(14, 2) not null,
  patient_responsibility numeric(14, 2) not null default 0,
  adjustment_amount numeric(14, 2) not null default 0,
  filing_indicator text,
  payer_claim_control_number text,
  crossover_payer_name text,
  crossover_payer_id text,
  denial_reason_code text,
  denial_category text,
  reversed_by uuid,
  posted_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, remittance_id) references billing.remittance (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  foreign key (tenant_id, reversed_by) references billing.claim_payment (tenant_id, id),
  unique (tenant_id, remittance_id, sequence)
);
create index on billing.claim_payment (tenant_id, claim_id);
create index on billing.claim_payment (tenant_id, reversed_by);
select core_private.enable_tenant_rls('billing.claim_payment', 'claims.read', null);
create policy tenant_read_write on billing.claim_payment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_payment to :VISITOR;
comment on table billing.claim_payment is 'One CLP of a posted 835: what the payer paid on one of our claims. A reversal (claim_status_code 22) carries negated amounts and marks the payment it reverses (reversed_by). Crossover (19/20): the payer forwarded the claim to crossover_payer_name (NM1*TT).';

create table billing.claim_service_payment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  claim_payment_id uuid not null,
  line_number smallint not null,
  procedure_code text not null,
  modifiers text[] not null default '{}',
  original_procedure_code text,
  charge_amount numeric(14, 2) not null,
  paid_amount numeric(14, 2) not null,
  units numeric(9, 2),
  service_date date,
  allowed_amount numeric(14, 2),
  remark_codes text[] not null default '{}',
  primary key (tenant_id, claim_payment_id, line_number),
  foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id)
);
select core_private.enable_tenant_rls('billing.claim_service_payment', 'claims.read', null);
create policy tenant_read_write on billing.claim_service_payment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_service_payment to :VISITOR;
comment on table billing.claim_service_payment is 'One SVC of a posted claim payment (loop 2110): procedure as adjudicated (original_procedure_code when the payer changed it), charge, paid, units, allowed (AMT*B6), remarks (LQ*HE).';

create table billing.claim_adjustment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  claim_payment_id uuid not null,
  seq smallint not null,
  claim_id uuid not null,
  level text not null check (level in ('CLAIM', 'LINE')),
  line_number smallint,
  group_code text not null,
  reason_code text not null,
  amount numeric(14, 2) not null,
  quantity numeric(9, 2),
  remark_codes text[] not null default '{}',
  primary key (tenant_id, claim_payment_id, seq),
  foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  constraint line_has_number check ((level = 'LINE') = (line_number is not null))
);
create index on billing.claim_adjustment (tenant_id, claim_id);
select core_private.enable_tenant_rls('billing.claim_adjustment', 'claims.read', null);
create policy tenant_read_write on billing.claim_adjustment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_adjustment to :VISITOR;
comment on table billing.claim_adjustment is 'One CAS triple (group, CARC, amount, quantity) of a posted claim payment, at claim or line level, with the remark codes (MOA/MIA at claim level, LQ*HE at line level). Write-offs are recorded here too (group CO, claim level).';

create table billing.provider_adjustment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  remittance_id uuid not null,
  seq smallint not null,
  provider_identifier text,
  fiscal_period_date date,
  reason_code text not null,
  reference text,
  amount numeric(14, 2) not null,
  primary key (tenant_id, remittance_id, seq),
  foreign key (tenant_id, remittance_id) references billing.remittance (tenant_id, id)
);
select core_private.enable_tenant_rls('billing.provider_adjustment', 'claims.read', null);
create policy tenant_read_write on billing.provider_adjustment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.provider_adjustment to :VISITOR;
comment on table billing.provider_adjustment is 'One PLB adjustment of a posted remittance (interest L6, forwarding balance FB, overpayment recovery WO, authorized return 72...). A positive amount reduces the payment.';

-------------------------------------------------------------------------------
-- Work queues
-------------------------------------------------------------------------------

create table billing.unmatched_remittance_claim (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  remittance_id uuid not null,
  sequence integer not null,
  patient_control_number text,
  payer_claim_control_number text,
  claim_status_code text,
  charge_amount numeric(14, 2),
  paid_amount numeric(14, 2),
  detail jsonb not null,
  reason text not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'RESOLVED')),
  resolved_claim_id uuid,
  resolution_note text,
  resolved_at timestamptz,
  resolved_by text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, remittance_id) references billing.remittance (tenant_id, id),
  foreign key (tenant_id, resolved_claim_id) references billing.claim (tenant_id, id),
  unique (tenant_id, remittance_id, sequence)
);
create index unmatched_remittance_claim_open on billing.unmatched_remittance_claim (tenant_id, created_at) where status = 'OPEN';
create index on billing.unmatched_remittance_claim (tenant_id, resolved_claim_id);
select core_private.enable_tenant_rls('billing.unmatched_remittance_claim', 'claims.read', null);
create policy tenant_read_write on billing.unmatched_remittance_claim for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.unmatched_remittance_claim to :VISITOR;
comment on table billing.unmatched_remittance_claim is 'A CLP of a posted 835 that matched none of our claims (by patient control number, then payer claim control number): kept whole (detail), never guessed, worked by a person.';

create table billing.denial_work_item (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  claim_payment_id uuid not null,
  payer_id uuid not null,
  denial_category text not null,
  reason_code text not null,
  group_code text not null,
  remark_codes text[] not null default '{}',
  denied_amount numeric(14, 2) not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'RESOLVED')),
  assigned_to text,
  resolution_note text,
  resolved_at timestamptz,
  resolved_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  unique (tenant_id, claim_payment_id)
);
create index denial_work_item_open on billing.denial_work_item (tenant_id, denial_category, payer_id, reason_code) where status = 'OPEN';
create index on billing.denial_work_item (tenant_id, claim_id);
create index on billing.denial_work_item (tenant_id, payer_id);
create trigger _100_set_updated_at before update on billing.denial_work_item for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('billing.denial_work_item', 'claims.read', null);
create policy tenant_read_write on billing.denial_work_item for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.denial_work_item to :VISITOR;
comment on table billing.denial_work_item is 'A denied claim payment to work: its category and main CARC (the largest non-PR adjustment), assignable, resolved with a note.';

create table billing.denial_action (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  denial_work_item_id uuid not null,
  claim_id uuid not null,
  action text not null check (action in ('APPEAL', 'CORRECTED_CLAIM', 'VOID', 'WRITE_OFF', 'BILL_SECONDARY')),
  action_date date not null default current_date,
  follow_up_by date,
  amount numeric(14, 2),
  reason text,
  note text,
  recorded_at timestamptz not null default now(),
  recorded_by text,
  primary key (tenant_id, id),
  foreign key (tenant_id, denial_work_item_id) references billing.denial_work_item (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  constraint appeal_has_follow_up check (action <> 'APPEAL' or follow_up_by is not null),
  constraint write_off_has_amount check (action <> 'WRITE_OFF' or (amount > 0 and reason is not null))
);
create index on billing.denial_action (tenant_id, denial_work_item_id);
create index on billing.denial_action (tenant_id, claim_id);
select core_private.enable_tenant_rls('billing.denial_action', 'claims.read', null);
create policy tenant_read_write on billing.denial_action for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.denial_action to :VISITOR;
comment on table billing.denial_action is 'What a biller did about a denial: APPEAL (date, follow-up deadline), CORRECTED_CLAIM (frequency 7), VOID (frequency 8), WRITE_OFF (amount, reason), BILL_SECONDARY.';

-------------------------------------------------------------------------------
-- Reporting from real remittances (never granted to the API: tenant-filtered views in sql/functions)
-------------------------------------------------------------------------------

-- Accounts receivable: what each claim with the payer still owes (its balance), by days since submission.
-- A claim an 835 adjudicated has a zero balance (the 835 balances); a reversed one is ACCEPTED again.
create materialized view reporting.mv_ar_aging_by_payer as
with open_claim as (
  select tenant_id, payer_id, balance, current_date - (submitted_at at time zone 'UTC')::date as age_days
  from billing.claim where status in ('SUBMITTED', 'ACCEPTED', 'REJECTED') and balance > 0
)
select tenant_id, payer_id,
       case when age_days <= 30 then '0-30' when age_days <= 60 then '31-60' when age_days <= 90 then '61-90'
            when age_days <= 120 then '91-120' else '120+' end as age_bucket,
       min(case when age_days <= 30 then 1 when age_days <= 60 then 2 when age_days <= 90 then 3 when age_days <= 120 then 4 else 5 end)::int as bucket_order,
       count(*)::int as claim_count,
       sum(balance) as outstanding_amount,
       max(age_days)::int as oldest_age_days
from open_claim
group by 1, 2, 3;
create unique index on reporting.mv_ar_aging_by_payer (tenant_id, payer_id, age_bucket);

-- Clean claim rate: of the claims first submitted in a month, the share accepted on the first
-- submission (no REJECTED ever) and, once adjudicated, paid without a denial.
create materialized view reporting.mv_clean_claim_rate as
with first_submission as (
  select h.tenant_id, h.claim_id, min(h.occurred_at) as submitted_at
  from billing.claim_status_history h where h.to_status = 'SUBMITTED' group by h.tenant_id, h.claim_id
), outcome as (
  select f.tenant_id, f.claim_id, f.submitted_at, c.payer_id,
         bool_or(h.to_status = 'REJECTED') as rejected,
         bool_or(h.to_status in ('ACCEPTED', 'PAID', 'DENIED')) as accepted,
         bool_or(h.to_status = 'DENIED') as denied
  from first_submission f
  join billing.claim c on c.tenant_id = f.tenant_id and c.id = f.claim_id
  left join billing.claim_status_history h on h.tenant_id = f.tenant_id and h.claim_id = f.claim_id
  group by f.tenant_id, f.claim_id, f.submitted_at, c.payer_id
)
select tenant_id, payer_id, date_trunc('month', submitted_at at time zone 'UTC')::date as submitted_month,
       count(*)::int as submitted_count,
       count(*) filter (where accepted and not rejected and not denied)::int as clean_count,
       count(*) filter (where rejected)::int as rejected_count,
       count(*) filter (where denied)::int as denied_count,
       count(*) filter (where not accepted and not rejected)::int as awaiting_count,
       round(100.0 * count(*) filter (where accepted and not rejected and not denied) / nullif(count(*) filter (where accepted or rejected), 0), 2) as clean_claim_rate_pct
from outcome
group by 1, 2, 3;
create unique index on reporting.mv_clean_claim_rate (tenant_id, payer_id, submitted_month);

-- Denials by category against everything the payer adjudicated (PAID + DENIED), hand-recorded or from 835s.
create materialized view reporting.mv_denial_rate_by_category as
with adjudicated as (
  select tenant_id, payer_id, count(*)::int as adjudicated_count
  from billing.claim where status in ('PAID', 'DENIED') group by 1, 2
)
select c.tenant_id, c.payer_id, c.denial_category,
       count(*)::int as denied_count,
       sum(c.total_amount) as denied_amount,
       a.adjudicated_count,
       round(100.0 * count(*) / a.adjudicated_count, 2) as denial_rate_pct
from billing.claim c
join adjudicated a on a.tenant_id = c.tenant_id and a.payer_id = c.payer_id
where c.status = 'DENIED'
group by c.tenant_id, c.payer_id, c.denial_category, a.adjudicated_count;
create unique index on reporting.mv_denial_rate_by_category (tenant_id, payer_id, denial_category);

-- Payments received per payer, day and method (posted remittances; the nil uuid for an unknown payer).
create materialized view reporting.mv_payment_by_payer_day as
select r.tenant_id, coalesce(r.payer_id, '00000000-0000-0000-0000-000000000000'::uuid) as payer_id,
       coalesce(r.payment_date, (r.received_at at time zone 'UTC')::date) as payment_day,
       coalesce(r.payment_method, 'NON') as payment_method,
       count(*)::int as remittance_count,
       sum(r.payment_amount) as payment_amount,
       sum(r.claims_posted)::int as claims_posted,
       sum(r.claims_unmatched)::int as claims_unmatched
from billing.remittance r
where r.status = 'POSTED'
group by 1, 2, 3, 4;
create unique index on reporting.mv_payment_by_payer_day (tenant_id, payer_id, payment_day, payment_method);

-- Time-ordered ids (as migration 000007) for the tables a remittance writes by the hundred thousand.
do $$
begin
  if to_regprocedure('pg_catalog.uuidv7()') is not null then
    alter table billing.remittance alter column id set default uuidv7();
    alter table billing.claim_payment alter column id set default uuidv7();
    alter table billing.unmatched_remittance_claim alter column id set default uuidv7();
    alter table billing.denial_work_item alter column id set default uuidv7();
  end if;
end $$;
