// Offset paging arithmetic shared by every long list.
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The page to show after the total changed (e.g. a filter narrowed the list). */
export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(Math.max(1, page), pageCount(total, pageSize));
}

export function offsetOf(page: number, pageSize: number): number {
  return (Math.max(1, page) - 1) * pageSize;
}
