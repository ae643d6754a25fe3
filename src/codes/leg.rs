//! What a whole IIS `status substatus win32` triple means (e.g. `401 2 5` = the normal anonymous
//! challenge), and the one-line leg description, meaning first, that reports, tickets and the
//! explorer all use (`leg/words.rs`).

use super::sspi::{
    SEC_E_BAD_BINDINGS, SEC_E_INVALID_TOKEN, SEC_E_LOGON_DENIED, SEC_E_NO_CREDENTIALS,
};
use serde::Serialize;

/// Meaning of a specific status triple, beyond its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LegNote {
    /// `sc-status` it applies to; `None` = any.
    pub status: Option<u16>,
    /// `sc-substatus` it applies to; `None` = any.
    pub substatus: Option<u16>,
    /// `sc-win32-status`.
    pub win32: u32,
    /// A few words for one-line displays.
    pub short: &'static str,
    /// One or two sentences for detail views and tickets.
    pub long: &'static str,
    /// Normal traffic rather than a problem.
    pub benign: bool,
}

const LONG_POLL: &str = "The client went away before the response completed. Usually benign on \
     long-polling requests (EAS Ping, MAPI NotificationWait, EWS streaming) and when clients \
     give up; worth a look only in bursts on short requests.";

static NOTES: &[LegNote] = &[
    LegNote {
        status: Some(401),
        substatus: Some(2),
        win32: 5,
        short: "normal anonymous challenge (leg 0)",
        long: "The request had no (acceptable) Authorization header and was answered with the \
               Negotiate/NTLM challenge: the normal first leg of Windows authentication, not an \
               error.",
        benign: true,
    },
    LegNote {
        status: Some(401),
        substatus: Some(1),
        win32: SEC_E_NO_CREDENTIALS,
        short: "NTLM challenge sent (normal leg 1)",
        long: "The server answered the client's NTLM negotiate message with its challenge: the \
               normal middle leg of NTLM, not an error. It is a problem only when no final leg \
               follows (client gave up, or is stuck repeating it, e.g. after a password change).",
        benign: true,
    },
    LegNote {
        status: Some(401),
        substatus: Some(1),
        win32: SEC_E_BAD_BINDINGS,
        short: "client channel bindings incorrect (Extended Protection)",
        long: "The final NTLM/Kerberos leg was rejected by Extended Protection: the token is \
               bound to another TLS channel, so TLS is terminated between client and Exchange \
               (Hybrid Agent / App Proxy, SSL offloading, inspection proxy).",
        benign: false,
    },
    LegNote {
        status: Some(401),
        substatus: Some(1),
        win32: SEC_E_INVALID_TOKEN,
        short: "legs split across connections or servers",
        long: "The final NTLM message arrived on a connection or server that never issued the \
               challenge: load balancer without affinity, or a proxy pooling connections.",
        benign: false,
    },
    LegNote {
        status: Some(401),
        substatus: Some(1),
        win32: SEC_E_LOGON_DENIED,
        short: "logon denied (likely bad credentials)",
        long: "The final leg was rejected; usually wrong password or a locked, disabled or \
               expired account (uncertain). The Security log (4625) on the server says which.",
        benign: false,
    },
    LegNote {
        status: Some(401),
        substatus: Some(1),
        win32: 1326,
        short: "unknown user name or bad password",
        long: "Typical of failed Basic authentication: wrong user name or password.",
        benign: false,
    },
    LegNote {
        status: Some(401),
        substatus: Some(3),
        win32: 5,
        short: "denied by the file-system ACL",
        long: "Authentication worked but the NTFS ACL on the resource denies the user.",
        benign: false,
    },
    LegNote {
        status: Some(405),
        substatus: Some(0),
        win32: 1,
        short: "handler or verb not available",
        long: "On /EWS/mrsproxy.svc: the svc-Integrated handler mapping is missing (Exchange \
               2010 hybrid) or web.config was overwritten by an upgrade.",
        benign: false,
    },
    LegNote {
        status: None,
        substatus: None,
        win32: 64,
        short: "client disconnected (often benign on long polls)",
        long: LONG_POLL,
        benign: true,
    },
    LegNote {
        status: None,
        substatus: None,
        win32: 1236,
        short: "connection aborted (often benign on long polls)",
        long: LONG_POLL,
        benign: true,
    },
    LegNote {
        status: None,
        substatus: None,
        win32: 995,
        short: "I/O aborted (client gone or app pool recycled)",
        long: "The I/O was aborted: the client disconnected or the application pool recycled. \
               Benign on long polls; in bursts, check for app pool recycles at that time.",
        benign: true,
    },
];

/// What the triple means as a whole, if it is a known pattern.
pub fn leg_note(status: u16, substatus: u16, win32: u32) -> Option<&'static LegNote> {
    NOTES.iter().find(|note| {
        note.win32 == win32
            && note.status.is_none_or(|s| s == status)
            && note.substatus.is_none_or(|s| s == substatus)
    })
}

/// A 401 that is a normal step of Windows authentication, not an error: the anonymous
/// challenge (`401 2 5`) and the NTLM challenge (`401 1 SEC_E_NO_CREDENTIALS`), as the table
/// marks them.
pub fn is_benign_challenge(status: u16, substatus: u16, win32: u32) -> bool {
    status == 401 && leg_note(status, substatus, win32).is_some_and(|n| n.benign)
}

mod words;
pub use words::{LEG_LINE_MAX, LegCode, LegParts, Style, describe_leg, leg_parts, leg_words};
