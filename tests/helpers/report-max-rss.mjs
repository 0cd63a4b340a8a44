// Preloaded (node --import) into a child process whose peak memory a test checks: writes the
// process's peak resident set size (bytes) to the file named by ATLAS_TEST_MAX_RSS_FILE on exit.
import { writeFileSync } from 'node:fs';

process.once('exit', () => {
  const file = process.env.ATLAS_TEST_MAX_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
