// An operator uploads an 835 file: it is posted by the same route and SQL function as a partner's
// push (POST /remittances → billing.fn_post_remittance), one answer per 835 transaction in the file.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, FileInput, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { uploadRemittance } from '../../api/upload.ts';
import { useSession } from '../../auth/session.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { errorMessage } from '../../lib/errors.ts';

export function UploadRemittance() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const reason = session.reasonFor('claims.write', 'Posting an 835');
  const upload = useMutation({
    mutationFn: (f: File) => uploadRemittance(f),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['remittances'] }); },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">Post an 835</Title>
          <Group align="flex-end">
            <FileInput label="835 file" placeholder="Choose an X12 835 file" value={file} onChange={(f) => { setFile(f); upload.reset(); }} clearable w={360} />
            <Button type="submit" disabled={reason !== null || !file} title={reason ?? undefined} loading={upload.isPending}>Post remittance</Button>
          </Group>
          {reason ? <Text size="xs" c="dimmed">{reason}</Text> : <Text size="xs" c="dimmed">Balanced remittances are posted to their claims; an unbalanced one is held whole with the failed equation; the same payment (payer, trace, amount) posts once.</Text>}
          {upload.error ? <Alert color="red" role="alert" title="Not posted">{errorMessage(upload.error)}</Alert> : null}
          {upload.data ? (
            <Table aria-label="Posting result" data-testid="upload-result">
              <Table.Thead><Table.Tr><Table.Th>Remittance</Table.Th><Table.Th>Status</Table.Th><Table.Th ta="right">Claims posted</Table.Th><Table.Th ta="right">Unmatched</Table.Th><Table.Th>Why</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {upload.data.map((r) => (
                  <Table.Tr key={r.remittanceId}>
                    <Table.Td><Anchor component={Link} to={`/remittances/${r.remittanceId}`} size="sm">Open</Anchor></Table.Td>
                    <Table.Td><StatusBadge status={r.status} /></Table.Td>
                    <Table.Td ta="right" className="tabular">{r.claimsPosted}</Table.Td>
                    <Table.Td ta="right" className="tabular">{r.claimsUnmatched}</Table.Td>
                    <Table.Td><Text size="sm">{r.reason ?? ''}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
