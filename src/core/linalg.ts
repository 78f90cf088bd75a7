/**
 * Small dense linear algebra on plain arrays (number[][] row-major, number[] vectors), float64.
 *
 * Written by hand rather than taken from mathjs: the widgets call these inside Monte Carlo loops
 * (mathjs's typed dispatch is far too slow there), mathjs `eigs` fails to converge on simple
 * non-symmetric matrices such as a 3-cycle's permutation matrix, and mathjs `pinv` uses an RREF
 * rank factorization with exact-zero tests, which is fragile in floating point. The matrices here
 * are small (a homework's graphs and regression problems), so O(n³) algorithms are fine.
 *
 * Inputs are never mutated; every function returns fresh arrays.
 */

/** Read-only view of a matrix, so callers can pass frozen data. */
export type MatrixLike = readonly (readonly number[])[];
export type VectorLike = readonly number[];
export type Matrix = number[][];
export type Vector = number[];

/** Machine epsilon for float64. */
export const EPS = 2 ** -52;

/** Thrown when a solve or inverse meets a (numerically) singular matrix. */
export class SingularMatrixError extends Error {
  constructor(message = 'Matrix is singular (or numerically so)') {
    super(message);
    this.name = 'SingularMatrixError';
  }
}

// ---------------------------------------------------------------------------------------------
// Construction and shape

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Matrix {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I[i][i] = 1;
  return I;
}

export function clone(A: MatrixLike): Matrix {
  return A.map((row) => row.slice());
}

/** [rows, cols]. A 0-row matrix reports 0 columns: number[][] cannot carry its width. */
export function shape(A: MatrixLike): [number, number] {
  return [A.length, A.length === 0 ? 0 : A[0].length];
}

/** Square matrix with v on the diagonal. */
export function diagMatrix(v: VectorLike): Matrix {
  const D = zeros(v.length, v.length);
  for (let i = 0; i < v.length; i++) D[i][i] = v[i];
  return D;
}

/** The main diagonal of A (length min(rows, cols)). */
export function diag(A: MatrixLike): Vector {
  const [r, c] = shape(A);
  return Array.from({ length: Math.min(r, c) }, (_, i) => A[i][i]);
}

// ---------------------------------------------------------------------------------------------
// Elementwise and products

export function transpose(A: MatrixLike): Matrix {
  const [r, c] = shape(A);
  const T = zeros(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j][i] = A[i][j];
  return T;
}

function assertSameShape(A: MatrixLike, B: MatrixLike, op: string): void {
  const [ar, ac] = shape(A);
  const [br, bc] = shape(B);
  if (ar !== br || ac !== bc) throw new RangeError(`${op}: shapes ${ar}×${ac} and ${br}×${bc} differ`);
}

export function add(A: MatrixLike, B: MatrixLike): Matrix {
  assertSameShape(A, B, 'add');
  return A.map((row, i) => row.map((a, j) => a + B[i][j]));
}

export function sub(A: MatrixLike, B: MatrixLike): Matrix {
  assertSameShape(A, B, 'sub');
  return A.map((row, i) => row.map((a, j) => a - B[i][j]));
}

export function scale(A: MatrixLike, s: number): Matrix {
  return A.map((row) => row.map((a) => a * s));
}

/** Elementwise (Hadamard) product A ∘ B. */
export function hadamard(A: MatrixLike, B: MatrixLike): Matrix {
  assertSameShape(A, B, 'hadamard');
  return A.map((row, i) => row.map((a, j) => a * B[i][j]));
}

export function matmul(A: MatrixLike, B: MatrixLike): Matrix {
  const [ar, ac] = shape(A);
  const [br, bc] = shape(B);
  if (ac !== br) throw new RangeError(`matmul: inner dimensions ${ar}×${ac} · ${br}×${bc} differ`);
  const C = zeros(ar, bc);
  for (let i = 0; i < ar; i++) {
    const Ci = C[i];
    const Ai = A[i];
    for (let k = 0; k < ac; k++) {
      const a = Ai[k];
      if (a === 0) continue;
      const Bk = B[k];
      for (let j = 0; j < bc; j++) Ci[j] += a * Bk[j];
    }
  }
  return C;
}

/** A·x. */
export function matvec(A: MatrixLike, x: VectorLike): Vector {
  const [r, c] = shape(A);
  if (c !== x.length && r > 0) throw new RangeError(`matvec: ${r}×${c} matrix times length-${x.length} vector`);
  return A.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * x[j];
    return s;
  });
}

/** A^k for an integer k ≥ 0 by repeated squaring (exact for integer matrices while < 2^53). */
export function matrixPower(A: MatrixLike, k: number): Matrix {
  const [r, c] = shape(A);
  if (r !== c) throw new RangeError('matrixPower: matrix must be square');
  if (!Number.isInteger(k) || k < 0) throw new RangeError('matrixPower: k must be an integer ≥ 0');
  let result = identity(r);
  let base = clone(A);
  let e = k;
  while (e > 0) {
    if (e & 1) result = matmul(result, base);
    e >>= 1;
    if (e > 0) base = matmul(base, base);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Vectors and norms

export function dot(x: VectorLike, y: VectorLike): number {
  if (x.length !== y.length) throw new RangeError('dot: lengths differ');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Euclidean norm, scaled to avoid overflow/underflow. */
export function norm2(x: VectorLike): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (const v of x) s += (v / m) ** 2;
  return m * Math.sqrt(s);
}

/** ||x||². */
export function sumSquares(x: VectorLike): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

export function vecAdd(x: VectorLike, y: VectorLike): Vector {
  if (x.length !== y.length) throw new RangeError('vecAdd: lengths differ');
  return x.map((v, i) => v + y[i]);
}

export function vecSub(x: VectorLike, y: VectorLike): Vector {
  if (x.length !== y.length) throw new RangeError('vecSub: lengths differ');
  return x.map((v, i) => v - y[i]);
}

export function vecScale(x: VectorLike, s: number): Vector {
  return x.map((v) => v * s);
}

/** Euclidean norm of each column. */
export function columnNorms(A: MatrixLike): Vector {
  const [r, c] = shape(A);
  return Array.from({ length: c }, (_, j) => norm2(Array.from({ length: r }, (_, i) => A[i][j])));
}

/** Largest |A_ij − B_ij|; the usual "equal to 1e-12" measure in tests and widgets. */
export function maxAbsDiff(A: MatrixLike | VectorLike, B: MatrixLike | VectorLike): number {
  const a = (A as readonly unknown[]).flat(1) as number[];
  const b = (B as readonly unknown[]).flat(1) as number[];
  if (a.length !== b.length) throw new RangeError('maxAbsDiff: sizes differ');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(A: MatrixLike): number {
  let m = 0;
  for (const row of A) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}

export function isSquare(A: MatrixLike): boolean {
  const [r, c] = shape(A);
  return r === c;
}

/** Symmetric within an absolute tolerance. */
export function isSymmetric(A: MatrixLike, tol = 0): boolean {
  if (!isSquare(A)) return false;
  for (let i = 0; i < A.length; i++) for (let j = 0; j < i; j++) if (Math.abs(A[i][j] - A[j][i]) > tol) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// LU with partial pivoting, solves, inverse, determinant

export interface LU {
  /** L (unit lower, below the diagonal) and U (on and above it) packed into one matrix. */
  lu: Matrix;
  /** Row i of P·A is row perm[i] of A. */
  perm: number[];
  /** Sign of the permutation, for the determinant. */
  sign: 1 | -1;
  /** True when some pivot is at or below n·ε·max|A| (solves then throw). */
  singular: boolean;
}

export function luDecompose(A: MatrixLike): LU {
  if (!isSquare(A)) throw new RangeError('luDecompose: matrix must be square');
  const n = A.length;
  const lu = clone(A);
  const perm = Array.from({ length: n }, (_, i) => i);
  let sign: 1 | -1 = 1;
  const tol = n * EPS * maxAbs(A);
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i][k]) > Math.abs(lu[p][k])) p = i;
    if (p !== k) {
      [lu[p], lu[k]] = [lu[k], lu[p]];
      [perm[p], perm[k]] = [perm[k], perm[p]];
      sign = sign === 1 ? -1 : 1;
    }
    const pivot = lu[k][k];
    if (Math.abs(pivot) <= tol) {
      singular = true;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i][k] /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i][j] -= f * lu[k][j];
    }
  }
  return { lu, perm, sign, singular };
}

function luSolveVector(d: LU, b: VectorLike): Vector {
  const { lu, perm } = d;
  const n = lu.length;
  const x = perm.map((pi) => b[pi]);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= lu[i][j] * x[j];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) x[i] -= lu[i][j] * x[j];
    x[i] /= lu[i][i];
  }
  return x;
}

/** Solve A x = b (b a vector) or A X = B (B a matrix) by LU with partial pivoting. */
export function solve(A: MatrixLike, b: VectorLike): Vector;
export function solve(A: MatrixLike, B: MatrixLike): Matrix;
export function solve(A: MatrixLike, b: VectorLike | MatrixLike): Vector | Matrix {
  const d = luDecompose(A);
  if (d.singular) throw new SingularMatrixError();
  if (b.length !== A.length) throw new RangeError('solve: right-hand side has the wrong number of rows');
  if (b.length > 0 && Array.isArray(b[0])) {
    const B = b as MatrixLike;
    return transpose(transpose(B).map((col) => luSolveVector(d, col)));
  }
  return luSolveVector(d, b as VectorLike);
}

export function inverse(A: MatrixLike): Matrix {
  return solve(A, identity(A.length));
}

export function det(A: MatrixLike): number {
  const { lu, sign } = luDecompose(A);
  let d: number = sign;
  for (let i = 0; i < lu.length; i++) d *= lu[i][i];
  return d;
}

// ---------------------------------------------------------------------------------------------
// Cholesky (symmetric positive definite)

/** Lower-triangular L with A = L Lᵀ; throws SingularMatrixError when A is not positive definite. */
export function cholesky(A: MatrixLike): Matrix {
  if (!isSquare(A)) throw new RangeError('cholesky: matrix must be square');
  const n = A.length;
  const L = zeros(n, n);
  for (let j = 0; j < n; j++) {
    let s = A[j][j];
    for (let k = 0; k < j; k++) s -= L[j][k] * L[j][k];
    if (!(s > 0)) throw new SingularMatrixError('cholesky: matrix is not positive definite');
    const ljj = Math.sqrt(s);
    L[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = A[i][j];
      for (let k = 0; k < j; k++) t -= L[i][k] * L[j][k];
      L[i][j] = t / ljj;
    }
  }
  return L;
}

/** Solve A x = b for symmetric positive definite A (the normal equations of ridge/Tikhonov). */
export function solveSPD(A: MatrixLike, b: VectorLike): Vector {
  const L = cholesky(A);
  const n = L.length;
  const z = b.slice();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) z[i] -= L[i][k] * z[k];
    z[i] /= L[i][i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) z[i] -= L[k][i] * z[k];
    z[i] /= L[i][i];
  }
  return z;
}

// ---------------------------------------------------------------------------------------------
// SVD (one-sided Jacobi), pseudo-inverse, minimum-norm least squares

export interface SVD {
  /** m×k with orthonormal columns (k = min(m, n)). */
  U: Matrix;
  /** Singular values, descending, length k. */
  s: Vector;
  /** n×k with orthonormal columns. A = U diag(s) Vᵀ. */
  V: Matrix;
}

/**
 * Thin SVD by one-sided (Hestenes) Jacobi: orthogonalize the columns of A by plane rotations.
 * Chosen for accuracy on small matrices (singular values to high relative accuracy), not speed.
 */
export function svd(A: MatrixLike): SVD {
  const [m, n] = shape(A);
  if (m < n) {
    const t = svd(transpose(A));
    return { U: t.V, s: t.s, V: t.U };
  }
  const U = clone(A);
  const V = identity(n);
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < m; k++) {
          alpha += U[k][i] * U[k][i];
          beta += U[k][j] * U[k][j];
          gamma += U[k][i] * U[k][j];
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < m; k++) {
          const ui = U[k][i];
          const uj = U[k][j];
          U[k][i] = c * ui - s * uj;
          U[k][j] = s * ui + c * uj;
        }
        for (let k = 0; k < n; k++) {
          const vi = V[k][i];
          const vj = V[k][j];
          V[k][i] = c * vi - s * vj;
          V[k][j] = s * vi + c * vj;
        }
      }
    }
    if (!rotated) break;
  }
  const s = columnNorms(U);
  const order = s.map((_, i) => i).sort((a, b) => s[b] - s[a]);
  const Us = zeros(m, n);
  const Vs = zeros(n, n);
  const ss = order.map((o) => s[o]);
  order.forEach((o, col) => {
    for (let k = 0; k < m; k++) Us[k][col] = s[o] === 0 ? 0 : U[k][o] / s[o];
    for (let k = 0; k < n; k++) Vs[k][col] = V[k][o];
  });
  return { U: Us, s: ss, V: Vs };
}

/** Singular values at or below this are treated as zero: max(m, n)·ε·σ_max (the NumPy default). */
export function defaultRankTolerance(A: MatrixLike, s: VectorLike): number {
  const [m, n] = shape(A);
  return Math.max(m, n) * EPS * (s.length > 0 ? s[0] : 0);
}

/** Moore–Penrose pseudo-inverse V Σ⁺ Uᵀ. */
export function pinv(A: MatrixLike, tol?: number): Matrix {
  const [m, n] = shape(A);
  const { U, s, V } = svd(A);
  const cut = tol ?? defaultRankTolerance(A, s);
  const P = zeros(n, m);
  for (let k = 0; k < s.length; k++) {
    if (s[k] <= cut) continue;
    const inv = 1 / s[k];
    for (let i = 0; i < n; i++) {
      const vik = V[i][k] * inv;
      if (vik === 0) continue;
      for (let j = 0; j < m; j++) P[i][j] += vik * U[j][k];
    }
  }
  return P;
}

/** argmin ||A x − b|| with the smallest ||x|| among minimizers (= pinv(A)·b). */
export function lstsqMinNorm(A: MatrixLike, b: VectorLike): Vector {
  return matvec(pinv(A), b);
}

export function rank(A: MatrixLike, tol?: number): number {
  const { s } = svd(A);
  const cut = tol ?? defaultRankTolerance(A, s);
  return s.filter((v) => v > cut).length;
}

// ---------------------------------------------------------------------------------------------
// Eigenvalues

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Vector;
  /** Column k of `vectors` is the unit eigenvector of values[k]. */
  vectors: Matrix;
}

/**
 * Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method (accurate for small
 * matrices; eigenvalues to about ε·||A||). Only the lower triangle's symmetry is assumed, not checked.
 */
export function symmetricEigen(A: MatrixLike): SymmetricEigen {
  if (!isSquare(A)) throw new RangeError('symmetricEigen: matrix must be square');
  const n = A.length;
  const a = clone(A);
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
    if (off === 0) break;
    let diagScale = 0;
    for (let i = 0; i < n; i++) diagScale += a[i][i] * a[i][i];
    if (off <= EPS * EPS * (diagScale + off) * 1e-2) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p][q];
        if (apq === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = diag(a);
  const order = values.map((_, i) => i).sort((x, y) => values[x] - values[y]);
  return {
    values: order.map((o) => values[o]),
    vectors: v.map((row) => order.map((o) => row[o])),
  };
}

/** Eigenvalues of a symmetric matrix, ascending. */
export function symmetricEigenvalues(A: MatrixLike): Vector {
  return symmetricEigen(A).values;
}

export interface Complex {
  re: number;
  im: number;
}

/**
 * All eigenvalues of a general real square matrix: reduction to upper Hessenberg form by
 * elimination with pivoting, then the Francis double-shift QR iteration (the classic
 * elmhes/hqr pair). Sorted by real part, then imaginary part. Complex eigenvalues come in
 * conjugate pairs. Use `symmetricEigenvalues` for symmetric input: it is more accurate.
 */
export function eigenvalues(A: MatrixLike): Complex[] {
  if (!isSquare(A)) throw new RangeError('eigenvalues: matrix must be square');
  const n = A.length;
  if (n === 0) return [];
  const a = clone(A);
  toHessenberg(a);
  const { wr, wi } = hessenbergQR(a);
  const out = wr.map((re, i) => ({ re, im: wi[i] }));
  out.sort((x, y) => x.re - y.re || x.im - y.im);
  return out;
}

/** In-place similarity reduction to upper Hessenberg form (Gaussian elimination with pivoting). */
function toHessenberg(a: Matrix): void {
  const n = a.length;
  for (let m = 1; m < n - 1; m++) {
    let x = 0;
    let i = m;
    for (let j = m; j < n; j++) {
      if (Math.abs(a[j][m - 1]) > Math.abs(x)) {
        x = a[j][m - 1];
        i = j;
      }
    }
    if (i !== m) {
      for (let j = m - 1; j < n; j++) [a[i][j], a[m][j]] = [a[m][j], a[i][j]];
      for (let j = 0; j < n; j++) [a[j][i], a[j][m]] = [a[j][m], a[j][i]];
    }
    if (x !== 0) {
      for (let r = m + 1; r < n; r++) {
        let y = a[r][m - 1];
        if (y !== 0) {
          y /= x;
          a[r][m - 1] = y;
          for (let j = m; j < n; j++) a[r][j] -= y * a[m][j];
          for (let j = 0; j < n; j++) a[j][m] += y * a[j][r];
        }
      }
    }
  }
  // The multipliers left below the subdiagonal are not part of the Hessenberg matrix.
  for (let r = 2; r < n; r++) for (let c = 0; c < r - 1; c++) a[r][c] = 0;
}

const sign = (a: number, b: number): number => (b >= 0 ? Math.abs(a) : -Math.abs(a));

/** Eigenvalues of an upper Hessenberg matrix (destroyed) by shifted QR with deflation. */
function hessenbergQR(a: Matrix): { wr: number[]; wi: number[] } {
  const n = a.length;
  const wr = new Array<number>(n).fill(0);
  const wi = new Array<number>(n).fill(0);
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(a[i][j]);
  let nn = n - 1;
  let t = 0;
  let p = 0;
  let q = 0;
  let r = 0;
  let s = 0;
  let w = 0;
  let x = 0;
  let y = 0;
  let z = 0;
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      for (l = nn; l >= 1; l--) {
        s = Math.abs(a[l - 1][l - 1]) + Math.abs(a[l][l]);
        if (s === 0) s = anorm;
        if (Math.abs(a[l][l - 1]) + s === s) {
          a[l][l - 1] = 0;
          break;
        }
      }
      x = a[nn][nn];
      if (l === nn) {
        wr[nn] = x + t;
        wi[nn] = 0;
        nn--;
      } else {
        y = a[nn - 1][nn - 1];
        w = a[nn][nn - 1] * a[nn - 1][nn];
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + sign(z, p);
            wr[nn - 1] = wr[nn] = x + z;
            if (z !== 0) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = -z;
            wi[nn] = z;
          }
          nn -= 2;
        } else {
          if (its === 60) throw new Error('eigenvalues: QR iteration did not converge');
          if (its === 10 || its === 20 || its === 40) {
            // Exceptional shift: breaks the cycles an exactly symmetric pattern (e.g. a permutation) can fall into.
            t += x;
            for (let i = 0; i <= nn; i++) a[i][i] -= x;
            s = Math.abs(a[nn][nn - 1]) + Math.abs(a[nn - 1][nn - 2]);
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          its++;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = a[m][m];
            r = x - z;
            s = y - z;
            p = (r * s - w) / a[m + 1][m] + a[m][m + 1];
            q = a[m + 1][m + 1] - z - r - s;
            r = a[m + 2][m + 1];
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(a[m][m - 1]) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(a[m - 1][m - 1]) + Math.abs(z) + Math.abs(a[m + 1][m + 1]));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            a[i][i - 2] = 0;
            if (i !== m + 2) a[i][i - 3] = 0;
          }
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = a[k][k - 1];
              q = a[k + 1][k - 1];
              r = 0;
              if (k !== nn - 1) r = a[k + 2][k - 1];
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            s = sign(Math.sqrt(p * p + q * q + r * r), p);
            if (s !== 0) {
              if (k === m) {
                if (l !== m) a[k][k - 1] = -a[k][k - 1];
              } else {
                a[k][k - 1] = -s * x;
              }
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = a[k][j] + q * a[k + 1][j];
                if (k !== nn - 1) {
                  p += r * a[k + 2][j];
                  a[k + 2][j] -= p * z;
                }
                a[k + 1][j] -= p * y;
                a[k][j] -= p * x;
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * a[i][k] + y * a[i][k + 1];
                if (k !== nn - 1) {
                  p += z * a[i][k + 2];
                  a[i][k + 2] -= p * r;
                }
                a[i][k + 1] -= p * q;
                a[i][k] -= p;
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return { wr, wi };
}
