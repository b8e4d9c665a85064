// Downloads a submission's 837P file (the claimSubmissionFile query) as it was sent.
import { useState } from 'react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { graphql } from '../graphql.ts';
import { gqlRequest } from '../api/client.ts';
import { errorMessage } from '../lib/errors.ts';

const SubmissionFile = graphql(`query ClaimSubmissionFile($id: UUID!) { claimSubmissionFile(submissionId: $id) }`);

function saveText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/edi-x12' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function DownloadSubmissionButton({ submissionId, interchangeControlNumber }: { submissionId: string; interchangeControlNumber: string }) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const result = await gqlRequest(SubmissionFile, { id: submissionId });
      if (!result.claimSubmissionFile) throw new Error('This submission has no file yet.');
      saveText(`837P-${interchangeControlNumber}.x12`, result.claimSubmissionFile);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not downloaded', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="xs" variant="default" loading={busy} onClick={download} aria-label={`Download 837P ${interchangeControlNumber}`}>
      837P file
    </Button>
  );
}
