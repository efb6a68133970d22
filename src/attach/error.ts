// The one error an attach raises: which system, what went wrong (a kind the CLI and tests can tell apart).
import { EXIT, HostsnapError, type ErrorDetail } from '../errors.js';

/**
 * Exit status when the reports were written but could not be attached (DESIGN.md: 5). Local
 * files are kept, and `hostsnap attach FILE… --to TARGET` does it again.
 */
export const EXIT_ATTACH_FAILED = EXIT.attach;

export type AttachFailure =
  | 'config'        // no system configured, unreadable or too open config file
  | 'credentials'   // 401/403: the token, key or password was refused
  | 'not-found'     // the ticket, queue or project does not exist (or is not visible)
  | 'too-large'     // the system refused a file for its size
  | 'unreachable'   // connection refused, reset or DNS
  | 'timeout'       // connected but no answer in time
  | 'tls'           // the certificate did not verify
  | 'half-done'     // Redmine: files uploaded, then the issue update failed: uploads left unattached
  | 'refused';      // any other answer from the system

export class AttachError extends HostsnapError {
  readonly system: string;
  readonly failure: AttachFailure;
  constructor(system: string, failure: AttachFailure, message: string, detail: ErrorDetail = {}) {
    super(`attach to ${system}: ${message}`, detail);
    this.system = system;
    this.failure = failure;
  }
}
