// A button that stays visible but disabled, with the reason, when the token lacks the permission.
// aria-disabled (not disabled) keeps it focusable so keyboard users can read the reason too.
import { useId, type MouseEvent, type Ref } from 'react';
import { Button, Menu, Tooltip, VisuallyHidden, type ButtonProps } from '@mantine/core';
import { useSession } from '../auth/session.tsx';
import type { Permission } from '../lib/permissions.ts';

type Props = ButtonProps & {
  permission: Permission;
  action?: string;
  onClick?: (event: MouseEvent<HTMLButtonElement>) => void;
  type?: 'button' | 'submit';
  'aria-label'?: string;
  ref?: Ref<HTMLButtonElement>;
};

export function PermissionButton({ permission, action, onClick, children, ref, ...rest }: Props) {
  const session = useSession();
  const reasonId = useId();
  const reason = session.reasonFor(permission, action ?? (typeof children === 'string' ? children : undefined));
  if (!reason) return <Button ref={ref} onClick={onClick} {...rest}>{children}</Button>;
  return (
    <Tooltip label={reason} multiline w={260} withArrow>
      <Button ref={ref} {...rest} type="button" data-disabled aria-disabled="true" aria-describedby={reasonId} onClick={(event) => event.preventDefault()}>
        {children}
        <VisuallyHidden id={reasonId}>{reason}</VisuallyHidden>
      </Button>
    </Tooltip>
  );
}

export function usePermissionReason(permission: Permission, action?: string): string | null {
  return useSession().reasonFor(permission, action);
}

/** A small menu of actions on one queue row, or the same button disabled with the reason when the token lacks the permission. */
export function PermissionMenu<K extends string>({ permission, action, label, ariaLabel, items, onPick }: {
  permission: Permission; action: string; label: string; ariaLabel: string; items: { key: K; label: string }[]; onPick: (key: K) => void;
}) {
  if (usePermissionReason(permission, action)) {
    return <PermissionButton permission={permission} action={action} size="xs" variant="default" aria-label={ariaLabel}>{label}</PermissionButton>;
  }
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target><Button size="xs" variant="default" aria-label={ariaLabel}>{label}</Button></Menu.Target>
      <Menu.Dropdown>
        {items.map((item) => <Menu.Item key={item.key} onClick={() => onPick(item.key)}>{item.label}</Menu.Item>)}
      </Menu.Dropdown>
    </Menu>
  );
}
