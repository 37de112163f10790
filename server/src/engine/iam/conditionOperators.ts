// IAM condition operators: the one table of what each operator is and does, and the one parser of operator names.
// Rules, completion, hover and the evaluator ask this module; none of them keeps its own list.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import { CONDITION_OPERATORS_URL } from './referenceLinks';

export type OperatorCategory = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** How a policy value is compared with a request value. `presence` is Null's test of whether the key exists. */
export type Comparison = 'equals' | 'like' | 'lessThan' | 'lessThanEquals' | 'greaterThan' | 'greaterThanEquals' | 'presence';

/** What one operator family compares and which condition keys it suits. */
export interface CategoryFacts {
  /** Plural noun for messages: "NumericLessThan compares numbers". */
  compares: string;
  /**
   * Condition key types (as the Service Authorization Reference spells them, without `ArrayOf`) the
   * family is made for; completion offers keys of these types first. Undefined: every key.
   */
  keyTypes: readonly string[] | undefined;
  /**
   * Key types the family compares as intended: `keyTypes`, plus others whose values it still reads
   * correctly. `'any'`: every type. A key outside these makes the condition miss (iam/condition-value-type).
   */
  comparesKeyTypes: readonly string[] | 'any';
  /** The family's section of the AWS operator reference. */
  docUrl: string;
}

/** Facts of one base operator (no `ForAllValues:`/`ForAnyValue:` prefix, no `IfExists` suffix). */
export interface BaseOperatorFacts {
  /** The name exactly as IAM spells it. */
  name: string;
  category: OperatorCategory;
  comparison: Comparison;
  /**
   * Negated: true when the request value matches none of the listed values, so it allows everything
   * not listed, and it holds when the key is absent.
   */
  negated: boolean;
  /** Values compare ignoring letter case (`StringEqualsIgnoreCase`); all other comparisons are case-sensitive. */
  ignoresCase: boolean;
  /** `*` and `?` in policy values are wildcards (`…Like`, and every Arn operator: ArnEquals behaves like ArnLike). */
  wildcards: boolean;
  /**
   * `ForAllValues:`/`ForAnyValue:` mean something with it. IAM accepts the prefixes on every operator,
   * but no multivalued key holds binary values, and Null with a set prefix is always true (ForAllValues)
   * or always false (ForAnyValue) — Access Analyzer's NULL_WITH_QUALIFIER suggestion.
   */
  setPrefixes: boolean;
  /** `…IfExists` may be added: "to the end of any condition operator name except the Null condition". */
  ifExists: boolean;
  /** One line for completion and hover. */
  description: string;
  docUrl: string;
}

const anchor = (id: string): string => `${CONDITION_OPERATORS_URL}#${id}`;

export const OPERATOR_CATEGORIES: Readonly<Record<OperatorCategory, CategoryFacts>> = {
  // String operators read any value as text, so they fit every key type; String and ARN keys are their home.
  String: { compares: 'strings', keyTypes: ['String', 'ARN'], comparesKeyTypes: 'any', docUrl: anchor('Conditions_String') },
  Numeric: { compares: 'numbers', keyTypes: ['Numeric'], comparesKeyTypes: ['Numeric'], docUrl: anchor('Conditions_Numeric') },
  Date: { compares: 'dates', keyTypes: ['Date'], comparesKeyTypes: ['Date'], docUrl: anchor('Conditions_Date') },
  Bool: { compares: 'booleans', keyTypes: ['Bool'], comparesKeyTypes: ['Bool'], docUrl: anchor('Conditions_Boolean') },
  // No condition key in the AWS data has a binary type; BinaryEquals is never judged against the key type.
  Binary: { compares: 'base64 values', keyTypes: ['Binary'], comparesKeyTypes: 'any', docUrl: anchor('Conditions_BinaryEquals') },
  IpAddress: { compares: 'IP addresses', keyTypes: ['IPAddress'], comparesKeyTypes: ['IPAddress'], docUrl: anchor('Conditions_IPAddress') },
  // ARN operators also read a String key that holds ARNs; a Bool, Numeric, Date or IP key never holds one.
  Arn: { compares: 'ARNs', keyTypes: ['ARN'], comparesKeyTypes: ['ARN', 'String'], docUrl: anchor('Conditions_ARN') },
  Null: { compares: 'key presence', keyTypes: undefined, comparesKeyTypes: 'any', docUrl: anchor('Conditions_Null') },
};

type Row = [name: string, comparison: Comparison, description: string, options?: { negated?: true; ignoresCase?: true }];

/** The documented operators, family by family, in the order of the AWS reference. */
const FAMILIES: ReadonlyArray<[OperatorCategory, Row[]]> = [
  [
    'String',
    [
      ['StringEquals', 'equals', 'Exact, case-sensitive string match'],
      ['StringNotEquals', 'equals', 'Negated exact string match', { negated: true }],
      ['StringEqualsIgnoreCase', 'equals', 'Exact match, ignoring case', { ignoresCase: true }],
      ['StringNotEqualsIgnoreCase', 'equals', 'Negated match, ignoring case', { negated: true, ignoresCase: true }],
      ['StringLike', 'like', 'Case-sensitive match with * and ? wildcards'],
      ['StringNotLike', 'like', 'Negated match with * and ? wildcards', { negated: true }],
    ],
  ],
  [
    'Numeric',
    [
      ['NumericEquals', 'equals', 'Number equal to'],
      ['NumericNotEquals', 'equals', 'Number not equal to', { negated: true }],
      ['NumericLessThan', 'lessThan', 'Number less than'],
      ['NumericLessThanEquals', 'lessThanEquals', 'Number less than or equal to'],
      ['NumericGreaterThan', 'greaterThan', 'Number greater than'],
      ['NumericGreaterThanEquals', 'greaterThanEquals', 'Number greater than or equal to'],
    ],
  ],
  [
    'Date',
    [
      ['DateEquals', 'equals', 'Date equal to (ISO 8601 or epoch seconds)'],
      ['DateNotEquals', 'equals', 'Date not equal to', { negated: true }],
      ['DateLessThan', 'lessThan', 'Date before'],
      ['DateLessThanEquals', 'lessThanEquals', 'Date at or before'],
      ['DateGreaterThan', 'greaterThan', 'Date after'],
      ['DateGreaterThanEquals', 'greaterThanEquals', 'Date at or after'],
    ],
  ],
  ['Bool', [['Bool', 'equals', 'Boolean match ("true" or "false")']]],
  // BinaryEquals is the only binary operator. "BinaryNotEquals" appears in some third-party lists, but the
  // AWS reference, the AWS SDK's policy builder and @cloud-copilot/iam-simulate know no such operator.
  ['Binary', [['BinaryEquals', 'equals', 'Base64-encoded binary value equal to']]],
  [
    'IpAddress',
    [
      ['IpAddress', 'equals', 'Source IP in a CIDR range'],
      ['NotIpAddress', 'equals', 'Source IP outside a CIDR range', { negated: true }],
    ],
  ],
  [
    'Arn',
    [
      // "The ArnEquals and ArnLike condition operators behave identically": both take wildcards per ARN part.
      ['ArnEquals', 'like', 'Exact, case-sensitive ARN match'],
      ['ArnLike', 'like', 'ARN match with * and ? wildcards'],
      ['ArnNotEquals', 'like', 'Negated ARN match', { negated: true }],
      ['ArnNotLike', 'like', 'Negated ARN match with wildcards', { negated: true }],
    ],
  ],
  ['Null', [['Null', 'presence', 'Whether the key is absent ("true") or present ("false")']]],
];

/** Every base operator IAM accepts, by its exact name. */
export const CONDITION_OPERATORS: Readonly<Record<string, BaseOperatorFacts>> = Object.freeze(
  Object.fromEntries(
    FAMILIES.flatMap(([category, rows]) =>
      rows.map(([name, comparison, description, options]): [string, BaseOperatorFacts] => [
        name,
        {
          name,
          category,
          comparison,
          negated: options?.negated === true,
          ignoresCase: options?.ignoresCase === true,
          wildcards: comparison === 'like',
          setPrefixes: category !== 'Binary' && category !== 'Null',
          ifExists: category !== 'Null',
          description,
          docUrl: OPERATOR_CATEGORIES[category].docUrl,
        },
      ]),
    ),
  ),
);

export const SET_PREFIXES = ['ForAllValues', 'ForAnyValue'] as const;
export type SetPrefix = (typeof SET_PREFIXES)[number];

export const IF_EXISTS = 'IfExists';

export const SET_PREFIX_DOC_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html';
export const IF_EXISTS_DOC_URL = anchor('Conditions_IfExists');

/** The facts of a base operator spelled exactly as IAM spells it, else undefined. */
export function baseOperator(name: string): BaseOperatorFacts | undefined {
  return Object.prototype.hasOwnProperty.call(CONDITION_OPERATORS, name) ? CONDITION_OPERATORS[name] : undefined;
}

export function isSetPrefix(text: string | undefined): text is SetPrefix {
  return (SET_PREFIXES as readonly (string | undefined)[]).includes(text);
}

/** An operator name split into its parts, as written (not corrected); for diagnosing names IAM rejects. */
export interface OperatorParts {
  /** The text before the first `:` (e.g. `ForAllValues`), if any. */
  prefix: string | undefined;
  /** The operator without prefix and without a trailing `IfExists` (in any letter case). */
  base: string;
  /** The trailing `IfExists` as written (`IfExists`, `ifexists`, …), or '' when there is none. */
  suffix: string;
  ifExists: boolean;
}

/**
 * Splits a name at its first `:` and takes off a trailing `IfExists` written in any letter case, so that
 * a misspelling can be corrected part by part. Whether IAM accepts the name is `parseOperator`'s answer.
 */
export function splitOperator(operator: string): OperatorParts {
  const colon = operator.indexOf(':');
  const prefix = colon >= 0 ? operator.slice(0, colon) : undefined;
  let base = colon >= 0 ? operator.slice(colon + 1) : operator;
  let suffix = '';
  const tail = base.slice(-IF_EXISTS.length);
  if (base.length > IF_EXISTS.length && tail.toLowerCase() === IF_EXISTS.toLowerCase()) {
    base = base.slice(0, -IF_EXISTS.length);
    suffix = tail;
  }
  return { prefix, base, suffix, ifExists: suffix !== '' };
}

/** A condition operator IAM accepts, in its parts. */
export interface ParsedOperator {
  set: SetPrefix | undefined;
  base: BaseOperatorFacts;
  ifExists: boolean;
}

/**
 * The operator IAM reads from a `Condition` key, or undefined when IAM rejects the name.
 *
 * Names are matched exactly, letter case included: the documented spellings are the grammar's "specific
 * allowed values" of `condition_type_string`, and IAM refuses others — CreateRole answers `stringEquals`
 * with MalformedPolicyDocument "Invalid Condition type : stringEquals". (Condition *keys*, by contrast, are
 * documented as case-insensitive.) The set prefix and the IfExists suffix are held to the same spelling.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893
 * A set prefix is accepted on every operator (Null's is only a suggestion in Access Analyzer:
 * NULL_WITH_QUALIFIER); IfExists on every operator but Null (NULL_WITH_IF_EXISTS is an error).
 */
export function parseOperator(operator: string): ParsedOperator | undefined {
  const { prefix, base, suffix } = splitOperator(operator);
  if (prefix !== undefined && !isSetPrefix(prefix)) return undefined;
  if (suffix !== '' && suffix !== IF_EXISTS) return undefined;
  const facts = baseOperator(base);
  if (!facts) return undefined;
  const ifExists = suffix !== '';
  if (ifExists && !facts.ifExists) return undefined;
  return { set: prefix, base: facts, ifExists };
}

/** The category of an operator IAM accepts, or undefined when it rejects the name. */
export function operatorCategory(operator: string): OperatorCategory | undefined {
  return parseOperator(operator)?.base.category;
}

/** Whether an operator of `category` compares values of a key of `keyType` (`ArrayOfString`, `Bool`, …) as intended. */
export function comparesKeyType(category: OperatorCategory, keyType: string): boolean {
  const types = OPERATOR_CATEGORIES[category].comparesKeyTypes;
  return types === 'any' || types.includes(scalarKeyType(keyType));
}

/** Whether `keyType` is one a family is made for (Null: every key); for ranking completion. */
export function suitsKeyType(category: OperatorCategory, keyType: string): boolean {
  const types = OPERATOR_CATEGORIES[category].keyTypes;
  return types === undefined || types.includes(scalarKeyType(keyType));
}

function scalarKeyType(keyType: string): string {
  return keyType.startsWith('ArrayOf') ? keyType.slice('ArrayOf'.length) : keyType;
}

/**
 * Every operator name worth offering to an author: each base, with `IfExists` where allowed, with a
 * set prefix where it means something, and both. IAM accepts exactly these and the set-prefixed forms
 * of the operators whose `setPrefixes` is false.
 */
export function offeredOperatorNames(): { name: string; parsed: ParsedOperator }[] {
  const names: { name: string; parsed: ParsedOperator }[] = [];
  for (const set of [undefined, ...SET_PREFIXES]) {
    for (const base of Object.values(CONDITION_OPERATORS)) {
      if (set !== undefined && !base.setPrefixes) continue;
      for (const ifExists of base.ifExists ? [false, true] : [false]) {
        names.push({ name: `${set !== undefined ? `${set}:` : ''}${base.name}${ifExists ? IF_EXISTS : ''}`, parsed: { set, base, ifExists } });
      }
    }
  }
  return names;
}

/** What an operator does, in short Markdown lines (hover and completion documentation). */
export function describeOperator(parsed: ParsedOperator): string[] {
  const { base, set, ifExists } = parsed;
  const lines = [`${base.description}. Compares ${OPERATOR_CATEGORIES[base.category].compares}.`];
  if (base.negated) lines.push('Negated: true when the request value matches none of the listed values, and when the key is absent.');
  if (set === 'ForAnyValue') lines.push('`ForAnyValue:` true when **at least one** value of the multivalued request key matches.');
  if (set === 'ForAllValues') lines.push('`ForAllValues:` true when **every** value of the request key matches — also when the key is absent or empty.');
  if (set !== undefined && base.category === 'Null') lines.push('AWS advises against a set operator with Null (Access Analyzer: NULL_WITH_QUALIFIER).');
  else if (set !== undefined && !base.setPrefixes) lines.push(`A set operator has no use with ${base.name}: no multivalued key holds ${OPERATOR_CATEGORIES[base.category].compares}.`);
  if (ifExists) lines.push('`…IfExists`: also true when the key is absent from the request.');
  return lines;
}
