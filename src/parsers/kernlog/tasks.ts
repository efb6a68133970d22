// The task table of an OOM dump (dump_tasks), read by its own header so every kernel's columns fit.
//
//   [ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name                  (2.6.32-3.x)
//   [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name             (3.x-4.x)
//   [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name    (4.15+)
//   [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name (6.8+)
//   [ 2196]   104  2196      470      175       0             0 rpc.statd
// Pasted logs collapse the blanks ("[ pid ] uid tgid …"): columns are split on any whitespace, and
// the name (a comm may hold blanks: "Web Content") is everything after the numeric columns.
import type { OomTask } from '../kernlog-types.js';

const HEADER = /^\[\s*pid\s*\]\s+(uid\s+tgid\s.*\bname)\s*$/;
const ROW = /^\[\s*(\d+)\]\s+(.*)$/;

/** The column names after "[ pid ]", the last being "name"; null when the line is no header. */
export function parseTaskHeader(body: string): string[] | null {
  const m = HEADER.exec(body);
  return m ? m[1].split(/\s+/) : null;
}

// A row seen without its header (a paste cut above it): "[ pid] uid tgid total_vm rss x y adj name",
// seven integers after the pid in every kernel from 2.6.3x to 6.7; rss is the fourth of them.
const BARE_ROW = /^\[\s*\d+\]\s+(?:-?\d+\s+){7}\S/;
const BARE_COLUMNS = ['uid', 'tgid', 'total_vm', 'rss', 'col5', 'col6', 'oom_score_adj', 'name'];

// dump_tasks prints task->comm, at most 15 characters (TASK_COMM_LEN 16 with its NUL): a longer
// name is no row of the kernel's (an author's wish in prose: "… 0 /usr/bin/python /usr/lib/…/foo.pyc").
const COMM_MAX = 15;

/** The columns to read a headerless dump_tasks row with, or null when the line is no such row. */
export function bareTaskColumns(body: string): string[] | null {
  const m = BARE_ROW.exec(body);
  if (!m) return null;
  return body.slice(m[0].length - 1).trim().length <= COMM_MAX ? BARE_COLUMNS : null;
}

export function parseTaskRow(body: string, columns: string[]): OomTask | null {
  const m = ROW.exec(body);
  if (!m) return null;
  const numeric = columns.length - 1;
  const tokens = m[2].trim().split(/\s+/);
  if (tokens.length < numeric + 1) return null;
  const values: Record<string, number> = {};
  for (let i = 0; i < numeric; i++) {
    const n = Number(tokens[i]);
    if (!Number.isFinite(n) || !/^-?\d+$/.test(tokens[i])) return null;
    values[columns[i]] = n;
  }
  const col = (name: string): number | null => values[name] ?? null;
  return {
    pid: Number(m[1]),
    uid: col('uid'),
    tgid: col('tgid'),
    totalVmPages: col('total_vm'),
    rssPages: col('rss'),
    swapEntries: col('swapents'),
    oomScoreAdj: col('oom_score_adj'),
    name: tokens.slice(numeric).join(' '),
    columns: values,
  };
}
