// Ingestion batches: waits for its GraphQL API (not merged into this build yet).
import { Stack } from '@mantine/core';
import { NotAvailable, PageTitle } from '../../components/States.tsx';

export function BatchesPage() {
  return (
    <Stack gap="md">
      <PageTitle title="Ingestion batches" />
      <NotAvailable feature="Ingestion batches" />
    </Stack>
  );
}
