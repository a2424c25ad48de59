import type { DiagnosisClass } from '../../contract/features/knock';

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL', 'ENONAME']);
// EPERM/EACCES: a local firewall (or policy) refused to let the packet out; to
// the user that is "cannot get there from here", like a missing route.
const unreachableCodes = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN', 'ENETDOWN', 'EPERM', 'EACCES']);

/**
 * Maps a socket or resolver error code to a diagnosis class. `connected` says
 * whether the TCP handshake had completed: a reset after it is TCP wrappers
 * (or a service that dies on accept), before it is a plain refusal.
 */
export function classifyErrorCode(code: string | undefined, connected: boolean): DiagnosisClass {
  if (code !== undefined && dnsCodes.has(code)) return 'dns-failed';
  if (code !== undefined && unreachableCodes.has(code)) return 'unreachable';
  if (connected) return 'reset-before-banner';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET') return 'refused';
  // ETIMEDOUT: the kernel gave up retransmitting SYNs, i.e. nobody answered.
  return 'filtered';
}

/** Errors that say the packets cannot even leave for the target; waiting longer will not help. */
export function isLocalNetworkFailure(code: string | undefined): boolean {
  return code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ENETDOWN';
}
