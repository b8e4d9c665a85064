// The unmatched-claims queue: CLPs of posted 835s that matched none of our claims, grouped by the
// 835's payer (billing.unmatched_remittance_queue). Assign an item, match it to one of our claims
// (posted then), or resolve it with a note: not ours, or sent back to the payer.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql, type ResultOf } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { PermissionButton, PermissionMenu } from '../../components/PermissionButton.tsx';
import { RequirePermission } from '../../components/RequirePermission.tsx';
import { AssignDialog, ResolveDialog, WorkQueueGroup } from '../../components/WorkQueue.tsx';
import { formatAgo, formatDate, formatMoney } from '../../lib/format.ts';
import { MatchUnmatchedDialog, type MatchInput } from './MatchUnmatchedDialog.tsx';

const UnmatchedQueueQuery = graphql(`
  query UnmatchedQueue {
    unmatchedRemittanceQueues { nodes { payerId payerCode payerName openCount unassignedCount chargeAmount paidAmount oldestAt } }
    unmatchedRemittanceClaims(filter: { status: { equalTo: "OPEN" } }, orderBy: [CREATED_AT_ASC, SEQUENCE_ASC]) {
      nodes {
        rowId sequence patientControlNumber payerClaimControlNumber claimStatusCode chargeAmount paidAmount reason assignedTo createdAt detail
        remittance { rowId traceNumber paymentDate payerId payerName payerIdentifier }
      }
    }
  }
`);
type UnmatchedItem = NonNullable<ResultOf<typeof UnmatchedQueueQuery>['unmatchedRemittanceClaims']>['nodes'][number];

const AssignUnmatched = graphql(`mutation AssignUnmatchedRemittanceClaim($id: UUID!, $assignee: String) { assignUnmatchedRemittanceClaim(input: { unmatchedRemittanceClaimId: $id, assignedTo: $assignee }) { result { rowId assignedTo } } }`);
const MatchUnmatched = graphql(`
  mutation MatchUnmatchedRemittanceClaim($id: UUID!, $pcn: String, $icn: String, $note: String) {
    matchUnmatchedRemittanceClaim(input: { unmatchedRemittanceClaimId: $id, patientControlNumber: $pcn, payerClaimControlNumber: $icn, note: $note }) {
      result { rowId status resolvedClaim { rowId patientControlNumber status } }
    }
  }
`);
const ResolveUnmatched = graphql(`mutation ResolveUnmatchedRemittanceClaim($id: UUID!, $resolution: String!, $note: String!) { resolveUnmatchedRemittanceClaim(input: { unmatchedRemittanceClaimId: $id, resolution: $resolution, note: $note }) { result { rowId status resolution } } }`);

type Resolution = 'NOT_OURS' | 'SENT_BACK';
const RESOLUTION_LABEL: Record<Resolution, string> = { NOT_OURS: 'Not ours', SENT_BACK: 'Sent back to the payer' };
// Resolve without posting: not ours, or sent back to the payer (then a note).
const RESOLUTIONS = (Object.keys(RESOLUTION_LABEL) as Resolution[]).map((key) => ({ key, label: RESOLUTION_LABEL[key] }));

/** The group an item belongs to: the 835's payer when we know it, else the name the 835 gave. */
const groupKey = (payerId: string | null | undefined, payerName: string | null | undefined) => payerId ?? `name:${payerName ?? ''}`;

function patientName(item: UnmatchedItem): string {
  const patient = (item.detail as { patient?: { lastName?: string; firstName?: string } } | null)?.patient;
  return [patient?.lastName, patient?.firstName].filter(Boolean).join(', ');
}

function describe(item: UnmatchedItem): string {
  return `CLP ${item.patientControlNumber ?? '(none)'}${item.payerClaimControlNumber ? ` · payer claim ${item.payerClaimControlNumber}` : ''} · charged ${formatMoney(item.chargeAmount)}, paid ${formatMoney(item.paidAmount)} · 835 ${item.remittance?.traceNumber ?? ''}`;
}

export function UnmatchedQueueTab() {
  return <RequirePermission permission="claims.read" what="Reading the unmatched-claims queue"><UnmatchedQueue /></RequirePermission>;
}

function UnmatchedQueue() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [assigning, setAssigning] = useState<UnmatchedItem | null>(null);
  const [matching, setMatching] = useState<UnmatchedItem | null>(null);
  const [resolving, setResolving] = useState<{ item: UnmatchedItem; resolution: Resolution } | null>(null);
  const query = useQuery({ queryKey: ['unmatchedQueue'], queryFn: () => gqlRequest(UnmatchedQueueQuery), refetchInterval: 15_000 });
  const done = async (message: string) => {
    notifications.show({ color: 'teal', message });
    setAssigning(null);
    setMatching(null);
    setResolving(null);
    await queryClient.invalidateQueries({ queryKey: ['unmatchedQueue'] });
    await queryClient.invalidateQueries({ queryKey: ['remittances'] });
  };
  const assign = useMutation({
    mutationFn: ({ item, assignee }: { item: UnmatchedItem; assignee: string | null }) => gqlRequest(AssignUnmatched, { id: item.rowId, assignee: assignee ?? session.userId }),
    onSuccess: () => done('Unmatched claim assigned.'),
  });
  const match = useMutation({
    mutationFn: ({ item, input }: { item: UnmatchedItem; input: MatchInput }) =>
      gqlRequest(MatchUnmatched, { id: item.rowId, pcn: input.by === 'PCN' ? input.value : null, icn: input.by === 'ICN' ? input.value : null, note: input.note }),
    onSuccess: (data) => {
      const claim = data.matchUnmatchedRemittanceClaim?.result?.resolvedClaim;
      return done(`Posted to claim ${claim?.patientControlNumber ?? ''}: now ${claim?.status ?? ''}.`);
    },
  });
  const resolve = useMutation({
    mutationFn: ({ item, resolution, note }: { item: UnmatchedItem; resolution: Resolution; note: string }) => gqlRequest(ResolveUnmatched, { id: item.rowId, resolution, note }),
    onSuccess: (_data, { resolution }) => done(`Resolved: ${RESOLUTION_LABEL[resolution].toLowerCase()}.`),
  });

  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const groups = [...(query.data.unmatchedRemittanceQueues?.nodes ?? [])].sort((a, b) => (b.openCount ?? 0) - (a.openCount ?? 0) || (a.payerName ?? '').localeCompare(b.payerName ?? ''));
  const items = query.data.unmatchedRemittanceClaims?.nodes ?? [];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">Claims on posted 835s that matched none of ours (by patient control number, then the payer's claim number), grouped by payer. Nothing of them is posted until a person decides: match one to our claim to post it, or resolve it as not ours or sent back to the payer.</Text>
      {groups.length === 0 ? <Text c="dimmed" ta="center">No unmatched claims: every claim on the posted 835s found its claim.</Text> : groups.map((group) => {
        const key = groupKey(group.payerId, group.payerName);
        const inGroup = items.filter((i) => groupKey(i.remittance?.payerId, i.remittance?.payerId ? null : (i.remittance?.payerName ?? i.remittance?.payerIdentifier)) === key);
        return (
          <WorkQueueGroup key={key} testId="unmatched-group" label={`Unmatched claims from ${group.payerName ?? 'an unknown payer'}`}
            title={group.payerCode ? `${group.payerCode} · ${group.payerName ?? ''}` : `${group.payerName ?? 'No payer named'} · as named on the 835`}
            summary={`${group.openCount} open · ${group.unassignedCount} unassigned · charged ${formatMoney(group.chargeAmount)} · paid ${formatMoney(group.paidAmount)} · oldest ${formatAgo(group.oldestAt)}`}>
            <Table striped layout="fixed" aria-label={`Unmatched claims ${group.payerCode ?? group.payerName ?? ''}`}>
              <Table.Thead><Table.Tr><Table.Th w={160}>CLP as the payer sent it</Table.Th><Table.Th>Patient · why</Table.Th><Table.Th w={110} ta="right">Charged / paid</Table.Th><Table.Th w={140}>835</Table.Th><Table.Th w={110}>Assigned</Table.Th><Table.Th w={270} aria-label="Actions" /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {inGroup.map((item) => {
                  const pcn = item.patientControlNumber ?? '';
                  return (
                    <Table.Tr key={item.rowId} data-testid={`unmatched-${pcn}`}>
                      <Table.Td><Text size="sm" className="mono" truncate>{pcn || '(none)'}</Text><Text size="xs" c="dimmed" className="mono" truncate>{item.payerClaimControlNumber ? `payer ${item.payerClaimControlNumber}` : 'no payer claim number'}</Text></Table.Td>
                      <Table.Td><Text size="sm" truncate>{patientName(item) || '—'}</Text><Text size="xs" c="dimmed" lineClamp={2}>{item.reason}</Text></Table.Td>
                      <Table.Td ta="right" className="tabular"><Text size="sm">{formatMoney(item.chargeAmount)}</Text><Text size="xs" c="dimmed">paid {formatMoney(item.paidAmount)}</Text></Table.Td>
                      <Table.Td><Anchor component={Link} to={`/remittances/${item.remittance?.rowId}`} className="mono" size="sm" truncate="end" display="block">{item.remittance?.traceNumber}</Anchor><Text size="xs" c="dimmed">{formatDate(item.remittance?.paymentDate)}</Text></Table.Td>
                      <Table.Td><Text size="sm" truncate>{item.assignedTo ?? 'unassigned'}</Text><Text size="xs" c="dimmed">{formatAgo(item.createdAt)}</Text></Table.Td>
                      <Table.Td>
                        <Group gap={6} justify="flex-end" wrap="nowrap">
                          <PermissionButton permission="claims.write" action="Assigning an unmatched claim" size="xs" variant="default" aria-label={`Assign ${pcn}`} onClick={() => { assign.reset(); setAssigning(item); }}>Assign</PermissionButton>
                          <PermissionButton permission="claims.write" action="Matching an unmatched claim" size="xs" aria-label={`Match ${pcn}`} onClick={() => { match.reset(); setMatching(item); }}>Match</PermissionButton>
                          <PermissionMenu permission="claims.write" action="Resolving an unmatched claim" label="Resolve" ariaLabel={`Resolve ${pcn}`}
                            items={RESOLUTIONS} onPick={(resolution) => { resolve.reset(); setResolving({ item, resolution }); }} />
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </WorkQueueGroup>
        );
      })}
      <AssignDialog opened={assigning !== null} title="Assign unmatched claim" onClose={() => setAssigning(null)} pending={assign.isPending} error={assign.error}
        initialAssignee={assigning?.assignedTo ?? session.userId} onAssign={(assignee) => assigning && assign.mutate({ item: assigning, assignee })} />
      <MatchUnmatchedDialog opened={matching !== null} context={matching ? describe(matching) : ''} onClose={() => setMatching(null)} pending={match.isPending} error={match.error}
        onMatch={(input) => matching && match.mutate({ item: matching, input })} />
      <ResolveDialog opened={resolving !== null} title={resolving ? `Resolve: ${RESOLUTION_LABEL[resolving.resolution].toLowerCase()}` : ''} onClose={() => setResolving(null)} pending={resolve.isPending} error={resolve.error}
        context={resolving ? describe(resolving.item) : null} onResolve={(note) => resolving && resolve.mutate({ item: resolving.item, resolution: resolving.resolution, note })} />
    </Stack>
  );
}
