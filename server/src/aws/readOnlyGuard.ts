// A middleware that makes the IAM client refuse, before anything is sent, every operation that is not List*, Get* or Simulate*.

import { AwsAccessError } from './errors';

/** The operations GrantCheck may call: reading and simulating, never changing anything. */
export function isReadOnlyIamOperation(operation: string): boolean {
  return /^(List|Get|Simulate)[A-Z]/.test(operation.replace(/Command$/, ''));
}

interface MiddlewareStackLike {
  add(middleware: unknown, options: { step: 'initialize'; name: string; priority?: 'high' }): void;
}

interface HandlerContextLike {
  commandName?: string;
  __smithy_context?: { operation?: string };
}

export const READ_ONLY_GUARD_NAME = 'grantcheckReadOnlyGuard';

/** Installs the guard at the very start of the client's middleware stack. */
export function installReadOnlyGuard(stack: MiddlewareStackLike): void {
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: HandlerContextLike) => async (args: unknown) => {
      const operation = context.commandName ?? context.__smithy_context?.operation ?? '';
      if (!isReadOnlyIamOperation(operation)) {
        throw new AwsAccessError(
          'read-only',
          `GrantCheck refused to call iam:${operation.replace(/Command$/, '') || '(unknown)'}: it only ever reads (List*, Get*, Simulate*).`,
        );
      }
      return next(args);
    },
    { step: 'initialize', name: READ_ONLY_GUARD_NAME, priority: 'high' },
  );
}
