--! Previous: sha1:09cf433886bac88283ff0683e4b3cafee5b739e7
--! Hash: sha1:42ff034cdbcab2a4aba6388e1007791540a77f2b
--! Message: remittance fixes

--! split: 81-remitfix.sql
-- remitfix (issue 15 correctness leftovers). Re-runnable: each statement replaces what it made.

-- Which CARCs deny. A CO/OA/PI adjustment with one of these codes is a payment reduction the
-- contract or the law expects (fee schedule, discounts, withholds, taxes, sequestration...), not a
-- refusal to pay: a $0 payment whose only non-patient adjustments carry them (e.g. CO-45 with the
-- rest to the deductible PR-1) is adjudicated PAID (the patient owes), never DENIED.
alter table x12_code.carc drop column if exists denies;
alter table x12_code.carc add column denies boolean not null default true;
update x12_code.carc set denies = false where code in (
  '1', '2', '3', '23', '24', '44', '45', '59', '66', '69', '70', '74', '75', '76', '89', '90', '91', '94', '100', '101',
  '102', '103', '104', '105', '118', '121', '122', '130', '131', '132', '137', '139', '142', '143', '144', '161', '169', '186',
  '187', '201', '205', '209', '223', '225', '229', '232', '235', '237', '241', '245', '247', '248', '253', '259', '260', '262',
  '263', '264', '265', '266', '271', 'Y2');
comment on column x12_code.carc.denies is 'false for payment reductions (contractual CO-45, discounts, withholds, taxes, patient shares): with nothing paid, only a code that denies makes the claim DENIED. A code missing from this table denies (category OTHER).';

-- A voided claim owes nothing: the payer was told to disregard it, so no balance is expected.
alter table billing.claim alter column balance set expression as
  (case when status = 'VOIDED' then 0 else total_amount - coalesce(paid_amount, 0) - adjustment_amount - patient_responsibility_amount end);
comment on column billing.claim.balance is 'What is still expected from this payer: charge - paid - adjustments - patient responsibility; 0 for a VOIDED claim. Everyone reads this column.';
