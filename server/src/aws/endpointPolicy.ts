// The one rule for which IAM endpoint GrantCheck may call (CLI, language server and extension all ask it): pure, no I/O.
//
// A request to IAM carries the access key id and, for temporary credentials, the session token in clear in its
// headers (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html); over plain
// http:// anyone on the path reads them and can answer in AWS's name. Plain http:// is therefore only accepted to this
// machine (an emulator such as LocalStack), unless the user explicitly allows it.

export interface EndpointPolicyOptions {
  /** The user explicitly allowed plain http:// to another host (`--allow-insecure-endpoint`, `grantcheck.aws.allowInsecureEndpoint`). */
  allowInsecure?: boolean;
  /** The service named in refusals (default `IAM`; verify-sql's Data API path says `Redshift Data API`). Same rule for every service. */
  service?: string;
}

export type EndpointVerdict =
  | {
      allowed: true;
      /** The endpoint to call, normalised (`scheme://host[:port][/path]`); undefined: AWS's own IAM endpoint. */
      endpoint: string | undefined;
      /** The host is this machine: 127.0.0.0/8, ::1 or localhost. */
      loopback: boolean;
      /** Plain http:// (allowed because the host is loopback, or because the user allowed it). */
      insecure: boolean;
    }
  | {
      allowed: false;
      /** Why the endpoint is refused, naming it: "refusing the IAM endpoint …: …" (without any user name or password it held). */
      reason: string;
      /** The endpoint as given (trimmed), or its normalised form when it parses. */
      endpoint: string;
      loopback: boolean;
      /** True when only the plain-http rule refuses it (so allowing insecure endpoints would accept it). */
      insecure: boolean;
    };

/** Loopback as GrantCheck counts it: 127.0.0.0/8, ::1, localhost (a WHATWG-URL hostname, already lowercased and normalised). */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  // The URL parser writes every IPv4 form (127.1, 0x7f.1, 2130706433) as a dotted quad, so this sees the real address.
  const octets = hostname.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/**
 * Whether GrantCheck may call this IAM endpoint, and the form to call it by. Empty or undefined means AWS's own endpoint.
 * Refused: text that is not an absolute http(s) URL, a URL with a user name or password (it would be printed in every
 * report), and plain http:// to a host other than this machine unless `allowInsecure`.
 */
export function checkIamEndpoint(endpoint: string | undefined, options: EndpointPolicyOptions = {}): EndpointVerdict {
  const given = (endpoint ?? '').trim();
  const service = options.service ?? 'IAM';
  if (given === '') return { allowed: true, endpoint: undefined, loopback: false, insecure: false };
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return { allowed: false, endpoint: given, loopback: false, insecure: false, reason: `refusing the ${service} endpoint "${given}": it is not a URL (expected https://host[:port])` };
  }
  const normalised = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    // Only the scheme is named: the rest of a URL of another scheme ("user:pass@host") is not a host and may be anything.
    return { allowed: false, endpoint: `${url.protocol}…`, loopback: false, insecure: false, reason: `refusing the ${service} endpoint ${url.protocol}…: only https:// (and http:// to this machine) is accepted` };
  }
  if (url.username !== '' || url.password !== '') {
    return { allowed: false, endpoint: normalised, loopback, insecure: false, reason: `refusing the ${service} endpoint ${normalised}: it holds a user name or password; give the endpoint without them` };
  }
  const insecure = url.protocol === 'http:';
  if (insecure && !loopback && options.allowInsecure !== true) {
    return {
      allowed: false,
      endpoint: normalised,
      loopback,
      insecure,
      reason:
        `refusing the ${service} endpoint ${normalised}: plain http:// to a host other than this machine would send your access key id ` +
        'and session token unencrypted, and anyone on the way could answer in AWS\'s name (http:// is accepted only for ' +
        '127.0.0.0/8, ::1 and localhost)',
    };
  }
  return { allowed: true, endpoint: normalised, loopback, insecure };
}

/** ` at <endpoint>` for titles and messages when the endpoint is not AWS's own, else ''. */
export function endpointSuffix(endpoint: string | undefined): string {
  return endpoint ? ` at ${endpoint}` : '';
}

/** The line every text report carries when IAM's answers come from another endpoint than AWS's own. */
export function endpointLine(endpoint: string): string {
  return `IAM endpoint: ${endpoint} (not AWS's own endpoint: the answers come from it, not necessarily from your AWS account)`;
}
