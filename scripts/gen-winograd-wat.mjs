// Prints the Winograd F(2x2, 3x3) tile transforms (wino_in, wino_out) of src/nn/wasm/fused.wat as WAT:
// 16 unrolled SIMD registers per tile are tedious to write by hand. Replace that section of fused.wat
// with this script's output, then run node scripts/build-fused-wasm.mjs.
//   node scripts/gen-winograd-wat.mjs
const L = (n) => `(local.get $${n})`;
const add = (a, b) => `(f32x4.add ${a} ${b})`;
const sub = (a, b) => `(f32x4.sub ${a} ${b})`;
let s = '';
// ---- input transform
s += `
  ;; Winograd F(2x2, 3x3) input transform (Lavin & Gray): for each 4x4 input tile at rows 2ty − top,
  ;; cols 2tx − left of images 0..N−1 (pixels outside the image read the zero row at $zero), and
  ;; each group of 4 channels, v[k, t, c] = (Bᵀ d B)[k] with k = 4i + j and t the tile index
  ;; (n, ty, tx) row-major, plane k at the address in the i32 table $vt[k] (each plane its own
  ;; tensor, for the GEMMs). C is a multiple of 4; $zero holds C zeros.
  (func $wino_in (export "wino_in") (param $x i32) (param $vt i32) (param $zero i32) (param $N i32) (param $H i32) (param $W i32)
    (param $C i32) (param $th i32) (param $tw i32) (param $top i32) (param $left i32) (param $T i32)
    (local $n i32) (local $ty i32) (local $tx i32) (local $iy i32) (local $ix i32) (local $c i32) (local $ks i32)
    (local $vo i32) (local $q i32) (local $rowb i32) (local $cb i32)
    ${Array.from({ length: 16 }, (_, k) => `(local $p${k} i32)`).join(' ')}
    ${Array.from({ length: 16 }, (_, k) => `(local $d${k} v128)`).join(' ')}
    ${Array.from({ length: 16 }, (_, k) => `(local $t${k} v128)`).join(' ')}
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $vo (i32.const 0))
    (local.set $n (i32.const 0))
    (block $nd (loop $nl
      (br_if $nd (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $ty (i32.const 0))
      (block $yd (loop $yl
        (br_if $yd (i32.ge_u (local.get $ty) (local.get $th)))
        (local.set $tx (i32.const 0))
        (block $xd (loop $xl
          (br_if $xd (i32.ge_u (local.get $tx) (local.get $tw)))
`;
for (let i = 0; i < 4; i++) {
  s += `          (local.set $iy (i32.sub (i32.add (i32.shl (local.get $ty) (i32.const 1)) (i32.const ${i})) (local.get $top)))
          (local.set $rowb (i32.add (local.get $x) (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $iy)) (i32.mul (local.get $W) (local.get $cb)))))
`;
  for (let j = 0; j < 4; j++) {
    s += `          (local.set $ix (i32.sub (i32.add (i32.shl (local.get $tx) (i32.const 1)) (i32.const ${j})) (local.get $left)))
          (local.set $p${i * 4 + j} (select (i32.add (local.get $rowb) (i32.mul (local.get $ix) (local.get $cb))) (local.get $zero)
            (i32.and (i32.lt_u (local.get $iy) (local.get $H)) (i32.lt_u (local.get $ix) (local.get $W)))))
`;
  }
}
s += `          (local.set $c (i32.const 0))
          (block $cd (loop $cl
            (br_if $cd (i32.ge_u (local.get $c) (local.get $cb)))
`;
for (let k = 0; k < 16; k++) s += `            (local.set $d${k} (v128.load (i32.add (local.get $p${k}) (local.get $c))))\n`;
// rows: t[0j]=d0j-d2j, t1j=d1j+d2j, t2j=d2j-d1j, t3j=d1j-d3j
for (let j = 0; j < 4; j++) {
  const d = (i) => L(`d${i * 4 + j}`);
  s += `            (local.set $t${j} ${sub(d(0), d(2))})\n`;
  s += `            (local.set $t${4 + j} ${add(d(1), d(2))})\n`;
  s += `            (local.set $t${8 + j} ${sub(d(2), d(1))})\n`;
  s += `            (local.set $t${12 + j} ${sub(d(1), d(3))})\n`;
}
s += `            (local.set $q (i32.add (local.get $vo) (local.get $c)))\n`;
let kk = 0;
for (let i = 0; i < 4; i++) {
  const t = (j) => L(`t${i * 4 + j}`);
  const u = [sub(t(0), t(2)), add(t(1), t(2)), sub(t(2), t(1)), sub(t(1), t(3))];
  for (let j = 0; j < 4; j++) {
    s += `            (v128.store (i32.add (i32.load offset=${4 * kk++} (local.get $vt)) (local.get $q)) ${u[j]})\n`;
  }
}
s += `            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $cl)))
          (local.set $vo (i32.add (local.get $vo) (local.get $cb)))
          (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
          (br $xl)))
        (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
        (br $yl)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nl))))
`;
// ---- output transform
s += `
  ;; Winograd F(2x2, 3x3) output transform: m is [16][T, F] (the products of the transformed tiles
  ;; and filter; plane k at the address in the i32 table $mt[k]), out[n, 2ty + a, 2tx + b, f] = max((Aᵀ m A)[a, b] + bias[f], $lo) for the rows and
  ;; columns inside Ho x Wo ($lo 0 for a fused ReLU, −inf for none). F is a multiple of 4.
  (func $wino_out (export "wino_out") (param $mt i32) (param $out i32) (param $bias i32) (param $N i32) (param $Ho i32) (param $Wo i32)
    (param $F i32) (param $th i32) (param $tw i32) (param $T i32) (param $lo f32)
    (local $n i32) (local $ty i32) (local $tx i32) (local $f i32) (local $ks i32) (local $fb i32)
    (local $mo i32) (local $q i32) (local $o0 i32) (local $o1 i32) (local $r1 i32) (local $c1 i32) (local $lov v128) (local $b v128)
    ${Array.from({ length: 16 }, (_, k) => `(local $d${k} v128)`).join(' ')}
    ${Array.from({ length: 8 }, (_, k) => `(local $s${k} v128)`).join(' ')}
    (local.set $lov (f32x4.splat (local.get $lo)))
    (local.set $fb (i32.shl (local.get $F) (i32.const 2)))
    (local.set $mo (i32.const 0))
    (local.set $n (i32.const 0))
    (block $nd (loop $nl
      (br_if $nd (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $ty (i32.const 0))
      (block $yd (loop $yl
        (br_if $yd (i32.ge_u (local.get $ty) (local.get $th)))
        (local.set $r1 (i32.lt_u (i32.add (i32.shl (local.get $ty) (i32.const 1)) (i32.const 1)) (local.get $Ho)))
        (local.set $tx (i32.const 0))
        (block $xd (loop $xl
          (br_if $xd (i32.ge_u (local.get $tx) (local.get $tw)))
          (local.set $c1 (i32.lt_u (i32.add (i32.shl (local.get $tx) (i32.const 1)) (i32.const 1)) (local.get $Wo)))
          (local.set $o0 (i32.add (local.get $out) (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $Ho))
            (i32.shl (local.get $ty) (i32.const 1))) (local.get $Wo)) (i32.shl (local.get $tx) (i32.const 1))) (local.get $fb))))
          (local.set $o1 (i32.add (local.get $o0) (i32.mul (local.get $Wo) (local.get $fb))))
          (local.set $f (i32.const 0))
          (block $fd (loop $fl
            (br_if $fd (i32.ge_u (local.get $f) (local.get $fb)))
            (local.set $q (i32.add (local.get $mo) (local.get $f)))
`;
for (let k = 0; k < 16; k++) {
  s += `            (local.set $d${k} (v128.load (i32.add (i32.load offset=${4 * k} (local.get $mt)) (local.get $q))))\n`;
}
// s0j = d0j + d1j + d2j ; s1j = d1j - d2j - d3j   (s index a*4+j)
for (let j = 0; j < 4; j++) {
  const d = (i) => L(`d${i * 4 + j}`);
  s += `            (local.set $s${j} ${add(add(d(0), d(1)), d(2))})\n`;
  s += `            (local.set $s${4 + j} ${sub(sub(d(1), d(2)), d(3))})\n`;
}
s += `            (local.set $b (v128.load (i32.add (local.get $bias) (local.get $f))))\n`;
const y = (a, b) => {
  const sv = (j) => L(`s${a * 4 + j}`);
  const e = b === 0 ? add(add(sv(0), sv(1)), sv(2)) : sub(sub(sv(1), sv(2)), sv(3));
  return `(f32x4.max (f32x4.add ${e} (local.get $b)) (local.get $lov))`;
};
s += `            (v128.store (i32.add (local.get $o0) (local.get $f)) ${y(0, 0)})
            (if (local.get $c1) (then (v128.store (i32.add (i32.add (local.get $o0) (local.get $fb)) (local.get $f)) ${y(0, 1)})))
            (if (local.get $r1) (then
              (v128.store (i32.add (local.get $o1) (local.get $f)) ${y(1, 0)})
              (if (local.get $c1) (then (v128.store (i32.add (i32.add (local.get $o1) (local.get $fb)) (local.get $f)) ${y(1, 1)})))))
            (local.set $f (i32.add (local.get $f) (i32.const 16)))
            (br $fl)))
          (local.set $mo (i32.add (local.get $mo) (local.get $fb)))
          (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
          (br $xl)))
        (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
        (br $yl)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nl))))
`;
process.stdout.write(s);
