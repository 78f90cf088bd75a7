/**
 * Float64 reference implementations of the course's layers and networks (NCHW layout), with the
 * course's gradient checker. These are the ground truth that GradBook's TF.js layers, code-cell
 * checks and answer keys are compared against.
 */
export * from './ndarray';
export * from './gradcheck';
export * from './layers';
export * from './batchnorm';
export * from './dropout';
export * from './conv';
export * from './pool';
export * from './losses';
export * from './sandwich';
export * from './fcnet';
export * from './convnet';
