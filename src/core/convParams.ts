/**
 * Parameter and multiply-add counts of a standard convolution versus a depthwise-separable one
 * (problem 1 of the first homework). Biases are ignored, as in the homework. The widget, the
 * answer keys (1a, 1b) and the grader all call these functions.
 */

export interface ConvShape {
  /** Input channels C_in. */
  cin: number;
  /** Output channels C_out. */
  cout: number;
  /** Square kernel side K. */
  k: number;
  /** Square output side (stride 1, 'same' padding keeps the input side). */
  size?: number;
}

/** K·K·C_in·C_out: every output channel has a K×K filter over every input channel. */
export function standardConvParams(k: number, cin: number, cout: number): number {
  return k * k * cin * cout;
}

/** Depthwise part K·K·C_in (one K×K filter per input channel) plus pointwise C_in·C_out (1×1). */
export function separableConvParams(k: number, cin: number, cout: number): number {
  return depthwiseParams(k, cin) + pointwiseParams(cin, cout);
}

export function depthwiseParams(k: number, cin: number): number {
  return k * k * cin;
}

export function pointwiseParams(cin: number, cout: number): number {
  return cin * cout;
}

/** Separable over standard; it simplifies to 1/C_out + 1/K². */
export function separableRatio(k: number, cin: number, cout: number): number {
  return separableConvParams(k, cin, cout) / standardConvParams(k, cin, cout);
}

/** Each parameter is used once per output pixel, so multiply-adds = params · H · W. */
export function standardConvMacs(shape: Required<ConvShape>): number {
  return standardConvParams(shape.k, shape.cin, shape.cout) * shape.size * shape.size;
}

export function separableConvMacs(shape: Required<ConvShape>): number {
  return separableConvParams(shape.k, shape.cin, shape.cout) * shape.size * shape.size;
}

export interface ConvComparison {
  standard: { params: number; macs: number };
  depthwise: { params: number; macs: number };
  pointwise: { params: number; macs: number };
  separable: { params: number; macs: number };
  ratio: number;
  ratioFormula: number;
}

export function compareConvolutions(shape: Required<ConvShape>): ConvComparison {
  const { k, cin, cout, size } = shape;
  const px = size * size;
  const dw = depthwiseParams(k, cin);
  const pw = pointwiseParams(cin, cout);
  return {
    standard: { params: standardConvParams(k, cin, cout), macs: standardConvMacs(shape) },
    depthwise: { params: dw, macs: dw * px },
    pointwise: { params: pw, macs: pw * px },
    separable: { params: dw + pw, macs: (dw + pw) * px },
    ratio: separableRatio(k, cin, cout),
    ratioFormula: 1 / cout + 1 / (k * k),
  };
}
