//! The text and Markdown report's sources: each loaded file with its label (a `.boot` by its
//! run's machine), lines or records, events, unparsed lines, bytes not UTF-8 and a guessed
//! encoding, its first diagnostics; then the files skipped and why.

use super::Doc;
use crate::escape::escape_control;
use crate::pipeline::Analysis;
use crate::source::SourceKind;
use crate::wording::count;

impl Doc {
    pub(super) fn sources(&mut self, a: &Analysis) {
        // An HCW log that names no machine (a `.boot`) by its run's: one run, one machine.
        let names = a.server_names();
        let source_label = |a: &Analysis, s| {
            let owner = crate::analyze::skew::skew_machine(a, s);
            let label = super::super::text::source_label(s, &names, owner.as_deref());
            match crate::source::run_machine(&a.sources, s) {
                Some((name, ext)) => format!(
                    "{} as named by the run's .{} · {label}",
                    escape_control(name),
                    escape_control(&ext)
                ),
                None => label,
            }
        };
        self.heading(2, "Sources");
        for s in &a.sources {
            // An exported event log is binary: records, not lines.
            let evtx = s.kind == SourceKind::Evtx;
            let (unit, bad) = if evtx {
                ("record", "unreadable")
            } else {
                ("line", "unparsed")
            };
            let mut line = format!(
                "{} ({}): {}, {}, {} {bad}",
                self.code(&escape_control(&s.path.display().to_string())),
                source_label(a, s),
                count(usize::try_from(s.stats.lines).unwrap_or(usize::MAX), unit),
                count(
                    usize::try_from(s.stats.events).unwrap_or(usize::MAX),
                    "event"
                ),
                s.stats.unparsed
            );
            if s.stats.not_utf8 > 0 {
                line.push_str(&format!(", {} with bytes not UTF-8", s.stats.not_utf8));
            }
            if let Some(note) = s.encoding.guess_note() {
                line.push_str(&format!(", {note}"));
            }
            self.bullet(0, &line);
            for run in crate::source::runs_lines(&s.stats.runs, &a.machines).unwrap_or_default() {
                self.bullet(1, &run);
            }
            for d in s.stats.diagnostics.iter().take(5) {
                let at = match (evtx, d.line) {
                    (true, 0) => "the file".to_string(),
                    (true, n) => format!("record {n}"),
                    (false, n) => format!("line {n}"),
                };
                let text = format!("{at}: {} - {}", d.reason, self.code(&d.text));
                self.bullet(1, &text);
            }
        }
        for s in &a.skipped {
            let line = format!(
                "skipped {}: {}",
                self.code(&escape_control(&s.path.display().to_string())),
                escape_control(&s.reason)
            );
            self.bullet(0, &line);
        }
        self.out.push('\n');
    }
}
