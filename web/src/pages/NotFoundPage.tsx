import { Link } from 'react-router';
import { Anchor, Stack, Text, Title } from '@mantine/core';

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>There is no console page at this address. <Anchor component={Link} to="/eligibility?tab=sweeps">Go to the sweeps</Anchor>.</Text>
    </Stack>
  );
}
