//! The call detail's line about the IIS handshakes the attribution put in a call: how many,
//! which failed (a repeated failure named once with its count), which were refused after
//! logon, and the key that steps to them; when no IIS log reaches the call's time, the times
//! the IIS logs do hold; for a call that ran in Exchange Online and calls nothing on-premises,
//! that none is to be looked for; for any other call that is no MRS call, that handshakes are
//! matched to MRS calls only.

use super::{refused, styled};
use crate::analyze::handshake::HandshakeOutcome;
use crate::time::UtcMs;
use crate::tui::decode;
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::model::pane::PaneId;
use crate::tui::view::theme::{Role, Theme};
use crate::wording::count as count_of;
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
    let call = model.data.analysis.cmdlets.get(c);
    if mine.is_empty() && call.is_some_and(crate::analyze::correlate::stays_in_online) {
        // No handshake is to be expected: "none matched" would read as one missing.
        return Line::from(styled(
            "This call ran in Exchange Online (Session=Tenant) and does not reach the \
             on-premises IIS",
            Role::Dim,
            theme,
        ));
    }
    if mine.is_empty() && call.is_some_and(|c| !crate::analyze::correlate::reaches_mrs(c)) {
        // The attribution looks at MRS calls only: "none matched" would read as one missing.
        return Line::from(styled(
            "IIS handshakes are matched only to the calls that make Exchange Online reach the \
             MRS proxy (Test-MigrationServerAvailability, the migration endpoint and batch \
             cmdlets): not this one",
            Role::Dim,
            theme,
        ));
    }
    if mine.is_empty() && model.empty_panes()[PaneId::Iis.index()] {
        let why = match model.iis_left_out() {
            Some(_) => "No IIS handshake: the IIS logs lie outside the time window (T widens it)",
            None => "No IIS log loaded: its handshakes would be matched to this call",
        };
        return Line::from(styled(why, Role::Dim, theme));
    }
    if mine.is_empty() {
        // Without an IIS log of the call's time, "no handshake matched" would read as "no
        // request reached IIS": say which times the IIS logs hold instead.
        let text = match uncovered(model, c) {
            Some(span) => format!("No IIS log covers this call (the IIS lines run {span})"),
            None => format!("No IIS handshake matched to this call ({key}: next handshake)"),
        };
        return Line::from(styled(text, Role::Dim, theme));
    }
    // A failed handshake whose code was not logged is failed all the same. A code's name
    // comes with its meaning, as its leg's line words it (`SEC_E_BAD_BINDINGS: client
    // channel bindings incorrect (Extended Protection)`): the name alone tells an admin little.
    let failed: Vec<(String, Option<&str>)> = mine
        .iter()
        .filter(|&&h| hs[h].outcome == HandshakeOutcome::Failed)
        .map(|&h| {
            let name = hs[h]
                .failure_code
                .map_or("(code not logged)".to_string(), |c| {
                    decode::failure_name(c).map_or(format!("0x{c:08X}"), str::to_string)
                });
            (name, decode::failure_meaning(&hs[h]))
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
    // Handshakes that stopped before their credentials leg: with none failed, the line must
    // not read as all clear (the leg may have gone to a server whose log is not loaded).
    let stopped = abandoned(mine.iter().map(|&h| &hs[h]), &model.data.analysis.sources);
    let text = if failed.is_empty() {
        let hint = match (count, stopped.is_empty()) {
            (0, true) => String::new(),
            _ => format!(" (press {key})"),
        };
        format!(
            "{} during this call, none failed{stopped}{after}{hint}",
            count_of(mine.len(), "IIS handshake")
        )
    } else {
        format!(
            "{} during this call, {} failed: {}{after} (press {key})",
            count_of(mine.len(), "IIS handshake"),
            failed.len(),
            counted(&failed)
        )
    };
    let role = match (failed.is_empty(), count, stopped.is_empty()) {
        (false, _, _) => Role::Error,
        (true, 0, true) => Role::Plain,
        (true, _, _) => Role::Warn,
    };
    Line::from(styled(text, role, theme))
}

/// `, 2 abandoned at the challenge` for the abandoned handshakes among `hs` (where they
/// stopped when all stopped alike), `, 1 unanswered (the log ends)` for those the log ends in;
/// empty when none.
fn abandoned<'a>(
    hs: impl Iterator<Item = &'a crate::analyze::handshake::Handshake>,
    sources: &[crate::source::SourceInfo],
) -> String {
    use crate::analyze::handshake::AbandonedAt;
    let (ended, stops): (Vec<_>, Vec<_>) = hs
        .filter(|h| h.outcome == HandshakeOutcome::Abandoned)
        .partition(|h| h.log_end(sources).is_some());
    let stops: Vec<Option<AbandonedAt>> = stops.iter().map(|h| h.abandoned_at).collect();
    let unanswered = match ended.len() {
        0 => String::new(),
        n => format!(", {n} unanswered (the log ends)"),
    };
    let Some(&first) = stops.first() else {
        return unanswered;
    };
    let at = match first {
        _ if stops.iter().any(|&s| s != first) => "",
        Some(AbandonedAt::Challenge) => " at the challenge",
        Some(AbandonedAt::Anonymous) => " at the anonymous leg",
        None => "",
    };
    format!(", {} abandoned{at}{unanswered}", stops.len())
}

/// When no IIS-pane log's lines (on their clocks) reach into call `c`'s time: the span they
/// do cover, `2024-11-05 00:09 to 13:36` (the second date only when it differs).
fn uncovered(model: &Model, c: usize) -> Option<String> {
    let call = model.data.analysis.cmdlets.get(c)?;
    let start = model.clock.at(call.source, call.start);
    let end = model.clock.at(call.source, call.end.unwrap_or(call.start));
    let spans: Vec<_> = model
        .data
        .analysis
        .sources
        .iter()
        .filter(|s| crate::tui::model::outside::in_iis_pane(s.kind))
        .filter_map(|s| {
            let (first, last) = s.span?;
            Some((model.clock.at(s.id, first), model.clock.at(s.id, last)))
        })
        .collect();
    if spans
        .iter()
        .any(|&(first, last)| first <= end && last >= start)
    {
        return None;
    }
    let first = spans.iter().map(|s| s.0).min()?;
    let last = spans.iter().map(|s| s.1).max()?;
    // To the minute, unless both ends fall in one minute (`09:12 to 09:12` says nothing).
    let (t1, t2) = (model.fmt_time(first), model.fmt_time(last));
    let minute = |t: &str| t.get(..5).map(str::to_string);
    let seconds = minute(&t1) == minute(&t2) && model.fmt_date(first) == model.fmt_date(last);
    let at = |t: &UtcMs, time: &str| {
        let cut = if seconds { 8 } else { 5 };
        (
            model.fmt_date(*t),
            time.get(..cut).unwrap_or(time).to_string(),
        )
    };
    let ((d1, t1), (d2, t2)) = (at(&first, &t1), at(&last, &t2));
    Some(if d1 == d2 {
        format!("{d1} {t1} to {t2}")
    } else {
        format!("{d1} {t1} to {d2} {t2}")
    })
}

/// Names in order of first appearance, each with its meaning, a repeated one once with its
/// count: `SEC_E_BAD_BINDINGS x3: client channel bindings incorrect (Extended Protection),
/// SEC_E_LOGON_DENIED: …`; without the count when all are alike (the line already says how
/// many failed).
fn counted(names: &[(String, Option<&str>)]) -> String {
    let mut seen: Vec<(&str, Option<&str>, usize)> = Vec::new();
    for (n, m) in names {
        match seen
            .iter_mut()
            .find(|(s, sm, _)| *s == n.as_str() && sm == m)
        {
            Some((_, _, c)) => *c += 1,
            None => seen.push((n, *m, 1)),
        }
    }
    let alone = seen.len() == 1;
    seen.iter()
        .map(|&(n, m, c)| {
            let count = match c {
                _ if alone => String::new(),
                1 => String::new(),
                _ => format!(" x{c}"),
            };
            match m {
                Some(m) => format!("{n}{count}: {m}"),
                None => format!("{n}{count}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::counted;

    fn names(list: &[(&str, Option<&'static str>)]) -> Vec<(String, Option<&'static str>)> {
        list.iter().map(|&(n, m)| (n.to_string(), m)).collect()
    }

    #[test]
    fn a_repeated_name_is_counted_unless_it_is_the_only_one() {
        let alike = names(&[("SEC_E_BAD_BINDINGS", Some("bindings")); 3]);
        assert_eq!(counted(&alike), "SEC_E_BAD_BINDINGS: bindings");
        let mixed = names(&[
            ("A", Some("a")),
            ("B", None),
            ("A", Some("a")),
            ("A", Some("a")),
        ]);
        assert_eq!(counted(&mixed), "A x3: a, B");
        assert_eq!(counted(&names(&[("A", None), ("B", None)])), "A, B");
        assert_eq!(counted(&[]), "");
    }
}
