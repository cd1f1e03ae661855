import { describe, expect, it } from 'vitest';
import { assemble } from './assemble.js';

/** A module using labels, locals, an import, memory lanes and f64x2 arithmetic. */
const TEXT = `(module
  (import "env" "memory" (memory 1))
  (import "env" "log" (func $log (param f64) (result f64)))
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    block $done
      loop $next
        local.get $i local.get $n i32.ge_s br_if $done
        local.get $i i32.const 1 i32.add local.tee $i local.get $s i32.add local.set $s
        br $next
      end
    end
    local.get $s
  )
  (func $lanes (export "lanes") (param $at i32) (result f64)
    (local $v v128)
    local.get $at v128.load64_zero offset=8 local.set $v
    local.get $at local.get $v v128.load64_lane offset=16 1 local.set $v
    local.get $v local.get $v f64x2.mul f64x2.extract_lane 1
    local.get $v f64x2.extract_lane 0 f64.const -0.5 f64.mul f64.add call $log
  )
)`;

/** What wabt 1.0.36's wat2wasm gives for TEXT (checked when this test was written). */
const WABT_HEX =
  '0061736d0100000001100360017c017c60017f017f60017f017c02190203656e76066d656d6f727902000103656e76036c6f6700000303020102070f020373756d0001056c616e657300020a57022101027f02400340200120004e0d01200141016a220120026a21020c000b0b20020b3301017b2000fd5d0308210120002001fd57031001210120012001fdf201fd21012001fd210044000000000000e0bfa2a010000b';

describe('assemble', () => {
  it("gives wabt's bytes for the same text", () => {
    expect(Buffer.from(assemble(TEXT)).toString('hex')).toBe(WABT_HEX);
  });

  it('gives a module that runs: loops and labels, memory lanes, f64x2 and an imported function', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { sum, lanes } = new WebAssembly.Instance(new WebAssembly.Module(assemble(TEXT)), { env: { memory, log: Math.log } }).exports as Record<string, (x: number) => number>;
    expect(sum(10)).toBe(55);
    expect(sum(0)).toBe(0);
    const f = new Float64Array(memory.buffer);
    f[1] = 3; // lane 0, at 8 bytes
    f[2] = 5; // lane 1, at 16 bytes
    expect(lanes(0)).toBe(Math.log(25 + 3 * -0.5));
  });

  it('refuses what it does not know, naming it', () => {
    const fn = (body: string) => `(module (func $f ${body}))`;
    expect(() => assemble(fn('i32.const 1 i32.frobnicate drop'))).toThrow(/unknown instruction i32.frobnicate/);
    expect(() => assemble(fn('local.get $nope drop'))).toThrow(/unknown local \$nope/);
    expect(() => assemble(fn('block $b br $c end'))).toThrow(/unknown label \$c/);
    expect(() => assemble(fn('block $b'))).toThrow(/not closed/);
    expect(() => assemble(fn('(i32.add (i32.const 1) (i32.const 2)) drop'))).toThrow(/folded/);
    expect(() => assemble(fn('f64.const 0x1p-3 drop'))).toThrow(/decimal/);
  });
});
