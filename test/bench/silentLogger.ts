import type { Logger } from '../../services/ports.js';

/** Benchmarks measure the code, not the terminal: log lines are dropped. */
export const silentLogger: Logger = {
  debug: () => {}, info: () => {}, warn: () => {}, error: () => {},
  child: () => silentLogger,
};
