// readInput(path): what `hostsnap analyze PATH` reads, dispatched by what the path holds.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { isKernelLog, readLogFile } from './logfile.js';
import { MAX_FILE_BYTES } from './manifest.js';
import { readPaste } from './paste.js';
import { readArchive, readSnapshotFolder } from './read.js';
import { readSosreport, SOS_MARKERS } from './sosreport.js';
import type { SourceSet } from './types.js';

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null)) !== null;
}

/**
 * *.tar.gz -> a hostsnap archive; a folder with manifest.json or raw/ -> a snapshot folder; a
 * folder with sos_commands/ (or proc/ and var/log/) -> a sosreport; a text file -> a kernel log
 * when nearly every line is one, otherwise a paste of mixed outputs.
 */
export async function readInput(path: string): Promise<SourceSet> {
  const stat = await lstat(path).catch(() => null);
  if (!stat) throw new UsageError(`cannot read ${path}`, { expected: 'an archive, a snapshot or sosreport folder, a log or a text file', found: 'no such file or folder' });
  if (stat.isDirectory()) {
    const names = await readdir(path);
    if (names.includes('sos_commands') || (await Promise.all(SOS_MARKERS.slice(1).map((m) => exists(`${path}/${m}`)))).every(Boolean)) {
      return readSosreport(path);
    }
    return readSnapshotFolder(path);
  }
  if (!stat.isFile()) throw new UsageError(`cannot read ${path}`, { expected: 'a regular file or folder', found: 'something else (device, socket, link)' });
  if (/\.(tar\.gz|tgz)$/i.test(path)) return readArchive(path);
  if (stat.size > MAX_FILE_BYTES) {
    throw new UsageError(`${path}: too large to analyze`, { expected: `at most ${MAX_FILE_BYTES} bytes (cut the log around the incident with tail or sed)`, found: `${stat.size} bytes` });
  }
  const text = await readFile(path, 'utf8');
  if (text.includes('\u0000')) throw new UsageError(`${path}: not a text file`, { expected: 'text: a log or pasted outputs', found: 'binary data' });
  if (isKernelLog(text)) return readLogFile(text, path);
  const pasted = readPaste(text, path);
  // A bare dmesg (kernels without CONFIG_PRINTK_TIME) has no stamps: no section has a shape.
  if (pasted.sources.size === 0 && /invoked oom-killer|Out of memory|page allocation failure/.test(text)) {
    return { ...readLogFile(text, path), sources: new Map([['dmesg', { id: 'dmesg', text, origin: path }]]) };
  }
  if (pasted.sources.size === 0) {
    throw new UsageError(`${path}: nothing hostsnap can read in it`, {
      expected: 'command outputs (free, vmstat, pidstat, /proc files…), kernel log lines, or a snapshot/sosreport folder',
      found: `${text.split('\n').length} lines, none of a known shape`,
    });
  }
  return pasted;
}
