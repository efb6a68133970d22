// readInput(path): what `hostsnap analyze PATH` reads, dispatched by what the path holds.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { MAX_FILE_BYTES } from './manifest.js';
import { readArchive, readSnapshotFolder } from './read.js';
import { sniffTarball, tarballKind } from './sniff.js';
import { readSosTarball } from './sos-tarball.js';
import { readSosreport, SOS_MARKERS } from './sosreport.js';
import type { SourceSet } from './types.js';
import { join } from 'node:path';

// The log and paste readers (a text file only) and the redaction (after the read) are imported
// where they are used: a tarball's decoder starts ~25 ms sooner without them, and they load while
// it decodes (bench/analyze).

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null)) !== null;
}

async function isSosFolder(path: string, names: string[]): Promise<boolean> {
  return names.includes('sos_commands') || (await Promise.all(SOS_MARKERS.slice(1).map((m) => exists(`${path}/${m}`)))).every(Boolean);
}

/**
 * The inputs `analyze` reads, one per host: each path as given, except a folder that is neither
 * a sosreport nor a snapshot, which stands for the sosreports in it (tarballs and unpacked
 * folders, as `sos collect` or a ticket's attachments leave them), sorted by name.
 */
export async function expandInputs(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const stat = await lstat(path).catch(() => null);
    const names = stat?.isDirectory() ? (await readdir(path)).sort() : null;
    // A schedule's host folder (OUT/HOST: snapshots, their points, last-run.json) is one input: its history.
    if (names === null || names.includes('manifest.json') || names.includes('raw') || names.includes('last-run.json') ||
      names.some((n) => n.endsWith('.point.json')) || (await isSosFolder(path, names))) {
      out.push(path);
      continue;
    }
    const found: string[] = [];
    for (const name of names) {
      const child = join(path, name);
      const info = await lstat(child);
      if (info.isFile() && (await tarballKind(child).catch(() => 'refused')) !== null) found.push(child);
      else if (info.isDirectory() && (await isSosFolder(child, await readdir(child)))) found.push(child);
    }
    out.push(...(found.length > 1 ? found : [path]));
  }
  return out;
}

/**
 * What `analyze` reads, secrets masked (src/redact) before any report is made of it: an archive
 * made with --no-redact, a sosreport or a paste from a ticket may hold them.
 */
export async function readInput(path: string, options: { redact?: boolean } = {}): Promise<SourceSet> {
  if (options.redact === false) return readUnredacted(path);
  const [set, { redactSourceSet }] = await Promise.all([readUnredacted(path), import('../redact/sources.js')]);
  return redactSourceSet(set).set;
}

/**
 * A tarball (by its magic bytes) -> a hostsnap archive or a sosreport, by its first entries; a
 * folder with manifest.json or raw/ -> a snapshot folder; a folder with sos_commands/ (or proc/
 * and var/log/) -> a sosreport; a text file -> a kernel log
 * when nearly every line is one, otherwise a paste of mixed outputs.
 */
async function readUnredacted(path: string): Promise<SourceSet> {
  const stat = await lstat(path).catch(() => null);
  if (!stat) throw new UsageError(`cannot read ${path}`, { expected: 'an archive, a snapshot or sosreport folder, a log or a text file', found: 'no such file or folder' });
  if (stat.isDirectory()) {
    if (await isSosFolder(path, await readdir(path))) return readSosreport(path);
    return readSnapshotFolder(path);
  }
  if (!stat.isFile()) throw new UsageError(`cannot read ${path}`, { expected: 'a regular file or folder', found: 'something else (device, socket, link)' });
  // A tarball by its content, not its name: sos names its own .tar.xz/.tar.gz/.tar.bz2.
  const sniffed = await sniffTarball(path);
  if (sniffed?.kind === 'hostsnap') return readArchive(path, sniffed.bytes);
  if (sniffed?.kind === 'sosreport') return readSosTarball(path, sniffed.bytes);
  if (/\.(tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?|tar)$/i.test(path)) {
    throw new UsageError(`${path}: neither a hostsnap archive nor a sosreport`, { expected: 'HOST-TIMESTAMP/manifest.json or a sosreport\'s sos_commands/, proc/, version.txt', found: 'no such entry among the first ones' });
  }
  if (stat.size > MAX_FILE_BYTES) {
    throw new UsageError(`${path}: too large to analyze`, { expected: `at most ${MAX_FILE_BYTES} bytes (cut the log around the incident with tail or sed)`, found: `${stat.size} bytes` });
  }
  const [text, { isKernelLog, readLogFile }, { readPaste }] = await Promise.all([readFile(path, 'utf8'), import('./logfile.js'), import('./paste.js')]);
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
