// IAM condition operators: the documented list and how an operator name splits into set prefix, base and IfExists.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

export type OperatorCategory = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** Every base operator IAM accepts, with the kind of value it compares. */
export const CONDITION_OPERATORS: Readonly<Record<string, OperatorCategory>> = {
  StringEquals: 'String',
  StringNotEquals: 'String',
  StringEqualsIgnoreCase: 'String',
  StringNotEqualsIgnoreCase: 'String',
  StringLike: 'String',
  StringNotLike: 'String',
  NumericEquals: 'Numeric',
  NumericNotEquals: 'Numeric',
  NumericLessThan: 'Numeric',
  NumericLessThanEquals: 'Numeric',
  NumericGreaterThan: 'Numeric',
  NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date',
  DateNotEquals: 'Date',
  DateLessThan: 'Date',
  DateLessThanEquals: 'Date',
  DateGreaterThan: 'Date',
  DateGreaterThanEquals: 'Date',
  Bool: 'Bool',
  BinaryEquals: 'Binary',
  // Not in the operator table, but accepted by AWS policy validators; never reported as unknown.
  BinaryNotEquals: 'Binary',
  IpAddress: 'IpAddress',
  NotIpAddress: 'IpAddress',
  ArnEquals: 'Arn',
  ArnLike: 'Arn',
  ArnNotEquals: 'Arn',
  ArnNotLike: 'Arn',
  Null: 'Null',
};

export const SET_PREFIXES = ['ForAllValues', 'ForAnyValue'] as const;
export type SetPrefix = (typeof SET_PREFIXES)[number];

export const IF_EXISTS = 'IfExists';

/** An operator name split into its parts, as written (not corrected). */
export interface OperatorParts {
  /** The text before `:` (e.g. `ForAllValues`), if any. */
  prefix: string | undefined;
  /** The operator without prefix and without a trailing `IfExists`. */
  base: string;
  ifExists: boolean;
}

export function splitOperator(operator: string): OperatorParts {
  const colon = operator.indexOf(':');
  const prefix = colon >= 0 ? operator.slice(0, colon) : undefined;
  let base = colon >= 0 ? operator.slice(colon + 1) : operator;
  let ifExists = false;
  if (base.length > IF_EXISTS.length && base.endsWith(IF_EXISTS)) {
    base = base.slice(0, -IF_EXISTS.length);
    ifExists = true;
  }
  return { prefix, base, ifExists };
}

/** The category of a well-formed operator (any prefix/IfExists), or undefined if the base is unknown. */
export function operatorCategory(operator: string): OperatorCategory | undefined {
  const { prefix, base } = splitOperator(operator);
  if (prefix !== undefined && !(SET_PREFIXES as readonly string[]).includes(prefix)) return undefined;
  return Object.prototype.hasOwnProperty.call(CONDITION_OPERATORS, base) ? CONDITION_OPERATORS[base] : undefined;
}
