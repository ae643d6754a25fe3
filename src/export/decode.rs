//! The one door from `export` to the status-code decoder.
//!
//! Thin calls into [`crate::codes`], and the SSPI codes the verdict text matches on (defined
//! in [`crate::codes::sspi`]).

pub use crate::codes::sspi::{
    SEC_E_BAD_BINDINGS as BAD_BINDINGS, SEC_E_INVALID_TOKEN as INVALID_TOKEN,
    SEC_E_LOGON_DENIED as LOGON_DENIED, SEC_E_UNKNOWN_CREDENTIALS as UNKNOWN_CREDENTIALS,
};

/// The symbolic name of a failure code (`SEC_E_BAD_BINDINGS`).
pub fn failure_name(code: u32) -> Option<&'static str> {
    crate::codes::failure_name(code)
}

/// `0x80090346`.
pub fn hex(code: u32) -> String {
    crate::codes::hex(code)
}
