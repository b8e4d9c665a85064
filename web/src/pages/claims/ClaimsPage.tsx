// Claims: waits for its GraphQL API (not merged into this build yet).
import { Stack } from '@mantine/core';
import { NotAvailable, PageTitle } from '../../components/States.tsx';

export function ClaimsPage() {
  return (
    <Stack gap="md">
      <PageTitle title="Claims" />
      <NotAvailable feature="Claims" />
    </Stack>
  );
}
