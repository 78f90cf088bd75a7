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

  ;; Max-pool 2x2, stride 2, no padding, C a multiple of 4: each output gradient goes to its
  ;; window's first maximum in row-major order (as the cpu backend); the other three get 0. x is
  ;; [N, H, W, C], dy [N, Ho, Wo, C]; all four positions of every window are written (rows and
  ;; columns past 2*Ho, 2*Wo are not: the caller zeroes dx first when H or W is odd).
  (func (export "maxpool2_grad") (param $x i32) (param $dy i32) (param $dx i32)
      (param $N i32) (param $H i32) (param $W i32) (param $C i32) (param $Ho i32) (param $Wo i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $g i32) (local $row i32) (local $cb i32)
    (local $a i32) (local $a0 i32) (local $r0 i32)
    (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128) (local $m v128)
    (local $ea v128) (local $eb v128) (local $ec v128) (local $ed v128) (local $taken v128) (local $d v128)
    (local.set $row (i32.shl (i32.mul (local.get $W) (local.get $C)) (i32.const 2)))  ;; bytes per image row
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))                             ;; bytes per pixel
    (local.set $n (i32.const 0))
    (loop $ln
      (local.set $oh (i32.const 0))
      (loop $loh
        ;; byte offset of image n, row 2*oh
        (local.set $r0 (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (i32.shl (local.get $oh) (i32.const 1))) (local.get $row)))
        (local.set $ow (i32.const 0))
        (loop $low
          (local.set $a0 (i32.add (local.get $r0) (i32.mul (i32.shl (local.get $ow) (i32.const 1)) (local.get $cb))))
          (local.set $g (i32.const 0))
          (loop $lg
            (local.set $a (i32.add (local.get $a0) (local.get $g)))
            (local.set $va (v128.load (i32.add (local.get $x) (local.get $a))))
            (local.set $vb (v128.load (i32.add (local.get $x) (i32.add (local.get $a) (local.get $cb)))))
            (local.set $vc (v128.load (i32.add (local.get $x) (i32.add (local.get $a) (local.get $row)))))
            (local.set $vd (v128.load (i32.add (local.get $x) (i32.add (i32.add (local.get $a) (local.get $row)) (local.get $cb)))))
            (local.set $m (f32x4.max (f32x4.max (local.get $va) (local.get $vb)) (f32x4.max (local.get $vc) (local.get $vd))))
            (local.set $ea (f32x4.eq (local.get $va) (local.get $m)))
            (local.set $eb (v128.andnot (f32x4.eq (local.get $vb) (local.get $m)) (local.get $ea)))
            (local.set $taken (v128.or (local.get $ea) (local.get $eb)))
            (local.set $ec (v128.andnot (f32x4.eq (local.get $vc) (local.get $m)) (local.get $taken)))
            (local.set $taken (v128.or (local.get $taken) (local.get $ec)))
            (local.set $ed (v128.andnot (f32x4.eq (local.get $vd) (local.get $m)) (local.get $taken)))
            ;; a window with a NaN matches nowhere: its gradient goes to the first position
            (local.set $ea (v128.or (local.get $ea) (v128.not (v128.or (local.get $taken) (local.get $ed)))))
            (local.set $d (v128.load (local.get $dy)))
            (v128.store (i32.add (local.get $dx) (local.get $a)) (v128.and (local.get $d) (local.get $ea)))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $a) (local.get $cb))) (v128.and (local.get $d) (local.get $eb)))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $a) (local.get $row))) (v128.and (local.get $d) (local.get $ec)))
            (v128.store (i32.add (local.get $dx) (i32.add (i32.add (local.get $a) (local.get $row)) (local.get $cb))) (v128.and (local.get $d) (local.get $ed)))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (br_if $lg (i32.lt_u (local.tee $g (i32.add (local.get $g) (i32.const 16))) (local.get $cb))))
          (br_if $low (i32.lt_u (local.tee $ow (i32.add (local.get $ow) (i32.const 1))) (local.get $Wo))))
        (br_if $loh (i32.lt_u (local.tee $oh (i32.add (local.get $oh) (i32.const 1))) (local.get $Ho))))
      (br_if $ln (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $N)))))

  ;; Transposed patches for Conv2DBackpropFilter, C a multiple of 4 (kernels.ts im2colTransposed):
  ;; p[(kh*fw + kw)*C + c, pos] = x[n, oh*sh + kh*dh - top, ow*sw + kw*dw - left, c] (0 outside),
  ;; pos running over images n0..n1-1, oh, ow; m = (n1 - n0)*Ho*Wo.
  (func (export "im2col_t") (param $x i32) (param $p i32) (param $H i32) (param $W i32) (param $C i32)
      (param $Ho i32) (param $Wo i32) (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32)
      (param $dh i32) (param $dw i32) (param $top i32) (param $left i32) (param $n0 i32) (param $n1 i32) (param $m i32)
    (local $kh i32) (local $kw i32) (local $n i32) (local $oh i32) (local $ow i32) (local $ih i32) (local $iw i32)
    (local $ms i32) (local $q i32) (local $xr i32) (local $xo i32) (local $g i32) (local $c i32) (local $v v128)
    (local.set $ms (i32.shl (local.get $m) (i32.const 2)))  ;; bytes between patch rows
    (local.set $kh (i32.const 0))
    (loop $lkh
      (local.set $kw (i32.const 0))
      (loop $lkw
        ;; q: byte address of p[(kh*fw + kw)*C, pos]
        (local.set $q (i32.add (local.get $p) (i32.mul (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $fw)) (local.get $kw)) (local.get $C)) (local.get $ms))))
        (local.set $n (local.get $n0))
        (loop $ln
          (local.set $oh (i32.const 0))
          (loop $loh
            (local.set $ih (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $sh)) (i32.mul (local.get $kh) (local.get $dh))) (local.get $top)))
            (local.set $xr (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $ih)) (i32.mul (local.get $W) (local.get $C))) (i32.const 2))))
            (local.set $iw (i32.sub (i32.mul (local.get $kw) (local.get $dw)) (local.get $left)))
            (local.set $ow (i32.const 0))
            (loop $low
              (if (i32.and (i32.and (i32.ge_s (local.get $ih) (i32.const 0)) (i32.lt_s (local.get $ih) (local.get $H)))
                           (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $W))))
                (then
                  (local.set $xo (i32.add (local.get $xr) (i32.shl (i32.mul (local.get $iw) (local.get $C)) (i32.const 2))))
                  (local.set $c (local.get $q))
                  (local.set $g (local.get $C))
                  (loop $lg
                    (local.set $v (v128.load (local.get $xo)))
                    (f32.store (local.get $c) (f32x4.extract_lane 0 (local.get $v)))
                    (local.set $c (i32.add (local.get $c) (local.get $ms)))
                    (f32.store (local.get $c) (f32x4.extract_lane 1 (local.get $v)))
                    (local.set $c (i32.add (local.get $c) (local.get $ms)))
                    (f32.store (local.get $c) (f32x4.extract_lane 2 (local.get $v)))
                    (local.set $c (i32.add (local.get $c) (local.get $ms)))
                    (f32.store (local.get $c) (f32x4.extract_lane 3 (local.get $v)))
                    (local.set $c (i32.add (local.get $c) (local.get $ms)))
                    (local.set $xo (i32.add (local.get $xo) (i32.const 16)))
                    (br_if $lg (local.tee $g (i32.sub (local.get $g) (i32.const 4))))))
                (else
                  (local.set $c (local.get $q))
                  (local.set $g (local.get $C))
                  (loop $lz
                    (f32.store (local.get $c) (f32.const 0))
                    (local.set $c (i32.add (local.get $c) (local.get $ms)))
                    (br_if $lz (local.tee $g (i32.sub (local.get $g) (i32.const 1)))))))
              (local.set $q (i32.add (local.get $q) (i32.const 4)))
              (local.set $iw (i32.add (local.get $iw) (local.get $sw)))
              (br_if $low (i32.lt_s (local.tee $ow (i32.add (local.get $ow) (i32.const 1))) (local.get $Wo))))
            (br_if $loh (i32.lt_s (local.tee $oh (i32.add (local.get $oh) (i32.const 1))) (local.get $Ho))))
          (br_if $ln (i32.lt_s (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $n1))))
        (br_if $lkw (i32.lt_s (local.tee $kw (i32.add (local.get $kw) (i32.const 1))) (local.get $fw))))
      (br_if $lkh (i32.lt_s (local.tee $kh (i32.add (local.get $kh) (i32.const 1))) (local.get $fh)))))

  ;; Conv2DBackpropFilter without patches, for few input channels (the first layer's C = 1), F a
  ;; multiple of 4: dw[kh, kw, c, :] += x[n, ih, iw, c] * dy[n, oh, ow, :] over every output pixel.
  ;; dw must be zeroed by the caller. (An XNNPACK GEMM re-packs dy, its right operand, on every
  ;; call: 4 ms for the reference CNN's first layer, against 1-2 ms for this loop.)
  (func (export "bpf_direct") (param $x i32) (param $dy i32) (param $dw i32) (param $N i32)
      (param $H i32) (param $W i32) (param $C i32) (param $Ho i32) (param $Wo i32) (param $F i32)
      (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dwl i32)
      (param $top i32) (param $left i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32) (local $c i32)
    (local $ih i32) (local $iw i32) (local $xo i32) (local $acc i32) (local $d i32) (local $f i32)
    (local $fb i32) (local $xs v128)
    (local.set $fb (i32.shl (local.get $F) (i32.const 2)))  ;; bytes per dy pixel / dw row
    (local.set $n (i32.const 0))
    (loop $ln
      (local.set $oh (i32.const 0))
      (loop $loh
        (local.set $ow (i32.const 0))
        (loop $low
          (local.set $kh (i32.const 0))
          (loop $lkh
            (local.set $ih (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $sh)) (i32.mul (local.get $kh) (local.get $dh))) (local.get $top)))
            (if (i32.and (i32.ge_s (local.get $ih) (i32.const 0)) (i32.lt_s (local.get $ih) (local.get $H)))
              (then
                (local.set $kw (i32.const 0))
                (loop $lkw
                  (local.set $iw (i32.sub (i32.add (i32.mul (local.get $ow) (local.get $sw)) (i32.mul (local.get $kw) (local.get $dwl))) (local.get $left)))
                  (if (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $W)))
                    (then
                      (local.set $xo (i32.add (local.get $x) (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $ih)) (local.get $W)) (local.get $iw)) (local.get $C)) (i32.const 2))))
                      (local.set $acc (i32.add (local.get $dw) (i32.mul (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $fw)) (local.get $kw)) (local.get $C)) (local.get $fb))))
                      (local.set $c (i32.const 0))
                      (loop $lc
                        (local.set $xs (v128.load32_splat (local.get $xo)))
                        (local.set $d (local.get $dy))
                        (local.set $f (local.get $F))
                        (loop $lf
                          (v128.store (local.get $acc) (f32x4.add (v128.load (local.get $acc)) (f32x4.mul (local.get $xs) (v128.load (local.get $d)))))
                          (local.set $acc (i32.add (local.get $acc) (i32.const 16)))
                          (local.set $d (i32.add (local.get $d) (i32.const 16)))
                          (br_if $lf (local.tee $f (i32.sub (local.get $f) (i32.const 4)))))
                        (local.set $xo (i32.add (local.get $xo) (i32.const 4)))
                        (br_if $lc (i32.lt_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $C))))))
                  (br_if $lkw (i32.lt_s (local.tee $kw (i32.add (local.get $kw) (i32.const 1))) (local.get $fw))))))
            (br_if $lkh (i32.lt_s (local.tee $kh (i32.add (local.get $kh) (i32.const 1))) (local.get $fh))))
          (local.set $dy (i32.add (local.get $dy) (local.get $fb)))
          (br_if $low (i32.lt_s (local.tee $ow (i32.add (local.get $ow) (i32.const 1))) (local.get $Wo))))
        (br_if $loh (i32.lt_s (local.tee $oh (i32.add (local.get $oh) (i32.const 1))) (local.get $Ho))))
      (br_if $ln (i32.lt_s (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $N)))))

  ;; Adam, one pass over n values (any n): m = m0*b1 + g*ob1; v = v0*b2 + (g*g)*ob2;
  ;; p' = p - ((m/c1)*lr) / (sqrt(v/c2) + eps). Every operation in float32 and in the order of
  ;; src/nn/model.ts's adamStep ops (wasm has no fused multiply-add), so the result is the same bits.
  (func (export "adam") (param $p i32) (param $g i32) (param $m0 i32) (param $v0 i32) (param $mo i32) (param $vo i32) (param $po i32) (param $n i32)
    (param $b1 f32) (param $ob1 f32) (param $b2 f32) (param $ob2 f32) (param $c1 f32) (param $c2 f32) (param $lr f32) (param $eps f32)
    (local $end4 i32) (local $end i32) (local $gv v128) (local $mv v128) (local $vv v128)
    (local $B1 v128) (local $OB1 v128) (local $B2 v128) (local $OB2 v128) (local $C1 v128) (local $C2 v128) (local $LR v128) (local $EPS v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $OB1 (f32x4.splat (local.get $ob1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $OB2 (f32x4.splat (local.get $ob2)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $g) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $g) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $g) (local.get $end4)))
      (local.set $gv (v128.load (local.get $g)))
      (local.set $mv (f32x4.add (f32x4.mul (v128.load (local.get $m0)) (local.get $B1)) (f32x4.mul (local.get $gv) (local.get $OB1))))
      (local.set $vv (f32x4.add (f32x4.mul (v128.load (local.get $v0)) (local.get $B2))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $OB2))))
      (v128.store (local.get $mo) (local.get $mv))
      (v128.store (local.get $vo) (local.get $vv))
      (v128.store (local.get $po) (f32x4.sub (v128.load (local.get $p))
        (f32x4.div (f32x4.mul (f32x4.div (local.get $mv) (local.get $C1)) (local.get $LR))
          (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $C2))) (local.get $EPS)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (local.set $m0 (i32.add (local.get $m0) (i32.const 16)))
      (local.set $v0 (i32.add (local.get $v0) (i32.const 16)))
      (local.set $mo (i32.add (local.get $mo) (i32.const 16)))
      (local.set $vo (i32.add (local.get $vo) (i32.const 16)))
      (local.set $po (i32.add (local.get $po) (i32.const 16)))
      (br $vec)))
    (block $done1 (loop $one
      (br_if $done1 (i32.ge_u (local.get $g) (local.get $end)))
      (local.set $gs (f32.load (local.get $g)))
      (local.set $ms (f32.add (f32.mul (f32.load (local.get $m0)) (local.get $b1)) (f32.mul (local.get $gs) (local.get $ob1))))
      (local.set $vs (f32.add (f32.mul (f32.load (local.get $v0)) (local.get $b2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $ob2))))
      (f32.store (local.get $mo) (local.get $ms))
      (f32.store (local.get $vo) (local.get $vs))
      (f32.store (local.get $po) (f32.sub (f32.load (local.get $p))
        (f32.div (f32.mul (f32.div (local.get $ms) (local.get $c1)) (local.get $lr))
          (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (local.set $m0 (i32.add (local.get $m0) (i32.const 4)))
      (local.set $v0 (i32.add (local.get $v0) (i32.const 4)))
      (local.set $mo (i32.add (local.get $mo) (i32.const 4)))
      (local.set $vo (i32.add (local.get $vo) (i32.const 4)))
      (local.set $po (i32.add (local.get $po) (i32.const 4)))
      (br $one))))

  ;; Conv2DBackpropFilter for one input channel, stride 1, dilation 1, F a multiple of 16 (a first
  ;; layer: the reference CNN's conv1). For each group of 16 filters, image and tap, the 16 sums run
  ;; in four vector registers over the tap's valid output rows and columns (one image of dy stays in
  ;; cache across its taps), then are added to dw [fh, fw, 1, F], which the caller zeroes. bpf_direct
  ;; instead updates dw in memory for every pixel and tap (loads and stores in the inner loop).
  (func (export "bpf_c1") (param $x i32) (param $dy i32) (param $dw i32) (param $N i32)
      (param $H i32) (param $W i32) (param $Ho i32) (param $Wo i32) (param $F i32)
      (param $fh i32) (param $fw i32) (param $top i32) (param $left i32)
    (local $fg i32) (local $n i32) (local $kh i32) (local $kw i32) (local $oh i32) (local $ow i32)
    (local $oh0 i32) (local $oh1 i32) (local $ow0 i32) (local $ow1 i32) (local $fb i32)
    (local $xn i32) (local $dn i32) (local $p i32) (local $q i32) (local $acc i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $xs v128)
    (local.set $fb (i32.shl (local.get $F) (i32.const 2)))
    (local.set $fg (i32.const 0))
    (block $fgdone (loop $lfg
      (br_if $fgdone (i32.ge_s (local.get $fg) (local.get $F)))
      (local.set $n (i32.const 0))
      (block $ndone (loop $ln
        (br_if $ndone (i32.ge_s (local.get $n) (local.get $N)))
        (local.set $xn (i32.add (local.get $x) (i32.shl (i32.mul (i32.mul (local.get $n) (local.get $H)) (local.get $W)) (i32.const 2))))
        (local.set $dn (i32.add (local.get $dy) (i32.shl (i32.add (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $Ho)) (local.get $Wo)) (local.get $F)) (local.get $fg)) (i32.const 2))))
        (local.set $kh (i32.const 0))
        (block $khdone (loop $lkh
          (br_if $khdone (i32.ge_s (local.get $kh) (local.get $fh)))
          ;; valid rows: 0 <= oh + kh - top < H
          (local.set $oh0 (i32.sub (local.get $top) (local.get $kh)))
          (if (i32.lt_s (local.get $oh0) (i32.const 0)) (then (local.set $oh0 (i32.const 0))))
          (local.set $oh1 (i32.sub (i32.add (local.get $H) (local.get $top)) (local.get $kh)))
          (if (i32.gt_s (local.get $oh1) (local.get $Ho)) (then (local.set $oh1 (local.get $Ho))))
          (local.set $kw (i32.const 0))
          (block $kwdone (loop $lkw
            (br_if $kwdone (i32.ge_s (local.get $kw) (local.get $fw)))
            (local.set $ow0 (i32.sub (local.get $left) (local.get $kw)))
            (if (i32.lt_s (local.get $ow0) (i32.const 0)) (then (local.set $ow0 (i32.const 0))))
            (local.set $ow1 (i32.sub (i32.add (local.get $W) (local.get $left)) (local.get $kw)))
            (if (i32.gt_s (local.get $ow1) (local.get $Wo)) (then (local.set $ow1 (local.get $Wo))))
            (local.set $a0 (v128.const f32x4 0 0 0 0))
            (local.set $a1 (v128.const f32x4 0 0 0 0))
            (local.set $a2 (v128.const f32x4 0 0 0 0))
            (local.set $a3 (v128.const f32x4 0 0 0 0))
            (local.set $oh (local.get $oh0))
            (block $ohdone (loop $loh
              (br_if $ohdone (i32.ge_s (local.get $oh) (local.get $oh1)))
              (local.set $q (i32.add (local.get $xn) (i32.shl (i32.add (i32.mul (i32.sub (i32.add (local.get $oh) (local.get $kh)) (local.get $top)) (local.get $W))
                (i32.sub (i32.add (local.get $ow0) (local.get $kw)) (local.get $left))) (i32.const 2))))
              (local.set $p (i32.add (local.get $dn) (i32.mul (i32.add (i32.mul (local.get $oh) (local.get $Wo)) (local.get $ow0)) (local.get $fb))))
              (local.set $ow (local.get $ow0))
              (block $owdone (loop $low
                (br_if $owdone (i32.ge_s (local.get $ow) (local.get $ow1)))
                (local.set $xs (v128.load32_splat (local.get $q)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xs) (v128.load (local.get $p)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xs) (v128.load offset=16 (local.get $p)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xs) (v128.load offset=32 (local.get $p)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xs) (v128.load offset=48 (local.get $p)))))
                (local.set $q (i32.add (local.get $q) (i32.const 4)))
                (local.set $p (i32.add (local.get $p) (local.get $fb)))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $low)))
              (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
              (br $loh)))
            (local.set $acc (i32.add (local.get $dw) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $fw)) (local.get $kw)) (local.get $F)) (local.get $fg)) (i32.const 2))))
            (v128.store (local.get $acc) (f32x4.add (v128.load (local.get $acc)) (local.get $a0)))
            (v128.store offset=16 (local.get $acc) (f32x4.add (v128.load offset=16 (local.get $acc)) (local.get $a1)))
            (v128.store offset=32 (local.get $acc) (f32x4.add (v128.load offset=32 (local.get $acc)) (local.get $a2)))
            (v128.store offset=48 (local.get $acc) (f32x4.add (v128.load offset=48 (local.get $acc)) (local.get $a3)))
            (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
            (br $lkw)))
          (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
          (br $lkh)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $ln)))
      (local.set $fg (i32.add (local.get $fg) (i32.const 16)))
      (br $lfg))))
)
