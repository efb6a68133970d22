// The shape of a CLI command module: yargs wiring plus a run() that returns an exit code.
import type { Argv } from 'yargs';
import { commandLineOptions } from '../transport/command-line.js';
import type { SshOptions } from '../transport/index.js';

export interface Command {
  /** yargs command string: 'snapshot [targets..]'. */
  name: string;
  describe: string;
  builder: (yargs: Argv) => Argv;
  /** Returns the exit code; throws HostsnapError subclasses for usage/transport failures. */
  run: (args: Record<string, unknown>) => Promise<number>;
}

/** --obfuscate's help, shared by snapshot, collect (withWriteOptions) and analyze. */
export const obfuscateHelp = 'Replace host and domain names, IP and MAC addresses, user and memory cgroup names with stand-ins, the same across the run; the mapping goes to a private file (printed) outside --out; a value left in any written file fails the run';

/** Options shared by the commands that write (DESIGN.md). */
export function withWriteOptions(yargs: Argv): Argv {
  return yargs
    .option('out', { type: 'string', describe: 'Folder for archives and reports', default: './hostsnap-out' })
    .option('format', { type: 'string', describe: 'Report formats: html,md,json,text', default: 'html,md,json' })
    .option('identity', { type: 'string', describe: 'SSH private key file' })
    .option('accept-new', { type: 'boolean', default: false, describe: 'Record unknown host keys on first use' })
    .option('sudo', { type: 'boolean', default: false, describe: 'Run root-only probes through sudo -n' })
    .option('ssh-config', { alias: 'F', type: 'string', describe: 'ssh_config file to read instead of ~/.ssh/config (as ssh -F)' })
    .option('o', { type: 'string', array: true, describe: 'An ssh_config option, as ssh -o KEY=VALUE (repeatable; only the keywords hostsnap follows): wins over the config files, for the target only. -o StrictHostKeyChecking=no lets an unknown or changed host key in, unverified and never recorded' })
    // Checked once before the command runs (a usage error, exit 2), not per host where it would read
    // as each host's failure. (A coerce would do, but yargs rewraps its errors as YError: exit 4.)
    .middleware((args) => { commandLineOptions(optionValues(args)); })
    // yargs reads --no-redact as redact=false; the pipeline masks secrets unless it is false.
    .option('redact', { type: 'boolean', default: true, describe: 'Mask secrets (passwords, tokens, keys) before anything is written; --no-redact keeps them and the report says so' })
    .option('obfuscate', { type: 'boolean', default: false, describe: obfuscateHelp })
    .option('concurrency', { type: 'number', default: 32, describe: 'Hosts collected at once (32: bench/fleet on 2 cores, 100 hosts: 46 s vs 50 s at 16; 20 hosts: 10.5 s vs 16.3 s; 64 and 100 overload and time out)' });
}

/** The `-o` values as given (yargs gives an array for `array: true`). */
function optionValues(args: Record<string, unknown>): string[] {
  return args.o === undefined ? [] : (Array.isArray(args.o) ? args.o : [args.o]).map(String);
}

/** The SSH options the shared write options give (-F, --identity, --accept-new). */
export function sshOptionsOf(args: Record<string, unknown>): SshOptions {
  const options: SshOptions = { identity: args.identity as string | undefined, acceptNew: Boolean(args.acceptNew) };
  if (args.sshConfig !== undefined) options.sshConfigFile = String(args.sshConfig);
  if (optionValues(args).length > 0) options.commandLine = commandLineOptions(optionValues(args));
  return options;
}

/** The privacy options the shared write options give (--no-redact), for snapshotHost. */
export function privacyOptionsOf(args: Record<string, unknown>): { redact: boolean } {
  return { redact: args.redact !== false };
}
