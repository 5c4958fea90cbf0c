// Prints CI's closing line, `N passed, N failed`, from jest's JSON results.
const fs = require('node:fs');

const file = process.argv[2];
let passed = 0;
let failed;
if (file && fs.existsSync(file)) {
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed = results.numPassedTests;
  // A suite that fails to load counts as one failure: its tests never ran.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
