//! The one door from `export` to the status-code decoder.
//!
//! Thin calls into [`crate::codes`], plus the few SSPI constants the verdict text matches on.

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
    crate::codes::failure_name(code)
}

/// `0x80090346`.
pub fn hex(code: u32) -> String {
    crate::codes::hex(code)
}
