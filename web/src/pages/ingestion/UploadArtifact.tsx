// Upload a CSV (or JSON lines) artifact for a feed, with a progress bar, then start its batch.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, FileInput, Group, Paper, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { graphql } from '../../graphql.ts';
import { gqlRequest } from '../../api/client.ts';
import { uploadArtifact, type UploadedArtifact } from '../../api/upload.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { parseKeyFields } from '../../lib/batch.ts';
import { formatCount } from '../../lib/format.ts';

const FeedsQuery = graphql(`query Feeds { feeds(orderBy: NAME_ASC) { nodes { rowId name kind idempotencyKeyFields jobsDisabled jobsDisabledReason } } }`);
const CreateBatch = graphql(`
  mutation CreateBatchFromArtifact($artifactId: UUID!, $fields: [String], $allowDuplicate: Boolean) {
    createBatchFromArtifact(input: { artifactId: $artifactId, idempotencyKeyFields: $fields, allowDuplicate: $allowDuplicate }) { result { rowId total } }
  }
`);

export function UploadArtifact() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const feeds = useQuery({ queryKey: ['feeds'], queryFn: () => gqlRequest(FeedsQuery), staleTime: 60_000 });
  const [feedName, setFeedName] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [keyFields, setKeyFields] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [artifact, setArtifact] = useState<UploadedArtifact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const feed = feeds.data?.feeds?.nodes.find((f) => f.name === feedName);
  const reason = session.reasonFor('ingestion.update', 'Uploading a file');

  const createBatch = useMutation({
    mutationFn: (input: { artifactId: string; allowDuplicate: boolean }) =>
      gqlRequest(CreateBatch, { artifactId: input.artifactId, fields: keyFields.trim() ? parseKeyFields(keyFields) : null, allowDuplicate: input.allowDuplicate }),
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: ['batches'] });
      const id = data.createBatchFromArtifact?.result?.rowId;
      if (id) navigate(`/batches/${id}`);
    },
    onError: (e) => setError(errorMessage(e)),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setArtifact(null);
    if (!feedName) return setError('Pick the feed the file belongs to.');
    if (!file) return setError('Choose a CSV file to upload.');
    setProgress(0);
    try {
      const uploaded = await uploadArtifact(feedName, file, setProgress);
      setArtifact(uploaded);
      if (!uploaded.duplicateOf) createBatch.mutate({ artifactId: uploaded.id, allowDuplicate: false });
    } catch (e) {
      setError(errorMessage(e));
      setProgress(null);
    }
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">Upload a file</Title>
          <Group grow align="flex-start">
            <Select
              label="Feed"
              placeholder="Pick a feed"
              data={(feeds.data?.feeds?.nodes ?? []).map((f) => ({ value: f.name, label: `${f.name} (${f.kind})` }))}
              value={feedName}
              onChange={(value) => { setFeedName(value); setKeyFields(''); }}
              description={feed?.jobsDisabled ? `Jobs disabled: ${feed.jobsDisabledReason ?? 'batches wait'}` : feed ? `Default idempotency key: ${feed.idempotencyKeyFields.join(', ')}` : ' '}
            />
            <FileInput label="CSV file" placeholder="Choose a .csv file" accept=".csv,text/csv,.jsonl,.ndjson" value={file} onChange={setFile} clearable description=" " />
            <TextInput label="Idempotency key fields" placeholder={feed?.idempotencyKeyFields.join(', ') ?? 'ServiceDate, MemberId'} value={keyFields} onChange={(e) => setKeyFields(e.currentTarget.value)} description="Blank: the feed's default" />
          </Group>
          <Group justify="space-between" wrap="nowrap" align="center">
            <div style={{ flex: 1, minHeight: 28 }}>
              {progress !== null ? (
                <Group gap="xs" wrap="nowrap">
                  <Progress value={progress * 100} size="lg" w={320} aria-label="Upload progress" striped={progress < 1} animated={progress < 1} />
                  <Text size="sm" className="tabular" w={140}>{progress < 1 ? `${Math.round(progress * 100)}% sent` : artifact ? `${formatCount(artifact.rowCount)} rows received` : 'processing…'}</Text>
                </Group>
              ) : null}
            </div>
            <Button type="submit" disabled={reason !== null} title={reason ?? undefined} loading={createBatch.isPending}>Upload and start batch</Button>
          </Group>
          {reason ? <Text size="xs" c="dimmed">{reason}</Text> : null}
          {error ? <Alert color="red" role="alert" title="Not uploaded">{error}</Alert> : null}
          {artifact?.duplicateOf ? (
            <Alert color="yellow" title="Same file as before">
              <Stack gap="xs">
                <Text size="sm">This file has the same content as artifact {artifact.duplicateOf}. Processing it again skips every row already applied.</Text>
                <Group><Button size="xs" variant="light" onClick={() => createBatch.mutate({ artifactId: artifact.id, allowDuplicate: true })}>Start a batch anyway</Button></Group>
              </Stack>
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
