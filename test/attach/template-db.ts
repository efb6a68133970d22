// A test server's freshly set-up SQLite database, made once per machine and package version, copied for each instance.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Outside /tmp (cleaned at boot): a new machine makes it on its first run.
const CACHE = '/var/cache/hostsnap-tests';

/**
 * Setting up Redmine (Rails migrations) or RT (rt-setup-database) costs tens of CPU seconds and
 * gives the same database every time for one package version and one setup script. `key` must
 * change with either: the installed version of `pkg` and the setup text are hashed into the name.
 * `build(db)` sets up a database at `db` and returns what the tests need from it (keys, ids).
 */
export async function fromTemplate<T>(pkg: string, setup: string, db: string, build: (db: string) => Promise<T>): Promise<T> {
  const version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });
  const hash = createHash('sha256').update(`${pkg} ${version}\n${setup}`).digest('hex').slice(0, 16);
  const template = join(CACHE, `${pkg}-${hash}.sqlite3`);
  const meta = `${template}.json`;
  if (existsSync(template) && existsSync(meta)) {
    copyFileSync(template, db);
    return JSON.parse(readFileSync(meta, 'utf8')) as T;
  }
  const made = await build(db);
  mkdirSync(CACHE, { recursive: true });
  // Written under temporary names and renamed: two test processes at once never read half a file.
  const suffix = `.${process.pid}.partial`;
  copyFileSync(db, template + suffix);
  writeFileSync(meta + suffix, JSON.stringify(made));
  renameSync(template + suffix, template);
  renameSync(meta + suffix, meta);
  return made;
}
