// examples/kubernetes-cronjob.yaml: a valid indexed CronJob whose pods each run one shard, with arguments schedule accepts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoPath } from '../helpers/paths.js';

describe('examples/kubernetes-cronjob.yaml', () => {
  const doc = parse(readFileSync(repoPath('examples', 'kubernetes-cronjob.yaml'), 'utf8'));
  const job = doc.spec.jobTemplate.spec;
  const container = job.template.spec.containers[0];

  it('is an Indexed Job with one pod per shard, never two at once', () => {
    assert.equal(doc.kind, 'CronJob');
    assert.equal(job.completionMode, 'Indexed');
    assert.equal(job.completions, job.parallelism);
    assert.equal(doc.spec.concurrencyPolicy, 'Forbid');
    assert.match(container.args[0], new RegExp(`--shard "\\$\\{JOB_COMPLETION_INDEX\\}/${job.completions}"`));
  });

  it('each index expands to a command line that hostsnap schedule accepts (printed as a crontab line)', () => {
    for (let index = 0; index < job.completions; index++) {
      // The pod's own shell expands the index; --print-cron parses and checks every option without collecting.
      const script = `${container.args[0].replace('node bin/hostsnap.js', `"${process.execPath}" "${repoPath('bin', 'hostsnap.js')}"`).replace(/\|\|.*$/, '')} --cron "${doc.spec.schedule}" --print-cron`;
      const line = execFileSync('/bin/sh', ['-c', script], { env: { ...process.env, JOB_COMPLETION_INDEX: String(index) }, encoding: 'utf8' });
      assert.match(line, new RegExp(`'--shard' '${index}/${job.completions}'`));
    }
  });
});
