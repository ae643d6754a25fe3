//! The UI's single door to the status-code decoder ([`crate::codes`]).
//!
//! Every decoded status the UI shows goes through these two functions, so the screen and the
//! reports agree. The decoder's middle dot separator becomes ` - ` here: the UI itself draws
//! only ASCII and plain box drawing (Windows console fonts lack many symbols).

/// `401.1 Logon failed - 0x80090346 SEC_E_BAD_BINDINGS: …` for one request's status triple.
pub fn describe_leg(status: u16, substatus: u16, win32: u32) -> String {
    crate::codes::describe_leg(status, substatus, win32).replace(" \u{b7} ", " - ")
}

/// The decoded status of an index row: [`describe_leg`] when its numbers were logged, else
/// the numbers as written (`-` when not logged); `None` for a row that logs no status at all
/// (HTTPERR lines of dropped connections).
pub fn describe_row(idx: &crate::index::RequestIndex, row: usize) -> Option<String> {
    use crate::index::Numbers;
    let n = idx.numbers(row);
    let (s, sub, w) = idx.status(row);
    if n.absent(Numbers::STATUS) && !n.unread(Numbers::STATUS) {
        return None;
    }
    let logged = crate::escape::escape_control(&idx.status_text(row)).into_owned();
    if n.unread(Numbers::STATUS) || n.unread(Numbers::SUBSTATUS) || n.unread(Numbers::WIN32) {
        return Some(format!("{logged} (a number that does not fit, as logged)"));
    }
    if n.absent(Numbers::SUBSTATUS) || n.absent(Numbers::WIN32) {
        let phrase = crate::codes::http::http_phrase(s).unwrap_or("");
        return Some(format!("{logged} {phrase}").trim_end().to_string());
    }
    Some(describe_leg(s, sub, w))
}

/// `Timer_ConnectionIdle - An idle connection expired …` for an HTTPERR `s-reason`, decoded
/// as `decode` does; `None` when empty.
pub fn describe_reason(reason: &str) -> Option<String> {
    if reason.is_empty() {
        return None;
    }
    let name = crate::escape::escape_control(reason);
    Some(match crate::codes::httperr_reason(reason) {
        Some(r) => format!("{name} - {}", r.meaning),
        None => format!("{name} - HTTP.sys reason not in the table"),
    })
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
