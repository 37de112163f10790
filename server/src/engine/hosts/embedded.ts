// Policies embedded in a host file (Terraform, CloudFormation): synthetic JSON node trees with host offsets.
//
// Rules run unchanged on these trees. Host expressions GrantCheck cannot evaluate (`var.bucket`,
// `!Ref Bucket`) become the string `*` — they match anything — and their ranges are recorded as
// opaque, so no finding ever rests on a value we do not know. Interpolations inside a string keep the
// string's shape: `"arn:aws:s3:::${var.bucket}/*"` is still an object ARN (`arn:aws:s3:::*/*`).

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { PolicyType } from '../iam/policyType';
import { markOpaque } from '../iam/document';

export interface EmbeddedPolicy {
  /** Synthetic policy tree; every node's offset/length points into the host text. */
  root: JsonNode;
  policyType: PolicyType | undefined;
  /** Host ranges whose value is unknown (whole expressions replaced by `*`). */
  opaque: { start: number; end: number }[];
  /** How the policy is written in the host, which decides which fixes can be offered. */
  syntax: 'json' | 'hcl' | 'yaml' | 'hcl-data-source';
  /** The host construct holding the policy (for messages), e.g. `aws_iam_policy.reader.policy`. */
  label: string;
  start: number;
  end: number;
}

/** jsonc-parser declares its nodes read-only; synthetic trees are built and re-based here only. */
type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] };
const mutable = (node: JsonNode): MutableNode => node as MutableNode;

/** Builds jsonc-parser-compatible nodes (with parent links) for synthetic trees. */
export class NodeBuilder {
  readonly opaque: { start: number; end: number }[] = [];

  object(start: number, end: number, properties: JsonNode[]): JsonNode {
    const node: JsonNode = { type: 'object', offset: start, length: end - start, children: properties };
    for (const p of properties) mutable(p).parent = node;
    return node;
  }

  array(start: number, end: number, items: JsonNode[]): JsonNode {
    const node: JsonNode = { type: 'array', offset: start, length: end - start, children: items };
    for (const i of items) mutable(i).parent = node;
    return node;
  }

  property(key: string, keyStart: number, keyEnd: number, value: JsonNode): JsonNode {
    const keyNode: JsonNode = { type: 'string', value: key, offset: keyStart, length: keyEnd - keyStart };
    const start = Math.min(keyStart, value.offset);
    const end = Math.max(keyEnd, value.offset + value.length);
    const node: JsonNode = { type: 'property', offset: start, length: end - start, colonOffset: keyEnd, children: [keyNode, value] };
    mutable(keyNode).parent = node;
    mutable(value).parent = node;
    return node;
  }

  string(value: string, start: number, end: number): JsonNode {
    return { type: 'string', value, offset: start, length: end - start };
  }

  scalar(type: 'number' | 'boolean' | 'null', value: unknown, start: number, end: number): JsonNode {
    return { type, value, offset: start, length: end - start };
  }

  /** A value we cannot know: the string `*`, with its range recorded as opaque. */
  opaqueValue(start: number, end: number): JsonNode {
    this.opaque.push({ start, end });
    return markOpaque({ type: 'string', value: '*', offset: start, length: end - start });
  }
}

/**
 * A piece of host text that decodes to JSON: characters with the host offset each came from.
 * Interpolations are decoded as `*` and recorded so a JSON string holding only one becomes opaque.
 */
export interface DecodedJson {
  text: string;
  /** Host offset of each decoded character (length = text.length). */
  offsets: number[];
  /** Decoded index → host range of the interpolation a `*` stands for. */
  interpolations: Map<number, { start: number; end: number }>;
}

/** Parses decoded JSON and maps every node back to host offsets. */
export function jsonFromDecoded(decoded: DecodedJson, builder: NodeBuilder): { root: JsonNode | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(decoded.text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root) return { root: undefined, errors };
  const hostStart = (i: number): number => decoded.interpolations.get(i)?.start ?? decoded.offsets[Math.min(i, decoded.offsets.length - 1)] ?? 0;
  const hostEnd = (i: number): number => {
    if (i <= 0) return hostStart(0);
    const last = i - 1;
    return decoded.interpolations.get(last)?.end ?? (decoded.offsets[Math.min(last, decoded.offsets.length - 1)] ?? 0) + 1;
  };
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const start = node.offset;
    const end = node.offset + node.length;
    if (node.type === 'string' && node.value === '*' && node.length === 3 && decoded.interpolations.has(start + 1)) {
      // The whole string was one interpolation ("${var.role_arn}"): unknown value.
      builder.opaque.push({ start: hostStart(start), end: hostEnd(end) });
      markOpaque(node);
    }
    mutable(node).offset = hostStart(start);
    mutable(node).length = Math.max(0, hostEnd(end) - node.offset);
    if (node.colonOffset !== undefined) mutable(node).colonOffset = hostStart(node.colonOffset);
    for (const child of node.children ?? []) stack.push(child);
  }
  for (const e of errors) {
    const s = hostStart(e.offset);
    e.length = Math.max(0, hostEnd(e.offset + e.length) - s);
    e.offset = s;
  }
  return { root, errors };
}

/** True when the range [start, end) lies inside one of the opaque ranges. */
export function insideOpaque(opaque: readonly { start: number; end: number }[], start: number, end: number): boolean {
  return opaque.some((o) => start >= o.start && end <= o.end);
}
