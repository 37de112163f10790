// Recent answers by string key in a table of a pair of slots per key that starts small and grows with the work it sees.
//
// The engine remembers pure answers per Resource string (compiled patterns, ARN issues): values repeat while typing and
// across a policy, but a policy whose ARNs are all different would only grow, rehash and clear a Map. A fixed-slot
// table never grows per key; this one starts at 2^minBits slots, so a language server that lints a few small policies
// touches a few KB (a fixed 2^15-slot table was ≈ 100 memory pages more at every start), and doubles up to 2^maxBits
// slots once it has stored twice its size, which only a large document or a repository run does. Growing keeps what
// was kept. Each key has two slots (a pair), so two keys that hash alike both stay.

/** A slot for a string in a table of 2^bits slots (FNV-1a over its UTF-16 code units). */
export function stringSlot(text: string, bits: number): number {
  // The offset basis as a 32-bit integer (`| 0`, the same bits): written as 0x811c9dc5, above 2^31, it made `h` a
  // double in the loop, converted at every character (about 2.5× slower per character in V8's optimized code).
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) >>> (32 - bits);
}

export class RecentTable<V> {
  private bits: number;
  private keys: (string | undefined)[] = [];
  private values: (V | undefined)[] = [];
  /** Values stored since the table last grew. */
  private stored = 0;

  /**
   * @param growAfter the table doubles once it has stored this many times its size since it last grew (2 by default;
   * a table whose values a later pass over the same document asks again grows sooner, so that the first lint of a
   * large document finds the values an earlier rule stored).
   */
  constructor(
    private readonly minBits: number,
    private readonly maxBits: number,
    private readonly growAfter = 2,
  ) {
    this.bits = minBits;
  }

  /** Slots in the table now (for tests). */
  get size(): number {
    return this.keys.length;
  }

  // A key lives in one of the two slots of its pair (its slot with the lowest bit cleared, and the next): two keys of one
  // pair both stay, so a policy's ARNs are nearly all kept at a third of the table's size, where one slot per key kept
  // only about two thirds of them.

  get(key: string): V | undefined {
    const keys = this.keys;
    if (keys.length === 0) return undefined;
    const slot = stringSlot(key, this.bits) & ~1;
    if (keys[slot] === key) return this.values[slot];
    return keys[slot + 1] === key ? this.values[slot + 1] : undefined;
  }

  set(key: string, value: V): void {
    if (this.keys.length === 0) this.allocate();
    else if (++this.stored > this.growAfter * this.keys.length && this.bits < this.maxBits) this.grow();
    this.place(key, value);
  }

  /** Forgets every value and shrinks back to the first size. */
  clear(): void {
    this.bits = this.minBits;
    this.keys = [];
    this.values = [];
    this.stored = 0;
  }

  /**
   * Stores in the key's pair: where the key is already, else in the first slot, the key that was there moved to the
   * second (so the first holds the newer key of the pair, and a third key replaces the older).
   */
  private place(key: string, value: V): void {
    const keys = this.keys;
    const values = this.values;
    const slot = stringSlot(key, this.bits) & ~1;
    const first = keys[slot];
    if (first !== key && keys[slot + 1] === key) {
      values[slot + 1] = value;
      return;
    }
    if (first !== key && first !== undefined) {
      keys[slot + 1] = first;
      values[slot + 1] = values[slot];
    }
    keys[slot] = key;
    values[slot] = value;
  }

  /** Doubles the table, keeping what it holds (a large document's next lint finds its values). */
  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.bits++;
    this.allocate();
    for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined) this.place(keys[i]!, values[i]!);
  }

  private allocate(): void {
    // At least one pair of slots.
    const slots = Math.max(2, 1 << this.bits);
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.stored = 0;
  }
}
