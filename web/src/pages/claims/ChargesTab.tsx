// Charges by status with their validation errors; select and Build claims (per-charge errors inline).
import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Checkbox, Group, List, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { Pager } from '../../components/Pager.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { formatCount, formatDate, formatMoney } from '../../lib/format.ts';
import { offsetOf } from '../../lib/paging.ts';
import { nonEmptyFilter } from '../../lib/filter.ts';
import { describeValidationError, summariseBuild, validationErrorsOf, type BuildSummary } from '../../lib/claims.ts';

const ChargesQuery = graphql(`
  query Charges($first: Int!, $offset: Int!, $filter: ChargeFilter) {
    charges(filter: $filter, orderBy: [SERVICE_DATE_ASC, CHARGE_NUMBER_ASC], first: $first, offset: $offset) {
      totalCount
      nodes {
        rowId chargeNumber status serviceDate procedureCode amount units validationErrors
        member { memberNumber lastName firstName }
        facility { code }
        coveragePolicy { payer { code } }
      }
    }
  }
`);
const BuildClaims = graphql(`
  mutation BuildClaims($ids: [UUID]!) {
    buildClaims(input: { chargeIds: $ids }) { result { chargeId claimId claimTotalAmount errorCode errorMessage validationErrors } }
  }
`);
const ValidateCharges = graphql(`mutation ValidateCharges($ids: [UUID]!) { validateCharges(input: { chargeIds: $ids }) { result { rowId status } } }`);

const STATUSES = ['VALIDATED', 'NEW', 'INVALID', 'BILLED', 'VOID', 'ALL'];

export function ChargesTab() {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('VALIDATED');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [build, setBuild] = useState<BuildSummary | null>(null);
  const filter = nonEmptyFilter({
    ...(status !== 'ALL' ? { status: { equalTo: status } } : {}),
    ...(debounced ? { or: [{ chargeNumber: { includesInsensitive: debounced } }, { member: { memberNumber: { includesInsensitive: debounced } } }] } : {}),
  });
  const query = useQuery({
    queryKey: ['charges', status, debounced, page, pageSize],
    queryFn: () => gqlRequest(ChargesQuery, { first: pageSize, offset: offsetOf(page, pageSize), filter }),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.charges?.nodes ?? [];
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['charges'] });
    await queryClient.invalidateQueries({ queryKey: ['claims'] });
  };
  const buildClaims = useMutation({
    mutationFn: () => gqlRequest(BuildClaims, { ids: [...selected] }),
    onSuccess: async (data) => {
      const summary = summariseBuild((data.buildClaims?.result ?? []).map((o) => ({ ...o })));
      setBuild(summary);
      if (summary.built) {
        setSelected(new Set());
        await refresh();
      }
    },
    onError: () => setBuild(null),
  });
  const validate = useMutation({
    mutationFn: () => gqlRequest(ValidateCharges, { ids: [...selected] }),
    onSuccess: async () => { setSelected(new Set()); await refresh(); },
  });
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.rowId));
  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
    setBuild(null);
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <SegmentedControl aria-label="Charge status" size="xs" data={STATUSES.map((s) => ({ value: s, label: s === 'ALL' ? 'All' : s }))} value={status} onChange={(v) => { setStatus(v); setPage(1); setSelected(new Set()); setBuild(null); }} />
        <Group gap="sm" align="flex-end">
          <TextInput size="xs" label="Search" placeholder="Charge or member number" value={search} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} w={240} />
          <PermissionButton permission="claims.write" action="Validating charges" variant="default" size="xs" disabled={selected.size === 0} loading={validate.isPending} onClick={() => validate.mutate()}>Validate selected</PermissionButton>
          <PermissionButton permission="claims.write" action="Building claims" size="xs" disabled={selected.size === 0} loading={buildClaims.isPending} onClick={() => buildClaims.mutate()}>
            Build claims ({formatCount(selected.size)})
          </PermissionButton>
        </Group>
      </Group>
      {buildClaims.error ? <ErrorAlert error={buildClaims.error} title="Claims not built" /> : null}
      {validate.error ? <ErrorAlert error={validate.error} title="Not validated" /> : null}
      {build ? (
        build.built ? (
          <Alert color="teal" data-testid="build-result">{formatCount(build.claimIds.length)} claim{build.claimIds.length === 1 ? '' : 's'} built. <Anchor component={Link} to="/claims?tab=claims">See the claims</Anchor>.</Alert>
        ) : (
          <Alert color="red" title="No claim was built" data-testid="build-result">
            {formatCount(build.errorsByCharge.size)} of the selected charges cannot be billed yet; the build is all or nothing. Fix them (their rows below say why) or unselect them, then build again.
          </Alert>
        )
      ) : null}
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <>
          <Table withTableBorder aria-label="Charges" layout="fixed" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}><Checkbox aria-label="Select every charge on this page" checked={allOnPage} indeterminate={!allOnPage && rows.some((r) => selected.has(r.rowId))} onChange={(e) => { const on = e.currentTarget.checked; rows.forEach((r) => toggle(r.rowId, on)); }} /></Table.Th>
                <Table.Th w={125}>Charge</Table.Th>
                <Table.Th w={160}>Member</Table.Th>
                <Table.Th w={110}>Service date</Table.Th>
                <Table.Th w={80}>Code</Table.Th>
                <Table.Th w={110} ta="right">Amount</Table.Th>
                <Table.Th w={135}>Status</Table.Th>
                <Table.Th>Problems</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 ? <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center">No charges.</Text></Table.Td></Table.Tr> : rows.map((charge) => {
                const buildErrors = build?.errorsByCharge.get(charge.rowId);
                const validation = validationErrorsOf(charge.validationErrors);
                return (
                  <Table.Tr key={charge.rowId} data-testid={`charge-${charge.chargeNumber}`} bg={buildErrors ? 'red.0' : undefined}>
                    <Table.Td><Checkbox aria-label={`Select charge ${charge.chargeNumber}`} checked={selected.has(charge.rowId)} onChange={(e) => toggle(charge.rowId, e.currentTarget.checked)} /></Table.Td>
                    <Table.Td className="mono">{charge.chargeNumber}</Table.Td>
                    <Table.Td><Text size="sm" className="mono">{charge.member?.memberNumber}</Text><Text size="xs" c="dimmed" truncate>{charge.member?.lastName}, {charge.member?.firstName}</Text></Table.Td>
                    <Table.Td>{formatDate(charge.serviceDate)}</Table.Td>
                    <Table.Td className="mono">{charge.procedureCode}</Table.Td>
                    <Table.Td ta="right" className="tabular">{formatMoney(charge.amount)}</Table.Td>
                    <Table.Td><StatusBadge status={charge.status} /><Text size="xs" c="dimmed">{charge.facility?.code} · {charge.coveragePolicy?.payer?.code ?? 'no payer'}</Text></Table.Td>
                    <Table.Td>
                      {buildErrors ? (
                        <List size="xs" c="red.8" spacing={0} data-testid="build-error">{buildErrors.map((e) => <List.Item key={e}>{e}</List.Item>)}</List>
                      ) : validation.length ? (
                        <List size="xs" c="red.7" spacing={0}>{validation.map((e) => <List.Item key={describeValidationError(e)}>{describeValidationError(e)}</List.Item>)}</List>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Pager label="charges" total={query.data?.charges?.totalCount ?? 0} page={page} pageSize={pageSize} onPage={setPage} onPageSize={(size) => { setPageSize(size); setPage(1); }} />
        </>
      )}
    </Stack>
  );
}
