// Loads and compiles the Handlebars templates of the repository's templates/ folder, once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type HandlebarsModule from 'handlebars';
import { InternalError } from '../errors.js';

type Handlebars = typeof HandlebarsModule;

/**
 * Handlebars, loaded at the first template: it costs ~0.1 s of CPU and 10 MB to load, and most
 * runs (analyze --format json|text|md, parse, probes) render no HTML. It is CommonJS, so require()
 * loads it synchronously and template() stays synchronous for its callers.
 */
let handlebars: Handlebars | null = null;
function loadHandlebars(): Handlebars {
  handlebars ??= createRequire(import.meta.url)('handlebars') as Handlebars;
  return handlebars;
}

/** templates/ beside package.json: found by walking up from this module, so the same code works
 *  from src/ (tsx), dist/src/ (a build) and node_modules/hostsnap/dist/src/ (an installed package). */
export function templatesDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'report.hbs'))) return join(dir, 'templates');
    if (dirname(dir) === dir) throw new InternalError(`templates/report.hbs not found above ${start}`);
  }
}

const compiled = new Map<string, HandlebarsModule.TemplateDelegate>();

/** A compiled top-level template (`report` -> templates/report.hbs) with every partial registered.
 *  strict: a field the view model lacks is an error, not an empty string; knownHelpersOnly: the
 *  templates can use the built-in block helpers (#each, #if) and nothing else. */
export function template(name: string): HandlebarsModule.TemplateDelegate {
  const cached = compiled.get(name);
  if (cached) return cached;
  const dir = templatesDir();
  const hbs = loadHandlebars().create();
  const partials = join(dir, 'partials');
  for (const file of existsSync(partials) ? readdirSync(partials) : []) {
    if (file.endsWith('.hbs')) hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  const fn = hbs.compile(readFileSync(join(dir, `${name}.hbs`), 'utf8'), { strict: true, knownHelpersOnly: true, preventIndent: true });
  compiled.set(name, fn);
  return fn;
}
