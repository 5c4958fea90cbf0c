module.exports = {
  displayName: 'network',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  // Tests run against the chaincode's sources, not its build output.
  moduleNameMapper: { '^@points-alliance/chaincode/dist/(.*)$': '<rootDir>/../chaincode/src/$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
};
