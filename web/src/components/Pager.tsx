// Offset paging for large lists (10,000+ rows): page size, page number and the total.
import { Group, Pagination, Select, Text } from '@mantine/core';
import { pageCount } from '../lib/paging.ts';

export function Pager({ total, page, pageSize, onPage, onPageSize, label }: { total: number; page: number; pageSize: number; onPage: (page: number) => void; onPageSize?: (size: number) => void; label: string }) {
  const pages = pageCount(total, pageSize);
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="sm" wrap="nowrap">
      <Text size="sm" c="dimmed" className="tabular" aria-live="polite">
        {first.toLocaleString()}–{last.toLocaleString()} of {total.toLocaleString()} {label}
      </Text>
      <Group gap="sm" wrap="nowrap">
        {onPageSize ? (
          <Select
            aria-label="Rows per page"
            w={110}
            size="xs"
            data={['25', '50', '100', '200']}
            value={String(pageSize)}
            onChange={(value) => value && onPageSize(Number(value))}
            allowDeselect={false}
          />
        ) : null}
        <Pagination total={pages} value={page} onChange={onPage} size="sm" siblings={1} getControlProps={(control) => ({ 'aria-label': `${control} page` })} getItemProps={(p) => ({ 'aria-label': `Page ${p}` })} />
      </Group>
    </Group>
  );
}
