-- claim-line-charge-check (branch build17, issue 16 §4: the nightly claim build): a claim line's
-- charge is checked in the lock-unless-written-here mode of the generic parent checks
-- (62-parentcheck), as its claim is.
-- Re-runnable: it drops and creates the two triggers it declares.
--
-- Why: the build moves every charge of a slice to BILLED in the same statement that writes the
-- lines naming them, so the FOR KEY SHARE lock that the 'lock' mode then took on each of them
-- locked a row this transaction already holds: one WAL record and one more write of the charge's
-- tuple per line, 10,000 a slice (11-17 ms of a slice's 215-230 ms of backend CPU). A delete or
-- re-key of such a charge waits on the build's update and then finds the lines committed with
-- it, as after a FOR KEY SHARE wait (test/claims/build-integrity.test.ts). A line naming a charge
-- this transaction did not write (a secondary claim's, a line written by hand) still locks it.
-- core_private.tg__children_name_their_parent says what the mode misses (a charge frozen 2^32
-- transactions ago whose xmin equals this transaction's id).
drop trigger if exists _050_charge_id_names_charge on billing.claim_line;
create trigger _050_charge_id_names_charge after insert on billing.claim_line
  referencing new table as new_rows for each statement
  execute function core_private.tg__children_name_their_parent('tenant_id,charge_id', 'billing.charge', 'tenant_id,id', 'line_number', 'lock-unless-written-here');
drop trigger if exists _051_charge_id_names_charge on billing.claim_line;
create trigger _051_charge_id_names_charge after update of tenant_id, charge_id on billing.claim_line
  for each row when (old.tenant_id is distinct from new.tenant_id or old.charge_id is distinct from new.charge_id)
  execute function core_private.tg__children_name_their_parent('tenant_id,charge_id', 'billing.charge', 'tenant_id,id', 'line_number', 'lock-unless-written-here');
