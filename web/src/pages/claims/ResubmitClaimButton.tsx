// Resubmit a rejected claim after fixing it: back to BUILT as a new original, picked up by the next submission.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { PermissionButton } from '../../components/PermissionButton.tsx';
import { errorMessage } from '../../lib/errors.ts';

const ResubmitClaim = graphql(`mutation ResubmitClaim($claimId: UUID!, $note: String!) { resubmitClaim(input: { claimId: $claimId, note: $note }) { result { rowId status frequencyCode } } }`);

export function ResubmitClaimButton({ claimId, patientControlNumber, onDone }: { claimId: string; patientControlNumber: string; onDone: () => Promise<void> | void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const resubmit = useMutation({
    mutationFn: () => gqlRequest(ResubmitClaim, { claimId, note: note.trim() }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: `Claim ${patientControlNumber} will go out in the next submission.` });
      setOpen(false);
      setNote('');
      await onDone();
    },
  });
  return (
    <>
      <PermissionButton permission="claims.write" action="Resubmitting a claim" size="xs" aria-label={`Resubmit ${patientControlNumber}`} onClick={() => { resubmit.reset(); setOpen(true); }}>Resubmit</PermissionButton>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Resubmit claim ${patientControlNumber}`}>
        <form onSubmit={(e) => { e.preventDefault(); if (note.trim()) resubmit.mutate(); }}>
          <Stack>
            <Text size="sm">The claim goes back to BUILT as a new original and leaves with the next submission; its open rejection is resolved then.</Text>
            <Textarea label="What was fixed" required value={note} onChange={(e) => setNote(e.currentTarget.value)} error={resubmit.error ? errorMessage(resubmit.error) : undefined} minRows={3} data-autofocus />
            <Group justify="flex-end"><Button variant="default" onClick={() => setOpen(false)}>Cancel</Button><Button type="submit" loading={resubmit.isPending} disabled={!note.trim()}>Resubmit</Button></Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
