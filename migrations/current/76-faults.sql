-- faults (issue 16 part 3): eligibility_private.fn_sweep_run_plan returns prior_attempts (a new
-- output column), so the old signature is dropped and sql/functions/ creates the new one.
drop function if exists eligibility_private.fn_sweep_run_plan(uuid, uuid, integer);
