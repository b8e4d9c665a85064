// /admin/trading-partners: the clearinghouses and payer gateways we send 270s to.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { graphql, type ResultOf } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { ErrorAlert, Loading, PageTitle } from '../../components/States.tsx';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { TradingPartnerDialog } from './TradingPartnerDialog.tsx';
import { PartnerConnectionControls } from './PartnerConnectionControls.tsx';

export const TradingPartnersQuery = graphql(`
  query TradingPartners {
    tradingPartners(orderBy: NAME_ASC) {
      nodes {
        rowId
        name
        endpointUrl
        protocol
        mode
        senderQualifier
        senderId
        receiverQualifier
        receiverId
        usageIndicator
        timeoutMs
        active
        supports276
        claimStatusIntervalDays
        credentialsUpdatedAt
        updatedAt
        payers { totalCount nodes { code } }
      }
    }
  }
`);

export type TradingPartnerRow = ResultOf<typeof TradingPartnersQuery>['tradingPartners'] extends infer C
  ? C extends { nodes: (infer N)[] } ? N : never
  : never;

export function TradingPartnersPage() {
  const query = useQuery({ queryKey: ['tradingPartners'], queryFn: () => gqlRequest(TradingPartnersQuery) });
  const [editing, setEditing] = useState<TradingPartnerRow | 'new' | null>(null);
  const partners = query.data?.tradingPartners?.nodes ?? [];
  return (
    <Stack gap="md">
      <PageTitle
        title="Trading partners"
        description="Clearinghouses and payer gateways that receive 270s over CAQH CORE. Credentials are write-only: they are never shown back."
        actions={<PermissionButton permission="admin" action="Adding a trading partner" onClick={() => setEditing('new')}>New trading partner</PermissionButton>}
      />
      {query.isPending ? <Loading /> : query.error ? <ErrorAlert error={query.error} /> : (
        <Table striped highlightOnHover withTableBorder verticalSpacing="sm" aria-label="Trading partners">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Endpoint</Table.Th>
              <Table.Th>Mode</Table.Th>
              <Table.Th>Sender / receiver</Table.Th>
              <Table.Th>Usage</Table.Th>
              <Table.Th>Payers</Table.Th>
              <Table.Th>Credentials</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {partners.length === 0 ? (
              <Table.Tr><Table.Td colSpan={8}><Text c="dimmed" ta="center">No trading partners yet.</Text></Table.Td></Table.Tr>
            ) : partners.map((partner) => (
              <Table.Tr key={partner.rowId} data-testid={`partner-${partner.name}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text fw={600} size="sm">{partner.name}</Text>
                    {partner.active ? null : <Badge color="gray" variant="outline">inactive</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td><Text className="mono" size="sm">{partner.endpointUrl}</Text><Text size="xs" c="dimmed">timeout {partner.timeoutMs} ms</Text></Table.Td>
                <Table.Td>{partner.mode}{partner.supports276 ? <Text size="xs" c="dimmed">276 claim status, every {partner.claimStatusIntervalDays} d</Text> : null}</Table.Td>
                <Table.Td><Text className="mono" size="sm">{partner.senderQualifier}:{partner.senderId} → {partner.receiverQualifier}:{partner.receiverId}</Text></Table.Td>
                <Table.Td>{partner.usageIndicator === 'P' ? 'Production' : 'Test'}</Table.Td>
                <Table.Td><Text size="sm">{partner.payers.nodes.map((p) => p.code).join(', ') || '—'}</Text></Table.Td>
                <Table.Td><Text size="sm">{partner.credentialsUpdatedAt ? `set ${formatDateTime(partner.credentialsUpdatedAt)}` : 'not set'}</Text></Table.Td>
                <Table.Td>
                  <Stack gap={4} align="stretch" w={140} ml="auto">
                    <PartnerConnectionControls partner={partner} />
                    <PermissionButton permission="admin" action="Editing a trading partner" variant="default" size="xs" onClick={() => setEditing(partner)} aria-label={`Edit ${partner.name}`}>Edit</PermissionButton>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing ? <TradingPartnerDialog partner={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}
