// `hostsnap probes`: the catalogue, with the exact commands a host will run (text or JSON).
import { PROBES } from '../../probes/index.js';
import { auditScript } from '../../probes/script.js';
import type { Probe } from '../../probes/types.js';
import { UsageError } from '../../errors.js';
import type { Command } from '../command.js';

function size(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Indents a multi-line command (the /proc scripts) under its label. */
function block(label: string, command: string): string[] {
  const [first, ...rest] = command.split('\n');
  return [`  ${label}${first}`, ...rest.map((line) => `  ${' '.repeat(label.length)}${line}`)];
}

export function probeText(p: Probe): string {
  const flags = [p.needsRoot ? 'needs root' : '', p.late ? 'runs after the sampling window' : '', p.sampleSeconds ? `samples ${p.sampleSeconds} s` : '']
    .filter(Boolean)
    .join(', ');
  const lines = [
    `${p.id} [${p.area}]  timeout ${p.timeoutMs / 1000} s, cap ${size(p.maxBytes)}${flags ? `, ${flags}` : ''}`,
    `  ${p.description}`,
    ...block('$ ', p.command.run),
  ];
  (p.fallbacks ?? []).forEach((f, i) => {
    lines.push(`  fallback ${i + 1}: ${f.note ?? ''}`, ...block('  $ ', f.run));
  });
  return lines.join('\n');
}

export const probesCommand: Command = {
  name: 'probes',
  describe: 'List what a snapshot collects: every probe with its exact command and fallbacks (--script: the collector script itself)',
  builder: (yargs) =>
    yargs
      .option('format', { type: 'string', default: 'text', describe: 'text or json' })
      .option('script', { type: 'boolean', default: false, describe: 'print the collector script a host runs (sh -s), for audit' })
      .option('sudo', { type: 'boolean', default: false, describe: 'with --script: the script as --sudo builds it' }),
  async run(args) {
    const format = String(args.format);
    if (args.script) {
      process.stdout.write(auditScript(PROBES, Boolean(args.sudo)));
    } else if (format === 'json') {
      process.stdout.write(JSON.stringify({ probes: PROBES }, null, 2) + '\n');
    } else if (format === 'text') {
      process.stdout.write(PROBES.map(probeText).join('\n\n') + '\n');
    } else {
      throw new UsageError(`unknown format '${format}' for probes`, { expected: 'text or json', found: format });
    }
    return 0;
  },
};
