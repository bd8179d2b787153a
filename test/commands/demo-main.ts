// Run as a child process by score-demo.test.ts: `sf score demo` in plain Node, so a real Ctrl-C
// (SIGINT) reaches it the way it reaches the CLI. Arguments are the command's flags.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ScoreDemo from '../../src/commands/score/demo.js';

await ScoreDemo.run(process.argv.slice(2), path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'));
