// The rejection queue: claims a 999/TA1/277CA rejected, grouped by reason so one fix clears a
// group; assign an item, resolve it with a note, or resubmit the fixed claim.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql, type ResultOf } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, Loading } from '../../components/States.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { AssignDialog, ResolveDialog, WorkQueueGroup } from '../../components/WorkQueue.tsx';
import { formatAgo, formatMoney } from '../../lib/format.ts';
import { ResubmitClaimButton } from './ResubmitClaimButton.tsx';

const RejectionQueueQuery = graphql(`
  query ClaimRejectionQueue {
    claimRejectionGroups { nodes { reasonGroup exampleReason claimCount unassignedCount totalAmount oldestAt } }
    claimRejections(filter: { status: { in: ["OPEN", "ASSIGNED"] } }, orderBy: [REASON_GROUP_ASC, PRIMARY_KEY_ASC]) {
      nodes {
        rowId reasonGroup reason status assignedTo createdAt
        claim { rowId patientControlNumber status totalAmount member { memberNumber lastName firstName } payer { code } }
      }
    }
  }
`);
type Rejection = NonNullable<ResultOf<typeof RejectionQueueQuery>['claimRejections']>['nodes'][number];

const AssignRejection = graphql(`mutation AssignClaimRejection($id: UUID!, $assignee: String) { assignClaimRejection(input: { rejectionId: $id, assignee: $assignee }) { result { rowId status assignedTo } } }`);
const ResolveRejection = graphql(`mutation ResolveClaimRejection($id: UUID!, $note: String!) { resolveClaimRejection(input: { rejectionId: $id, note: $note }) { result { rowId status } } }`);

export function RejectionQueueTab() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [assigning, setAssigning] = useState<Rejection | null>(null);
  const [resolving, setResolving] = useState<Rejection | null>(null);
  const query = useQuery({ queryKey: ['claimRejections'], queryFn: () => gqlRequest(RejectionQueueQuery), refetchInterval: 15_000 });
  const done = async () => {
    setAssigning(null);
    setResolving(null);
    await queryClient.invalidateQueries({ queryKey: ['claimRejections'] });
  };
  const assign = useMutation({
    mutationFn: ({ item, assignee }: { item: Rejection; assignee: string | null }) => gqlRequest(AssignRejection, { id: item.rowId, assignee }),
    onSuccess: async () => { notifications.show({ color: 'teal', message: 'Rejection assigned.' }); await done(); },
  });
  const resolve = useMutation({
    mutationFn: ({ item, note }: { item: Rejection; note: string }) => gqlRequest(ResolveRejection, { id: item.rowId, note }),
    onSuccess: async () => { notifications.show({ color: 'teal', message: 'Rejection resolved.' }); await done(); },
  });

  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const groups = query.data.claimRejectionGroups?.nodes ?? [];
  const items = query.data.claimRejections?.nodes ?? [];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">Claims the clearinghouse or payer rejected, grouped by reason (largest first). Fix the cause, then resubmit the claim or resolve the item with a note.</Text>
      {groups.length === 0 ? <Text c="dimmed" ta="center">No open rejections.</Text> : groups.map((group) => (
        <WorkQueueGroup key={group.reasonGroup} testId="rejection-group" label={`Reason ${group.reasonGroup}`} title={group.reasonGroup ?? "—"} subtitle={group.exampleReason}
          summary={`${group.claimCount} claims · ${group.unassignedCount} unassigned · ${formatMoney(group.totalAmount)} · oldest ${formatAgo(group.oldestAt)}`}>
          <Table striped layout="fixed" aria-label={`Rejections ${group.reasonGroup}`}>
            <Table.Thead><Table.Tr><Table.Th w={140}>Claim</Table.Th><Table.Th>Member</Table.Th><Table.Th w={105} ta="right">Amount</Table.Th><Table.Th w={100}>Status</Table.Th><Table.Th w={130}>Assigned</Table.Th><Table.Th w={250} aria-label="Actions" /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.filter((item) => item.reasonGroup === group.reasonGroup).map((item) => (
                <Table.Tr key={item.rowId} data-testid={`rejection-${item.claim?.patientControlNumber}`}>
                  <Table.Td><Anchor component={Link} to={`/claims/${item.claim?.rowId}`} className="mono" size="sm">{item.claim?.patientControlNumber}</Anchor><Text size="xs" c="dimmed">{item.claim?.payer?.code} · {item.claim?.status}</Text></Table.Td>
                  <Table.Td><Text size="sm" className="mono">{item.claim?.member?.memberNumber}</Text><Text size="xs" c="dimmed" truncate>{item.claim?.member?.lastName}, {item.claim?.member?.firstName}</Text></Table.Td>
                  <Table.Td ta="right" className="tabular">{formatMoney(item.claim?.totalAmount)}</Table.Td>
                  <Table.Td><StatusBadge status={item.status} /></Table.Td>
                  <Table.Td><Text size="sm" truncate>{item.assignedTo ?? 'unassigned'}</Text></Table.Td>
                  <Table.Td>
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <PermissionButton permission="claims.write" action="Assigning a rejection" size="xs" variant="default" aria-label={`Assign ${item.claim?.patientControlNumber}`} onClick={() => { assign.reset(); setAssigning(item); }}>Assign</PermissionButton>
                      <PermissionButton permission="claims.write" action="Resolving a rejection" size="xs" variant="default" aria-label={`Resolve ${item.claim?.patientControlNumber}`} onClick={() => { resolve.reset(); setResolving(item); }}>Resolve</PermissionButton>
                      {item.claim?.status === 'REJECTED' ? <ResubmitClaimButton claimId={item.claim.rowId} patientControlNumber={item.claim.patientControlNumber} onDone={done} /> : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </WorkQueueGroup>
      ))}
      <AssignDialog opened={assigning !== null} title="Assign rejection" onClose={() => setAssigning(null)} pending={assign.isPending} error={assign.error}
        initialAssignee={assigning?.assignedTo ?? session.userId} onAssign={(assignee) => assigning && assign.mutate({ item: assigning, assignee })} />
      <ResolveDialog opened={resolving !== null} title="Resolve rejection" onClose={() => setResolving(null)} pending={resolve.isPending} error={resolve.error}
        context={resolving?.reason} onResolve={(note) => resolving && resolve.mutate({ item: resolving, note })} />
    </Stack>
  );
}
