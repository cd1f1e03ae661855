/**
 * A small assembler from WebAssembly text to binary, for the engine's hand-written kernels (no
 * wasm toolchain is a dependency). It reads a subset of the standard text format that `wat2wasm`
 * (wabt) reads the same way, so a kernel's source stays ordinary, readable `.wat`:
 *
 * - `(module …)` with `(import "m" "f" (memory N))`, `(import "m" "f" (func $f (param …) (result …)))`
 *   and `(func $f (export "f") (param $x t)… (result t)? (local $y t)… instructions…)`;
 * - instructions in the flat (not folded) form, one after the other: `local.get $x`,
 *   `block $l (result t)? … end`, `loop`, `if … else … end`, `br_if $l`, `f64.load offset=8`,
 *   `i32.const 5`, `f64.const 0.5` (decimal), `i8x16.shuffle` with 16 lanes, `…extract_lane N`;
 * - `;;` comments to the end of the line.
 *
 * Only the instructions in {@link OPS} are known; anything else is an error naming it.
 * `assemble.spec.ts` checks the bytes against wabt's for the same text when wabt is installed.
 */

type Imm = 'none' | 'local' | 'label' | 'block' | 'func' | 'i32' | 'i64' | 'f64' | 'mem' | 'memlane' | 'lane' | 'shuffle';

/** An instruction: its opcode bytes (0xfc/0xfd prefixed ones with a LEB128 code), its immediate and natural alignment (log2). */
interface Op {
  code: number[];
  imm: Imm;
  align?: number;
}

const VALTYPES: Record<string, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

const plain = (code: number, imm: Imm = 'none', align?: number): Op => ({ code: [code], imm, align });
const simd = (code: number, imm: Imm = 'none', align?: number): Op => ({ code: [0xfd, ...uleb(code)], imm, align });

/** The known instructions (opcodes from the WebAssembly 2.0 specification, §5.4). */
const OPS: Record<string, Op> = {
  unreachable: plain(0x00), nop: plain(0x01), block: plain(0x02, 'block'), loop: plain(0x03, 'block'), if: plain(0x04, 'block'),
  else: plain(0x05), end: plain(0x0b), br: plain(0x0c, 'label'), br_if: plain(0x0d, 'label'), return: plain(0x0f),
  call: plain(0x10, 'func'), drop: plain(0x1a), select: plain(0x1b),
  'local.get': plain(0x20, 'local'), 'local.set': plain(0x21, 'local'), 'local.tee': plain(0x22, 'local'),
  'i32.load': plain(0x28, 'mem', 2), 'i64.load': plain(0x29, 'mem', 3), 'f64.load': plain(0x2b, 'mem', 3),
  'i32.store': plain(0x36, 'mem', 2), 'i64.store': plain(0x37, 'mem', 3), 'f64.store': plain(0x39, 'mem', 3),
  'i32.const': plain(0x41, 'i32'), 'i64.const': plain(0x42, 'i64'), 'f64.const': plain(0x44, 'f64'),
  'i32.eqz': plain(0x45), 'i32.eq': plain(0x46), 'i32.ne': plain(0x47), 'i32.lt_s': plain(0x48), 'i32.lt_u': plain(0x49),
  'i32.gt_s': plain(0x4a), 'i32.gt_u': plain(0x4b), 'i32.le_s': plain(0x4c), 'i32.le_u': plain(0x4d), 'i32.ge_s': plain(0x4e), 'i32.ge_u': plain(0x4f),
  'f64.eq': plain(0x61), 'f64.ne': plain(0x62), 'f64.lt': plain(0x63), 'f64.gt': plain(0x64), 'f64.le': plain(0x65), 'f64.ge': plain(0x66),
  'i32.add': plain(0x6a), 'i32.sub': plain(0x6b), 'i32.mul': plain(0x6c), 'i32.and': plain(0x71), 'i32.or': plain(0x72), 'i32.xor': plain(0x73),
  'i32.shl': plain(0x74), 'i32.shr_s': plain(0x75), 'i32.shr_u': plain(0x76), 'i32.rotl': plain(0x77), 'i32.rotr': plain(0x78),
  'i64.add': plain(0x7c), 'i64.shl': plain(0x86),
  'f64.abs': plain(0x99), 'f64.neg': plain(0x9a), 'f64.sqrt': plain(0x9f), 'f64.add': plain(0xa0), 'f64.sub': plain(0xa1),
  'f64.mul': plain(0xa2), 'f64.div': plain(0xa3), 'f64.min': plain(0xa4), 'f64.max': plain(0xa5),
  'i32.wrap_i64': plain(0xa7), 'i32.trunc_f64_s': plain(0xaa), 'i64.extend_i32_s': plain(0xac), 'i64.extend_i32_u': plain(0xad),
  'f64.convert_i32_s': plain(0xb7), 'f64.convert_i32_u': plain(0xb8), 'f64.reinterpret_i64': plain(0xbf), 'i64.reinterpret_f64': plain(0xbd),
  'i32.trunc_sat_f64_s': { code: [0xfc, 0x02], imm: 'none' },
  'v128.load': simd(0x00, 'mem', 4), 'v128.load64_zero': simd(0x5d, 'mem', 3), 'v128.store': simd(0x0b, 'mem', 4),
  'v128.load64_lane': simd(0x57, 'memlane', 3), 'v128.store64_lane': simd(0x5b, 'memlane', 3),
  'i8x16.shuffle': simd(0x0d, 'shuffle'), 'i32x4.splat': simd(0x11), 'f64x2.splat': simd(0x14),
  'i32x4.extract_lane': simd(0x1b, 'lane'), 'i32x4.replace_lane': simd(0x1c, 'lane'),
  'f64x2.extract_lane': simd(0x21, 'lane'), 'f64x2.replace_lane': simd(0x22, 'lane'),
  'f64x2.eq': simd(0x47), 'f64x2.ne': simd(0x48), 'f64x2.lt': simd(0x49), 'f64x2.gt': simd(0x4a), 'f64x2.le': simd(0x4b), 'f64x2.ge': simd(0x4c),
  'v128.not': simd(0x4d), 'v128.and': simd(0x4e), 'v128.andnot': simd(0x4f), 'v128.or': simd(0x50), 'v128.xor': simd(0x51), 'v128.bitselect': simd(0x52),
  'v128.any_true': simd(0x53), 'i64x2.bitmask': simd(0xc4), 'i32x4.bitmask': simd(0xa4),
  'i32x4.shl': simd(0xab), 'i32x4.shr_s': simd(0xac), 'i32x4.shr_u': simd(0xad), 'i32x4.add': simd(0xae), 'i32x4.sub': simd(0xb1), 'i32x4.mul': simd(0xb5),
  'i64x2.extend_low_i32x4_s': simd(0xc7), 'i64x2.shl': simd(0xcb), 'i64x2.add': simd(0xce),
  'f64x2.abs': simd(0xec), 'f64x2.neg': simd(0xed), 'f64x2.sqrt': simd(0xef), 'f64x2.add': simd(0xf0), 'f64x2.sub': simd(0xf1),
  'f64x2.mul': simd(0xf2), 'f64x2.div': simd(0xf3), 'f64x2.min': simd(0xf4), 'f64x2.max': simd(0xf5), 'f64x2.pmin': simd(0xf6), 'f64x2.pmax': simd(0xf7),
  'i32x4.trunc_sat_f64x2_s_zero': simd(0xfc), 'f64x2.convert_low_i32x4_s': simd(0xfe), 'f64x2.convert_low_i32x4_u': simd(0xff),
};

/** Assembles the module text to its binary (throws on anything outside the subset, naming it). */
export function assemble(text: string): Uint8Array<ArrayBuffer> {
  const tree = parse(tokenize(text));
  if (!Array.isArray(tree) || tree[0] !== 'module') throw new Error('expected (module …)');
  const types: string[] = [];
  const typeIndex = (params: string[], results: string[]): number => {
    const key = `${params.join(',')}->${results.join(',')}`;
    if (!types.includes(key)) types.push(key);
    return types.indexOf(key);
  };
  const imports: number[][] = [];
  const funcNames: string[] = [];
  const funcs: { type: number; node: Sexp[]; params: [string, string][] }[] = [];
  const exports: number[][] = [];
  for (const field of tree.slice(1)) {
    if (!Array.isArray(field)) throw new Error(`unexpected ${field} in module`);
    if (field[0] === 'import') {
      const [, mod, name, desc] = field as [string, string, string, Sexp[]];
      const head = [...str(mod), ...str(name)];
      if (desc[0] === 'memory') imports.push([...head, 0x02, 0x00, ...uleb(Number(desc[desc.length - 1]))]);
      else if (desc[0] === 'func') {
        const sig = signature(desc.slice(1));
        funcNames.push(sig.name);
        imports.push([...head, 0x00, ...uleb(typeIndex(sig.params.map((p) => p[1]), sig.results))]);
      } else throw new Error(`unsupported import ${desc[0]}`);
    } else if (field[0] === 'func') {
      const sig = signature(field.slice(1));
      funcNames.push(sig.name);
      funcs.push({ type: typeIndex(sig.params.map((p) => p[1]), sig.results), node: sig.rest, params: sig.params });
      if (sig.exportName) exports.push([...str(sig.exportName), 0x00, ...uleb(funcNames.length - 1)]);
    } else throw new Error(`unsupported module field ${field[0]}`);
  }
  const typeSection = types.map((key) => {
    const [p, r] = key.split('->').map((s) => (s ? s.split(',') : []));
    return [0x60, ...vec(p.map((t) => [valtype(t)])), ...vec(r.map((t) => [valtype(t)]))];
  });
  const code = funcs.map((f) => {
    const body = funcBody(f.node, f.params, funcNames);
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(typeSection)),
    ...(imports.length ? section(2, vec(imports)) : []),
    ...section(3, vec(funcs.map((f) => uleb(f.type)))),
    ...(exports.length ? section(7, vec(exports)) : []),
    ...section(10, vec(code)),
  ]);
}

type Sexp = string | Sexp[];

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /;;[^\n]*|\s+|"[^"]*"|[()]|[^\s()";]+/g;
  for (const m of text.matchAll(re)) {
    const t = m[0];
    if (t.startsWith(';;') || /^\s/.test(t)) continue;
    tokens.push(t);
  }
  return tokens;
}

function parse(tokens: string[]): Sexp {
  let at = 0;
  const read = (): Sexp => {
    const t = tokens[at++];
    if (t === undefined) throw new Error('unexpected end of text');
    if (t !== '(') return t;
    const list: Sexp[] = [];
    while (tokens[at] !== ')') {
      if (at >= tokens.length) throw new Error('unclosed (');
      list.push(read());
    }
    at++;
    return list;
  };
  const tree = read();
  if (at !== tokens.length) throw new Error(`text after the module: ${tokens[at]}`);
  return tree;
}

/** A func's name, export, params (name, type), results, and the rest (locals and instructions). */
function signature(items: Sexp[]): { name: string; exportName?: string; params: [string, string][]; results: string[]; rest: Sexp[] } {
  let k = 0;
  const name = typeof items[k] === 'string' && (items[k] as string).startsWith('$') ? (items[k++] as string) : "";
  let exportName: string | undefined;
  const params: [string, string][] = [];
  const results: string[] = [];
  for (; k < items.length; k++) {
    const it = items[k];
    if (!Array.isArray(it)) break;
    if (it[0] === 'export') exportName = unquote(it[1] as string);
    else if (it[0] === 'param') {
      if ((it[1] as string).startsWith('$')) params.push([it[1] as string, it[2] as string]);
      else for (const t of it.slice(1) as string[]) params.push(['', t]);
    }
    else if (it[0] === 'result') results.push(...(it.slice(1) as string[]));
    else break;
  }
  return { name, exportName, params, results, rest: items.slice(k) };
}

function funcBody(items: Sexp[], params: [string, string][], funcNames: string[]): number[] {
  const locals = new Map<string, number>(params.flatMap(([n], i): [string, number][] => (n ? [[n, i]] : [])));
  const declared: string[] = [];
  let k = 0;
  for (; k < items.length && Array.isArray(items[k]) && (items[k] as Sexp[])[0] === 'local'; k++) {
    const [, name, type] = items[k] as string[];
    if (locals.has(name)) throw new Error(`local ${name} declared twice`);
    locals.set(name, params.length + declared.length);
    declared.push(type);
  }
  // locals as runs of one type (count, type), as wabt writes them
  const runs: number[][] = [];
  for (let j = 0; j < declared.length; ) {
    let end = j;
    while (end < declared.length && declared[end] === declared[j]) end++;
    runs.push([...uleb(end - j), valtype(declared[j])]);
    j = end;
  }
  const out: number[] = [...vec(runs)];
  const labels: string[] = [];
  const body = items.slice(k);
  for (let i = 0; i < body.length; i++) {
    const name = body[i];
    if (Array.isArray(name)) throw new Error(`folded instructions are not supported: (${name.join(' ')})`);
    const op = OPS[name];
    if (!op) throw new Error(`unknown instruction ${name}`);
    out.push(...op.code);
    const next = (): string => {
      const t = body[++i];
      if (typeof t !== 'string') throw new Error(`${name} expects an immediate`);
      return t;
    };
    switch (op.imm) {
      case 'none':
        if (name === 'end') labels.pop();
        break;
      case 'local': {
        const l = next();
        const idx = locals.get(l);
        if (idx === undefined) throw new Error(`unknown local ${l}`);
        out.push(...uleb(idx));
        break;
      }
      case 'label': {
        const l = next();
        const depth = l.startsWith('$') ? labels.length - 1 - labels.lastIndexOf(l) : Number(l);
        if (depth >= labels.length || !(depth >= 0)) throw new Error(`unknown label ${l}`);
        out.push(...uleb(depth));
        break;
      }
      case 'block': {
        let label = '';
        if (typeof body[i + 1] === 'string' && (body[i + 1] as string).startsWith('$')) label = body[++i] as string;
        const res = body[i + 1];
        if (Array.isArray(res) && res[0] === 'result') {
          i++;
          out.push(valtype(res[1] as string));
        } else out.push(0x40);
        labels.push(label);
        break;
      }
      case 'func': {
        const f = next();
        const idx = funcNames.indexOf(f);
        if (idx < 0) throw new Error(`unknown function ${f}`);
        out.push(...uleb(idx));
        break;
      }
      case 'i32':
        out.push(...sleb(BigInt.asIntN(32, BigInt(next()))));
        break;
      case 'i64':
        out.push(...sleb(BigInt.asIntN(64, BigInt(next()))));
        break;
      case 'f64': {
        const t = next();
        const x = Number(t);
        if (Number.isNaN(x) && t !== 'nan') throw new Error(`f64.const ${t}: only decimal constants are supported`);
        out.push(...new Uint8Array(new Float64Array([x]).buffer));
        break;
      }
      case 'mem':
      case 'memlane': {
        let offset = 0;
        let align = op.align!;
        while (typeof body[i + 1] === 'string' && /^(offset|align)=/.test(body[i + 1] as string)) {
          const [key, v] = (body[++i] as string).split('=');
          if (key === 'offset') offset = Number(v);
          else align = Math.log2(Number(v));
        }
        out.push(...uleb(align), ...uleb(offset));
        if (op.imm === 'memlane') out.push(Number(next()));
        break;
      }
      case 'lane':
        out.push(Number(next()));
        break;
      case 'shuffle':
        for (let j = 0; j < 16; j++) out.push(Number(next()));
        break;
    }
  }
  if (labels.length) throw new Error('a block is not closed by end');
  out.push(0x0b);
  return out;
}

function valtype(t: string): number {
  const v = VALTYPES[t];
  if (v === undefined) throw new Error(`unknown value type ${t}`);
  return v;
}

function unquote(s: string): string {
  return s.replace(/^"|"$/g, '');
}

function str(s: string): number[] {
  const bytes = [...new TextEncoder().encode(unquote(s))];
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
