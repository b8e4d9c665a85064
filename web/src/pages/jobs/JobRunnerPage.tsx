// Job runner: waits for its GraphQL API (not merged into this build yet).
import { Stack } from '@mantine/core';
import { NotAvailable, PageTitle } from '../../components/States.tsx';

export function JobRunnerPage() {
  return (
    <Stack gap="md">
      <PageTitle title="Job runner" />
      <NotAvailable feature="Job runner" />
    </Stack>
  );
}
