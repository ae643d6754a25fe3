//! The marks list: what will go into the ticket, in export order (findings, then by time).

use crate::analyze::handshake::HandshakeOutcome;
use crate::tui::decode;
use crate::tui::model::Model;
use crate::tui::model::marks::Mark;
use crate::tui::update::marks::{ordered, time_of};
use crate::tui::view::popup;
use crate::tui::view::rows::{self, clean};
use crate::tui::view::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// One mark as a short line: kind, time, what it is.
pub fn describe(model: &Model, mark: Mark) -> (&'static str, String) {
    let a = &model.data.analysis;
    let t = time_of(model, mark)
        .map(|t| model.fmt_time(t))
        .map(|t| t.get(..8).unwrap_or(&t).to_string())
        .unwrap_or_else(|| "--:--:--".into());
    match mark {
        Mark::Finding(f) => (
            "FINDING",
            a.findings
                .get(f)
                .map_or_else(String::new, |f| clean(&f.title)),
        ),
        Mark::Handshake(h) => {
            let text = a.handshakes.get(h).map_or_else(String::new, |hs| {
                let verdict = match hs.outcome {
                    HandshakeOutcome::Failed => hs.failure_code.map_or("FAILED".to_string(), |c| {
                        decode::failure_name(c).unwrap_or("FAILED").to_string()
                    }),
                    HandshakeOutcome::Success => super::detail::refused(hs)
                        .map_or("ok".to_string(), |s| format!("logon ok, refused {s}")),
                    HandshakeOutcome::Abandoned if hs.log_end(&a.sources).is_some() => {
                        "unanswered (log ends)".to_string()
                    }
                    HandshakeOutcome::Abandoned => "abandoned".to_string(),
                };
                format!(
                    "{t} {verdict} {} {} from {}",
                    clean(&hs.method),
                    clean(&hs.uri),
                    clean(&hs.client)
                )
            });
            ("HANDSHAKE", text)
        }
        Mark::Call(c) => (
            "CALL",
            a.cmdlets.get(c).map_or_else(String::new, |c| {
                // The word the ticket's heading for the call says.
                let word = crate::export::call_word(c);
                format!("{t} {} {word}", clean(&c.name))
            }),
        ),
        Mark::Line(row) => {
            // The pane's columns without their blank padding (an HCW line's empty level
            // column): one space between the parts, the 80 columns kept for the text.
            let text: String = rows::row(model, row)
                .spans
                .iter()
                .map(|(t, _)| {
                    if t.trim().is_empty() {
                        t.get(..1).unwrap_or("")
                    } else {
                        t
                    }
                })
                .collect();
            ("LINE", format!("{} {}", row.pane().name(), text))
        }
    }
}

/// Draws the list.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect, theme: &Theme) {
    let list = ordered(model);
    let sel = model.marks.selected;
    let (rows, _) = crate::tui::layout::popup_inner(area);
    let first = (sel + 1).saturating_sub(rows.max(1));
    let lines: Vec<Line<'static>> = list
        .iter()
        .enumerate()
        .skip(first)
        .take(rows.max(1))
        .map(|(i, &m)| {
            let (kind, text) = describe(model, m);
            let mark = if i == sel { ">" } else { " " };
            let line = Line::from(vec![
                Span::raw(format!("{mark} ")),
                Span::styled(format!("{kind:<9} "), theme.style(Role::Heading)),
                Span::raw(text),
            ]);
            if i == sel {
                line.style(theme.cursor())
            } else {
                line
            }
        })
        .collect();
    let rect = crate::tui::layout::popup(area);
    let title = format!("Marks ({}) - y copies them all", list.len());
    popup::draw_box(frame, rect, &title, lines, theme);
}
