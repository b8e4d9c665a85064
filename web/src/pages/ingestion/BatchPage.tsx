// Ingestion batch: waits for its GraphQL API (not merged into this build yet).
import { Stack } from '@mantine/core';
import { NotAvailable, PageTitle } from '../../components/States.tsx';

export function BatchPage() {
  return (
    <Stack gap="md">
      <PageTitle title="Ingestion batch" />
      <NotAvailable feature="Ingestion batch" />
    </Stack>
  );
}
