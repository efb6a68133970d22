// A private Request Tracker 5 on loopback: Debian's packages, SQLite in a temp folder, its own site config, rt-server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run, startDaemon, type Daemon } from '../attach/daemon.js';
import { fromTemplate } from '../attach/template-db.js';
import { ensurePackages } from './sshd.js';

const RT_LIB = '/usr/share/request-tracker5/lib';
const RT_SERVER = '/usr/share/request-tracker5/libexec/rt-server';
/** A file each package ships -> the package (scripts/install-host-tools.sh may have installed them). */
export const RT_PACKAGES = { [RT_SERVER]: 'request-tracker5', '/usr/share/doc/rt5-db-sqlite': 'rt5-db-sqlite', '/usr/share/doc/rt5-standalone': 'rt5-standalone' };

export interface RtServer {
  url: string;
  /** An auth token of root (RT 5's built-in RT::AuthToken). */
  token: string;
  /** root's password as RT's initial data sets it. */
  user: string; password: string;
  /** The RT name RT puts in mail subject tags: [rtname #ID]. */
  rtname: string;
  daemon: Daemon;
  /**
   * A second rt-server on the same database with `lines` added to the site config (RT reads its
   * config once, at start): e.g. a small $MaxAttachmentSize. Its own URL; stopped by its pid.
   */
  alsoServe(lines: string[]): Promise<{ url: string; stop(): Promise<void> }>;
  /** A REST2 call as root, JSON back. */
  api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Every attachment with a file name on the ticket: name -> bytes (REST2 sends Content in base64). */
  attachments(ticket: number): Promise<Map<string, Buffer>>;
  stop(): Promise<void>;
}

// An auth token of root, made once the database is set up.
const SETUP_TOKEN = [
  'use RT; RT::LoadConfig(); RT::Init();',
  'my $u = RT::User->new(RT->SystemUser); $u->Load("root");',
  'my ($ok, $msg, $auth) = RT::AuthToken->new(RT->SystemUser)->Create(Owner => $u->Id, Description => "hostsnap test");',
  'die $msg unless $ok; print "$auth\\n";',
].join(' ');

/**
 * RT reads RT_SITE_CONFIG, then every .pm of RT_SITE_CONFIG_DIR: pointing the latter at an empty
 * folder keeps Debian's /etc/request-tracker5/RT_SiteConfig.d (its dbconfig database) out.
 */
export async function startRt(): Promise<RtServer> {
  ensurePackages(RT_PACKAGES);
  const dir = mkdtempSync(join(tmpdir(), 'hostsnap-rt-'));
  try {
    mkdirSync(join(dir, 'site.d'));
    const port = await freePort();
    const rtname = 'rt.hostsnap.test';
    const siteConfig = (name: string, webPort: number, lines: string[]): NodeJS.ProcessEnv => {
      writeFileSync(join(dir, name), [
        `Set($rtname, '${rtname}');`, "Set($Organization, 'hostsnap.test');",
        "Set($DatabaseType, 'SQLite');", `Set($DatabaseName, '${dir}/rt.db');`,
        "Set($WebDomain, '127.0.0.1');", `Set($WebPort, ${webPort});`, "Set($WebPath, '');",
        'Set($LogToSyslog, undef);', "Set($LogToSTDERR, 'error');",
        // RT would send notification mail for each comment: into a file in /tmp, never out.
        "Set($MailCommand, 'testfile');", ...lines, '1;', '',
      ].join('\n'));
      return { ...process.env, RT_SITE_CONFIG: join(dir, name), RT_SITE_CONFIG_DIR: join(dir, 'site.d') };
    };
    const env = siteConfig('RT_SiteConfig.pm', port, []);
    const token = await fromTemplate('request-tracker5', SETUP_TOKEN, join(dir, 'rt.db'), async () => {
      await run('/usr/sbin/rt-setup-database-5', ['--action', 'init', '--skip-create'], { env, cwd: dir, timeout: 180_000 });
      const { stdout } = await run('perl', [`-I${RT_LIB}`, '-e', SETUP_TOKEN], { env, cwd: dir, timeout: 120_000 });
      return stdout.trim().split('\n').pop()!;
    });
    // Two workers instead of Starlet's ten: this machine has two cores and other tests.
    const serve = (at: number, with_: NodeJS.ProcessEnv) => startDaemon([RT_SERVER, '--listen', `127.0.0.1:${at}`, '--max-workers', '2'], { port: at, env: with_, cwd: dir, readyMs: 120_000 });
    const daemon = await serve(port, env);
    const extra: Daemon[] = [];
    const alsoServe = async (lines: string[]) => {
      const other = await freePort();
      const started = await serve(other, siteConfig(`RT_SiteConfig-${other}.pm`, other, lines));
      extra.push(started);
      return { url: `http://127.0.0.1:${other}`, stop: () => started.stop() };
    };
    const url = `http://127.0.0.1:${port}`;
    const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await fetch(`${url}/REST/2.0/${path}`, {
        method, headers: { authorization: `token ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try { json = JSON.parse(text); } catch { json = text; }
      return { status: res.status, json: json as any };
    };
    const attachments = async (ticket: number) => {
      const found = new Map<string, Buffer>();
      const list = await api('GET', `ticket/${ticket}/attachments?per_page=100&fields=Filename`);
      for (const item of list.json.items as { id: string; Filename: string }[]) {
        if (!item.Filename) continue;
        const one = await api('GET', `attachment/${item.id}`);
        found.set(item.Filename, Buffer.from(one.json.Content as string, 'base64'));
      }
      return found;
    };
    return {
      url, token, user: 'root', password: 'password', rtname, daemon, alsoServe, api, attachments,
      stop: async () => {
        for (const d of [...extra, daemon]) await d.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
