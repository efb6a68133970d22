// uname -a (GNU coreutils, busybox) and plain uname -srm.
import { defineParser, unparsed } from './types.js';
import { fieldsOf, linesOf } from './lines/text.js';

/**
 * `uname -a` prints kernel name, node name, release, version (several words, starting with
 * "#"), machine, processor, hardware platform and operating system. Upstream coreutils (Debian)
 * leaves processor and platform out when they are "unknown"; Red Hat's and Ubuntu's patched
 * coreutils print them ("x86_64 x86_64 x86_64"); busybox prints the Debian layout:
 *   Linux vm 6.18.44-fc-v782 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux            (coreutils 9.1)
 *   Linux mymachine 2.6.18-194.e15PAE #1 SMP Fri Apr 2 15:37:44 EDT 2010 i686 i686 i386 GNU/Linux
 * The version's words are free text, so the machine is found from the right, among words that
 * name an architecture. `uname -srm` prints three words: "Linux 2.6.39-linode33 i686".
 */
export interface UnameFacts {
  kernelName: string;
  nodename: string | null;
  release: string;
  version: string | null;
  /** i686, x86_64, aarch64… */
  machine: string;
  /** 32 or 64 from the machine name; null when unknown. */
  bits: 32 | 64 | null;
  /** uname -p and -i when printed (Red Hat coreutils: "i686 i386"), else null. */
  processor: string | null;
  hardwarePlatform: string | null;
  /** "GNU/Linux" and the like, when printed. */
  operatingSystem: string | null;
}

const BITS_OF_MACHINE: Array<[RegExp, 32 | 64]> = [
  [/^(x86_64|amd64|aarch64|arm64|aarch64_be|ppc64|ppc64le|s390x|mips64\w*|riscv64|sparc64|ia64|alpha|loongarch64|parisc64)$/, 64],
  // armv8l is a 32-bit userland (or a 32-bit personality) on a 64-bit ARM CPU.
  [/^(i[3-6]86|x86|armv\d+\w*|arm|armeb|ppc|ppcle|s390|mips|mipsel|riscv32|sparc|m68k|sh\d\w*|parisc|microblaze\w*)$/, 32],
];

/** 32 or 64 from a machine name as uname -m prints it; null for a name not known here. */
export function bitsOfMachine(machine: string): 32 | 64 | null {
  return BITS_OF_MACHINE.find(([re]) => re.test(machine))?.[1] ?? null;
}

const MACHINE_LIKE = /^(x86_64|amd64|i[3-6]86|x86|aarch64\w*|arm\w*|ppc\w*|s390x?|mips\w*|riscv\d+|sparc\w*|ia64|alpha|loongarch64|m68k|sh\d\w*|parisc\w*|microblaze\w*|athlon|pentium\w*|unknown)$/;
const OS_LIKE = /^(GNU\/Linux|Linux|Android|GNU)$/;
const KERNEL_NAME = /^[A-Za-z][\w./-]*$/;
const RELEASE = /^\d+\.\d+/;

function facts(words: string[], nodename: string | null, version: string | null, tail: string[], os: string | null): UnameFacts {
  const [machine, processor = null, hardwarePlatform = null] = tail;
  return { kernelName: words[0], nodename, release: words[nodename === null ? 1 : 2], version, machine,
    bits: bitsOfMachine(machine), processor, hardwarePlatform, operatingSystem: os };
}

export const uname = defineParser<UnameFacts>({
  name: 'uname',
  sources: ['uname'],
  description: `uname -a (GNU coreutils, busybox) and plain uname -srm.`,
  parse(text) {
    const line = linesOf(text).map((l) => l.trim()).find((l) => l !== '') ?? '';
    const words = fieldsOf(line);
    if (!KERNEL_NAME.test(words[0] ?? '')) return unparsed('no kernel name (Linux…) first', text);
    if (words.length === 1) return unparsed('only the kernel name (plain `uname`): release and machine need `uname -a`', text);
    // uname -srm: "Linux 2.6.39-linode33 i686"
    if (words.length === 3 && RELEASE.test(words[1]) && MACHINE_LIKE.test(words[2])) {
      return facts(words, null, null, [words[2]], null);
    }
    if (words.length < 5 || !RELEASE.test(words[2])) return unparsed('expected `uname -a`: NAME HOST RELEASE #VERSION… MACHINE', text);
    const os = OS_LIKE.test(words[words.length - 1]) ? words[words.length - 1] : null;
    const end = os === null ? words.length : words.length - 1;
    // Up to three architecture words (machine, processor, platform) before the OS, read from the right.
    let start = end;
    while (start > 4 && end - start < 3 && MACHINE_LIKE.test(words[start - 1])) start--;
    if (start === end) start = end - 1; // an architecture not known here: the word before the OS
    if (start <= 3) return unparsed('no machine word after the version', text);
    const tail = words.slice(start, end).filter((w) => w !== 'unknown');
    if (tail.length === 0) tail.push(words[start]);
    return facts(words, words[1], words.slice(3, start).join(' '), tail, os);
  },
});
