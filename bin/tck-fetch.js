#!/usr/bin/env node
// Prints how to get the openCypher TCK that the runner (`node dist/test/tck/run.js`) reads.
// It does not download anything itself: the kit is a checkout of a public repository.
const COMMIT = '677cbafabb8c3c5eed458fd3b1ec0daec8d67d23';

console.log(`The openCypher TCK (Technology Compatibility Kit) is not bundled with QuiverDB.

Get it with:

  git clone https://github.com/opencypher/openCypher
  git -C openCypher checkout ${COMMIT}

then point the runner at its feature files:

  export TCK_FEATURES=$PWD/openCypher/tck/features
  node dist/test/tck/run.js            # or: node dist/test/tck/run.js --features DIR

Without TCK_FEATURES or --features the runner looks for ../shared/tck/features next to the
repository; the named graphs are read from the directory beside features (tck/graphs).`);
