// /dashboards: charts from the reporting views, how fresh they are, and a refresh for reports.write.
import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { notifications } from '@mantine/notifications';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatAgo, formatCount, formatDateTime, formatMoney } from '../../lib/format.ts';
import { cleanClaimTotals, paymentsByDay, pivot, sumByDay, unbilledAging } from '../../lib/dashboards.ts';
import { useNow } from '../../components/Countdown.tsx';

const DashboardQuery = graphql(`
  query Dashboards($since: Datetime!) {
    viewFreshnesses { nodes { viewGroup refreshedAt durationMs requestedBy } }
    claimStatusSummaries { nodes { payerCode status claimCount totalAmount } }
    chargeReconciliations(first: 5000) { nodes { unbilledAgeDays unbilledAmount unbilledCount } }
    arAgingByPayers { nodes { payerCode ageBucket bucketOrder outstandingAmount claimCount } }
    denialRateByCategories { nodes { payerCode denialCategory deniedCount adjudicatedCount denialRatePct deniedAmount } }
    cleanClaimRates(orderBy: [PAYER_CODE_ASC, SUBMITTED_MONTH_DESC]) { nodes { payerCode submittedMonth submittedCount cleanCount deniedCount rejectedCount awaitingCount cleanClaimRatePct } }
    paymentByPayerDays(orderBy: [PAYMENT_DAY_DESC], first: 500) { nodes { payerCode paymentDay paymentMethod paymentAmount remittanceCount claimsPosted claimsUnmatched } }
    eligibilitySweepRuns(filter: { firedAt: { greaterThanOrEqualTo: $since } }, first: 1000) { nodes { firedAt receivedCount failedCount skippedCount } }
    exchangeStats { nodes { payerId inquiriesSent responsesReceived transportErrors aaaErrorPercent } }
    payers { nodes { rowId code } }
    batches(filter: { createdAt: { greaterThanOrEqualTo: $since } }, first: 1000) { nodes { createdAt success error } }
  }
`);
const RefreshReporting = graphql(`mutation RefreshReportingViews { refreshReportingViews(input: {}) { result } }`);
const RefreshRecon = graphql(`mutation RefreshReconViews { refreshReconViews(input: {}) { clientMutationId } }`);

const DAYS = 14;
const PAYMENT_DAYS = 30;
const PAYER_COLORS = ['indigo.5', 'teal.6', 'orange.5', 'grape.5', 'cyan.6', 'red.6', 'lime.6'];
const CLAIM_STATUS_COLORS: Record<string, string> = {
  CREATED: 'gray.5', BUILT: 'cyan.6', SUBMITTED: 'blue.6', ACCEPTED: 'teal.6', REJECTED: 'orange.6', PAID: 'green.8', DENIED: 'red.7',
};

function formatWholeDollars(value: number): string {
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
}

export function DashboardsPage() {
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  const query = useQuery({ queryKey: ['dashboards'], queryFn: () => gqlRequest(DashboardQuery, { since: daysAgo(DAYS) }), refetchInterval: 60_000 });
  const refresh = useMutation({
    mutationFn: async () => {
      await gqlRequest(RefreshRecon, {});
      return gqlRequest(RefreshReporting, {});
    },
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: 'Reporting views refreshed.' });
      await queryClient.invalidateQueries({ queryKey: ['dashboards'] });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not refreshed', message: errorMessage(error) }),
  });

  const title = (
    <PageTitle
      title="Dashboards"
      description="From the reporting and reconciliation views (materialized; refreshed nightly by the job runner)."
      actions={<PermissionButton permission="reports.write" action="Refreshing the views" loading={refresh.isPending} onClick={() => refresh.mutate()}>Refresh views</PermissionButton>}
    />
  );
  if (query.isPending) return <Stack>{title}<Loading /></Stack>;
  if (query.error) return <Stack>{title}<ErrorAlert error={query.error} /></Stack>;
  const data = query.data;
  const payerCode = new Map((data.payers?.nodes ?? []).map((p) => [p.rowId, p.code]));
  const sweeps = sumByDay((data.eligibilitySweepRuns?.nodes ?? []) as never[], 'firedAt', ['receivedCount', 'failedCount', 'skippedCount'], DAYS);
  const batches = sumByDay((data.batches?.nodes ?? []) as never[], 'createdAt', ['success', 'error'], DAYS);
  const claimStatus = pivot((data.claimStatusSummaries?.nodes ?? []) as never[], 'payerCode', 'status', 'claimCount');
  const arAging = pivot([...(data.arAgingByPayers?.nodes ?? [])].sort((a, b) => (a.bucketOrder ?? 0) - (b.bucketOrder ?? 0)) as never[], 'payerCode', 'ageBucket', 'outstandingAmount');
  const denialsByCategory = pivot((data.denialRateByCategories?.nodes ?? []) as never[], 'denialCategory', 'payerCode', 'deniedAmount');
  const clean = cleanClaimTotals(data.cleanClaimRates?.nodes ?? []);
  const payments = paymentsByDay(data.paymentByPayerDays?.nodes ?? [], PAYMENT_DAYS);
  const aging = unbilledAging(data.chargeReconciliations?.nodes ?? []);
  const exchange = (data.exchangeStats?.nodes ?? []).map((s) => ({ payer: payerCode.get(s.payerId ?? '') ?? '—', sent: s.inquiriesSent ?? 0, received: s.responsesReceived ?? 0, transportErrors: s.transportErrors ?? 0 }));

  return (
    <Stack gap="md">
      {title}
      <Paper withBorder p="sm">
        <Group gap="lg" data-testid="freshness">
          <Text size="sm" fw={600}>Freshness</Text>
          {(data.viewFreshnesses?.nodes ?? []).length === 0 ? <Text size="sm" c="dimmed">The views have not been refreshed yet.</Text> : data.viewFreshnesses?.nodes.map((v) => (
            <Group key={v.viewGroup} gap={6}>
              <Badge variant="light" color={v.refreshedAt && now - new Date(v.refreshedAt).getTime() < 26 * 3_600_000 ? 'teal' : 'orange'} tt="none">{v.viewGroup}</Badge>
              <Text size="sm" title={formatDateTime(v.refreshedAt)}>refreshed {formatAgo(v.refreshedAt)}{v.durationMs !== null ? ` in ${formatCount(v.durationMs)} ms` : ''}{v.requestedBy ? ` by ${v.requestedBy}` : ''}</Text>
            </Group>
          ))}
        </Group>
      </Paper>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ChartCard title="Sweep outcomes by day" caption={`Members per outcome, runs fired in the last ${DAYS} days`}>
          <BarChart h={220} data={sweeps} dataKey="day" type="stacked" withLegend series={[{ name: 'receivedCount', label: 'Received', color: 'teal.6' }, { name: 'failedCount', label: 'Failed', color: 'red.6' }, { name: 'skippedCount', label: 'Skipped', color: 'yellow.6' }]} />
        </ChartCard>
        <ChartCard title="Eligibility exchanges by payer" caption="270s sent, 271s received and transport errors">
          {exchange.length === 0 ? <Text size="sm" c="dimmed">No 270 has been sent yet.</Text> : null}
          <BarChart h={220} data={exchange} dataKey="payer" withLegend series={[{ name: 'sent', label: '270 sent', color: 'indigo.5' }, { name: 'received', label: '271 received', color: 'teal.6' }, { name: 'transportErrors', label: 'Transport errors', color: 'red.6' }]} />
        </ChartCard>
        <ChartCard title="Claim status by payer" caption="Claims per status (claim status summary view)">
          <BarChart h={220} data={claimStatus.data} dataKey="payerCode" type="stacked" withLegend series={claimStatus.columns.map((status) => ({ name: status, color: CLAIM_STATUS_COLORS[status] ?? 'gray.5' }))} />
        </ChartCard>
        <ChartCard title="Unbilled aging" caption="Charges not yet on a claim, by age since the service date (charge reconciliation view)">
          <BarChart h={220} data={aging} dataKey="bucket" series={[{ name: 'amount', label: 'Unbilled amount', color: 'orange.6' }]} valueFormatter={formatWholeDollars} />
        </ChartCard>
        <ChartCard title="Accounts receivable aging by payer" caption="Outstanding claim amount per age bucket">
          <BarChart h={220} data={arAging.data} dataKey="payerCode" type="stacked" withLegend series={arAging.columns.map((bucket, i) => ({ name: bucket, color: ['teal.5', 'yellow.5', 'orange.5', 'red.5', 'red.8'][i % 5] }))} valueFormatter={formatWholeDollars} />
        </ChartCard>
        <ChartCard title="Denied amount by category" caption="What 835s denied, per denial category (from the CARC), stacked by payer">
          {denialsByCategory.data.length === 0 ? <Text size="sm" c="dimmed">No denial posted yet.</Text> : null}
          <BarChart h={220} data={denialsByCategory.data} dataKey="denialCategory" type="stacked" withLegend series={denialsByCategory.columns.map((payer, i) => ({ name: payer, color: PAYER_COLORS[i % PAYER_COLORS.length] }))} valueFormatter={formatWholeDollars} />
        </ChartCard>
        <ChartCard title="Payments received by day" caption={`Posted 835 payments per payment date and method, last ${PAYMENT_DAYS} payment days`}>
          {payments.data.length === 0 ? <Text size="sm" c="dimmed">No 835 has been posted yet.</Text> : null}
          <BarChart h={220} data={payments.data} dataKey="paymentDay" type="stacked" withLegend series={payments.columns.map((method, i) => ({ name: method, color: ['teal.6', 'indigo.5', 'gray.5', 'yellow.6'][i % 4] }))} valueFormatter={formatWholeDollars} />
        </ChartCard>
        <ChartCard title="Batch outcomes by day" caption={`Ingestion records by result, batches created in the last ${DAYS} days`}>
          <BarChart h={220} data={batches} dataKey="day" type="stacked" withLegend series={[{ name: 'success', label: 'Success', color: 'teal.6' }, { name: 'error', label: 'Error', color: 'red.6' }]} />
        </ChartCard>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">Clean claim rate</Title>
        <Text size="xs" c="dimmed" mb="xs">Accepted on first submission and paid without a denial, of the claims submitted, per payer (all months)</Text>
        <Table aria-label="Clean claim rate">
          <Table.Thead><Table.Tr><Table.Th>Payer</Table.Th><Table.Th ta="right">Submitted</Table.Th><Table.Th ta="right">Clean</Table.Th><Table.Th ta="right">Denied</Table.Th><Table.Th ta="right">Rejected</Table.Th><Table.Th ta="right">Awaiting</Table.Th><Table.Th ta="right">Clean rate</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {clean.length === 0 ? <Table.Tr><Table.Td colSpan={7}><Text c="dimmed" ta="center" size="sm">No claim submitted yet.</Text></Table.Td></Table.Tr> : clean.map((c) => (
              <Table.Tr key={c.payerCode} data-testid={`clean-claim-${c.payerCode}`}><Table.Td className="mono">{c.payerCode}</Table.Td><Table.Td ta="right" className="tabular">{c.submitted}</Table.Td><Table.Td ta="right" className="tabular">{c.clean}</Table.Td><Table.Td ta="right" className="tabular">{c.denied}</Table.Td><Table.Td ta="right" className="tabular">{c.rejected}</Table.Td><Table.Td ta="right" className="tabular">{c.awaiting}</Table.Td><Table.Td ta="right" className="tabular">{c.ratePct === null ? '—' : `${c.ratePct}%`}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">Denials by category</Title>
        <Table aria-label="Denials by category">
          <Table.Thead><Table.Tr><Table.Th>Payer</Table.Th><Table.Th>Category</Table.Th><Table.Th ta="right">Denied</Table.Th><Table.Th ta="right">Adjudicated</Table.Th><Table.Th ta="right">Rate</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(data.denialRateByCategories?.nodes ?? []).length === 0 ? <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center" size="sm">No denials.</Text></Table.Td></Table.Tr> : data.denialRateByCategories?.nodes.map((d, i) => (
              <Table.Tr key={`${d.payerCode}-${d.denialCategory}-${i}`} data-testid={`denial-rate-${d.payerCode}-${d.denialCategory}`}><Table.Td className="mono">{d.payerCode}</Table.Td><Table.Td>{d.denialCategory}</Table.Td><Table.Td ta="right" className="tabular">{d.deniedCount}</Table.Td><Table.Td ta="right" className="tabular">{d.adjudicatedCount}</Table.Td><Table.Td ta="right" className="tabular">{d.denialRatePct}%</Table.Td><Table.Td ta="right" className="tabular">{formatMoney(d.deniedAmount)}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

function ChartCard({ title, caption, children }: { title: string; caption: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="figure" m={0} aria-label={title}>
      <Title order={3} size="h5">{title}</Title>
      <Text size="xs" c="dimmed" mb="sm" component="figcaption">{caption}</Text>
      {children}
    </Paper>
  );
}

function daysAgo(days: number): string {
  const since = new Date(Date.now() - days * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  return since.toISOString();
}
