//! Shorter forms of a handshake's detail for a small pane (80x24): the title keeps a split's
//! second server, a leg keeps its meaning whole; what goes is the least telling part (a
//! server's site folder, the `Handshake - ` label, a code's number, IIS's words, the status),
//! marked `…`.

use crate::tui::model::Model;
use crate::tui::view::rows::clean;
use crate::tui::view::server::server_cell;

/// The pane's title for a handshake in `cols` columns: `Handshake - ` and its grouping words
/// ([`crate::analyze::handshake::Handshake::grouping_words`]). Too long, a split names its servers as the leg rows do
/// (`split: EX01 then EX02`, not `EX01/W3SVC1`), then the `Handshake - ` label goes (the
/// outcome line under it says what it is), so the second server is never what a cut takes.
/// None of these fitting, the one with the servers as the rows name them, cut at its end.
pub fn title(model: &Model, h: usize, cols: usize) -> String {
    let a = &model.data.analysis;
    let hs = &a.handshakes[h];
    let words = a.grouping_words(hs);
    let full = format!("Handshake - {}", clean(&words));
    if full.chars().count() <= cols {
        return full;
    }
    let short = match hs.split.as_deref() {
        Some(split) => {
            let (server, split) = (a.server_shown(&hs.server), a.server_shown(split));
            let name = |l: &str| server_cell(l, l.len());
            let (a, b) = (name(server), name(split));
            let said = format!("split: {server} then {split}");
            if a.eq_ignore_ascii_case(&b) || !words.contains(&said) {
                words
            } else {
                words.replace(&said, &format!("split: {a} then {b}"))
            }
        }
        None => words,
    };
    let short = clean(&short);
    let named = format!("Handshake - {short}");
    if named.chars().count() <= cols || short.chars().count() > cols {
        return named;
    }
    short
}

/// A leg's decoded words (`401.1 SEC_E_INVALID_TOKEN: legs split across connections or
/// servers - 0x80090308 - Logon failed`) short enough that its row, `width` columns for given
/// words, fits `cols`; None when the row fits whole. The parts after the meaning go first, the
/// last first (IIS's words, then the code's number), then the status (the row list beside it
/// shows it) when that makes the meaning fit: the meaning, and the user after it, stay whole,
/// never `…connections or…`. What was left out is marked `…` after the meaning. None
/// fitting: the status and the meaning, cut at their end.
/// Also None when nothing `follows` the words and the row's end cut keeps the meaning whole
/// (it then shows more of the rest: `(leg 0) - 5 ERROR_ACCESS_DENIED…`).
pub(super) fn leg_short(
    words: &str,
    cols: usize,
    follows: bool,
    width: impl Fn(&str) -> usize,
) -> Option<String> {
    if width(words) <= cols {
        return None;
    }
    let sep = crate::codes::Style::Screen.sep();
    let parts: Vec<&str> = words.split(sep).collect();
    if !follows && parts.len() > 1 && width(&format!("{}{sep}", parts[0])) < cols {
        return None;
    }
    let mut last = String::new();
    for keep in (1..parts.len()).rev() {
        last = format!("{}…", parts[..keep].join(sep));
        if width(&last) <= cols {
            return Some(last);
        }
    }
    // The status goes last: `401.1 ` before a meaning that names the code.
    let lead = parts[0];
    let meaning = lead
        .split_once(' ')
        .filter(|(status, _)| {
            status.contains('.') && status.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
        .map_or(lead, |(_, m)| m);
    let bare = format!("{meaning}…");
    if meaning != lead && width(&bare) <= cols {
        return Some(bare);
    }
    // Then the code's name, which the outcome line above names too (`FAILED
    // SEC_E_BAD_BINDINGS …`): its meaning is what tells the cause (`401.1 client channel
    // bindings incorrect (Extended Protection)…`), with its status, else alone.
    if let Some((_, what)) = meaning.split_once(": ").filter(|(name, _)| code_name(name)) {
        let status = &lead[..lead.len() - meaning.len()];
        for form in [format!("{status}{what}…"), format!("{what}…")] {
            if width(&form) <= cols {
                return Some(form);
            }
        }
    }
    (!last.is_empty()).then_some(last)
}

/// A code's symbolic name (`SEC_E_BAD_BINDINGS`, `ERROR_ACCESS_DENIED`, `(as HRESULT)` after
/// it allowed), not words.
fn code_name(text: &str) -> bool {
    let name = text.strip_suffix(" (as HRESULT)").unwrap_or(text);
    !name.is_empty()
        && name.contains('_')
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::leg_short;

    const SPLIT: &str = "401.1 SEC_E_INVALID_TOKEN: legs split across connections or servers - 0x80090308 - Logon failed";

    /// A row of ` 09:00:40 EX02 ` before the words and `after` behind them.
    fn row(after: &'static str) -> impl Fn(&str) -> usize {
        move |w: &str| 15 + w.chars().count() + after.chars().count()
    }

    #[test]
    fn a_leg_that_fits_has_no_short_form() {
        assert_eq!(leg_short(SPLIT, 200, false, row("")), None);
    }

    #[test]
    fn the_number_and_iis_words_go_before_the_meaning_and_the_status_last() {
        assert_eq!(
            leg_short(SPLIT, 100, true, row(" (CONTOSO\\bob)")).as_deref(),
            Some("401.1 SEC_E_INVALID_TOKEN: legs split across connections or servers…")
        );
        assert_eq!(
            leg_short(SPLIT, 80, false, row("")).as_deref(),
            Some("SEC_E_INVALID_TOKEN: legs split across connections or servers…")
        );
    }

    #[test]
    fn with_nothing_after_it_the_end_cut_keeps_a_meaning_that_fits() {
        assert_eq!(leg_short(SPLIT, 90, false, row("")), None);
    }

    #[test]
    fn a_meaning_too_long_even_bare_keeps_its_status() {
        assert_eq!(
            leg_short(SPLIT, 60, true, row(" (user not logged)")).as_deref(),
            Some("401.1 SEC_E_INVALID_TOKEN: legs split across connections or servers…")
        );
    }

    const BINDINGS: &str = "401.1 SEC_E_BAD_BINDINGS: client channel bindings incorrect (Extended Protection) - 0x80090346 - Logon failed";

    /// A row of ` 13:23:46 ` before the words and `after` behind them.
    fn leg_row(after: &'static str) -> impl Fn(&str) -> usize {
        move |w: &str| 10 + w.chars().count() + after.chars().count()
    }

    #[test]
    fn at_80_columns_extended_protection_survives_the_code_name_going() {
        assert_eq!(
            leg_short(BINDINGS, 80, false, leg_row("")).as_deref(),
            Some("401.1 client channel bindings incorrect (Extended Protection)…")
        );
        // A split's server cell before it: still whole.
        assert_eq!(
            leg_short(BINDINGS, 80, false, row("")).as_deref(),
            Some("401.1 client channel bindings incorrect (Extended Protection)…")
        );
        // Narrower: the meaning alone.
        assert_eq!(
            leg_short(BINDINGS, 70, false, leg_row("")).as_deref(),
            Some("client channel bindings incorrect (Extended Protection)…")
        );
    }
}
