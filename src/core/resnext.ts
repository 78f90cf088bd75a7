/**
 * Parameters of a wide bottleneck block vs a ResNeXt block of many thin paths (no biases, as in
 * the homework): in → (1×1) → width → (k×k) → width → (1×1) → out.
 *
 * The split block with `paths` paths of width `pathWidth` is the same count as one grouped block
 * with width = paths·pathWidth and groups = paths: the 1×1 layers are identical sums, and the
 * grouped k×k conv keeps only the `paths` diagonal blocks of size pathWidth × pathWidth.
 */

export interface BottleneckShape {
  /** Input channels (256 in the homework). */
  inChannels: number;
  /** Output channels (256). */
  outChannels: number;
  /** Middle kernel size (3). */
  kernel?: number;
}

export interface LayerCount {
  name: string;
  params: number;
}

export interface BlockCount {
  layers: LayerCount[];
  total: number;
}

function check(n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${what} must be a positive integer, got ${n}`);
}

/** One wide path: in·w + k²·w² + w·out. 256 → 128 → 256: 32,768 + 147,456 + 32,768 = 212,992. */
export function wideBottleneckParams(shape: BottleneckShape, width: number): BlockCount {
  const k = shape.kernel ?? 3;
  check(shape.inChannels, 'in channels');
  check(shape.outChannels, 'out channels');
  check(width, 'width');
  const layers: LayerCount[] = [
    { name: `1×1 ${shape.inChannels}→${width}`, params: shape.inChannels * width },
    { name: `${k}×${k} ${width}→${width}`, params: k * k * width * width },
    { name: `1×1 ${width}→${shape.outChannels}`, params: width * shape.outChannels },
  ];
  return { layers, total: layers.reduce((s, l) => s + l.params, 0) };
}

/**
 * `paths` independent paths of width d, outputs summed: paths·(in·d + k²·d² + d·out).
 * 32 paths of width 4, 256 → 256: 32·(1,024 + 144 + 1,024) = 70,144.
 */
export function resnextParams(shape: BottleneckShape, paths: number, pathWidth: number): BlockCount {
  check(paths, 'paths');
  const one = wideBottleneckParams(shape, pathWidth);
  const layers = one.layers.map((l) => ({ name: `${paths} × ${l.name}`, params: paths * l.params }));
  return { layers, total: paths * one.total };
}

/** The same block written as a grouped convolution (width = paths·pathWidth, groups = paths). */
export function groupedBottleneckParams(shape: BottleneckShape, paths: number, pathWidth: number): number {
  const k = shape.kernel ?? 3;
  const width = paths * pathWidth;
  return shape.inChannels * width + k * k * (width / paths) * width + width * shape.outChannels;
}

export interface ResnextComparison {
  wide: BlockCount;
  resnext: BlockCount;
  /** resnext.total / wide.total. */
  ratio: number;
}

export function compareBottlenecks(
  shape: BottleneckShape,
  wideWidth: number,
  paths: number,
  pathWidth: number,
): ResnextComparison {
  const wide = wideBottleneckParams(shape, wideWidth);
  const resnext = resnextParams(shape, paths, pathWidth);
  return { wide, resnext, ratio: resnext.total / wide.total };
}

/**
 * The largest path width whose ResNeXt block has at most `budget` parameters (the ResNeXt paper's
 * "same complexity" comparison). Returns 0 when even width 1 is over budget.
 */
export function pathWidthForBudget(shape: BottleneckShape, paths: number, budget: number): number {
  const k = shape.kernel ?? 3;
  // paths·(k²d² + (in + out)d) ≤ budget: a quadratic in d; solve, then step down past rounding.
  const a = paths * k * k;
  const b = paths * (shape.inChannels + shape.outChannels);
  let d = Math.floor((-b + Math.sqrt(b * b + 4 * a * budget)) / (2 * a));
  while (d > 0 && resnextParams(shape, paths, d).total > budget) d--;
  while (resnextParams(shape, paths, d + 1).total <= budget) d++;
  return Math.max(d, 0);
}
