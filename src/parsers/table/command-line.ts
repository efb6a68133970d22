// The echoed command line of a paste ("# free -m", "$ vmstat -S M 1 3", "+ free -b" of sh -x).

/**
 * A pasted output often keeps the prompt line that ran it, and only that line says which unit
 * `free -m` or `vmstat -S M` printed in: the numbers themselves carry none. Returns the
 * arguments after the tool's name on such a line ("-m", "-S M 1 3"), or null when none is seen.
 * A prompt is anything up to "#", "$", ">", "+", ":" or a blank (root@web1:~# , [root@h ~]$ ,
 * sh -x's "+ ", "shell: "). Callers pass only the lines above the table: free's own header
 * ("total used free shared…") would otherwise read as `free` run with arguments.
 */
export function commandArgs(lines: string[], tool: string): string | null {
  const pattern = new RegExp(`^(?:.*[\\s#$>+:])?(?:\\S*/)?(?:busybox\\s+)?${tool}((?:\\s+\\S+)*)\\s*$`);
  for (const line of lines) {
    const match = pattern.exec(line.trim());
    if (match) return match[1].trim();
  }
  return null;
}

/** The value of a short option in an argument string: optionValue('-w -S M 1', 'S') is 'M'. */
export function optionValue(args: string, letter: string): string | null {
  const match = new RegExp(`(?:^|\\s)-[A-Za-z]*${letter}\\s*(\\S+)`).exec(args);
  return match ? match[1] : null;
}

/** True when a short flag is set, alone or in a cluster: hasFlag('-mwl', 'm'). */
export function hasFlag(args: string, letter: string): boolean {
  return new RegExp(`(?:^|\\s)-[A-Za-z]*${letter}`).test(args);
}
