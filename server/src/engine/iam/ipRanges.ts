// IP address condition values: parsing "203.0.113.0/24" and "2001:DB8::/32", network addresses, private ranges.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
// Private and special-use ranges: RFC 1918, RFC 4193 (IPv6 unique local), RFC 1122 / RFC 4291 (loopback),
// RFC 3927 / RFC 4291 (link-local). aws:SourceIp holds the public address a request comes from, so these never occur:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip

/** A parsed address or CIDR range. Addresses are BigInts of 32 (IPv4) or 128 (IPv6) bits. */
export interface IpRange {
  version: 4 | 6;
  address: bigint;
  /** Prefix length; a bare address is a /32 or /128. */
  bits: number;
  /** Whether the value had an explicit `/bits`. */
  explicitBits: boolean;
}

/** The range a value denotes, or undefined when it is not an IP address or CIDR range. */
export function parseIpRange(text: string): IpRange | undefined {
  if (text.length > 64) return undefined;
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const bitsText = slash < 0 ? undefined : text.slice(slash + 1);
  const v4 = parseIpv4(addressText);
  const version = v4 !== undefined ? 4 : 6;
  const address = v4 ?? parseIpv6(addressText);
  if (address === undefined) return undefined;
  const max = version === 4 ? 32 : 128;
  if (bitsText === undefined) return { version, address, bits: max, explicitBits: false };
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > max) return undefined;
  return { version, address, bits, explicitBits: true };
}

/** A single IPv4 or IPv6 address (no prefix length) as a 32- or 128-bit number. */
export function parseIpAddress(text: string): { version: 4 | 6; value: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const words: number[] = [];
  const pushGroups = (groups: string[], last: boolean): boolean => {
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (last && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return false;
        words.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) {
        words.push(parseInt(g, 16));
      } else return false;
    }
    return true;
  };
  if (!pushGroups(head, halves.length === 1)) return undefined;
  const headCount = words.length;
  if (!pushGroups(tail, true)) return undefined;
  const tailWords = words.splice(headCount);
  const missing = 8 - headCount - tailWords.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  for (let i = 0; i < missing; i++) words.push(0);
  words.push(...tailWords);
  let value = 0n;
  for (const w of words) value = (value << 16n) | BigInt(w);
  return value;
}

function maskOf(range: Pick<IpRange, 'version' | 'bits'>): bigint {
  const max = range.version === 4 ? 32 : 128;
  return ((1n << BigInt(max)) - 1n) ^ ((1n << BigInt(max - range.bits)) - 1n);
}

/** Whether the address has bits set after the prefix (203.0.113.5/24), which IAM ignores. */
export function hasBitsAfterPrefix(range: IpRange): boolean {
  return (range.address & ~maskOf(range)) !== 0n;
}

/** The range written with its network address: "203.0.113.0/24", "2001:db8::/32". */
export function networkText(range: IpRange): string {
  const network = range.address & maskOf(range);
  return `${range.version === 4 ? formatIpv4(network) : formatIpv6(network)}/${range.bits}`;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String(Number((value >> shift) & 0xffn))).join('.');
}

/** RFC 5952 text: lower case, the longest run of two or more zero words as `::`. */
function formatIpv6(value: bigint): string {
  const words: number[] = [];
  for (let i = 7; i >= 0; i--) words.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

interface Block {
  version: 4 | 6;
  address: bigint;
  bits: number;
}

const block = (text: string): Block => {
  const range = parseIpRange(text)!;
  return { version: range.version, address: range.address, bits: range.bits };
};

/** Ranges a request's public source address is never in (parsed when first needed: not at every start). */
let privateBlocks: readonly Block[] | undefined;
const PRIVATE_BLOCKS = (): readonly Block[] => (privateBlocks ??= [
  block('10.0.0.0/8'),
  block('172.16.0.0/12'),
  block('192.168.0.0/16'),
  block('127.0.0.0/8'),
  block('169.254.0.0/16'),
  block('fc00::/7'),
  block('fe80::/10'),
  block('::1/128'),
]);

/** Whether the whole range lies inside private, loopback or link-local address space. */
export function isPrivateRange(range: IpRange): boolean {
  return PRIVATE_BLOCKS().some(
    (b) => b.version === range.version && range.bits >= b.bits && (range.address & maskOf(b)) === (b.address & maskOf(b)),
  );
}
