//! `hcwlens watch PATHS…`: live follow without a terminal UI. The logs are loaded and followed
//! the way the explorer follows them ([`crate::pipeline::Follow`]); every failed call, failed
//! handshake and finding that appears while the admin re-runs the wizard is printed as one line
//! (`--format json`: one JSON object a line). Runs until interrupted (Ctrl-C).

mod line;

use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::finding::Severity;
use crate::analyze::handshake::HandshakeOutcome;
use crate::pipeline::{Analysis, Follow, FollowNote, LoadOptions};
use crate::progress::NoProgress;
use crate::source::SourceId;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

pub use line::Item;

/// Output of `watch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchFormat {
    /// One readable line each.
    Text,
    /// JSON Lines.
    Json,
}

/// What was printed already, so each item is printed once. A call or handshake is told by where
/// it was logged and when it started: a file rewritten in place holds other calls and
/// handshakes at the same lines, and those are new.
#[derive(Debug, Default)]
pub struct Seen {
    calls: HashSet<(SourceId, u64, i64)>,
    handshakes: HashSet<(SourceId, u64, i64)>,
    /// Per finding (its id and rank among findings of that id), the most severe printed: a
    /// finding that grows more severe (a warning that the next failed call confirms) is news.
    findings: HashMap<(String, usize), Severity>,
}

impl Seen {
    /// Failed calls, failed handshakes and findings of `a` not seen before (all of them marked
    /// seen now), in time order within each kind.
    pub fn news<'a>(&mut self, a: &'a Analysis) -> Vec<Item<'a>> {
        let mut out = Vec::new();
        for c in &a.cmdlets {
            // A call the log ends in is still being written (or cut): news once its FINISH
            // says how it went.
            let failed = matches!(c.outcome, CmdletOutcome::Failed | CmdletOutcome::Error)
                && !crate::analyze::cmdlet::log_ends_in(c);
            if failed && self.calls.insert((c.source, c.line, c.start.0)) {
                out.push(Item::Call(c));
            }
        }
        for h in &a.handshakes {
            let Some(first) = h.legs.first() else {
                continue;
            };
            if h.outcome == HandshakeOutcome::Failed
                && self
                    .handshakes
                    .insert((first.source, u64::from(first.line), first.ts.0))
            {
                out.push(Item::Handshake(h));
            }
        }
        for (i, f) in a.findings.iter().enumerate() {
            let rank = a.findings[..i].iter().filter(|g| g.id == f.id).count();
            let printed = self.findings.entry((f.id.to_string(), rank));
            let news = match printed {
                Entry::Vacant(slot) => {
                    slot.insert(f.severity);
                    true
                }
                Entry::Occupied(mut was) if f.severity < *was.get() => {
                    was.insert(f.severity);
                    true
                }
                Entry::Occupied(_) => false,
            };
            if news {
                out.push(Item::Finding(f));
            }
        }
        out
    }
}

/// Runs `watch` until interrupted; the exit status when it cannot start.
pub fn run(paths: &[PathBuf], opts: &LoadOptions, format: WatchFormat, interval: Duration) -> i32 {
    let (mut analysis, mut follow) = match Follow::load(paths, opts, &NoProgress) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "hcwlens: {e}");
            return 2;
        }
    };
    super::signals::on_termination(|| {});
    let mut seen = Seen::default();
    let now = seen.news(&analysis).len();
    let _ = writeln!(
        std::io::stderr(),
        "hcwlens: watching {} ({now} failures and findings so far); new ones follow, Ctrl-C ends",
        crate::wording::count(follow.len(), "file")
    );
    loop {
        std::thread::sleep(interval);
        let delta = follow.poll();
        if delta.is_empty() {
            continue;
        }
        for note in &delta.notes {
            let (source, text) = match note {
                FollowNote::Vanished(s) => (*s, "is gone".to_string()),
                FollowNote::Failed(s, m) => (*s, format!("cannot be read: {m}")),
                FollowNote::Renamed { source, from, to } => (
                    *source,
                    format!(
                        "names its server {} now (was {}): a new log joined its folder",
                        crate::escape::escape_control(to),
                        crate::escape::escape_control(from)
                    ),
                ),
            };
            let name = line::file_of(&analysis, source);
            let _ = writeln!(std::io::stderr(), "hcwlens: {name} {text}");
        }
        let added: Vec<SourceId> = analysis.apply(delta).added;
        let mut out = std::io::stdout().lock();
        for s in added {
            let name = line::file_of(&analysis, s);
            let _ = writeln!(std::io::stderr(), "hcwlens: {name} is new: following it");
        }
        for item in seen.news(&analysis) {
            let text = match format {
                WatchFormat::Text => item.text(&analysis),
                WatchFormat::Json => item.json(&analysis),
            };
            if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
                return 0;
            }
        }
    }
}

#[cfg(test)]
mod tests;
