// Who the host is, as far as its kernel log tells: syslog's hostname field and the kernel release
// printed in an OOM or warning dump (the kernlog parser does not expose these; see the report).
import type { SourceText } from '../archive/types.js';

export interface KernlogHostHints {
  name: string | null;
  kernel: string | null;
}

// syslog (rsyslog/syslog-ng, RFC 3164): "Sep 10 01:07:31 web1 kernel: ..."
const SYSLOG_HOST = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) kernel:/m;
// 2.6.x–3.x dumps: "Pid: 31143, comm: apache2 Tainted: G W 2.6.39-linode33 #5"
//                  "Pid: 1, comm: init Not tainted 2.6.32-5-686 #1"
const OLD_PID_LINE = /\bPid: \d+, comm: .{1,64}? (?:Tainted: [A-Z ]*?|Not tainted) ?(\d+\.\d+[^\s]*) #/;
// 3.10+ dumps: "CPU: 1 PID: 4242 Comm: stress Not tainted 5.10.0-21-amd64 #1 Debian ..."
const NEW_CPU_LINE = /\bCPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: .{1,64}? (?:Tainted: [A-Z ]*?|Not tainted) ?(\d+\.\d+[^\s]*) #/;
// Boot banner: "Linux version 6.1.0-18-amd64 (debian-kernel@...)"
const LINUX_VERSION = /\bLinux version (\d+\.\d+\S*)/;

export function kernlogHostHints(sources: SourceText[]): KernlogHostHints {
  let name: string | null = null;
  let kernel: string | null = null;
  for (const source of sources) {
    const text = source.text;
    name ??= SYSLOG_HOST.exec(text)?.[1] ?? null;
    kernel ??= (LINUX_VERSION.exec(text) ?? OLD_PID_LINE.exec(text) ?? NEW_CPU_LINE.exec(text))?.[1] ?? null;
  }
  return { name, kernel };
}
