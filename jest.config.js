import { createDefaultEsmPreset } from 'ts-jest';

export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // Two test files at a time: most suites wait on loopback servers and timers, not the CPU, so on the
  // two-core machines CI runs on, one file at a time (jest's default there) left a core idle.
  maxWorkers: 2,
};
