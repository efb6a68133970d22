// An HTTP answer that is not a success, said as what it means for an attach.
import { AttachError } from './error.js';
import { excerpt, type HttpAnswer } from './http.js';

/** `what` names the object asked for ("ticket 12", "project ops"): a 404 is about it. */
export function answerError(system: string, answer: HttpAnswer, what: string): AttachError {
  const found = `HTTP ${answer.status}: ${excerpt(answer)}`;
  if (answer.status === 401 || answer.status === 403) {
    return new AttachError(system, 'credentials', `the credentials were refused (${what})`, {
      expected: 'a valid token, key or user and password with the right to comment (config file or HOSTSNAP_* variables)', found,
    });
  }
  if (answer.status === 404) return new AttachError(system, 'not-found', `${what} does not exist (or is not visible to this account)`, { expected: `${what} to exist`, found });
  if (answer.status === 413 || (answer.status === 422 && /exceeds the maximum|too (big|large)|file size/i.test(excerpt(answer)))) {
    return new AttachError(system, 'too-large', `${what} was refused as too large`, {
      expected: 'a file under the system\'s limit (maxAttachmentBytes in the config makes hostsnap leave bigger files out)', found,
    });
  }
  return new AttachError(system, 'refused', `${what}: the system refused the request`, { expected: 'a success (2xx)', found });
}
