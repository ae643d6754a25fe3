//! The one door from `export` to the status-code decoder.
//!
//! MERGE: `crate::codes` (written in parallel) provides `describe_leg`, `failure_name` and
//! `hex`; at merge these three functions become thin calls to it. Until then this is a minimal
//! stand-in that knows the handshake codes ticket text needs.

/// `SEC_E_NO_CREDENTIALS`: the normal challenge leg.
pub const NO_CREDENTIALS: u32 = 0x8009_030E;
/// `SEC_E_INVALID_TOKEN`: legs split across connections.
pub const INVALID_TOKEN: u32 = 0x8009_0308;
/// `SEC_E_LOGON_DENIED`: bad credentials.
pub const LOGON_DENIED: u32 = 0x8009_030C;
/// `SEC_E_UNKNOWN_CREDENTIALS`: credentials not recognised.
pub const UNKNOWN_CREDENTIALS: u32 = 0x8009_030D;
/// `SEC_E_BAD_BINDINGS`: Extended Protection (channel binding) failure.
pub const BAD_BINDINGS: u32 = 0x8009_0346;

/// The symbolic name of a failure code (`SEC_E_BAD_BINDINGS`).
pub fn failure_name(code: u32) -> Option<&'static str> {
    Some(match code {
        NO_CREDENTIALS => "SEC_E_NO_CREDENTIALS",
        INVALID_TOKEN => "SEC_E_INVALID_TOKEN",
        LOGON_DENIED => "SEC_E_LOGON_DENIED",
        UNKNOWN_CREDENTIALS => "SEC_E_UNKNOWN_CREDENTIALS",
        BAD_BINDINGS => "SEC_E_BAD_BINDINGS",
        _ => return None,
    })
}

/// `0x80090346`.
pub fn hex(code: u32) -> String {
    format!("0x{code:08X}")
}

/// A one-line meaning of a `status substatus win32` triple.
pub fn describe_leg(status: u16, substatus: u16, win32: u32) -> String {
    match (status, substatus, win32) {
        (401, 2, 5) => "anonymous request challenged for credentials (normal first leg)".into(),
        (401, 1, NO_CREDENTIALS) => {
            "NTLM challenge sent, SEC_E_NO_CREDENTIALS (normal middle leg)".into()
        }
        (200..=399, _, 0) => format!("HTTP {status}: success"),
        (_, _, code) => match failure_name(code) {
            Some(name) => format!(
                "HTTP {status}.{substatus}: logon failed, {name} ({})",
                hex(code)
            ),
            None if code >= 0x8000_0000 => {
                format!("HTTP {status}.{substatus}, status {}", hex(code))
            }
            None => format!("HTTP {status}.{substatus}, win32 {code}"),
        },
    }
}
