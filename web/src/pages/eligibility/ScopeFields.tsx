// The scope of a sweep: facility (All facilities or one), window relative to the fire time, payer filter.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Group, MultiSelect, NumberInput, Select } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { parsePayerIds } from '../../lib/sweep.ts';

const ScopeChoicesQuery = graphql(`
  query ScopeChoices {
    facilities(orderBy: CODE_ASC) { nodes { rowId code name } }
    payers(orderBy: CODE_ASC) { nodes { rowId code name } }
  }
`);

export interface ScopeValues {
  facilityId: string | null;
  windowFromDays: number | string;
  windowToDays: number | string;
  payerIds: string[];
}

export type ScopeErrors = Partial<Record<keyof ScopeValues, string>>;

export const ALL_FACILITIES = '__all__';

export function validateScope(values: ScopeValues): ScopeErrors {
  const errors: ScopeErrors = {};
  const from = Number(values.windowFromDays);
  const to = Number(values.windowToDays);
  if (values.windowFromDays === '' || !Number.isInteger(from)) errors.windowFromDays = 'Window from is a whole number of days (negative looks back).';
  if (values.windowToDays === '' || !Number.isInteger(to)) errors.windowToDays = 'Window to is a whole number of days.';
  if (!errors.windowFromDays && !errors.windowToDays && from > to) errors.windowToDays = `Window to (${to}) must not be before window from (${from}).`;
  return errors;
}

export function ScopeFields({ values, errors, onChange }: { values: ScopeValues; errors: ScopeErrors; onChange: (patch: Partial<ScopeValues>) => void }) {
  const [payerSearch, setPayerSearch] = useState('');
  const choices = useQuery({ queryKey: ['scopeChoices'], queryFn: () => gqlRequest(ScopeChoicesQuery), staleTime: 60_000 });
  const facilities = [{ value: ALL_FACILITIES, label: 'All facilities' }, ...(choices.data?.facilities?.nodes ?? []).map((f) => ({ value: f.rowId, label: `${f.code} — ${f.name}` }))];
  const payers = (choices.data?.payers?.nodes ?? []).map((p) => ({ value: p.rowId, label: `${p.code} — ${p.name}` }));
  return (
    <>
      <Select
        label="Facility"
        description="Leave on All facilities for tenant-wide; otherwise pick one."
        data={facilities}
        value={values.facilityId ?? ALL_FACILITIES}
        onChange={(v) => onChange({ facilityId: !v || v === ALL_FACILITIES ? null : v })}
        allowDeselect={false}
        error={errors.facilityId}
      />
      <Group grow align="flex-start">
        <NumberInput label="Window from (days)" description="Relative to when the cron fires" value={values.windowFromDays} onChange={(v) => onChange({ windowFromDays: v })} error={errors.windowFromDays} allowDecimal={false} />
        <NumberInput label="Window to (days)" description="0 to 7 = the next 7 days" value={values.windowToDays} onChange={(v) => onChange({ windowToDays: v })} error={errors.windowToDays} allowDecimal={false} />
      </Group>
      <MultiSelect
        label="Payer filter"
        description="Leave blank to target every active coverage on each member; pick payers or paste comma-separated payer UUIDs."
        placeholder={values.payerIds.length ? undefined : 'All payers'}
        data={payers}
        value={values.payerIds}
        onChange={(ids) => onChange({ payerIds: ids })}
        searchable
        clearable
        searchValue={payerSearch}
        onSearchChange={(text) => {
          // The manual's way: paste comma-separated payer UUIDs; known ones become selections.
          const pasted = parsePayerIds(text);
          const known = pasted.ids.filter((id) => payers.some((p) => p.value === id));
          if (known.length > 0) {
            onChange({ payerIds: [...new Set([...values.payerIds, ...known])] });
            setPayerSearch('');
          } else setPayerSearch(text);
        }}
        error={errors.payerIds}
      />
    </>
  );
}
