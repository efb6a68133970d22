// Loads and compiles the Handlebars templates of the repository's templates/ folder, once (from the build's precompiled specs when their text matches).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type HandlebarsModule from 'handlebars';
import { InternalError } from '../errors.js';

type Handlebars = typeof HandlebarsModule;
type TemplateSpec = ReturnType<Handlebars['precompile']>;

const require = createRequire(import.meta.url);

/**
 * Templates compiled at build time (scripts/precompile-templates.mjs writes this file beside the
 * compiled module), keyed by the SHA-1 of each template's text: a template edited since the build
 * misses and is compiled here as before. Compiling them at run time cost ~0.3 s of CPU at the
 * first HTML report of a process (0.57 s for the first render against 0.06 s for the next).
 */
export const PRECOMPILED_FILE = 'templates.precompiled.cjs';

/** strict: a field the view model lacks is an error, not an empty string; knownHelpersOnly: the
 *  templates can use the built-in block helpers (#each, #if) and nothing else. */
export const COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true, preventIndent: true } as const;

/** The key of a template's precompiled spec. */
export function sourceKey(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

let precompiled: Record<string, TemplateSpec> | null = null;
/** The build's precompiled specs, or none when the file is absent (a build without the step). */
export function loadPrecompiled(): Record<string, TemplateSpec> {
  const file = join(dirname(fileURLToPath(import.meta.url)), PRECOMPILED_FILE);
  precompiled ??= existsSync(file) ? (require(file) as Record<string, TemplateSpec>) : {};
  return precompiled;
}

/**
 * Handlebars, loaded at the first template: it costs ~0.1 s of CPU and 10 MB to load, and most
 * runs (analyze --format json|text|md, parse, probes) render no HTML. It is CommonJS, so require()
 * loads it synchronously and template() stays synchronous for its callers. With every template
 * precompiled, only its runtime is loaded (no parser, no compiler).
 */
function loadHandlebars(runtimeOnly: boolean): Handlebars {
  return require(runtimeOnly ? 'handlebars/runtime' : 'handlebars') as Handlebars;
}

/** templates/ beside package.json: found by walking up from this module, so the same code works
 *  from src/ (tsx), dist/src/ (a build) and node_modules/hostsnap/dist/src/ (an installed package). */
export function templatesDir(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'report.hbs'))) return join(dir, 'templates');
    if (dirname(dir) === dir) throw new InternalError(`templates/report.hbs not found above ${start}`);
  }
}

/** Every template's text: the top-level ones by name (`report` -> report.hbs), and the partials. */
export function templateSources(dir = templatesDir()): { top: Map<string, string>; partials: Map<string, string> } {
  const read = (folder: string): Map<string, string> => new Map((existsSync(folder) ? readdirSync(folder) : [])
    .filter((file) => file.endsWith('.hbs')).sort().map((file) => [basename(file, '.hbs'), readFileSync(join(folder, file), 'utf8')]));
  return { top: read(dir), partials: read(join(dir, 'partials')) };
}

const compiled = new Map<string, HandlebarsModule.TemplateDelegate>();

/** A compiled top-level template (`report` -> templates/report.hbs) with every partial registered. */
export function template(name: string): HandlebarsModule.TemplateDelegate {
  const cached = compiled.get(name);
  if (cached) return cached;
  const fn = compileTemplate(name, loadPrecompiled());
  compiled.set(name, fn);
  return fn;
}

/**
 * `name` with its partials, from `specs` when every one of them is there for the text now in
 * templates/, else compiled from that text (one way or the other for all: a partial compiled at
 * its first use takes the options of the template that uses it).
 */
export function compileTemplate(name: string, specs: Readonly<Record<string, TemplateSpec>>): HandlebarsModule.TemplateDelegate {
  const { top, partials } = templateSources();
  const text = top.get(name);
  if (text === undefined) throw new InternalError(`no template ${name}.hbs in ${templatesDir()}`);
  const spec = (source: string): TemplateSpec | undefined => specs[sourceKey(source)];
  const allPrecompiled = [text, ...partials.values()].every((source) => spec(source) !== undefined);
  const hbs = loadHandlebars(allPrecompiled).create();
  for (const [partial, source] of partials) hbs.registerPartial(partial, allPrecompiled ? hbs.template(spec(source)!) : source);
  return allPrecompiled ? hbs.template(spec(text)!) : hbs.compile(text, COMPILE_OPTIONS);
}
