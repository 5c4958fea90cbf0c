module.exports = {
  displayName: 'gateway-api',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  setupFiles: ['<rootDir>/../chaincode/jest.setup.js'],
  // Tests run against the chaincode's sources, not its build output.
  moduleNameMapper: { '^@points-alliance/chaincode/dist/(.*)$': '<rootDir>/../chaincode/src/$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
};
