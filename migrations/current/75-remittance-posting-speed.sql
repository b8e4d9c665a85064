-- 75-remittance-posting-speed (issue 15 performance: posting 835s).
-- Re-runnable: only create-or-replace and drop-if-exists.

-- The NPI check runs on every claim UPDATE (PostgreSQL evaluates every CHECK constraint on update),
-- so posting 1,000 CLPs called the plpgsql Luhn loop 1,000 times (~60 us a call under load). The
-- same rule as one SQL expression is inlined by the planner into the constraint: same answers
-- (checked against the loop on 300,000 strings), still STRICT (null stays null, so nullable NPI
-- columns accept null, and GraphQL's isValidNpi keeps its required argument). A STRICT function is
-- only inlined when its body has strict constructs only, hence no CASE/AND: the shape check and the
-- Luhn check are multiplied as 0/1, and digits are read with ascii() (never fails on other text).
-- Luhn over '80840' || the first 9 digits (the prefix contributes 24), check digit included; digits
-- 1, 3, 5, 7, 9 are doubled (translate maps d to the digit sum of 2d); 480 = 10 x ascii('0').
create or replace function core.is_valid_npi(npi text) returns boolean
  language sql immutable parallel safe strict as $$
select (npi ~ '^[12][0-9]{9}$')::int
     * ((24 + ascii(translate(substr(npi, 1, 1), '0123456789', '0246813579')) + ascii(substr(npi, 2, 1))
            + ascii(translate(substr(npi, 3, 1), '0123456789', '0246813579')) + ascii(substr(npi, 4, 1))
            + ascii(translate(substr(npi, 5, 1), '0123456789', '0246813579')) + ascii(substr(npi, 6, 1))
            + ascii(translate(substr(npi, 7, 1), '0123456789', '0246813579')) + ascii(substr(npi, 8, 1))
            + ascii(translate(substr(npi, 9, 1), '0123456789', '0246813579')) + ascii(substr(npi, 10, 1)) - 480) % 10 = 0)::int = 1
$$;

-- Posting reads remark codes inline now (a per-row call of this function cost more than the row).
drop function if exists billing_private.remark_codes(jsonb);
