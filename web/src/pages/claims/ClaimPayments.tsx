// A claim's 835 payments as EOBs a biller recognises: per remittance, per service line billed,
// allowed, paid, each adjustment by group and CARC with the code's words, RARC remarks and the
// patient's share; claim-level adjustments and the totals under the lines.
import { Link } from 'react-router';
import { Anchor, Badge, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { graphql, readFragment, type FragmentOf } from '../../graphql.ts';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { adjustmentCode, claimStatusText, eobOf, remarksOf, type AdjustmentIn, type Remark } from '../../lib/remittances.ts';

export const ClaimPaymentEobFragment = graphql(`
  fragment ClaimPaymentEob on ClaimPayment {
    rowId sequence claimStatusCode chargeAmount paidAmount patientResponsibility adjustmentAmount payerClaimControlNumber
    crossoverPayerName crossoverPayerId denialCategory denialReasonCode reversedBy postedAt
    remittance { rowId traceNumber paymentDate paymentMethod payerName status }
    claimServicePayments(orderBy: [PRIMARY_KEY_ASC]) {
      nodes { lineNumber procedureCode modifiers originalProcedureCode serviceDate units chargeAmount allowedAmount paidAmount remarkCodes remarkDescriptions }
    }
    claimAdjustments(orderBy: [SEQ_ASC]) {
      nodes { seq level lineNumber groupCode groupDescription reasonCode reasonDescription amount quantity remarkCodes remarkDescriptions }
    }
  }
`);

function AdjustmentList({ adjustments }: { adjustments: AdjustmentIn[] }) {
  if (adjustments.length === 0) return <Text size="sm" c="dimmed">none</Text>;
  return (
    <Stack gap={2}>
      {adjustments.map((a, i) => (
        <Text size="sm" key={i} data-testid="eob-adjustment">
          <span className="mono">{adjustmentCode(a)}</span> <span className="tabular">{formatMoney(a.amount)}</span>
          <Text span size="xs" c="dimmed"> {a.reasonDescription ?? 'code not in the CARC table'}</Text>
          {remarksOf(a.remarkCodes, a.remarkDescriptions).map((r) => <RemarkText key={r.code} remark={r} />)}
        </Text>
      ))}
    </Stack>
  );
}

function RemarkText({ remark }: { remark: Remark }) {
  return (
    <Text size="xs" data-testid="eob-remark"><span className="mono">{remark.code}</span> <Text span size="xs" c="dimmed">{remark.description ?? 'code not in the RARC table'}</Text></Text>
  );
}

function ClaimPaymentEob({ payment }: { payment: FragmentOf<typeof ClaimPaymentEobFragment> }) {
  const p = readFragment(ClaimPaymentEobFragment, payment);
  const eob = eobOf(p.claimServicePayments.nodes, p.claimAdjustments.nodes);
  const remittance = p.remittance;
  return (
    <Paper withBorder p="md" data-testid="eob" aria-label={`Payment ${remittance?.traceNumber ?? ''} line ${p.sequence}`}>
      <Group justify="space-between" mb="xs" align="flex-start">
        <div>
          <Group gap="xs">
            <Text fw={600}>{claimStatusText(p.claimStatusCode)}</Text>
            {p.reversedBy ? <Badge color="gray" variant="light" tt="none">reversed by a later 835</Badge> : null}
            {p.denialCategory ? <Badge color="red" variant="light" tt="none">denied: {p.denialCategory} (CARC {p.denialReasonCode})</Badge> : null}
          </Group>
          <Text size="sm" c="dimmed">
            {remittance?.payerName ?? 'payer'} · trace{' '}
            {remittance ? <Anchor component={Link} to={`/remittances/${remittance.rowId}`} className="mono" size="sm">{remittance.traceNumber}</Anchor> : '—'}
            {' '}· {remittance?.paymentMethod ?? '—'} {formatDate(remittance?.paymentDate)} · payer claim number <span className="mono">{p.payerClaimControlNumber ?? '—'}</span> · posted {formatDateTime(p.postedAt)}
          </Text>
          {p.crossoverPayerName ? <Text size="sm">Crossed over to {p.crossoverPayerName}{p.crossoverPayerId ? ` (${p.crossoverPayerId})` : ''}: the primary payer billed the secondary.</Text> : null}
        </div>
        <Group gap="lg">
          <Amount label="Billed" value={p.chargeAmount} />
          <Amount label="Paid" value={p.paidAmount} />
          <Amount label="Patient responsibility" value={p.patientResponsibility} />
        </Group>
      </Group>
      <Table withTableBorder striped aria-label="EOB service lines" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr><Table.Th w={40}>#</Table.Th><Table.Th w={120}>Procedure</Table.Th><Table.Th w={100}>Service date</Table.Th><Table.Th w={50}>Units</Table.Th><Table.Th w={95} ta="right">Billed</Table.Th><Table.Th w={95} ta="right">Allowed</Table.Th><Table.Th w={95} ta="right">Paid</Table.Th><Table.Th>Adjustments</Table.Th><Table.Th w={110} ta="right">Patient resp.</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {eob.lines.length === 0 ? <Table.Tr><Table.Td colSpan={9}><Text size="sm" c="dimmed" ta="center">The payer sent no service lines for this claim.</Text></Table.Td></Table.Tr> : eob.lines.map((line) => (
            <Table.Tr key={line.lineNumber} data-testid="eob-line">
              <Table.Td>{line.lineNumber}</Table.Td>
              <Table.Td className="mono">{line.procedure}{line.originalProcedure ? <Text size="xs" c="dimmed">billed as {line.originalProcedure}</Text> : null}</Table.Td>
              <Table.Td>{formatDate(line.serviceDate)}</Table.Td>
              <Table.Td className="tabular">{line.units ?? ''}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(line.billed)}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {line.allowedReported ? formatMoney(line.allowed) : <Tooltip label="The payer sent no allowed amount (AMT*B6): billed less the non-patient adjustments"><span>{formatMoney(line.allowed)}*</span></Tooltip>}
              </Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(line.paid)}</Table.Td>
              <Table.Td><AdjustmentList adjustments={line.adjustments} />{line.remarks.map((r) => <RemarkText key={r.code} remark={r} />)}</Table.Td>
              <Table.Td ta="right" className="tabular">{formatMoney(line.patientResponsibility)}</Table.Td>
            </Table.Tr>
          ))}
          {eob.claimAdjustments.length > 0 ? (
            <Table.Tr data-testid="eob-claim-adjustments">
              <Table.Td colSpan={7}><Text size="sm" fw={500}>Claim-level adjustments</Text></Table.Td>
              <Table.Td colSpan={2}><AdjustmentList adjustments={eob.claimAdjustments} /></Table.Td>
            </Table.Tr>
          ) : null}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr data-testid="eob-totals" fw={600}>
            <Table.Td colSpan={4}>Total</Table.Td>
            <Table.Td ta="right" className="tabular">{formatMoney(eob.totals.billed)}</Table.Td>
            <Table.Td ta="right" className="tabular">{formatMoney(eob.totals.allowed)}</Table.Td>
            <Table.Td ta="right" className="tabular">{formatMoney(eob.totals.paid)}</Table.Td>
            <Table.Td className="tabular">adjusted {formatMoney(eob.totals.adjusted)}</Table.Td>
            <Table.Td ta="right" className="tabular">{formatMoney(eob.totals.patientResponsibility)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Paper>
  );
}

function Amount({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text className="tabular" size="sm">{formatMoney(value)}</Text>
    </div>
  );
}

export function ClaimPayments({ payments }: { payments: readonly FragmentOf<typeof ClaimPaymentEobFragment>[] }) {
  if (payments.length === 0) return <Text c="dimmed" ta="center" size="sm">No 835 has paid or adjusted this claim yet.</Text>;
  const ordered = [...payments].sort((a, b) => readFragment(ClaimPaymentEobFragment, a).postedAt.localeCompare(readFragment(ClaimPaymentEobFragment, b).postedAt));
  return <Stack gap="sm">{ordered.map((payment) => <ClaimPaymentEob key={readFragment(ClaimPaymentEobFragment, payment).rowId} payment={payment} />)}</Stack>;
}

