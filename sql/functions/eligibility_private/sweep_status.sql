-- The one list of terminal run statuses (the CHECK constraint names all of them): a run in one
-- of these is never touched again and its job exits at once.
create or replace function eligibility_private.sweep_run_terminal(p_status text)
  returns boolean language sql immutable as $$
  select p_status in ('COMPLETED', 'CANCELLED', 'FAILED');
$$;
-- The API reads it through eligibility_sweep_run_progress_percent (security invoker).
grant execute on function eligibility_private.sweep_run_terminal(text) to rcm_visitor;

-- Why a member was SKIPPED, worded in one place: 'no_coverage' (no active coverage on the
-- service date, at roster time or since), 'cancelled' (an operator cancelled the run),
-- 'daily_cap' (the payer's daily 270 cap is used up; p_payer_code and p_cap name it).
create or replace function eligibility_private.sweep_skip_reason(p_kind text, p_payer_code text default null, p_cap integer default null)
  returns text language plpgsql immutable as $$
begin
  return case p_kind
    when 'no_coverage' then 'No active coverage on the service date'
    when 'cancelled' then 'Cancelled by operator'
    when 'daily_cap' then format('Daily 270 cap reached for payer %s (%s a day); not sent today, re-run tomorrow', p_payer_code, p_cap)
  end;
end $$;
