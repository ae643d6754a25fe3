//! The UI's single door to the status-code decoder ([`crate::codes`]).
//!
//! Every decoded status the UI shows goes through these functions, and the words are the
//! reports' own ([`crate::codes::leg_words`], meaning first: a normal step of authentication
//! says so before its code, a failure names itself and what it means, IIS's words come last),
//! in [`Style::Screen`]: parts joined by ` - ` (the UI draws only ASCII and plain box drawing,
//! as Windows console fonts lack many symbols) and never shortened (the pane cuts the line).

use crate::analyze::handshake::Leg;
use crate::codes::{Style, leg_words};

/// `401.1 SEC_E_BAD_BINDINGS: client channel bindings incorrect (Extended Protection) -
/// 0x80090346 - Logon failed` for one request's status triple, as the reports word it.
pub fn describe_leg(status: u16, substatus: u16, win32: u32) -> String {
    leg_words(status, substatus, win32, Style::Screen)
}

/// A handshake's leg in words, as the reports word it ([`Leg::words`]); an unreadable
/// `sc-win32-status` is named as such, never decoded. Not escaped.
pub fn describe_handshake_leg(leg: &Leg) -> String {
    leg.words(Style::Screen)
}

/// The decoded status of an index row: [`describe_leg`] when its numbers were logged, else
/// the numbers as written (`-` when not logged, `…` after the digits of a value the log ends
/// inside: the row is `sources`' cut last line, `SourceStats::cut_line`); `None` for a row
/// that logs no status at all (HTTPERR lines of dropped connections).
pub fn describe_row(
    sources: &[crate::source::SourceInfo],
    idx: &crate::index::RequestIndex,
    row: usize,
) -> Option<String> {
    use crate::index::Numbers;
    let n = idx.numbers(row);
    let (s, sub, w) = idx.status(row);
    if n.absent(Numbers::STATUS) && !n.unread(Numbers::STATUS) {
        return None;
    }
    let logged = crate::escape::escape_control(&idx.status_text(row)).into_owned();
    if n.unread(Numbers::STATUS) || n.unread(Numbers::SUBSTATUS) || n.unread(Numbers::WIN32) {
        return Some(if row_cut(sources, idx, row) {
            format!("{logged}... (cut off: the log ends inside this value, code unknown)")
        } else {
            format!("{logged} (a number that does not fit, as logged)")
        });
    }
    if n.absent(Numbers::SUBSTATUS) || n.absent(Numbers::WIN32) {
        let phrase = crate::codes::http::http_phrase(s).unwrap_or("");
        return Some(format!("{logged} {phrase}").trim_end().to_string());
    }
    Some(describe_leg(s, sub, w))
}

/// Whether an index row's status holds a value the log ends inside: the row is its source's
/// cut last line (`SourceStats::cut_line`) and a code of it was not read as a number.
pub fn row_cut(
    sources: &[crate::source::SourceInfo],
    idx: &crate::index::RequestIndex,
    row: usize,
) -> bool {
    use crate::index::Numbers;
    let n = idx.numbers(row);
    (n.unread(Numbers::STATUS) || n.unread(Numbers::SUBSTATUS) || n.unread(Numbers::WIN32))
        && crate::source::by_id(sources, idx.source)
            .is_some_and(|s| s.stats.cut_line == Some(idx.line_no(row)))
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

/// What a failed handshake's code means, in the words its leg's line gives after the code's
/// name ([`crate::codes::leg_words`]: `client channel bindings incorrect (Extended
/// Protection)` for `SEC_E_BAD_BINDINGS` on a 401.1): the leg table's note for the leg that
/// logged the code, else the code table's meaning; `None` for an unknown or unlogged code.
pub fn failure_meaning(hs: &crate::analyze::handshake::Handshake) -> Option<&'static str> {
    let code = hs.failure_code?;
    let note = hs
        .legs
        .iter()
        .rev()
        .find(|l| l.win32_code() == Some(code))
        .and_then(|l| crate::codes::leg_note(l.status, l.substatus, code))
        .filter(|n| !n.benign);
    match note {
        Some(n) => Some(n.short),
        None => crate::codes::resolve(code).map(|(info, _)| info.meaning),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_extended_protection_failure_in_ascii() {
        let text = describe_leg(401, 1, 2_148_074_310);
        assert!(text.contains("SEC_E_BAD_BINDINGS"), "{text}");
        assert!(text.contains("0x80090346"), "{text}");
        assert!(text.is_ascii(), "{text}");
        assert_eq!(failure_name(2_148_074_310), Some("SEC_E_BAD_BINDINGS"));
        assert_eq!(failure_name(0x8009_030E), Some("SEC_E_NO_CREDENTIALS"));
    }

    /// The first 48 characters: what a leg row at 80 columns keeps after its time, with room
    /// to spare for a user name.
    fn head(text: &str) -> String {
        text.chars().take(48).collect()
    }

    #[test]
    fn a_normal_step_says_so_before_its_code() {
        // Every benign pattern: the anonymous challenge, the NTLM challenge, clients gone.
        for (status, sub, win32, words) in [
            (401, 2, 5, "401.2 normal anonymous challenge (leg 0)"),
            (
                401,
                1,
                0x8009_030E,
                "401.1 NTLM challenge sent (normal leg 1)",
            ),
            (200, 0, 64, "200.0 client disconnected"),
            (200, 0, 1236, "200.0 connection aborted"),
            (200, 0, 995, "200.0 I/O aborted"),
        ] {
            let text = describe_leg(status, sub, win32);
            assert!(head(&text).starts_with(words), "{text}");
            assert!(!head(&text).contains("SEC_E_"), "{text}");
            assert!(!head(&text).contains("failed"), "{text}");
        }
    }

    #[test]
    fn a_failure_names_itself_and_what_it_means_first() {
        for (sub, win32, words) in [
            (1, 2_148_074_310, "401.1 SEC_E_BAD_BINDINGS: client channel"),
            (1, 0x8009_0308, "401.1 SEC_E_INVALID_TOKEN: legs split"),
            (1, 0x8009_030C, "401.1 SEC_E_LOGON_DENIED: logon denied"),
            (1, 1326, "401.1 ERROR_LOGON_FAILURE: unknown user name"),
            (3, 5, "401.3 ERROR_ACCESS_DENIED: denied by the file"),
        ] {
            let text = describe_leg(401, sub, win32);
            assert!(head(&text).starts_with(words), "{text}");
        }
        // IIS's own words and the number still follow.
        let text = describe_leg(401, 1, 2_148_074_310);
        assert!(text.ends_with(" - 0x80090346 - Logon failed"), "{text}");
    }

    #[test]
    fn without_a_pattern_the_status_leads_then_the_code() {
        assert_eq!(describe_leg(200, 0, 0), "200.0 OK");
        let text = describe_leg(404, 0, 2);
        assert!(
            text.starts_with("404.0 Not found - 2 ERROR_FILE_NOT_FOUND"),
            "{text}"
        );
        let text = describe_leg(500, 0, 0x8007_0005);
        assert!(text.contains("ERROR_ACCESS_DENIED (as HRESULT)"), "{text}");
        let text = describe_leg(500, 0, 0x1234_5678);
        assert!(text.ends_with("(unknown code)"), "{text}");
    }

    #[test]
    fn a_leg_whose_code_was_not_logged_says_so() {
        let mut leg = Leg::new(
            crate::source::SourceId(0),
            1,
            0,
            crate::time::UtcMs(0),
            Default::default(),
            (401, 1, 0),
        );
        leg.unlogged = crate::analyze::handshake::Unlogged::win32_unlogged();
        let text = describe_handshake_leg(&leg);
        assert_eq!(
            text,
            "401.1 Logon failed - sc-win32-status not logged: code unknown"
        );
    }
}
