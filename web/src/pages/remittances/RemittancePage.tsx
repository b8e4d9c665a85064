// /remittances/:id — one 835: the payment (BPR/TRN), payer and payee, what it did to each claim,
// the provider-level adjustments (PLB), the claims it named that are not ours, and, when held,
// each balancing equation that failed.
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { claimStatusText, failedEquations } from '../../lib/remittances.ts';
import { RequirePermission } from '../../components/RequirePermission.tsx';

const RemittanceQuery = graphql(`
  query RemittanceDetail($id: UUID!) {
    remittance(rowId: $id) {
      rowId status reason traceNumber paymentAmount creditDebit paymentMethod paymentDate payerName payerIdentifier payeeName payeeNpi
      source receivedAt receivedBy transactionControlNumber claimCount claimsPosted claimsUnmatched
      payer { code name }
      duplicateOfRemittance { rowId receivedAt }
      claimPayments(orderBy: [SEQUENCE_ASC]) {
        nodes {
          rowId sequence claimStatusCode chargeAmount paidAmount patientResponsibility adjustmentAmount denialCategory denialReasonCode reversedBy crossoverPayerName
          claim { rowId patientControlNumber status balance }
        }
      }
      providerAdjustments(orderBy: [PRIMARY_KEY_ASC]) { nodes { seq reasonCode reasonDescription reference amount fiscalPeriodDate } }
      unmatchedRemittanceClaims(orderBy: [SEQUENCE_ASC]) { nodes { rowId sequence patientControlNumber payerClaimControlNumber claimStatusCode chargeAmount paidAmount reason status resolution assignedTo resolvedClaim { rowId patientControlNumber } } }
    }
  }
`);

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

export function RemittancePage() {
  return <RequirePermission permission="claims.read" what="Reading remittances"><RemittanceDetail /></RequirePermission>;
}

function RemittanceDetail() {
  const { remittanceId = '' } = useParams();
  const query = useQuery({ queryKey: ['remittance', remittanceId], queryFn: () => gqlRequest(RemittanceQuery, { id: remittanceId }) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const r = query.data.remittance;
  if (!r) return <ErrorAlert error={new Error('No such remittance in this tenant.')} title="Not found" />;
  const equations = r.status === 'HELD' ? failedEquations(r.reason) : [];
  return (
    <Stack gap="md">
      <PageTitle
        title={`Remittance ${r.traceNumber}`}
        description={<><Anchor component={Link} to="/remittances">Remittances</Anchor> · {r.payer?.code ?? r.payerName ?? 'unknown payer'} · {formatMoney(r.paymentAmount)} {r.paymentMethod ?? ''} {formatDate(r.paymentDate)}</>}
      />
      {r.status === 'HELD' ? (
        <Alert color="yellow" title="Held: the remittance does not balance, nothing of it was posted" data-testid="held-reason">
          <List size="sm">{equations.map((e) => <List.Item key={e} className="mono">{e}</List.Item>)}</List>
          <Text size="sm" mt="xs">Ask the payer for a corrected 835; posting the corrected file posts it whole.</Text>
        </Alert>
      ) : null}
      {r.status === 'DUPLICATE' ? (
        <Alert color="gray" title="Duplicate delivery: already posted" data-testid="duplicate-reason">
          <Text size="sm">{r.reason}{r.duplicateOfRemittance ? <> — <Anchor component={Link} to={`/remittances/${r.duplicateOfRemittance.rowId}`}>the posting of {formatDateTime(r.duplicateOfRemittance.receivedAt)}</Anchor></> : null}</Text>
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
          <Field label="Status"><span data-testid="remittance-status"><StatusBadge status={r.status} /></span></Field>
          <Field label="Payment">{formatMoney(r.paymentAmount)} {r.creditDebit === 'D' ? '(debit)' : ''}</Field>
          <Field label="Method and date">{r.paymentMethod ?? '—'} · {formatDate(r.paymentDate)}</Field>
          <Field label="Check / EFT trace"><span className="mono">{r.traceNumber}</span></Field>
          <Field label="Payer">{r.payer ? `${r.payer.code} · ` : ''}{r.payerName ?? '—'} <span className="mono">{r.payerIdentifier ?? ''}</span></Field>
          <Field label="Payee">{r.payeeName ?? '—'} · NPI <span className="mono">{r.payeeNpi ?? '—'}</span></Field>
          <Field label="Claims">{r.claimsPosted} posted · {r.claimsUnmatched} unmatched · {r.claimCount} in the 835</Field>
          <Field label="Received">{formatDateTime(r.receivedAt)} · {r.source.toLowerCase()}{r.receivedBy ? ` · ${r.receivedBy}` : ''}</Field>
        </SimpleGrid>
      </Paper>

      <Title order={2} size="h4">Claims paid and adjusted</Title>
      <Table withTableBorder striped aria-label="Claim payments">
        <Table.Thead><Table.Tr><Table.Th>Claim</Table.Th><Table.Th>Payer's status</Table.Th><Table.Th ta="right">Billed</Table.Th><Table.Th ta="right">Paid</Table.Th><Table.Th ta="right">Adjusted</Table.Th><Table.Th ta="right">Patient resp.</Table.Th><Table.Th>Denial</Table.Th><Table.Th>Claim now</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.claimPayments.nodes.length === 0 ? <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center" size="sm">{r.status === 'POSTED' ? 'No claim of ours in this remittance.' : 'Nothing posted.'}</Text></Table.Td></Table.Tr> : r.claimPayments.nodes.map((p) => (
            <Table.Tr key={p.rowId} data-testid={`remittance-claim-${p.claim?.patientControlNumber}`}>
              <Table.Td>{p.claim ? <Anchor component={Link} to={`/claims/${p.claim.rowId}`} className="mono" size="sm">{p.claim.patientControlNumber}</Anchor> : '—'}</Table.Td>
              <Table.Td><Text size="sm">{claimStatusText(p.claimStatusCode)}</Text>{p.reversedBy ? <Text size="xs" c="dimmed">reversed later</Text> : null}{p.crossoverPayerName ? <Text size="xs" c="dimmed">crossed over to {p.crossoverPayerName}</Text> : null}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(p.chargeAmount)}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(p.paidAmount)}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(p.adjustmentAmount)}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(p.patientResponsibility)}</Table.Td>
              <Table.Td><Text size="sm">{p.denialCategory ? `${p.denialCategory} (CARC ${p.denialReasonCode})` : ''}</Text></Table.Td>
              <Table.Td>{p.claim ? <><StatusBadge status={p.claim.status} /><Text size="xs" c="dimmed">balance {formatMoney(p.claim.balance)}</Text></> : null}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={2} size="h4">Provider-level adjustments (PLB)</Title>
      <Table withTableBorder striped aria-label="Provider adjustments">
        <Table.Thead><Table.Tr><Table.Th w={80}>Code</Table.Th><Table.Th>Meaning</Table.Th><Table.Th>Reference</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.providerAdjustments.nodes.length === 0 ? <Table.Tr><Table.Td colSpan={4}><Text c="dimmed" ta="center" size="sm">None.</Text></Table.Td></Table.Tr> : r.providerAdjustments.nodes.map((a) => (
            <Table.Tr key={a.seq} data-testid="provider-adjustment">
              <Table.Td className="mono">{a.reasonCode}</Table.Td>
              <Table.Td><Text size="sm">{a.reasonDescription ?? ''}</Text><Text size="xs" c="dimmed">{Number(a.amount) < 0 ? 'paid to the provider in addition' : 'withheld from the payment'}</Text></Table.Td>
              <Table.Td className="mono">{a.reference ?? ''}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(a.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Group justify="space-between" align="baseline">
        <Title order={2} size="h4">Claims we could not match</Title>
        <Anchor component={Link} to="/remittances?tab=unmatched" size="sm">Work them in the unmatched queue</Anchor>
      </Group>
      <Table withTableBorder striped aria-label="Unmatched claims">
        <Table.Thead><Table.Tr><Table.Th>Patient control number</Table.Th><Table.Th>Payer claim number</Table.Th><Table.Th ta="right">Billed</Table.Th><Table.Th ta="right">Paid</Table.Th><Table.Th>Why</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.unmatchedRemittanceClaims.nodes.length === 0 ? <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center" size="sm">Every claim matched.</Text></Table.Td></Table.Tr> : r.unmatchedRemittanceClaims.nodes.map((u) => (
            <Table.Tr key={u.rowId} data-testid="unmatched-claim">
              <Table.Td className="mono">{u.patientControlNumber ?? '—'}</Table.Td>
              <Table.Td className="mono">{u.payerClaimControlNumber ?? '—'}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(u.chargeAmount)}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(u.paidAmount)}</Table.Td>
              <Table.Td><Text size="sm">{u.reason}</Text></Table.Td>
              <Table.Td>
                <StatusBadge status={u.resolution ?? u.status} />
                {u.resolvedClaim ? <Anchor component={Link} to={`/claims/${u.resolvedClaim.rowId}`} className="mono" size="xs" display="block">{u.resolvedClaim.patientControlNumber}</Anchor> : null}
                {u.status === 'OPEN' ? <Text size="xs" c="dimmed">{u.assignedTo ?? 'unassigned'}</Text> : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
