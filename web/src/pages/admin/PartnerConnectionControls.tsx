// Set credentials (write-only: the API can store them but never read them back) and Test connection.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, PasswordInput, Popover, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { ErrorAlert } from '../../components/States.tsx';
import type { TradingPartnerRow } from './TradingPartnersPage.tsx';
import { testConnection } from '../../api/test-connection.ts';
import { errorMessage } from '../../lib/errors.ts';

const SetCredentials = graphql(`
  mutation SetTradingPartnerCredentials($id: UUID!, $username: String!, $password: String!) {
    setTradingPartnerCredentials(input: { tradingPartnerId: $id, username: $username, password: $password }) { result { rowId credentialsUpdatedAt } }
  }
`);

export function PartnerConnectionControls({ partner }: { partner: TradingPartnerRow }) {
  const [open, setOpen] = useState(false);
  const test = useMutation({ mutationFn: () => testConnection(partner.rowId) });
  return (
    <>
      <Popover opened={test.isSuccess || test.isError} onChange={(opened) => { if (!opened) test.reset(); }} width={340} position="bottom-end" withArrow>
        <Popover.Target>
          <PermissionButton permission="admin" action="Testing the connection" size="xs" variant="default" aria-label={`Test connection of ${partner.name}`} loading={test.isPending} onClick={() => test.mutate()}>Test connection</PermissionButton>
        </Popover.Target>
        <Popover.Dropdown>
          <div role="status" data-testid="connection-result">
            {test.data ? (
              <Stack gap={4}>
                <Text size="sm" fw={700} c={test.data.ok ? 'teal.8' : 'red.8'}>{test.data.ok ? 'Connected' : 'Connection failed'}</Text>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{test.data.message}</Text>
                <Text size="xs" c="dimmed">HTTP {test.data.httpStatus ?? '—'} · {test.data.responseType || 'no answer'} · {test.data.responseMs} ms</Text>
              </Stack>
            ) : test.error ? <Text size="sm" c="red.8">{errorMessage(test.error)}</Text> : null}
            <Button size="compact-xs" variant="subtle" mt={6} onClick={() => test.reset()}>Close</Button>
          </div>
        </Popover.Dropdown>
      </Popover>
      <PermissionButton permission="admin" action="Setting credentials" size="xs" variant="default" aria-label={`Set credentials of ${partner.name}`} onClick={() => setOpen(true)}>Set credentials</PermissionButton>
      {open ? <CredentialsDialog partner={partner} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function CredentialsDialog({ partner, onClose }: { partner: TradingPartnerRow; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  const save = useMutation({
    mutationFn: () => gqlRequest(SetCredentials, { id: partner.rowId, username: username.trim(), password }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tradingPartners'] });
      notifications.show({ color: 'teal', message: `Credentials of ${partner.name} replaced.` });
      onClose();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!username.trim()) found.username = 'Username is required.';
    if (!password) found.password = 'Password is required.';
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Credentials of ${partner.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">The new username and password replace the stored ones. They are write-only: nobody can read them back through the console or the API.</Text>
          {save.error ? <ErrorAlert error={save.error} title="Not saved" /> : null}
          <TextInput label="Username" autoComplete="off" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={errors.username} data-autofocus />
          <PasswordInput label="Password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending}>Save credentials</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
