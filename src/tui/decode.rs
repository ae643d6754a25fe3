//! The UI's single door to the status-code decoder ([`crate::codes`]).
//!
//! Every decoded status the UI shows goes through these two functions, so the screen and the
//! reports agree. The decoder's middle dot separator becomes ` - ` here: the UI itself draws
//! only ASCII and plain box drawing (Windows console fonts lack many symbols).

/// `401.1 Logon failed - 0x80090346 SEC_E_BAD_BINDINGS: …` for one request's status triple.
pub fn describe_leg(status: u16, substatus: u16, win32: u32) -> String {
    crate::codes::describe_leg(status, substatus, win32).replace(" \u{b7} ", " - ")
}

/// The symbolic name of a `sc-win32-status` value (`SEC_E_BAD_BINDINGS`), when known.
pub fn failure_name(code: u32) -> Option<&'static str> {
    crate::codes::failure_name(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_extended_protection_failure_in_ascii() {
        let text = describe_leg(401, 1, 2_148_074_310);
        assert!(text.contains("0x80090346 SEC_E_BAD_BINDINGS"), "{text}");
        assert!(text.is_ascii(), "{text}");
        assert_eq!(failure_name(2_148_074_310), Some("SEC_E_BAD_BINDINGS"));
        assert_eq!(failure_name(0x8009_030E), Some("SEC_E_NO_CREDENTIALS"));
    }
}
