// Stale claims: submitted long ago with no answer from the payer.
import { useQuery } from '@tanstack/react-query';
import { Stack, Table, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { formatDateTime, formatMoney } from '../../lib/format.ts';

const StaleQuery = graphql(`
  query StaleClaims {
    staleClaimStatuses(orderBy: [AGE_DAYS_DESC], first: 200) {
      totalCount
      nodes { flagId claimId payerCode ageDays staleClaimDays submittedAt flaggedAt totalAmount }
    }
  }
`);

export function StaleClaimsTab() {
  const query = useQuery({ queryKey: ['staleClaims'], queryFn: () => gqlRequest(StaleQuery), refetchInterval: 30_000 });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const rows = query.data.staleClaimStatuses?.nodes ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">Claims submitted longer ago than their payer's stale-claim days, with no answer. Follow up with the payer.</Text>
      <Table withTableBorder striped aria-label="Stale claims">
        <Table.Thead><Table.Tr><Table.Th>Claim</Table.Th><Table.Th>Payer</Table.Th><Table.Th>Submitted</Table.Th><Table.Th>Age (days)</Table.Th><Table.Th>Stale after</Table.Th><Table.Th>Flagged</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {rows.length === 0 ? <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center">No stale claims.</Text></Table.Td></Table.Tr> : rows.map((row) => (
            <Table.Tr key={row.flagId}>
              <Table.Td className="mono">{row.claimId?.slice(0, 8)}</Table.Td>
              <Table.Td className="mono">{row.payerCode}</Table.Td>
              <Table.Td className="nowrap">{formatDateTime(row.submittedAt)}</Table.Td>
              <Table.Td className="tabular">{row.ageDays}</Table.Td>
              <Table.Td className="tabular">{row.staleClaimDays} days</Table.Td>
              <Table.Td className="nowrap">{formatDateTime(row.flaggedAt)}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(row.totalAmount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
