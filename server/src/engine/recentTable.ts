// Recent answers by string key in a direct-mapped table that starts small and grows with the work it sees.
//
// The engine remembers pure answers per Resource string (compiled patterns, ARN issues): values repeat while typing and
// across a policy, but a policy whose ARNs are all different would only grow, rehash and clear a Map. A direct-mapped
// table never grows per key; this one starts at 2^minBits slots, so a language server that lints a few small policies
// touches a few KB (a fixed 2^15-slot table was ≈ 100 memory pages more at every start), and doubles up to 2^maxBits
// slots once it has stored twice its size, which only a large document or a repository run does. Growing drops what
// was kept (it is a cache: a dropped answer is recomputed).

/** A slot for a string in a table of 2^bits slots (FNV-1a over its UTF-16 code units). */
export function stringSlot(text: string, bits: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) >>> (32 - bits);
}

export class RecentTable<V> {
  private bits: number;
  private keys: (string | undefined)[] = [];
  private values: (V | undefined)[] = [];
  /** Values stored since the table last grew. */
  private stored = 0;

  constructor(
    private readonly minBits: number,
    private readonly maxBits: number,
  ) {
    this.bits = minBits;
  }

  /** Slots in the table now (for tests). */
  get size(): number {
    return this.keys.length;
  }

  get(key: string): V | undefined {
    if (this.keys.length === 0) return undefined;
    const slot = stringSlot(key, this.bits);
    return this.keys[slot] === key ? this.values[slot] : undefined;
  }

  set(key: string, value: V): void {
    if (this.keys.length === 0) this.allocate();
    else if (++this.stored > 2 * this.keys.length && this.bits < this.maxBits) {
      this.bits++;
      this.allocate();
    }
    const slot = stringSlot(key, this.bits);
    this.keys[slot] = key;
    this.values[slot] = value;
  }

  /** Forgets every value and shrinks back to the first size. */
  clear(): void {
    this.bits = this.minBits;
    this.keys = [];
    this.values = [];
    this.stored = 0;
  }

  private allocate(): void {
    const slots = 1 << this.bits;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.stored = 0;
  }
}
