;; GradBook's fused SIMD kernels for TF.js's wasm backend (src/nn/wasm/fusedWasm.ts). They run on
;; the backend's own memory (imported), so tensors are passed as byte offsets into its heap.
;; Layout: x is [rows, C] row-major (NHWC flattened), C a multiple of 4; per-channel vectors are
;; f32 [C]; accumulators are f64 [C] (sums of 50,000 values keep float32 precision).
;; Rebuild fusedWasm.ts with `node scripts/build-fused-wasm.mjs` after editing.
(module
  (import "env" "memory" (memory 1 65536 SHARED))

  ;; acc[c] += sum_r x[r, c]
  (func (export "ch_sum") (param $x i32) (param $rows i32) (param $C i32) (param $acc i32)
    (local $end i32) (local $g i32) (local $a i32) (local $v v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $rows) (local.get $C)) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $a (local.get $acc))
      (local.set $g (local.get $C))
      (loop $grp
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (br_if $grp (local.tee $g (i32.sub (local.get $g) (i32.const 4)))))
      (br $row))))

  ;; acc[c] += sum_r (x[r, c] - mean[c])^2
  (func (export "ch_sqdev") (param $x i32) (param $rows i32) (param $C i32) (param $mean i32) (param $acc i32)
    (local $end i32) (local $g i32) (local $a i32) (local $m i32) (local $v v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $rows) (local.get $C)) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $a (local.get $acc))
      (local.set $m (local.get $mean))
      (local.set $g (local.get $C))
      (loop $grp
        (local.set $v (f32x4.sub (v128.load (local.get $x)) (v128.load (local.get $m))))
        (local.set $v (f32x4.mul (local.get $v) (local.get $v)))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (br_if $grp (local.tee $g (i32.sub (local.get $g) (i32.const 4)))))
      (br $row))))

  ;; out[r, c] = (x[r, c] - mean[c]) * mul[c] + add[c]  (centred first: exact where x = mean)
  (func (export "ch_affine") (param $x i32) (param $out i32) (param $rows i32) (param $C i32) (param $mean i32) (param $mul i32) (param $add i32)
    (local $end i32) (local $g i32) (local $m i32) (local $d i32) (local $u i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $rows) (local.get $C)) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $m (local.get $mul))
      (local.set $d (local.get $add))
      (local.set $u (local.get $mean))
      (local.set $g (local.get $C))
      (loop $grp
        (v128.store (local.get $out) (f32x4.add (f32x4.mul (f32x4.sub (v128.load (local.get $x)) (v128.load (local.get $u))) (v128.load (local.get $m))) (v128.load (local.get $d))))
        (local.set $u (i32.add (local.get $u) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br_if $grp (local.tee $g (i32.sub (local.get $g) (i32.const 4)))))
      (br $row))))

  ;; sdy[c] += sum_r dy[r, c];  sdyx[c] += sum_r dy[r, c] * (x[r, c] - mean[c])
  (func (export "ch_bwd_sums") (param $dy i32) (param $x i32) (param $rows i32) (param $C i32) (param $mean i32) (param $sdy i32) (param $sdyx i32)
    (local $end i32) (local $g i32) (local $a i32) (local $b i32) (local $m i32) (local $v v128) (local $w v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $rows) (local.get $C)) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $a (local.get $sdy))
      (local.set $b (local.get $sdyx))
      (local.set $m (local.get $mean))
      (local.set $g (local.get $C))
      (loop $grp
        (local.set $v (v128.load (local.get $dy)))
        (local.set $w (f32x4.mul (local.get $v) (f32x4.sub (v128.load (local.get $x)) (v128.load (local.get $m)))))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (v128.store (local.get $b) (f64x2.add (v128.load (local.get $b)) (f64x2.promote_low_f32x4 (local.get $w))))
        (v128.store offset=16 (local.get $b) (f64x2.add (v128.load offset=16 (local.get $b))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w)))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br_if $grp (local.tee $g (i32.sub (local.get $g) (i32.const 4)))))
      (br $row))))

  ;; out[r, c] = k[c] * dy[r, c] - a[c] - (x[r, c] - mean[c]) * q[c]
  (func (export "ch_bwd_dx") (param $dy i32) (param $x i32) (param $out i32) (param $rows i32) (param $C i32)
      (param $k i32) (param $a i32) (param $q i32) (param $mean i32)
    (local $end i32) (local $g i32) (local $o i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $rows) (local.get $C)) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      ;; $o walks the per-channel vectors (same offset into k, a, q and mean)
      (local.set $o (i32.const 0))
      (local.set $g (local.get $C))
      (loop $grp
        (v128.store (local.get $out)
          (f32x4.sub
            (f32x4.sub
              (f32x4.mul (v128.load (i32.add (local.get $k) (local.get $o))) (v128.load (local.get $dy)))
              (v128.load (i32.add (local.get $a) (local.get $o))))
            (f32x4.mul
              (f32x4.sub (v128.load (local.get $x)) (v128.load (i32.add (local.get $mean) (local.get $o))))
              (v128.load (i32.add (local.get $q) (local.get $o))))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br_if $grp (local.tee $g (i32.sub (local.get $g) (i32.const 4)))))
      (br $row))))

  ;; out[i] = x[i] > 0 ? dy[i] : 0, for i < n (any n)
  (func (export "relu_bwd") (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
    (local $end4 i32) (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $x) (local.get $end4)))
      (v128.store (local.get $out) (v128.and (v128.load (local.get $dy)) (f32x4.gt (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $vec)))
    (block $done1 (loop $one
      (br_if $done1 (i32.ge_u (local.get $x) (local.get $end)))
      (f32.store (local.get $out) (select (f32.load (local.get $dy)) (f32.const 0) (f32.gt (f32.load (local.get $x)) (f32.const 0))))
      (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $one))))
)
