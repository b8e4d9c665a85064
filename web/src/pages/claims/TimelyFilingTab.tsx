// Timely-filing alerts: what will miss its payer's filing deadline, most urgent first.
import { useQuery } from '@tanstack/react-query';
import { Badge, Stack, Table, Text } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { formatDate, formatMoney } from '../../lib/format.ts';

const AlertsQuery = graphql(`
  query TimelyFilingAlerts {
    timelyFilingAlertStatuses(orderBy: [DAYS_REMAINING_ASC], first: 200) {
      totalCount
      nodes { alertId level message subjectKind chargeNumber claimId payerCode facilityCode deadline daysRemaining daysElapsed timelyFilingDays amount affectedCount }
    }
  }
`);

const LEVEL_COLOR: Record<string, string> = { WARNING: 'yellow', ALERT: 'orange', EXPIRED: 'red', CONFIG: 'gray' };

export function TimelyFilingTab() {
  const query = useQuery({ queryKey: ['timelyFiling'], queryFn: () => gqlRequest(AlertsQuery), refetchInterval: 30_000 });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const alerts = query.data.timelyFilingAlertStatuses?.nodes ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">Open alerts on validated charges and unsubmitted claims, from the nightly timely-filing check. {query.data.timelyFilingAlertStatuses?.totalCount ?? 0} open.</Text>
      <Table withTableBorder striped aria-label="Timely-filing alerts" layout="fixed">
        <Table.Thead><Table.Tr><Table.Th w={100}>Level</Table.Th><Table.Th>Alert</Table.Th><Table.Th w={80}>Payer</Table.Th><Table.Th w={110}>Deadline</Table.Th><Table.Th w={110}>Days left</Table.Th><Table.Th w={120} ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {alerts.length === 0 ? <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center">No open timely-filing alerts.</Text></Table.Td></Table.Tr> : alerts.map((alert) => (
            <Table.Tr key={alert.alertId}>
              <Table.Td><Badge color={LEVEL_COLOR[alert.level ?? ''] ?? 'gray'} variant="light">{alert.level}</Badge></Table.Td>
              <Table.Td><Text size="sm">{alert.message}</Text><Text size="xs" c="dimmed">{alert.subjectKind === 'CHARGE' ? `charge ${alert.chargeNumber}` : (alert.subjectKind ?? '').toLowerCase()} · {alert.facilityCode}{alert.affectedCount && alert.affectedCount > 1 ? ` · ${alert.affectedCount} affected` : ''}</Text></Table.Td>
              <Table.Td className="mono">{alert.payerCode}</Table.Td>
              <Table.Td>{formatDate(alert.deadline)}</Table.Td>
              <Table.Td className="tabular"><Text size="sm" c={(alert.daysRemaining ?? 0) <= 0 ? 'red.8' : undefined}>{alert.daysRemaining ?? '—'}</Text></Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(alert.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
