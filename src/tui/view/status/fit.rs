//! Fitting the status line into the terminal's width: every part carries how long it is kept,
//! and the least important parts go first (title, sources, event count, damage, search …),
//! so at 80 columns the message, the mode (loading, follow, sync, filters, clock offsets),
//! failures, findings and the display zone stay. A message too long to share the line goes to a box above it.

use crate::tui::view::theme::{Role, Theme};
use crate::tui::view::wrap::{width, wrap_line};
use ratatui::text::{Line, Span};

/// How long a part is kept as the line narrows: higher stays longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Keep {
    /// The window title: first to go.
    Title,
    /// Counts and lists that help but answer no question (events, sources, no offsets).
    Extra,
    /// Lines not parsed or not UTF-8.
    Useful,
    /// The search and its match position.
    Search,
    /// The mode: follow, sync, filters narrowing a pane, clock offsets in force, loading.
    Mode,
    /// The display zone.
    Zone,
    /// Failed handshakes and findings.
    Verdict,
    /// The last message.
    Message,
}

/// One piece of the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its text (already escaped).
    pub text: String,
    /// Its style.
    pub role: Role,
    /// How long it is kept.
    pub keep: Keep,
    /// A shorter text used before parts above [`Keep::Useful`] are dropped.
    pub short: Option<String>,
}

impl Part {
    /// A part.
    pub fn new(text: impl Into<String>, role: Role, keep: Keep) -> Self {
        Part {
            text: text.into(),
            role,
            keep,
            short: None,
        }
    }

    /// The same part with a shorter form for narrow lines.
    pub fn or_short(mut self, short: impl Into<String>) -> Self {
        self.short = Some(short.into());
        self
    }
}

const SEP: &str = " | ";

fn total(parts: &[Part]) -> usize {
    let text: usize = parts.iter().map(|p| width(&p.text)).sum();
    text + SEP.len() * parts.len().saturating_sub(1)
}

/// Until the rest fits `cols`: drops the extras (up to [`Keep::Useful`]), then uses the short
/// forms, then drops the least kept parts; among equals the later one goes first. The order of
/// what stays is unchanged. A single part wider than `cols` is kept (cut on screen): the
/// caller moves a long message out of the line before.
pub fn fit(mut parts: Vec<Part>, cols: usize) -> Vec<Part> {
    while parts.len() > 1 && total(&parts) > cols {
        let least = |parts: &[Part]| {
            parts
                .iter()
                .enumerate()
                .min_by_key(|(i, p)| (p.keep, std::cmp::Reverse(*i)))
                .map(|(i, p)| (i, p.keep))
        };
        let Some((at, keep)) = least(&parts) else {
            break;
        };
        if keep > Keep::Useful
            && let Some(p) = parts
                .iter_mut()
                .filter(|p| p.short.is_some())
                .min_by_key(|p| p.keep)
        {
            if let Some(short) = p.short.take() {
                p.text = short;
            }
            continue;
        }
        parts.remove(at);
    }
    parts
}

/// True when the message cannot share the line with the parts that must stay (the mode, the
/// verdict and the zone, in their short forms): it is then shown whole in a box above the line.
pub fn message_needs_box(parts: &[Part], cols: usize) -> bool {
    let must: Vec<Part> = parts
        .iter()
        .filter(|p| p.keep >= Keep::Mode)
        .map(|p| Part::new(p.short.as_ref().unwrap_or(&p.text).clone(), p.role, p.keep))
        .collect();
    total(&must) > cols
}

/// The parts as a styled line.
pub fn line(parts: Vec<Part>, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEP, theme.style(Role::Dim)));
        }
        spans.push(Span::styled(p.text, theme.style(p.role)));
    }
    Line::from(spans)
}

/// A message wrapped to `cols`, breaking at spaces so a path stays on one line when it fits.
pub fn wrap_message(text: &str, role: Role, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let line = Line::from(Span::styled(text.to_string(), theme.style(role)));
    wrap_line(&line, cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, keep: Keep) -> Part {
        Part::new(text, Role::Plain, keep)
    }

    fn texts(parts: &[Part]) -> Vec<&str> {
        parts.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn the_least_kept_parts_go_first_and_the_order_stays() {
        let parts = vec![
            p("msg", Keep::Message),
            p("UTC", Keep::Zone),
            p("9 events", Keep::Extra),
            p("1 failed", Keep::Verdict),
            p("1 HCW", Keep::Extra),
            p("title", Keep::Title),
        ];
        assert_eq!(fit(parts.clone(), 200).len(), 6);
        let all = total(&parts);
        assert_eq!(
            texts(&fit(parts.clone(), all - 1)),
            ["msg", "UTC", "9 events", "1 failed", "1 HCW"]
        );
        assert_eq!(
            texts(&fit(parts.clone(), 31)),
            ["msg", "UTC", "9 events", "1 failed"]
        );
        assert_eq!(texts(&fit(parts, 20)), ["msg", "UTC", "1 failed"]);
    }

    #[test]
    fn short_forms_come_before_dropping_what_matters() {
        let parts = vec![
            p("/abc 1/2", Keep::Search),
            p("IIS 3 of 18 lines", Keep::Mode).or_short("IIS 3/18"),
            p("UTC", Keep::Zone),
            p("1 failed handshake", Keep::Verdict).or_short("1 failed"),
            p("title", Keep::Title),
        ];
        assert_eq!(
            texts(&fit(parts.clone(), 55)),
            ["/abc 1/2", "IIS 3 of 18 lines", "UTC", "1 failed handshake"]
        );
        assert_eq!(
            texts(&fit(parts.clone(), 50)),
            ["/abc 1/2", "IIS 3/18", "UTC", "1 failed handshake"]
        );
        assert_eq!(
            texts(&fit(parts.clone(), 40)),
            ["/abc 1/2", "IIS 3/18", "UTC", "1 failed"]
        );
        assert_eq!(texts(&fit(parts, 30)), ["IIS 3/18", "UTC", "1 failed"]);
    }

    #[test]
    fn a_message_too_long_for_the_line_goes_to_a_box() {
        let parts = vec![p(&"x".repeat(70), Keep::Message), p("UTC", Keep::Zone)];
        assert!(!message_needs_box(&parts, 80));
        assert!(message_needs_box(&parts, 74));
    }
}
