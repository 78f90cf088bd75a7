/** States of the flag a live-cell thread and `gradbook check` share (an Int32Array of one). */
export const FLAG = { waiting: 0, running: 1, done: 2, failed: 3 };
