//! An HTTPERR line's tail pasted as logged: `sc-status s-siteid s-reason s-queuename`
//! (`503 1 AppOffline MSExchangeServicesAppPool`, `- - Timer_ConnectionIdle -`). The status
//! and the reason are decoded; the site id is a number that is no code (read alone, `1` would
//! be the Win32 `ERROR_INVALID_FUNCTION`), and the queue name is an application pool.

use super::{Decoded, decode_token, iis_match, parse_status};
use crate::codes::httperr_reason;

/// The decoded status and reason of an HTTPERR tail at the start of `tokens`, and how many
/// tokens it took; None unless the third token is an HTTPERR reason after a status (or `-`)
/// and a site id (or `-`).
pub(super) fn httperr_at(tokens: &[&str]) -> Option<(Vec<Decoded>, usize)> {
    let [status, site, reason, rest @ ..] = tokens else {
        return None;
    };
    let reason = httperr_reason(reason)?;
    if *site != "-" && site.parse::<u32>().is_err() {
        return None;
    }
    let mut out = Vec::with_capacity(2);
    if *status != "-" {
        out.push(Decoded::Iis(iis_match(
            parse_status(status, false)?,
            None,
            None,
        )));
    }
    out.push(Decoded::HttpErr(reason));
    // The queue name when it is no code of its own (`-` when the request reached no queue).
    let queue = rest
        .first()
        .is_some_and(|q| *q == "-" || decode_token(q).is_err());
    Some((out, 3 + usize::from(queue)))
}
