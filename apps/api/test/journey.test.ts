import { describeJourney } from './scenarios/journey.js';
import { startTestApi } from './support.js';

describeJourney('the embedded defaults (PGlite, in-process jobs, memory cache, env secrets)', () =>
  startTestApi(),
);
