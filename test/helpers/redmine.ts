// A private Redmine 5 on loopback: Debian's packages, its own instance folder (REDMINE_INSTANCE) with SQLite, thin.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, run, startDaemon, type Daemon } from '../attach/daemon.js';
import { fromTemplate } from '../attach/template-db.js';
import { ensurePackages } from './sshd.js';

const REDMINE_HOME = '/usr/share/redmine';
/** A file each package ships -> the package. */
export const REDMINE_PACKAGES = { [`${REDMINE_HOME}/config.ru`]: 'redmine', '/usr/share/doc/redmine-sqlite': 'redmine-sqlite', '/usr/bin/thin': 'thin' };
// Debian's Redmine keeps instances under /usr/share/redmine/instances -> /var/lib/redmine/NAME
// (lib/redmine/multi_tenancy.rb): config/database.yml, files, log and tmp live there.
const INSTANCES = '/var/lib/redmine';

export interface RedmineServer {
  url: string;
  /** The admin's API key (a fresh admin must change its password: the API key avoids that). */
  key: string;
  /** Project 'hostsnap' and one issue in it. */
  project: string;
  issue: number;
  daemon: Daemon;
  api(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** The issue's attachments, name -> bytes, downloaded through content_url. */
  attachments(issue: number): Promise<Map<string, Buffer>>;
  /** Sets Redmine's attachment_max_size (KiB) in its database; Redmine reloads settings on the next request. */
  setMaxAttachmentKb(kb: number): Promise<void>;
  stop(): Promise<void>;
}

// One Rails boot for everything (each boot costs about 8 s of CPU): the migration, then column
// information re-read (models must see the new tables), default data, the REST API switched on,
// a project and an issue.
const SETUP = `
ActiveRecord::Tasks::DatabaseTasks.migrate
ActiveRecord::Base.descendants.each(&:reset_column_information)
Setting.clear_cache
Redmine::DefaultData::Loader.load('en')
Setting.rest_api_enabled = '1'
admin = User.find_by_login('admin')
project = Project.create!(name: 'Hostsnap', identifier: 'hostsnap', is_public: false, tracker_ids: Tracker.pluck(:id))
project.enabled_module_names = Redmine::AccessControl.available_project_modules
issue = Issue.create!(project: project, tracker: Tracker.first, author: admin, subject: 'web1 is swapping', priority: IssuePriority.first, status: IssueStatus.first)
puts "READY #{admin.api_key} #{issue.id}"
`;

export async function startRedmine(): Promise<RedmineServer> {
  ensurePackages(REDMINE_PACKAGES);
  const instance = `hostsnap-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const root = join(INSTANCES, instance);
  try {
    for (const sub of ['config', 'files', 'log', 'tmp/cache']) mkdirSync(join(root, sub), { recursive: true });
    const db = join(root, 'redmine.sqlite3');
    writeFileSync(join(root, 'config', 'database.yml'), `production:\n  adapter: sqlite3\n  database: ${db}\n  encoding: utf8\n`);
    writeFileSync(join(root, 'config', 'secret_key.txt'), randomBytes(48).toString('hex'), { mode: 0o600 });
    writeFileSync(join(root, 'config', 'configuration.yml'),
      `production:\n  attachments_storage_path: ${join(root, 'files')}\n  email_delivery:\n    delivery_method: :test\n`);
    const env = { ...process.env, REDMINE_INSTANCE: instance, RAILS_ENV: 'production', REDMINE_LANG: 'en' };
    const ready = await fromTemplate('redmine', SETUP, db, async () => {
      // Migrating from a runner (not rake db:migrate) dumps no db/schema.rb into the package's folder.
      const setup = await run('bundle', ['exec', 'rails', 'runner', SETUP], { cwd: REDMINE_HOME, env, timeout: 300_000, maxBuffer: 16 << 20 });
      const found = /READY (\w+) (\d+)/.exec(setup.stdout);
      if (!found) throw new Error(`Redmine setup printed no key:\n${setup.stdout}\n${setup.stderr}`);
      return [found[0], found[1], found[2]];
    });
    const port = await freePort();
    const daemon = await startDaemon(['bundle', 'exec', 'rackup', '-s', 'thin', '-o', '127.0.0.1', '-p', String(port)],
      { port, env, cwd: REDMINE_HOME, readyMs: 180_000 });
    const url = `http://127.0.0.1:${port}`;
    const key = ready[1];
    const api = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
      const res = await fetch(`${url}/${path}`, {
        method, headers: { 'x-redmine-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try { json = JSON.parse(text); } catch { json = text; }
      return { status: res.status, json: json as any };
    };
    const attachments = async (issue: number) => {
      const found = new Map<string, Buffer>();
      const { json } = await api('GET', `issues/${issue}.json?include=attachments`);
      for (const a of json.issue.attachments as { filename: string; content_url: string }[]) {
        const res = await fetch(a.content_url, { headers: { 'x-redmine-api-key': key } });
        found.set(a.filename, Buffer.from(await res.arrayBuffer()));
      }
      return found;
    };
    const setMaxAttachmentKb = async (kb: number) => {
      // Setting.check_cache compares the settings' latest updated_on: touching it makes the server re-read.
      const sql = `UPDATE settings SET value='${kb}', updated_on=datetime('now','+1 second') WHERE name='attachment_max_size';` +
        ` INSERT INTO settings (name, value, updated_on) SELECT 'attachment_max_size', '${kb}', datetime('now','+1 second') WHERE changes() = 0;`;
      await run('ruby', ['-rsqlite3', '-e', 'SQLite3::Database.new(ARGV[0]).execute_batch(ARGV[1])', db, sql], { timeout: 30_000 });
    };
    return {
      url, key, project: 'hostsnap', issue: Number(ready[2]), daemon, api, attachments, setMaxAttachmentKb,
      stop: async () => { await daemon.stop(); rmSync(root, { recursive: true, force: true }); },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
