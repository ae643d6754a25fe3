//! The call detail's line about the IIS handshakes the attribution put in a call: how many,
//! which failed (a repeated failure named once with its count), which were refused after
//! logon, and the key that steps to them.

use super::{refused, styled};
use crate::analyze::handshake::HandshakeOutcome;
use crate::tui::decode;
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::view::theme::{Role, Theme};
use ratatui::text::Line;

/// How many IIS handshakes the attribution put in call `c`, and which failed.
pub fn call_handshakes(model: &Model, c: usize, theme: &Theme) -> Line<'static> {
    let hs = &model.data.analysis.handshakes;
    let mine = model.timeline.attribution.of_call(c);
    let key = model
        .settings
        .keymap
        .key_for(Mode::Normal, crate::tui::action::Action::NextHandshake)
        .unwrap_or_else(|| "]".into());
    if mine.is_empty() && model.empty_panes()[PaneId::Iis.index()] {
        let why = match model.iis_left_out() {
            Some(_) => "No IIS handshake: the IIS logs lie outside the time window (T widens it)",
            None => "No IIS log loaded: its handshakes would be matched to this call",
        };
        return Line::from(styled(why, Role::Dim, theme));
    }
    if mine.is_empty() {
        return Line::from(styled(
            format!("No IIS handshake matched to this call ({key}: next handshake)"),
            Role::Dim,
            theme,
        ));
    }
    // A failed handshake whose code was not logged is failed all the same.
    let failed: Vec<String> = mine
        .iter()
        .filter(|&&h| hs[h].outcome == HandshakeOutcome::Failed)
        .map(|&h| {
            hs[h]
                .failure_code
                .map_or("(code not logged)".to_string(), |c| {
                    decode::failure_name(c).map_or(format!("0x{c:08X}"), str::to_string)
                })
        })
        .collect();
    let mut refused: Vec<String> = mine.iter().filter_map(|&h| refused(&hs[h])).collect();
    let count = refused.len();
    refused.sort_unstable();
    refused.dedup();
    let after = match count {
        0 => String::new(),
        _ => format!("; {count} refused after logon: {}", refused.join(", ")),
    };
    let text = if failed.is_empty() {
        let hint = match count {
            0 => String::new(),
            _ => format!(" (press {key})"),
        };
        format!(
            "{} IIS handshake(s) during this call, none failed{after}{hint}",
            mine.len()
        )
    } else {
        format!(
            "{} IIS handshake(s) during this call, {} failed: {}{after} (press {key})",
            mine.len(),
            failed.len(),
            counted(&failed)
        )
    };
    let role = match (failed.is_empty(), count) {
        (false, _) => Role::Error,
        (true, 0) => Role::Plain,
        (true, _) => Role::Warn,
    };
    Line::from(styled(text, role, theme))
}

/// Names in order of first appearance, a repeated one once with its count:
/// `SEC_E_BAD_BINDINGS x3, SEC_E_LOGON_DENIED` (three names alike do not push the step key
/// off an 80-column line); one name alone when all are alike (the line already says how many
/// failed).
fn counted(names: &[String]) -> String {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for n in names {
        match seen.iter_mut().find(|(s, _)| *s == n.as_str()) {
            Some((_, c)) => *c += 1,
            None => seen.push((n, 1)),
        }
    }
    if let [(only, _)] = seen[..] {
        return only.to_string();
    }
    seen.iter()
        .map(|&(n, c)| match c {
            1 => n.to_string(),
            _ => format!("{n} x{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::counted;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_repeated_name_is_counted_unless_it_is_the_only_one() {
        let alike = names(&["SEC_E_BAD_BINDINGS"; 3]);
        assert_eq!(counted(&alike), "SEC_E_BAD_BINDINGS");
        let mixed = names(&["A", "B", "A", "A"]);
        assert_eq!(counted(&mixed), "A x3, B");
        assert_eq!(counted(&names(&["A", "B"])), "A, B");
        assert_eq!(counted(&[]), "");
    }
}
