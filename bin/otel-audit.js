#!/usr/bin/env node
// `otel-audit [paths…]`: see `otel-audit --help` and docs/audit.md. The code is in lib/audit/ (built to dist/).
import { register } from 'node:module';

register('../dist/lib/audit/resolve-hook.js', import.meta.url, {
  data: { pluginUrl: new URL('../dist/index.js', import.meta.url).href },
});

const { main } = await import('../dist/lib/audit/cli.js');
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: Boolean(process.stderr.isTTY),
});
