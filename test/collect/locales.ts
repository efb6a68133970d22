// Makes a glibc locale usable on this machine for a test (Debian's `locales` package, localedef).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

function installed(name: string): boolean {
  // `locale -a` spells the codeset without punctuation: fr_FR.UTF-8 is listed as fr_FR.utf8.
  const wanted = name.replace(/\.UTF-8$/i, '.utf8');
  return execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n').includes(wanted);
}

/**
 * Ensures `name` (e.g. fr_FR.UTF-8) is compiled into /usr/lib/locale/locale-archive: installs
 * `locales` with apt-get when its sources are missing, then `localedef` (what locale-gen runs
 * for one entry, without editing /etc/locale.gen). The archive is locked by localedef itself,
 * so another test generating a locale at the same moment is safe.
 */
export function ensureLocale(name: string): void {
  if (installed(name)) return;
  const [lang, charset] = name.split('.');
  if (!existsSync(`/usr/share/i18n/locales/${lang}`)) {
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'locales'], { stdio: 'ignore', timeout: 300_000, env: APT_ENV });
  }
  execFileSync('localedef', ['-i', lang, '-f', charset ?? 'UTF-8', name], { stdio: 'ignore', timeout: 120_000 });
  if (!installed(name)) throw new Error(`locale ${name} is still not listed by locale -a after localedef`);
}
