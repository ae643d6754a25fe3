//! Shorter forms of a handshake's detail for a small pane (80x24): the title keeps a split's
//! second server, a leg keeps its status and its meaning whole; what goes is the least telling
//! part (a server's site folder, the `Handshake - ` label, IIS's words, a code's number, then
//! its name), marked `…`.

use crate::tui::model::Model;
use crate::tui::view::rows::clean;
use crate::tui::view::server::{Cut, cut_cell, loaded_labels, server_cell};

/// The pane's title for a handshake in `cols` columns: `Handshake - ` and its grouping words
/// ([`crate::analyze::handshake::Handshake::grouping_words`]). Too long, a split names its servers as the leg rows do
/// (`split: EX01 then EX02`, not `EX01/W3SVC1`), then the `Handshake - ` label goes (the
/// outcome line under it says what it is), then the servers are named by their cells as the
/// leg rows cut them, so the second server is never what a cut takes. None of these fitting,
/// the one with the cells, cut at its end.
pub fn title(model: &Model, h: usize, cols: usize) -> String {
    let a = &model.data.analysis;
    let hs = &a.handshakes[h];
    let words = a.grouping_words(hs);
    let full = format!("Handshake - {}", clean(&words));
    if full.chars().count() <= cols {
        return full;
    }
    // The split's servers by their names, then by their cells as the leg rows cut them
    // (`split: EX…1-NYC then EX…2-NYC`), never both alike.
    let cap = if model.size.0 >= 120 { 14 } else { 8 };
    let forms: Vec<String> = match hs.split.as_deref() {
        Some(split) => {
            let (server, split) = (a.server_named(&hs.server), a.server_named(split));
            let said = format!("split: {server} then {split}");
            let mut labels = loaded_labels(model, &a.server_names());
            labels.extend([clean(server), clean(split)]);
            let cut = Cut::apart(&labels, cap);
            let whole = |l: &str| server_cell(l, l.len());
            let celled = |l: &str| cut_cell(&clean(l), cap, cut);
            [
                (whole(server), whole(split)),
                (celled(server), celled(split)),
            ]
            .into_iter()
            .filter(|(a, b)| !a.eq_ignore_ascii_case(b) && words.contains(&said))
            .map(|(a, b)| words.replace(&said, &format!("split: {a} then {b}")))
            .collect()
        }
        None => Vec::new(),
    };
    let forms: Vec<String> = if forms.is_empty() {
        vec![clean(&words)]
    } else {
        forms.iter().map(|f| clean(f)).collect()
    };
    for short in &forms {
        let named = format!("Handshake - {short}");
        if named.chars().count() <= cols {
            return named;
        }
        if short.chars().count() <= cols {
            return short.clone();
        }
    }
    format!("Handshake - {}", forms.last().map_or("", String::as_str))
}

/// A leg's decoded words ([`crate::codes::leg_words`]: `401.1 SEC_E_INVALID_TOKEN: legs split
/// across connections or servers - 0x80090308 - Logon failed`) short enough that its row,
/// `width` columns for given words, fits `cols`; None when the row fits whole. The first of
/// [`leg_forms`] that fits, marked `…` where parts were left out; none fitting, the last (the
/// status and the meaning), which the row then cuts at its end.
pub(super) fn leg_short(
    words: &str,
    forms: &[String],
    cols: usize,
    width: impl Fn(&str) -> usize,
) -> Option<String> {
    if width(words) <= cols {
        return None;
    }
    let marked: Vec<String> = forms.iter().map(|f| format!("{f}…")).collect();
    marked
        .iter()
        .find(|f| width(f) <= cols)
        .or(marked.last())
        .cloned()
}

/// The shorter forms of a leg's words, longest first, each with a part more left out: IIS's
/// words first (its `Logon failed` for every 401.1), then the code's number, then its name
/// (the outcome line names a failure's code too); the status and what the leg means stay:
/// `401.1 NTLM challenge sent (normal leg 1) - SEC_E_NO_CREDENTIALS`, `401.1 client channel
/// bindings incorrect (Extended Protection)`, `401.1 No authority (domain controller / KDC)
/// could be contacted`. `win32` is None when the logged value was not a number.
pub(super) fn leg_forms(status: u16, substatus: u16, win32: Option<u32>) -> Vec<String> {
    let sep = crate::codes::Style::Screen.sep();
    let p = crate::codes::leg_parts(status, substatus, win32.unwrap_or(0));
    let (st, m) = (&p.status, p.meaning());
    let Some(code) = p.code.as_ref().filter(|_| win32.is_some()) else {
        return vec![format!("{st} {}", p.iis)];
    };
    let n = &code.number;
    match (p.note, &code.name) {
        (Some(note), Some(name)) if note.benign => vec![
            format!("{st} {m}{sep}{n} {name}"),
            format!("{st} {m}{sep}{name}"),
            format!("{st} {m}"),
        ],
        (Some(_), Some(name)) => vec![
            format!("{st} {name}: {m}{sep}{n}"),
            format!("{st} {name}: {m}"),
            format!("{st} {m}"),
        ],
        (Some(_), None) => vec![format!("{st} {m}{sep}{n}"), format!("{st} {m}")],
        (None, Some(name)) => vec![
            format!("{st} {}{sep}{name}: {m}", p.iis),
            format!("{st} {name}: {m}"),
            format!("{st} {m}"),
        ],
        (None, None) => vec![format!("{st} {m}{sep}{n}"), format!("{st} {m}")],
    }
}

#[cfg(test)]
mod tests {
    use super::{leg_forms, leg_short};
    use crate::codes::{Style, leg_words};

    /// The row's short form for a triple at `cols`, `width` the row for given words.
    fn short(
        (status, sub, win32): (u16, u16, u32),
        cols: usize,
        width: impl Fn(&str) -> usize,
    ) -> Option<String> {
        let words = leg_words(status, sub, win32, Style::Screen);
        leg_short(&words, &leg_forms(status, sub, Some(win32)), cols, width)
    }

    const SPLIT: (u16, u16, u32) = (401, 1, 0x8009_0308);

    /// A row of ` 09:00:40 EX02 ` before the words and `after` behind them.
    fn row(after: &'static str) -> impl Fn(&str) -> usize {
        move |w: &str| 15 + w.chars().count() + after.chars().count()
    }

    #[test]
    fn a_leg_that_fits_has_no_short_form() {
        assert_eq!(short(SPLIT, 200, row("")), None);
    }

    #[test]
    fn iis_words_go_first_then_the_number_then_the_name_and_the_status_stays() {
        assert_eq!(
            short(SPLIT, 100, row(" (CONTOSO\\bob)")).as_deref(),
            Some("401.1 SEC_E_INVALID_TOKEN: legs split across connections or servers…")
        );
        // A split's server cell before it at 80 columns: the status stays, the name goes.
        assert_eq!(
            short(SPLIT, 80, row("")).as_deref(),
            Some("401.1 legs split across connections or servers…")
        );
    }

    #[test]
    fn a_meaning_too_long_even_bare_keeps_its_status_for_the_row_to_cut() {
        assert_eq!(
            short(SPLIT, 60, row(" (user not logged)")).as_deref(),
            Some("401.1 legs split across connections or servers…")
        );
    }

    /// A row of ` 13:23:46 ` before the words and `after` behind them.
    fn leg_row(after: &'static str) -> impl Fn(&str) -> usize {
        move |w: &str| 10 + w.chars().count() + after.chars().count()
    }

    #[test]
    fn at_80_columns_extended_protection_survives_the_code_name_going() {
        let bindings = (401, 1, 0x8009_0346);
        assert_eq!(
            short(bindings, 80, leg_row("")).as_deref(),
            Some("401.1 client channel bindings incorrect (Extended Protection)…")
        );
        assert_eq!(
            short(bindings, 80, row("")).as_deref(),
            Some("401.1 client channel bindings incorrect (Extended Protection)…")
        );
    }

    #[test]
    fn a_normal_challenge_keeps_its_code_s_name_over_its_number() {
        assert_eq!(
            short((401, 1, 0x8009_030E), 80, leg_row("")).as_deref(),
            Some("401.1 NTLM challenge sent (normal leg 1) - SEC_E_NO_CREDENTIALS…")
        );
        assert_eq!(
            short((401, 2, 5), 80, leg_row("")).as_deref(),
            Some("401.2 normal anonymous challenge (leg 0) - 5 ERROR_ACCESS_DENIED…")
        );
    }

    #[test]
    fn a_code_without_a_note_keeps_its_meaning_not_iis_words() {
        // `401.1 Logon failed - 0x80090311 SEC_E_NO_AUTHENTICATING_AUTHORITY: No authority …`
        // cut at its end would end after the code's name.
        assert_eq!(
            short((401, 1, 0x8009_0311), 80, leg_row("")).as_deref(),
            Some("401.1 No authority (domain controller / KDC) could be contacted…")
        );
        assert_eq!(
            short((401, 1, 0x8009_0322), 80, leg_row("")).as_deref(),
            Some("401.1 SEC_E_WRONG_PRINCIPAL: The target principal name is incorrect…")
        );
    }

    #[test]
    fn an_unknown_or_unreadable_code_keeps_the_status_and_iis_words() {
        assert_eq!(
            short((401, 1, 0x1234_5678), 45, leg_row("")).as_deref(),
            Some("401.1 Logon failed - 305419896…")
        );
        let words = "401.1 Logon failed - sc-win32-status not logged: code unknown";
        assert_eq!(
            leg_short(words, &leg_forms(401, 1, None), 60, leg_row("")).as_deref(),
            Some("401.1 Logon failed…")
        );
    }
}
