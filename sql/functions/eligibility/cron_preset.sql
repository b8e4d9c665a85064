-- Cron presets for the New schedule dialog, as data.
create or replace view eligibility.cron_preset with (security_invoker = true) as
  select * from (values
    ('nightly-2am-utc', 'Nightly 2 AM UTC', '0 2 * * *', 'UTC', 1),
    ('nightly-2am-eastern', 'Nightly 2 AM Eastern', '0 2 * * *', 'America/New_York', 2),
    ('weeknights-1am-utc', 'Weeknights 1 AM UTC', '0 1 * * 1-5', 'UTC', 3),
    ('twice-daily', 'Twice daily (6 AM and 6 PM UTC)', '0 6,18 * * *', 'UTC', 4),
    ('hourly', 'Every hour', '0 * * * *', 'UTC', 5),
    ('weekly-sunday', 'Weekly, Sunday 3 AM UTC', '0 3 * * 0', 'UTC', 6)
  ) as p(key, label, cron_expression, time_zone, sort_order);
comment on view eligibility.cron_preset is 'Cron presets offered when creating a sweep schedule.';
grant select on eligibility.cron_preset to rcm_visitor;
