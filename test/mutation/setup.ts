import { fc } from '@fast-check/vitest';

// Stryker runs a mutant's tests by name, and @fast-check/vitest writes the seed into each property's name: with a
// new seed per run no property would ever match. The mutation run therefore uses one seed (npm test keeps random ones).
fc.configureGlobal({ seed: 20_261_129 });
