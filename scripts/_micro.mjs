import { sourceServer } from './source-loader.mjs';
const server = await sourceServer();
const tf = await import('@tensorflow/tfjs');
const { useBackend } = await server.ssrLoadModule('/src/nn/backend.ts');
const K = await server.ssrLoadModule('/src/nn/wasm/kernels.ts');
await useBackend('wasm');
const x = tf.randomNormal([64, 14, 14, 16]);
const w = tf.randomNormal([3, 3, 16, 32]);
const dy = tf.randomNormal([64, 14, 14, 32]);
const time = (label, f, reps = 30) => {
  for (let i = 0; i < 3; i++) tf.dispose(f());
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) tf.dispose(f());
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000 / reps;
  console.log(label.padEnd(28), ms.toFixed(2), 'ms', (57.8e6 / ms / 1e6).toFixed(1), 'GMAC/s');
};
const fwd = () => tf.conv2d(x, w, 1, 'same');
const dx = () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', inputShape: [64, 14, 14, 16], dimRoundingMode: 'floor' });
const dw = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 16, 32], dimRoundingMode: 'floor' });
for (let r = 0; r < 3; r++) {
  K.setConvCnDisabled(false); K.setWinogradDisabled(true);
  time('conv_cn fwd', fwd); time('conv_cn dx', dx);
  K.setBpfCnDisabled(false); time('bpf_cn dw', dw);
  K.setConvCnDisabled(true); K.setWinogradDisabled(false);
  time('winograd fwd', fwd); time('winograd dx', dx);
  K.setWinogradDisabled(true);
  time('xnnpack fwd', fwd); time('xnnpack dx', dx);
  K.setBpfCnDisabled(true); time('im2col+gemm dw', dw);
  K.setConvCnDisabled(false); K.setBpfCnDisabled(false); K.setWinogradDisabled(false);
}
process.exit(0);
