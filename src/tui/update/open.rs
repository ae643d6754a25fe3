//! Where the explorer opens and what its first screen says.
//!
//! An HCW folder holds every run the admin made (one `YYYYMMDD_HHMMSS.log` each). The explorer
//! opens on the *latest* run: on its first failing `Test-MigrationServerAvailability` (else its
//! first failure) when it failed or its log ends inside a call (that call); else on its last
//! test call. Unless it failed, the status bar says how it went (`succeeded`, `incomplete: the
//! log ends in …`), naming the key that goes back to earlier failures. A suggested clock skew
//! that is not applied is offered on the same line.

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::correlate::reaches_mrs;
use crate::source::{SourceId, SourceKind};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::model::data::call_failed;
use crate::tui::model::pane::PaneId;
use crate::tui::model::row::RowRef;
use crate::tui::model::timeline::FailureKind;
use crate::tui::model::{Model, NoteLevel};
use crate::tui::update::jump::goto;
use crate::tui::update::navigate::{self, Scroll};

/// One HCW run and how it went. A run writes `YYYYMMDD_HHMMSS.log` (and a `.boot` of the same
/// name): sources of one folder with the same file stem are one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Its sources.
    pub sources: Vec<SourceId>,
    /// The lines of its sources it holds (a file may hold several runs).
    pub parts: Vec<crate::analyze::overview::runs::RunPart>,
    /// Its first entry (UTC, offsets applied), the run's start.
    pub start: crate::time::UtcMs,
    /// True when a cmdlet call failed or an `*ERROR*` entry was written.
    pub failed: bool,
    /// True when its log ends inside a call, before the call's result.
    pub cut: bool,
    /// How it went in words ([`crate::analyze::overview::runs::RunSummary::outcome_words`]).
    pub words: String,
}

impl Run {
    /// Whether line `line` of `source` is one of this run's.
    fn holds(&self, source: SourceId, line: u64) -> bool {
        self.parts.iter().any(|p| p.holds(source, line))
    }

    /// Whether an entry is one of this run's (by its offset).
    fn holds_entry(&self, e: &crate::record::HcwEntry) -> bool {
        self.parts.iter().any(|p| p.holds_entry(e))
    }
}

/// The loaded HCW runs, oldest first (see [`crate::analyze::overview::runs`]).
pub fn runs(model: &Model) -> Vec<Run> {
    let clock = &model.clock;
    crate::analyze::overview::runs::runs(&model.data.analysis, &|s| clock.offset(s))
        .into_iter()
        .map(|r| Run {
            failed: r.outcome == crate::analyze::overview::runs::RunOutcome::Failed,
            cut: r.ends_in.is_some(),
            words: r.outcome_words(),
            sources: r.sources,
            parts: r.parts,
            start: r.start,
        })
        .collect()
}

/// Puts the cursor where the story starts and says what the first screen should know.
pub fn open(model: &mut Model) {
    let runs = runs(model);
    let mut notes = Vec::new();
    let placed = match runs.last() {
        Some(latest) if latest.failed => open_failed(model, latest),
        Some(latest) => {
            notes.push(latest_note(model, latest, &runs));
            if latest.cut {
                open_failed(model, latest)
            } else {
                open_succeeded(model, latest)
            }
        }
        None => first_failure(model),
    };
    if !placed {
        model.focus = if model.pane_len(PaneId::Hcw) > 0 {
            PaneId::Hcw
        } else {
            PaneId::Iis
        };
        navigate::set(model, model.focus, 0, Scroll::Keep);
    }
    if let Some(offer) = skew_offer(model) {
        notes.insert(0, offer);
    } else if let Some((who, verb)) = crate::source::unclocked_hcw(&model.data.analysis.sources) {
        notes.insert(
            0,
            format!("{who} {verb} no clock: read as UTC (--tz hcw=+HH:MM)"),
        );
    }
    // Logs that cannot be lined up with the wizard's calls: said first.
    if let Some(apart) = crate::analyze::overview::apart::apart(&model.data.analysis) {
        notes.insert(0, apart.short());
    }
    if !notes.is_empty() {
        let text = match model.note.take() {
            Some(old) => format!("{}; {}", notes.join("; "), old.text),
            None => notes.join("; "),
        };
        model.say(NoteLevel::Warn, text);
    }
}

/// "HCW clock looks 1 min 35 s off — S applies it" (or, for a whole zone, "HCW times look like
/// UTC+05:30, not UTC — S shifts them by -5 h 30 min"), while the correction is not applied.
pub fn skew_offer(model: &Model) -> Option<String> {
    use crate::analyze::skew::{correction_ms, zone_correction};
    use crate::wording::{clock_gap, clock_shift};
    let skew = model.data.analysis.skew.as_ref()?;
    let sources = &model.data.analysis.sources;
    let applied = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .all(|s| model.clock.offset(s.id) == correction_ms(skew));
    if applied {
        return None;
    }
    let key = key(model, Action::ApplySkew, "S");
    let switched = zone_correction(skew, sources).and_then(|(zone, _)| {
        crate::analyze::skew::switched_zones(sources, zone)
            .first()
            .copied()
    });
    Some(match zone_correction(skew, sources) {
        // A daylight-saving switch during the run: a shift moves the entries before it too.
        Some((zone, Some((read, tz)))) if switched.is_some() => format!(
            "HCW times went from {read} to UTC{tz} during the run — load with --tz hcw={}; {key} \
             shifts all of them by {}",
            switched.unwrap_or_default(),
            clock_shift(zone)
        ),
        Some((zone, Some((read, tz)))) => format!(
            "HCW times look like UTC{tz}, not {read} — {key} shifts them by {}",
            clock_shift(zone)
        ),
        Some((zone, None)) => format!(
            "HCW times look a whole time zone off — {key} shifts them by {}",
            clock_shift(zone)
        ),
        None => format!(
            "HCW clock looks {} off — {key} applies it",
            clock_gap(skew.offset_ms)
        ),
    })
}

fn key(model: &Model, action: Action, default: &str) -> String {
    model
        .settings
        .keymap
        .key_for(Mode::Normal, action)
        .unwrap_or_else(|| default.into())
}

/// `latest run 2024-11-26 15:49 succeeded` (or `incomplete: …`), and the earlier failures.
fn latest_note(model: &Model, latest: &Run, runs: &[Run]) -> String {
    let when = model.fmt_time(latest.start);
    let mut text = format!(
        "latest run {} {} {}",
        model.fmt_date(latest.start),
        when.get(..5).unwrap_or(&when),
        crate::escape::escape_control(&latest.words)
    );
    let failed = runs.iter().filter(|r| r.failed).count();
    if failed > 0 {
        text.push_str(&format!(
            "; {failed} earlier run{} failed ({}: previous failure)",
            if failed == 1 { "" } else { "s" },
            key(model, Action::PrevFailure, "E")
        ));
    }
    text
}

fn is_tmsa(c: &CmdletCall) -> bool {
    c.name
        .eq_ignore_ascii_case("Test-MigrationServerAvailability")
}

/// The run's first failing test call, else its first failure.
fn open_failed(model: &mut Model, run: &Run) -> bool {
    let data = model.data.clone();
    let of_run = |c: &&CmdletCall| run.holds(c.source, c.line);
    let tmsa = data
        .analysis
        .cmdlets
        .iter()
        .filter(of_run)
        .filter(|c| call_failed(c) && is_tmsa(c))
        .filter_map(|c| data.call_row(c))
        .min_by_key(|&r| model.key(r));
    let first = tmsa.or_else(|| {
        model
            .timeline
            .failures
            .iter()
            .map(|f| f.row)
            .find(|&r| match r {
                RowRef::Hcw(i) => data
                    .analysis
                    .hcw
                    .get(i as usize)
                    .is_some_and(|e| run.holds_entry(e)),
                _ => false,
            })
    });
    first.is_some_and(|row| goto(model, row))
}

/// The run's last test call, else its last call that makes Exchange Online call back, else its
/// first entry.
fn open_succeeded(model: &mut Model, run: &Run) -> bool {
    let data = model.data.clone();
    let last = |pick: &dyn Fn(&CmdletCall) -> bool| {
        data.analysis
            .cmdlets
            .iter()
            .filter(|c| run.holds(c.source, c.line) && pick(c))
            .filter_map(|c| data.call_row(c))
            .max_by_key(|&r| model.key(r))
    };
    let test = last(&|c| is_tmsa(c) && reaches_mrs(c)).or_else(|| last(&reaches_mrs));
    let first = || {
        let e = data.analysis.hcw.iter().position(|e| run.holds_entry(e))?;
        Some(RowRef::Hcw(crate::tui::model::data::to_u32(e)))
    };
    test.or_else(first).is_some_and(|row| goto(model, row))
}

/// Without HCW runs: the first failure of the logs read; a failed logon of a Security log only
/// when nothing else failed (its events explain failed legs, the legs come first).
fn first_failure(model: &mut Model) -> bool {
    let list = &model.timeline.failures;
    let first = list
        .iter()
        .find(|f| f.kind != FailureKind::Logon)
        .or(list.first())
        .map(|f| f.row);
    first.is_some_and(|row| goto(model, row))
}
