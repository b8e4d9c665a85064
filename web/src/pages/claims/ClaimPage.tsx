// /claims/:claimId — one claim: status, patient control number, amounts, lines, its status
// history, the submissions that carried it, what each acknowledgment said (with codes) and what
// each 835 paid and adjusted, as an EOB.
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { DownloadSubmissionButton } from '../../components/DownloadSubmissionButton.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { acknowledgmentCode } from '../../lib/submissions.ts';
import { ResubmitClaimButton } from './ResubmitClaimButton.tsx';
import { ClaimPaymentEobFragment, ClaimPayments } from './ClaimPayments.tsx';

const ClaimQuery = graphql(`
  query ClaimDetail($id: UUID!) {
    claim(rowId: $id) {
      rowId status patientControlNumber payerClaimControlNumber frequencyCode statusChangedAt submittedAt respondedAt rejectionReason denialCategory
      totalAmount paidAmount adjustmentAmount patientResponsibilityAmount balance earliestServiceDate latestServiceDate timelyFilingDeadline billingNpi
      payer { code name }
      member { memberNumber firstName lastName }
      facility { code }
      claimLines(orderBy: [LINE_NUMBER_ASC]) { nodes { lineNumber procedureCode modifiers units amount serviceDate diagnosisCodes } }
      claimStatusHistories(orderBy: [SEQ_ASC]) { nodes { seq fromStatus toStatus reason occurredAt recordedBy } }
      submissions { nodes { transactionSetControlNumber closedAt submission { rowId interchangeControlNumber status createdAt sentAt x12Bytes tradingPartner { name } } } }
      acknowledgments { nodes { rowId kind status reason codes receivedAt payerClaimControlNumber } }
      claimPayments { nodes { ...ClaimPaymentEob } }
    }
  }
`, [ClaimPaymentEobFragment]);

function Amount({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text className="tabular" aria-label={`${label}: ${formatMoney(value)}`}>{formatMoney(value)}</Text>
    </div>
  );
}

export function ClaimPage() {
  const { claimId = '' } = useParams();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['claim', claimId], queryFn: () => gqlRequest(ClaimQuery, { id: claimId }) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const claim = query.data.claim;
  if (!claim) return <ErrorAlert error={new Error('No such claim in this tenant.')} title="Not found" />;
  const submissions = [...claim.submissions.nodes].sort((a, b) => (a.submission?.createdAt ?? '').localeCompare(b.submission?.createdAt ?? ''));
  const acknowledgments = [...claim.acknowledgments.nodes].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  return (
    <Stack gap="md">
      <PageTitle
        title={`Claim ${claim.patientControlNumber}`}
        description={<><Anchor component={Link} to="/claims?tab=claims">Claims</Anchor> · {claim.payer?.code} · {claim.member?.memberNumber} {claim.member?.lastName}, {claim.member?.firstName} · {claim.facility?.code}</>}
        actions={claim.status === 'REJECTED' ? <ResubmitClaimButton claimId={claim.rowId} patientControlNumber={claim.patientControlNumber} onDone={() => queryClient.invalidateQueries({ queryKey: ['claim', claimId] })} /> : null}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Group gap="xs" mb="xs"><Text fw={600}>Status</Text><span data-testid="claim-status"><StatusBadge status={claim.status} /></span></Group>
          {claim.rejectionReason ? <Text size="sm" c="red.8" data-testid="claim-rejection">{claim.rejectionReason}</Text> : null}
          <Text size="sm">Patient control number <span className="mono">{claim.patientControlNumber}</span> · frequency {claim.frequencyCode}</Text>
          <Text size="sm">Payer claim number <span className="mono">{claim.payerClaimControlNumber ?? '—'}</span></Text>
          <Text size="sm">Service {formatDate(claim.earliestServiceDate)}{claim.latestServiceDate !== claim.earliestServiceDate ? ` to ${formatDate(claim.latestServiceDate)}` : ''} · filing deadline {formatDate(claim.timelyFilingDeadline)}</Text>
          <Text size="sm" c="dimmed">Status changed {formatDateTime(claim.statusChangedAt)}{claim.submittedAt ? ` · submitted ${formatDateTime(claim.submittedAt)}` : ''}</Text>
        </Paper>
        <Paper withBorder p="md" aria-label="Amounts">
          <SimpleGrid cols={3} spacing="xs">
            <Amount label="Total" value={claim.totalAmount} />
            <Amount label="Paid" value={claim.paidAmount} />
            <Amount label="Balance" value={claim.balance} />
            <Amount label="Adjusted" value={claim.adjustmentAmount} />
            <Amount label="Patient responsibility" value={claim.patientResponsibilityAmount} />
          </SimpleGrid>
        </Paper>
      </SimpleGrid>

      <Title order={2} size="h4">Lines</Title>
      <Table withTableBorder striped aria-label="Claim lines">
        <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>Procedure</Table.Th><Table.Th>Diagnoses</Table.Th><Table.Th>Service date</Table.Th><Table.Th>Units</Table.Th><Table.Th ta="right">Amount</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {claim.claimLines.nodes.map((line) => (
            <Table.Tr key={line.lineNumber}>
              <Table.Td>{line.lineNumber}</Table.Td>
              <Table.Td className="mono">{line.procedureCode}{line.modifiers?.length ? `-${line.modifiers.join('-')}` : ''}</Table.Td>
              <Table.Td className="mono">{(line.diagnosisCodes ?? []).join(', ')}</Table.Td>
              <Table.Td>{formatDate(line.serviceDate)}</Table.Td>
              <Table.Td className="tabular">{line.units}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(line.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={2} size="h4">History</Title>
      <Table withTableBorder striped aria-label="Status history">
        <Table.Thead><Table.Tr><Table.Th w={190}>When</Table.Th><Table.Th w={240}>Change</Table.Th><Table.Th>Why</Table.Th><Table.Th w={150}>By</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {claim.claimStatusHistories.nodes.map((h) => (
            <Table.Tr key={String(h.seq)} data-testid="history-row">
              <Table.Td className="nowrap">{formatDateTime(h.occurredAt)}</Table.Td>
              {/* A row that keeps the status is a note (a 277 claim status answer, a denial action). */}
              <Table.Td>{h.fromStatus === h.toStatus ? `${h.toStatus} · note` : `${h.fromStatus ? `${h.fromStatus} → ` : ''}${h.toStatus}`}</Table.Td>
              <Table.Td><Text size="sm">{h.reason ?? ''}</Text></Table.Td>
              <Table.Td><Text size="sm" truncate>{h.recordedBy ?? ''}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={2} size="h4">Submissions</Title>
      <Table withTableBorder striped aria-label="Claim submissions">
        <Table.Thead><Table.Tr><Table.Th>Interchange</Table.Th><Table.Th>Trading partner</Table.Th><Table.Th>State</Table.Th><Table.Th>Set</Table.Th><Table.Th>Sent</Table.Th><Table.Th aria-label="File" /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {submissions.length === 0 ? <Table.Tr><Table.Td colSpan={6}><Text c="dimmed" ta="center">Not submitted yet.</Text></Table.Td></Table.Tr> : submissions.map((s) => s.submission ? (
            <Table.Tr key={s.submission.rowId} data-testid="claim-submission">
              <Table.Td className="mono">{s.submission.interchangeControlNumber}</Table.Td>
              <Table.Td>{s.submission.tradingPartner?.name}</Table.Td>
              <Table.Td><StatusBadge status={s.submission.status} /></Table.Td>
              <Table.Td className="mono">{String(s.transactionSetControlNumber).padStart(4, '0')}</Table.Td>
              <Table.Td className="nowrap">{formatDateTime(s.submission.sentAt)}</Table.Td>
              <Table.Td>{s.submission.x12Bytes ? <DownloadSubmissionButton submissionId={s.submission.rowId} interchangeControlNumber={String(s.submission.interchangeControlNumber)} /> : null}</Table.Td>
            </Table.Tr>
          ) : null)}
        </Table.Tbody>
      </Table>

      <Title order={2} size="h4">Payments and adjustments</Title>
      <ClaimPayments payments={claim.claimPayments.nodes} />

      <Title order={2} size="h4">Acknowledgments</Title>
      <Table withTableBorder striped aria-label="Acknowledgments">
        <Table.Thead><Table.Tr><Table.Th w={190}>Received</Table.Th><Table.Th w={80}>Kind</Table.Th><Table.Th w={170}>Status</Table.Th><Table.Th w={160}>Codes</Table.Th><Table.Th>Reason</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {acknowledgments.length === 0 ? <Table.Tr><Table.Td colSpan={5}><Text c="dimmed" ta="center">No acknowledgment for this claim yet.</Text></Table.Td></Table.Tr> : acknowledgments.map((a) => (
            <Table.Tr key={a.rowId} data-testid="acknowledgment-row">
              <Table.Td className="nowrap">{formatDateTime(a.receivedAt)}</Table.Td>
              <Table.Td>{a.kind}</Table.Td>
              <Table.Td><StatusBadge status={a.status} /></Table.Td>
              <Table.Td className="mono">{(Array.isArray(a.codes) ? (a.codes as Record<string, unknown>[]) : []).map(acknowledgmentCode).join(', ')}</Table.Td>
              <Table.Td><Text size="sm">{a.reason ?? (a.payerClaimControlNumber ? `payer claim number ${a.payerClaimControlNumber}` : '')}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
