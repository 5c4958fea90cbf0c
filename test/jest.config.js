module.exports = {
  displayName: 'system',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  setupFiles: ['<rootDir>/../chaincode/jest.setup.js'],
  // Runs the workspaces' sources, not their build output.
  moduleNameMapper: {
    '^@points-alliance/chaincode/dist/(.*)$': '<rootDir>/../chaincode/src/$1',
    '^@points-alliance/gateway-api/(.*)$': '<rootDir>/../gateway-api/src/$1',
    '^@points-alliance/network$': '<rootDir>/../network/src/index.ts',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
};
