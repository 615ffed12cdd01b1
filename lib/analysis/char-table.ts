/**
 * Small lookup tables keyed by UTF-16 code unit. The analysers run between jieba cuts, whose
 * dictionary evicts the CPU caches; a 64 KB table indexed by code unit then misses on most
 * ideographs. These stay within a few hundred bytes (a set of a few dozen characters) or 8 KB.
 */

/** 16-bit values for a few characters (open addressing, at most 25 % full), 0 for every other one. */
export class CharTable {
  private readonly codes: Uint16Array;
  private readonly values: Uint16Array;
  private readonly mask: number;

  constructor(entries: Iterable<readonly [string, number]>) {
    const list = [...entries];
    const chars = list.reduce((n, [c]) => n + c.length, 0);
    let size = 16;
    while (size < chars * 4) size *= 2;
    this.codes = new Uint16Array(size);
    this.values = new Uint16Array(size);
    this.mask = size - 1;
    for (const [chars, value] of list) {
      for (let i = 0; i < chars.length; i++) this.set(chars.charCodeAt(i), value);
    }
  }

  private slot(c: number): number {
    return (Math.imul(c, 0x9e3779b1) >>> 16) & this.mask;
  }

  private set(c: number, value: number): void {
    if (c === 0) throw new Error('CharTable: NUL is not a key');
    let s = this.slot(c);
    while (this.codes[s] !== 0 && this.codes[s] !== c) s = (s + 1) & this.mask;
    this.codes[s] = c;
    this.values[s] = (this.values[s] as number) | value;
  }

  get(c: number): number {
    let s = this.slot(c);
    for (;;) {
      const code = this.codes[s] as number;
      if (code === c) return this.values[s] as number;
      if (code === 0) return 0;
      s = (s + 1) & this.mask;
    }
  }
}

/** A set of code units as 65,536 bits (8 KB). */
export class CharBitset {
  readonly bits = new Uint32Array(2048);

  add(c: number): void {
    this.bits[c >>> 5] = (this.bits[c >>> 5] as number) | (1 << (c & 31));
  }

  has(c: number): boolean {
    return (((this.bits[c >>> 5] as number) >>> (c & 31)) & 1) === 1;
  }

  /** Clears the 32 code units that share c's word (a caller clears what it added, unit by unit). */
  clearWord(c: number): void {
    this.bits[c >>> 5] = 0;
  }

  clear(): void {
    this.bits.fill(0);
  }
}
