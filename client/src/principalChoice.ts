// Ordering of the principal quick pick: the principal last verified for this file comes first (pure, tested without VS Code).

export interface PrincipalChoice {
  label: string;
  description?: string;
  detail?: string;
  arn: string;
}

/** Moves the remembered principal to the top (marked), or adds it there when the listing lacks it. */
export function withRememberedFirst<T extends PrincipalChoice>(items: readonly T[], remembered: string | undefined, make: (arn: string) => T): T[] {
  if (!remembered) return [...items];
  const found = items.find((i) => i.arn === remembered);
  const first = { ...(found ?? make(remembered)), description: 'last used for this file' };
  return [first, ...items.filter((i) => i.arn !== remembered)];
}

/** The workspace-state key under which a file's last principal is kept. */
export function rememberedPrincipalKey(documentUri: string): string {
  return `grantcheck.verify.lastPrincipal:${documentUri}`;
}
