-- GraphQL descriptions of the core functions the migrations define (the files under sql/functions carry their own).
comment on function core.current_tenant_id() is 'The tenant of the caller''s token (jwt.claims.tenant_id), or null.';
comment on function core.current_user_id() is 'The subject (sub) of the caller''s token.';
comment on function core.current_permissions() is 'The permissions of the caller''s token.';
comment on function core.has_permission(text) is 'Whether the caller''s token carries the permission (admin carries every one).';
comment on function core.assert_permission(text) is 'Raises 42501 "permission denied: <permission> required" unless the caller''s token carries the permission.';
comment on function core.is_valid_npi(text) is 'Whether the text is a 10-digit National Provider Identifier with a valid Luhn check digit (prefix 80840).';
comment on function core.has_any_permission(text[]) is 'Whether the caller''s token carries any of the permissions (admin carries every one).';
