// GraphQL error objects as rcm-core returns them (extensions.code is the SQLSTATE), made readable.
export interface GraphqlErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; detail?: string; hint?: string };
}

const CODE_PREFIX: Record<string, string> = {
  '42501': 'Not allowed',
  P0002: 'Not found',
  '55000': 'Not possible in this state',
  '23505': 'Already exists',
};

export function describeGraphqlErrors(errors: GraphqlErrorShape[]): string {
  if (errors.length === 0) return 'unknown error';
  return errors
    .map((error) => {
      const prefix = error.extensions?.code ? CODE_PREFIX[error.extensions.code] : undefined;
      const hint = error.extensions?.hint ? ` (${error.extensions.hint})` : '';
      return `${prefix ? `${prefix}: ` : ''}${error.message}${hint}`;
    })
    .join('\n');
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
