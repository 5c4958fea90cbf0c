// One jest run over every workspace, so CI gets a single pass/fail total.
module.exports = {
  projects: ['<rootDir>/chaincode', '<rootDir>/network', '<rootDir>/gateway-api', '<rootDir>/test'],
};
