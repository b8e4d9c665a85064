// The frame of every page: navigation on the left, tenant, user and permissions on top.
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { AppShell, Badge, Button, Group, HoverCard, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useSession } from '../auth/session.tsx';
import { PERMISSIONS } from '../lib/permissions.ts';

interface NavItem {
  label: string;
  to: string;
  match: (path: string, search: URLSearchParams) => boolean;
}

const NAV: { section: string; items: NavItem[] }[] = [
  {
    section: 'Eligibility',
    items: [
      { label: 'Sweeps', to: '/eligibility?tab=sweeps', match: (p, s) => (p === '/eligibility' && (s.get('tab') ?? 'sweeps') === 'sweeps') || p.startsWith('/eligibility/runs') },
      { label: 'Schedules', to: '/eligibility?tab=schedules', match: (p, s) => p === '/eligibility' && s.get('tab') === 'schedules' },
      { label: 'Coverage anomalies', to: '/eligibility?tab=anomalies', match: (p, s) => p === '/eligibility' && s.get('tab') === 'anomalies' },
      { label: 'Intake queue', to: '/eligibility?tab=intake', match: (p, s) => p === '/eligibility' && s.get('tab') === 'intake' },
    ],
  },
  {
    section: 'Operations',
    items: [
      { label: 'Batches', to: '/batches', match: (p) => p.startsWith('/batches') },
      { label: 'Claims', to: '/claims', match: (p, s) => (p === '/claims' && !['submissions', 'rejections', 'denials'].includes(s.get('tab') ?? '')) || /^\/claims\/[^/]+$/.test(p) },
      { label: 'Submissions', to: '/claims?tab=submissions', match: (p, s) => p === '/claims' && s.get('tab') === 'submissions' },
      { label: 'Rejection queue', to: '/claims?tab=rejections', match: (p, s) => p === '/claims' && s.get('tab') === 'rejections' },
      { label: 'Remittances', to: '/remittances', match: (p) => p.startsWith('/remittances') },
      { label: 'Denial queue', to: '/claims?tab=denials', match: (p, s) => p === '/claims' && s.get('tab') === 'denials' },
      { label: 'Job runner', to: '/job-runner', match: (p) => p.startsWith('/job-runner') },
      { label: 'Dashboards', to: '/dashboards', match: (p) => p.startsWith('/dashboards') },
    ],
  },
  {
    section: 'Administration',
    items: [
      { label: 'Trading partners', to: '/admin/trading-partners', match: (p) => p.startsWith('/admin/trading-partners') },
      { label: 'Reference data', to: '/reference/facilities', match: (p) => p.startsWith('/reference') },
    ],
  },
];

export function Layout({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const search = new URLSearchParams(location.search);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Title order={1} size="h4">rcm-core</Title>
            <Text c="dimmed" size="sm">operations console</Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Text size="sm" aria-label="Tenant">
              Tenant <strong>{session.tenant.name}</strong> <Text span c="dimmed">({session.tenant.slug})</Text>
            </Text>
            <HoverCard width={320} shadow="md" openDelay={100}>
              <HoverCard.Target>
                <Button variant="subtle" size="compact-sm" aria-label={`Signed in as ${session.userId}; ${session.permissions.length} permissions`}>
                  {session.userId} · {session.permissions.length} permissions
                </Button>
              </HoverCard.Target>
              <HoverCard.Dropdown>
                <Text size="sm" fw={600} mb={6}>Permissions of this token</Text>
                <Group gap={4} data-testid="permissions">
                  {PERMISSIONS.map((p) => (
                    <Badge key={p} variant={session.permissions.includes(p) ? 'filled' : 'outline'} color={session.permissions.includes(p) ? 'teal' : 'gray'} tt="none">
                      {session.permissions.includes(p) ? '' : 'no '}{p}
                    </Badge>
                  ))}
                </Group>
              </HoverCard.Dropdown>
            </HoverCard>
            <Button variant="default" size="compact-sm" onClick={session.signOut}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          <Stack gap="sm">
            {NAV.map((group) => (
              <div key={group.section}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={4}>{group.section}</Text>
                {group.items.map((item) => {
                  const active = item.match(location.pathname, search);
                  return <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={active} aria-current={active ? 'page' : undefined} />;
                })}
              </div>
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
