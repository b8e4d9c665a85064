-- Cron in SQL, so that psql users, the supervisor and GraphQL share one implementation.
-- Vixie-cron 5-field semantics as cron-parser (the JS library the differential test compares
-- with) implements them: lists, ranges, steps (a/n = a-max/n), JAN..DEC and SUN..SAT names,
-- 7 = Sunday, day of month and day of week ORed when both are restricted (not `*`/`?`).
-- DST in named zones: a local time that does not exist fires at the same wall-clock distance
-- after the jump (02:30 -> 03:30 EDT); a repeated local hour fires once, at its first occurrence.

-- One field as a bit mask (bit n set: value n allowed).
create or replace function eligibility_private.fn_cron_field_mask(field text, field_name text, lo integer, hi integer)
  returns bigint language plpgsql immutable parallel safe as $$
declare
  mask bigint := 0;
  item text;
  range_part text;
  step integer;
  first integer;
  last integer;
  v integer;
  names text[];
  parts text[];
begin
  if field_name = 'month' then
    names := array['JAN','FEB','MAR','APR','MAY','JUN','JUL','AUG','SEP','OCT','NOV','DEC'];
    field := regexp_replace(upper(field), '(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)',
      '\1', 'g');
    for v in 1..12 loop field := replace(field, names[v], v::text); end loop;
  elsif field_name = 'day of week' then
    names := array['SUN','MON','TUE','WED','THU','FRI','SAT'];
    field := upper(field);
    for v in 1..7 loop field := replace(field, names[v], (v - 1)::text); end loop;
  end if;
  if field !~ '^[0-9*?/,-]+$' then
    raise exception 'cron field "%" has invalid characters: "%"', field_name, field
      using errcode = '22023', hint = 'Use numbers, names (JAN, MON), *, lists (1,2), ranges (1-5) and steps (*/15).';
  end if;
  foreach item in array string_to_array(field, ',') loop
    if item = '' then
      raise exception 'cron field "%" has an empty list item', field_name using errcode = '22023';
    end if;
    parts := string_to_array(item, '/');
    if cardinality(parts) > 2 then
      raise exception 'cron field "%" item "%" has more than one step', field_name, item using errcode = '22023';
    end if;
    range_part := parts[1];
    step := 1;
    if cardinality(parts) = 2 then
      if parts[2] !~ '^[0-9]{1,4}$' or parts[2]::integer = 0 then
        raise exception 'cron field "%" step "%" must be a positive number', field_name, parts[2] using errcode = '22023';
      end if;
      step := parts[2]::integer;
    end if;
    if range_part in ('*', '?') then
      first := lo; last := hi;
    elsif range_part ~ '^[0-9]{1,4}$' then
      first := range_part::integer;
      last := case when cardinality(parts) = 2 then hi else first end;
    elsif range_part ~ '^[0-9]{1,4}-[0-9]{1,4}$' then
      first := split_part(range_part, '-', 1)::integer;
      last := split_part(range_part, '-', 2)::integer;
    else
      raise exception 'cron field "%" item "%" is not a number, range or step', field_name, item using errcode = '22023';
    end if;
    if first < lo or first > hi then
      raise exception 'cron field "%" value % is out of range %-%', field_name, first, lo, hi using errcode = '22023';
    end if;
    if last < lo or last > hi then
      raise exception 'cron field "%" value % is out of range %-%', field_name, last, lo, hi using errcode = '22023';
    end if;
    if first > last then
      raise exception 'cron field "%" range %-% runs backwards', field_name, first, last using errcode = '22023';
    end if;
    v := first;
    while v <= last loop
      mask := mask | (1::bigint << v);
      v := v + step;
    end loop;
  end loop;
  if field_name = 'day of week' and mask & (1::bigint << 7) <> 0 then
    mask := (mask & ~(1::bigint << 7)) | 1;  -- 7 is Sunday too
  end if;
  return mask;
end $$;

-- The parsed expression; raises 22023 naming the field that is wrong.
create or replace function eligibility.fn_cron_parse(expr text,
  out minutes bigint, out hours bigint, out days_of_month bigint, out months bigint, out days_of_week bigint,
  out dom_restricted boolean, out dow_restricted boolean)
  language plpgsql immutable parallel safe as $$
declare
  f text[];
  longest integer := 0;
  m integer;
  d integer;
begin
  f := regexp_split_to_array(trim(coalesce(expr, '')), '\s+');
  if trim(coalesce(expr, '')) = '' or cardinality(f) <> 5 then
    raise exception 'cron expression "%" must have 5 fields (minute hour day-of-month month day-of-week), got %', expr,
      case when trim(coalesce(expr, '')) = '' then 0 else cardinality(f) end
      using errcode = '22023', hint = 'Example: "0 2 * * *" is every day at 02:00.';
  end if;
  minutes := eligibility_private.fn_cron_field_mask(f[1], 'minute', 0, 59);
  hours := eligibility_private.fn_cron_field_mask(f[2], 'hour', 0, 23);
  days_of_month := eligibility_private.fn_cron_field_mask(f[3], 'day of month', 1, 31);
  months := eligibility_private.fn_cron_field_mask(f[4], 'month', 1, 12);
  days_of_week := eligibility_private.fn_cron_field_mask(f[5], 'day of week', 0, 7);
  dom_restricted := f[3] not in ('*', '?');
  dow_restricted := f[5] not in ('*', '?');
  if not dow_restricted then
    -- A day of month that no selected month has never fires.
    for m in 1..12 loop
      if months & (1::bigint << m) <> 0 then
        longest := greatest(longest, (array[31,29,31,30,31,30,31,31,30,31,30,31])[m]);
      end if;
    end loop;
    d := 1;
    while d <= 31 and days_of_month & (1::bigint << d) = 0 loop d := d + 1; end loop;
    if d > longest then
      raise exception 'cron field "day of month" value % never occurs in the selected months', d using errcode = '22023';
    end if;
  end if;
end $$;

-- First fire strictly after `after`, in time zone `tz`.
create or replace function eligibility.fn_cron_next_fire(expr text, after timestamptz, tz text default 'UTC')
  returns timestamptz language plpgsql stable parallel safe as $$
declare
  c record;
  t timestamp;
  local_after timestamp;
  after_in_repeat boolean;
  candidate timestamptz;
  earlier timestamptz;
  h integer;
  mi integer;
  dom_ok boolean;
  dow_ok boolean;
  guard integer := 0;
begin
  if after is null then
    raise exception 'after must not be null' using errcode = '22023';
  end if;
  c := eligibility.fn_cron_parse(expr);
  tz := coalesce(nullif(tz, ''), 'UTC');
  local_after := after at time zone tz;
  -- `after` inside the second pass of a repeated (fall-back) hour: later slots of that pass still fire.
  after_in_repeat := ((after - interval '1 hour') at time zone tz) = local_after;
  t := date_trunc('minute', local_after) + interval '1 minute';
  loop
    guard := guard + 1;
    if guard > 20000 then
      raise exception 'cron expression "%" does not fire within 8 years of %', expr, after using errcode = '22023';
    end if;
    if c.months & (1::bigint << extract(month from t)::integer) = 0 then
      t := date_trunc('month', t) + interval '1 month';
      continue;
    end if;
    dom_ok := c.days_of_month & (1::bigint << extract(day from t)::integer) <> 0;
    dow_ok := c.days_of_week & (1::bigint << extract(dow from t)::integer) <> 0;
    if not (case when c.dom_restricted and c.dow_restricted then dom_ok or dow_ok
                 when c.dom_restricted then dom_ok
                 when c.dow_restricted then dow_ok
                 else true end) then
      t := date_trunc('day', t) + interval '1 day';
      continue;
    end if;
    h := extract(hour from t)::integer;
    while h < 24 and c.hours & (1::bigint << h) = 0 loop h := h + 1; end loop;
    if h = 24 then
      t := date_trunc('day', t) + interval '1 day';
      continue;
    end if;
    if h > extract(hour from t)::integer then
      t := date_trunc('day', t) + make_interval(hours => h);
    end if;
    mi := extract(minute from t)::integer;
    while mi < 60 and c.minutes & (1::bigint << mi) = 0 loop mi := mi + 1; end loop;
    if mi = 60 then
      t := date_trunc('hour', t) + interval '1 hour';
      continue;
    end if;
    t := date_trunc('hour', t) + make_interval(mins => mi);
    -- Local time -> instant. Postgres maps a missing local time forward across the gap and an
    -- ambiguous one to its later (standard time) occurrence; cron fires the first occurrence.
    candidate := t at time zone tz;
    earlier := candidate - interval '1 hour';
    if (earlier at time zone tz) = t then
      if earlier > after then
        return earlier;
      end if;
      if after_in_repeat and candidate > after then
        return candidate;
      end if;
    elsif candidate > after then
      return candidate;
    end if;
    t := t + interval '1 minute';
  end loop;
end $$;

-- The next `count` fires after `after`: the schedule dialog's "next fire time as you type".
create or replace function eligibility.fn_cron_preview(expr text, tz text default 'UTC', count integer default 5, starting_at timestamptz default now())
  returns setof timestamptz language plpgsql stable as $$
declare
  t timestamptz := starting_at;
  i integer;
begin
  if count is null or count < 1 or count > 100 then
    raise exception 'count must be between 1 and 100, got %', count using errcode = '22023';
  end if;
  perform eligibility_private.fn_assert_time_zone(tz);
  for i in 1..count loop
    t := eligibility.fn_cron_next_fire(expr, t, tz);
    return next t;
  end loop;
end $$;

-- A time zone Postgres knows (IANA names like America/New_York, or UTC).
create or replace function eligibility_private.fn_assert_time_zone(tz text)
  returns void language plpgsql stable as $$
begin
  if tz is null or tz = '' then
    raise exception 'time zone must not be empty' using errcode = '22023';
  end if;
  perform now() at time zone tz;
exception when invalid_parameter_value then
  raise exception 'time zone "%" is not recognized', tz using errcode = '22023', hint = 'Use an IANA name such as UTC or America/New_York.';
end $$;

grant usage on schema eligibility_private to rcm_visitor;
grant execute on function eligibility_private.fn_cron_field_mask(text, text, integer, integer),
  eligibility_private.fn_assert_time_zone(text) to rcm_visitor;
grant execute on function eligibility.fn_cron_parse(text), eligibility.fn_cron_next_fire(text, timestamptz, text),
  eligibility.fn_cron_preview(text, text, integer, timestamptz) to rcm_visitor;

comment on function eligibility.fn_cron_parse(text) is 'Checks a 5-field cron expression (or a preset such as @daily) and returns its fields, or raises 22023 naming the bad field.';
comment on function eligibility.fn_cron_next_fire(text, timestamptz, text) is 'The first time after the given instant that a cron expression fires, in the given IANA time zone.';
comment on function eligibility.fn_cron_preview(text, text, integer, timestamptz) is 'The next fire times of a cron expression in a time zone, for checking a schedule before saving it.';
