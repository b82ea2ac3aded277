/**
 * A small regular-expression engine for the `matches` comparator, linear in time:
 * the pattern is parsed into an NFA (Thompson construction) and simulated Pike-style,
 * so a match costs O(program size × subject length) whatever the pattern — no backtracking,
 * hence no catastrophic backtracking (`(a+)+$` is as cheap as `a+`).
 *
 * Supported (JS RegExp syntax, no flags, UTF-16 code units as JS does without `u`):
 *   literals · `.` (any but line terminators) · `^` `$` · escapes `\d \w \s \D \W \S`,
 *   `\t \n \r \f \v \0 \xHH \uHHHH`, `\` + any punctuation · classes `[a-z0-9_-]`, `[^…]`
 *   (with the escapes above inside) · groups `(…)` `(?:…)` · alternation `|` ·
 *   quantifiers `* + ? {m} {m,} {m,n}` (m, n ≤ 1000; a trailing `?` — lazy — is accepted and
 *   changes nothing, since only "does it match" is asked).
 * Rejected (compile error): backreferences, lookaround, named groups, `\b \B`, flags,
 * `\c…`, `\u{…}`, `\p{…}`, identity escapes of letters/digits, bare `{ } ]`, empty classes,
 * quantifiers on nothing, patterns longer than 256 characters or whose program would be too big.
 *
 * `test` is anchored: the whole subject must match. Subjects longer than 8192 code units fail.
 */

export const MAX_PATTERN_LENGTH = 256;
export const MAX_SUBJECT_LENGTH = 8192;
export const MAX_REPEAT = 1000;
/** Upper bound on NFA instructions: bounds a match at MAX_PROGRAM_SIZE × MAX_SUBJECT_LENGTH steps. */
export const MAX_PROGRAM_SIZE = 4000;

export interface CompiledRegex {
  readonly source: string;
  /** Anchored match: true only when the WHOLE subject matches. Never throws. */
  test(subject: string): boolean;
}

export type RegexCompileResult = { ok: true; regex: CompiledRegex } | { ok: false; message: string };

// ---------------------------------------------------------------------------------------------
// Character sets: sorted, disjoint, non-adjacent inclusive ranges [lo0, hi0, lo1, hi1, …] over
// UTF-16 code units 0..0xFFFF.

type Ranges = number[];
const MAX_CODE = 0xffff;

function normalize(r: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i]!, r[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

function complement(r: Ranges): Ranges {
  const n = normalize(r);
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < n.length; i += 2) {
    if (n[i]! > next) out.push(next, n[i]! - 1);
    next = n[i + 1]! + 1;
  }
  if (next <= MAX_CODE) out.push(next, MAX_CODE);
  return out;
}

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = normalize([0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]);
// JS \s: WhiteSpace + LineTerminator.
const SPACE: Ranges = normalize([
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f,
  0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
]);
const DOT: Ranges = complement([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);

// ---------------------------------------------------------------------------------------------
// AST

type Node =
  | { t: "set"; ranges: Ranges }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; items: Node[] }
  | { t: "rep"; node: Node; min: number; max: number } // max -1 = unbounded
  | { t: "bol" }
  | { t: "eol" };

class RegexSyntaxError extends Error {}

function fail(message: string): never {
  throw new RegexSyntaxError(message);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function isAlnum(c: string): boolean {
  return (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
}

const MAX_NESTING = 64;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.parseAlt();
    if (this.pos < this.src.length) fail(`unmatched ")" at ${this.pos}`);
    return node;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private parseAlt(): Node {
    const items = [this.parseCat()];
    while (this.peek() === "|") {
      this.pos++;
      items.push(this.parseCat());
    }
    return items.length === 1 ? items[0]! : { t: "alt", items };
  }

  private parseCat(): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === "|" || c === ")") break;
      const atom = this.parseAtom();
      items.push(this.parseQuantifiers(atom));
    }
    return items.length === 1 ? items[0]! : { t: "cat", items };
  }

  /** Reads `{m}`, `{m,}`, `{m,n}` at pos; null (pos unchanged) when what follows is not one. */
  private readBraces(): { min: number; max: number } | null {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT) fail(`repetition counts are limited to ${MAX_REPEAT}`);
    if (max !== -1 && max < min) fail(`numbers out of order in {${m[1]},${m[3]}}`);
    this.pos += m[0].length;
    return { min, max };
  }

  private parseQuantifiers(atom: Node): Node {
    const c = this.peek();
    let q: { min: number; max: number } | null = null;
    if (c === "*") q = { min: 0, max: -1 };
    else if (c === "+") q = { min: 1, max: -1 };
    else if (c === "?") q = { min: 0, max: 1 };
    if (q) this.pos++;
    else if (c === "{") {
      q = this.readBraces();
      if (!q) fail(`"{" at ${this.pos} is not a quantifier: escape a literal brace as \\{`);
    }
    if (!q) return atom;
    if (atom.t === "bol" || atom.t === "eol") fail("nothing to repeat: an anchor cannot be quantified");
    if (this.peek() === "?") this.pos++; // lazy: irrelevant for an anchored yes/no match
    const n = this.peek();
    if (n === "*" || n === "+" || n === "?" || (n === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos)))) {
      fail(`nothing to repeat at ${this.pos}: a quantifier cannot follow a quantifier`);
    }
    return { t: "rep", node: atom, min: q.min, max: q.max };
  }

  private parseAtom(): Node {
    const start = this.pos;
    const c = this.src[this.pos++]!;
    switch (c) {
      case "(": {
        if (this.peek() === "?") {
          if (this.src[this.pos + 1] === ":") this.pos += 2;
          else {
            const what = this.src.slice(this.pos, this.pos + 3);
            if (what.startsWith("?=") || what.startsWith("?!") || what === "?<=" || what === "?<!") fail("lookaround is not supported");
            if (what.startsWith("?<")) fail("named groups are not supported: use (…) or (?:…)");
            fail(`unsupported group "(${what}" at ${start}`);
          }
        }
        if (++this.depth > MAX_NESTING) fail("groups are nested too deeply");
        const inner = this.parseAlt();
        if (this.peek() !== ")") fail(`unterminated group opened at ${start}`);
        this.pos++;
        this.depth--;
        return inner;
      }
      case "[":
        return this.parseClass(start);
      case ".":
        return { t: "set", ranges: DOT };
      case "^":
        return { t: "bol" };
      case "$":
        return { t: "eol" };
      case "\\":
        return { t: "set", ranges: this.parseEscape(false) };
      case "*":
      case "+":
      case "?":
        return fail(`nothing to repeat at ${start}`);
      case "{":
        this.pos = start;
        if (this.readBraces()) fail(`nothing to repeat at ${start}`);
        return fail(`"{" at ${start} is not a quantifier: escape a literal brace as \\{`);
      case "}":
      case "]":
        return fail(`unbalanced "${c}" at ${start}: escape it as \\${c}`);
      default: {
        const code = c.charCodeAt(0);
        return { t: "set", ranges: [code, code] };
      }
    }
  }

  /** After a backslash. In a class, `\b` etc. are still rejected; returns the set it denotes. */
  private parseEscape(inClass: boolean): Ranges {
    const at = this.pos - 1;
    const c = this.src[this.pos++];
    if (c === undefined) fail("the pattern ends with a lone backslash");
    switch (c) {
      case "d":
        return DIGIT;
      case "D":
        return complement(DIGIT);
      case "w":
        return WORD;
      case "W":
        return complement(WORD);
      case "s":
        return SPACE;
      case "S":
        return complement(SPACE);
      case "t":
        return [9, 9];
      case "n":
        return [10, 10];
      case "v":
        return [11, 11];
      case "f":
        return [12, 12];
      case "r":
        return [13, 13];
      case "0":
        if (isDigit(this.peek())) fail(`octal escapes are not supported (at ${at})`);
        return [0, 0];
      case "x":
      case "u": {
        const len = c === "x" ? 2 : 4;
        const hex = this.src.slice(this.pos, this.pos + len);
        if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) fail(`malformed \\${c} escape at ${at}`);
        this.pos += len;
        const code = parseInt(hex, 16);
        return [code, code];
      }
      case "b":
      case "B":
        return fail(inClass ? "\\b in a class is not supported: use \\x08" : "word boundaries (\\b, \\B) are not supported");
      default:
        if (isDigit(c)) fail(`backreferences are not supported (\\${c} at ${at})`);
        if (c === "k") fail("named backreferences are not supported");
        if (isAlnum(c)) fail(`unsupported escape \\${c} at ${at}`);
        {
          const code = c.charCodeAt(0);
          return [code, code];
        }
    }
  }

  private parseClass(start: number): Node {
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.pos++;
    }
    if (this.peek() === "]") fail(`empty character class at ${start}`);
    const acc: Ranges = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined) fail(`unterminated character class opened at ${start}`);
      if (c === "]") {
        this.pos++;
        break;
      }
      const lo = this.classAtom();
      if (this.peek() === "-" && this.src[this.pos + 1] !== "]" && this.src[this.pos + 1] !== undefined) {
        this.pos++;
        const hi = this.classAtom();
        if (lo.length !== 2 || lo[0] !== lo[1] || hi.length !== 2 || hi[0] !== hi[1]) {
          fail(`a range in a class needs single characters at both ends (at ${start})`);
        }
        if (hi[0]! < lo[0]!) fail(`range out of order in character class at ${start}`);
        acc.push(lo[0]!, hi[0]!);
      } else {
        acc.push(...lo);
      }
    }
    const ranges = negate ? complement(acc) : normalize(acc);
    if (ranges.length === 0) fail(`character class at ${start} matches nothing`);
    return { t: "set", ranges };
  }

  private classAtom(): Ranges {
    const c = this.src[this.pos++]!;
    if (c === "\\") return this.parseEscape(true);
    if (c === "[") fail(`"[" inside a class must be escaped as \\[ (POSIX classes are not supported)`);
    const code = c.charCodeAt(0);
    return [code, code];
  }
}

// ---------------------------------------------------------------------------------------------
// Program

const OP_CHAR = 0;
const OP_SET = 1;
const OP_SPLIT = 2;
const OP_JMP = 3;
const OP_BOL = 4;
const OP_EOL = 5;
const OP_MATCH = 6;

/** Instructions `node` compiles to (saturating above the limit so nested counts cannot overflow). */
function sizeOf(node: Node): number {
  const cap = (n: number) => (n > MAX_PROGRAM_SIZE ? MAX_PROGRAM_SIZE + 1 : n);
  switch (node.t) {
    case "set":
    case "bol":
    case "eol":
      return 1;
    case "cat":
      return cap(node.items.reduce((s, n) => s + sizeOf(n), 0));
    case "alt":
      return cap(node.items.reduce((s, n) => s + sizeOf(n), 0) + 2 * (node.items.length - 1));
    case "rep": {
      const s = sizeOf(node.node);
      if (node.max === -1) return cap(node.min === 0 ? s + 2 : node.min * s + 1);
      return cap(node.min * s + (node.max - node.min) * (s + 1));
    }
  }
}

class Emitter {
  op: number[] = [];
  a: number[] = [];
  b: number[] = [];
  sets: Ranges[] = [];

  private emit(op: number, a = 0, b = 0): number {
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return this.op.length - 1;
  }

  node(n: Node): void {
    switch (n.t) {
      case "set":
        if (n.ranges.length === 2 && n.ranges[0] === n.ranges[1]) this.emit(OP_CHAR, n.ranges[0]);
        else {
          this.sets.push(n.ranges);
          this.emit(OP_SET, this.sets.length - 1);
        }
        return;
      case "bol":
        this.emit(OP_BOL);
        return;
      case "eol":
        this.emit(OP_EOL);
        return;
      case "cat":
        for (const item of n.items) this.node(item);
        return;
      case "alt": {
        const jumps: number[] = [];
        for (let i = 0; i < n.items.length - 1; i++) {
          const split = this.emit(OP_SPLIT);
          this.a[split] = split + 1;
          this.node(n.items[i]!);
          jumps.push(this.emit(OP_JMP));
          this.b[split] = this.op.length;
        }
        this.node(n.items[n.items.length - 1]!);
        for (const j of jumps) this.a[j] = this.op.length;
        return;
      }
      case "rep": {
        const { node, min, max } = n;
        if (max === -1) {
          if (min === 0) {
            const split = this.emit(OP_SPLIT);
            this.a[split] = split + 1;
            this.node(node);
            this.emit(OP_JMP, split);
            this.b[split] = this.op.length;
          } else {
            for (let i = 0; i < min - 1; i++) this.node(node);
            const loop = this.op.length;
            this.node(node);
            const split = this.emit(OP_SPLIT, loop);
            this.b[split] = split + 1;
          }
          return;
        }
        for (let i = 0; i < min; i++) this.node(node);
        const skips: number[] = [];
        for (let i = min; i < max; i++) {
          const split = this.emit(OP_SPLIT);
          this.a[split] = split + 1;
          skips.push(split);
          this.node(node);
        }
        for (const s of skips) this.b[s] = this.op.length;
        return;
      }
    }
  }

  finish(): number {
    return this.emit(OP_MATCH);
  }
}

interface CompiledSet {
  ascii: Uint8Array; // 128 entries: 1 when the code unit is in the set
  high: Int32Array; // ranges above 0x7F, as pairs
}

function compileSet(ranges: Ranges): CompiledSet {
  const ascii = new Uint8Array(128);
  const high: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i]!;
    const hi = ranges[i + 1]!;
    for (let c = lo; c <= Math.min(hi, 127); c++) ascii[c] = 1;
    if (hi >= 128) high.push(Math.max(lo, 128), hi);
  }
  return { ascii, high: Int32Array.from(high) };
}

function inSet(set: CompiledSet, c: number): boolean {
  if (c < 128) return set.ascii[c] === 1;
  const h = set.high;
  for (let i = 0; i < h.length; i += 2) {
    if (c < h[i]!) return false;
    if (c <= h[i + 1]!) return true;
  }
  return false;
}

const UNKNOWN = -1;
const DEAD = -2;
const OVERFLOW = -3;
/** Bound on cached DFA states per regex (each costs ~0.5 KB of table); beyond it the NFA is simulated directly. */
const MAX_DFA_STATES = 256;

/**
 * Matching is Thompson-NFA simulation with a lazily built, bounded DFA cache in front of it
 * (RE2-style): each distinct set of NFA states is computed once (O(program)), then an ASCII
 * transition is one table lookup. When the cache is full the rest of the subject is simulated on
 * the NFA directly, so the bound stays O(program × subject) in every case.
 * `^` is only true at position 0 and `$` only at the end, so DFA states (built for 0 < pos < end)
 * keep `$` as a pending leaf that is resolved when the subject ends.
 */
class PikeRegex implements CompiledRegex {
  private readonly op: Uint8Array;
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly sets: CompiledSet[];
  // Work buffers, reused by every test() (matching is synchronous and never re-entrant).
  private readonly marks: Int32Array;
  private clist: Int32Array;
  private nlist: Int32Array;
  private readonly stack: Int32Array;
  private gen = 0;
  // DFA cache: state i has leaf set dfaPcs[i], transitions trans[i*128 + c] for ASCII c, accept[i].
  private dfaPcs: Int32Array[] = [];
  private dfaIndex = new Map<string, number>();
  private trans = new Int32Array(8 * 128).fill(UNKNOWN);
  private accept = new Int8Array(8).fill(-1);
  private dfaStart = UNKNOWN;

  constructor(
    readonly source: string,
    e: Emitter,
  ) {
    const n = e.op.length;
    this.op = Uint8Array.from(e.op);
    this.a = Int32Array.from(e.a);
    this.b = Int32Array.from(e.b);
    this.sets = e.sets.map(compileSet);
    this.marks = new Int32Array(n);
    this.clist = new Int32Array(n);
    this.nlist = new Int32Array(n);
    this.stack = new Int32Array(2 * n + 2);
  }

  private nextGen(): number {
    if (this.gen >= 0x3fffffff) {
      this.marks.fill(0);
      this.gen = 0;
    }
    return ++this.gen;
  }

  /**
   * Adds `pc` and everything reachable from it without consuming input; returns the new count.
   * pos/len decide the anchors; with `pendingEol`, `$` is kept as a leaf instead of being decided.
   */
  private add(list: Int32Array, count: number, pc0: number, pos: number, len: number, gen: number, pendingEol: boolean): number {
    const { op, a, b, marks, stack } = this;
    let sp = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const pc = stack[--sp]!;
      if (marks[pc] === gen) continue;
      marks[pc] = gen;
      switch (op[pc]) {
        case OP_JMP:
          stack[sp++] = a[pc]!;
          break;
        case OP_SPLIT:
          stack[sp++] = b[pc]!;
          stack[sp++] = a[pc]!;
          break;
        case OP_BOL:
          if (pos === 0) stack[sp++] = pc + 1;
          break;
        case OP_EOL:
          if (pendingEol) list[count++] = pc;
          else if (pos === len) stack[sp++] = pc + 1;
          break;
        default:
          list[count++] = pc;
      }
    }
    return count;
  }

  private consumes(pc: number, c: number): boolean {
    const o = this.op[pc];
    return (o === OP_CHAR && this.a[pc] === c) || (o === OP_SET && inSet(this.sets[this.a[pc]!]!, c));
  }

  // --- NFA simulation ------------------------------------------------------------------------

  /** Simulates the NFA from position `from`, starting with `start` (or the initial state). */
  private nfa(subject: string, start: Int32Array | null, from: number): boolean {
    const len = subject.length;
    const op = this.op;
    let clist = this.clist;
    let nlist = this.nlist;
    let ccount: number;
    if (start === null) ccount = this.add(clist, 0, 0, 0, len, this.nextGen(), false);
    else {
      clist.set(start);
      ccount = start.length;
    }
    for (let i = from; i < len && ccount > 0; i++) {
      const c = subject.charCodeAt(i);
      const gen = this.nextGen();
      let ncount = 0;
      for (let k = 0; k < ccount; k++) {
        const pc = clist[k]!;
        if (this.consumes(pc, c)) ncount = this.add(nlist, ncount, pc + 1, i + 1, len, gen, false);
      }
      const t = clist;
      clist = nlist;
      nlist = t;
      ccount = ncount;
    }
    let matched = false;
    for (let k = 0; k < ccount; k++) {
      if (op[clist[k]!] === OP_MATCH) {
        matched = true;
        break;
      }
    }
    this.clist = clist;
    this.nlist = nlist;
    return matched;
  }

  // --- DFA cache -----------------------------------------------------------------------------

  private resetDfa(): void {
    this.dfaPcs = [];
    this.dfaIndex = new Map();
    this.trans = new Int32Array(8 * 128).fill(UNKNOWN);
    this.accept = new Int8Array(8).fill(-1);
    this.dfaStart = UNKNOWN;
  }

  /** Interns the leaf set in this.nlist[0..count); returns its index, DEAD or OVERFLOW. */
  private intern(count: number): number {
    if (count === 0) return DEAD;
    const list = this.nlist.subarray(0, count);
    list.sort();
    let key = "";
    for (let i = 0; i < count; i++) key += String.fromCharCode(list[i]!); // pcs < MAX_PROGRAM_SIZE < 0xFFFF
    const known = this.dfaIndex.get(key);
    if (known !== undefined) return known;
    const id = this.dfaPcs.length;
    if (id >= MAX_DFA_STATES) return OVERFLOW;
    if (id >= this.accept.length) {
      const trans = new Int32Array(this.trans.length * 2).fill(UNKNOWN);
      trans.set(this.trans);
      this.trans = trans;
      const accept = new Int8Array(this.accept.length * 2).fill(-1);
      accept.set(this.accept);
      this.accept = accept;
    }
    this.dfaPcs.push(Int32Array.from(list));
    this.dfaIndex.set(key, id);
    return id;
  }

  private step(state: number, c: number): number {
    const gen = this.nextGen();
    const pcs = this.dfaPcs[state]!;
    let count = 0;
    for (let k = 0; k < pcs.length; k++) {
      const pc = pcs[k]!;
      if (this.consumes(pc, c)) count = this.add(this.nlist, count, pc + 1, 1, -1, gen, true);
    }
    const next = this.intern(count);
    if (c < 128 && next !== OVERFLOW) this.trans[state * 128 + c] = next;
    return next;
  }

  private accepts(state: number): boolean {
    if (this.accept[state] === -1) {
      let yes = false;
      const gen = this.nextGen();
      const pcs = this.dfaPcs[state]!;
      for (let k = 0; k < pcs.length && !yes; k++) {
        const pc = pcs[k]!;
        const o = this.op[pc];
        if (o === OP_MATCH) yes = true;
        else if (o === OP_EOL) {
          // At the end of a non-empty subject: `$` holds, `^` does not.
          const n = this.add(this.clist, 0, pc + 1, 1, 1, gen, false);
          for (let i = 0; i < n; i++) if (this.op[this.clist[i]!] === OP_MATCH) yes = true;
        }
      }
      this.accept[state] = yes ? 1 : 0;
    }
    return this.accept[state] === 1;
  }

  test(subject: string): boolean {
    if (typeof subject !== "string") return false;
    const len = subject.length;
    if (len > MAX_SUBJECT_LENGTH) return false;
    if (len === 0) return this.nfa(subject, null, 0);
    // A previous subject filled the cache: start afresh rather than staying on the slow path.
    if (this.dfaPcs.length >= MAX_DFA_STATES) this.resetDfa();
    if (this.dfaStart === UNKNOWN) this.dfaStart = this.intern(this.add(this.nlist, 0, 0, 0, -1, this.nextGen(), true));
    let st = this.dfaStart;
    if (st === DEAD) return false;
    if (st === OVERFLOW) return this.nfa(subject, null, 0);
    let trans = this.trans;
    for (let i = 0; i < len; i++) {
      const c = subject.charCodeAt(i);
      let next = c < 128 ? trans[st * 128 + c]! : UNKNOWN;
      if (next === UNKNOWN) {
        next = this.step(st, c);
        if (next === OVERFLOW) return this.nfa(subject, this.dfaPcs[st]!, i);
        trans = this.trans; // may have grown
      }
      if (next === DEAD) return false;
      st = next;
    }
    return this.accepts(st);
  }
}

/** Parses and compiles `pattern`; never throws. */
export function compileRegex(pattern: unknown): RegexCompileResult {
  if (typeof pattern !== "string") return { ok: false, message: "the pattern must be a string" };
  if (pattern.length === 0) return { ok: false, message: "the pattern is empty" };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  try {
    const ast = new Parser(pattern).parse();
    if (sizeOf(ast) + 1 > MAX_PROGRAM_SIZE) {
      return { ok: false, message: `the pattern is too complex (its repetitions expand beyond ${MAX_PROGRAM_SIZE} states)` };
    }
    const e = new Emitter();
    e.node(ast);
    e.finish();
    return { ok: true, regex: new PikeRegex(pattern, e) };
  } catch (err) {
    if (err instanceof RegexSyntaxError) return { ok: false, message: err.message };
    return { ok: false, message: "the pattern could not be compiled" };
  }
}
