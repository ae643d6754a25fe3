//! The detail pane for an HCW entry: its time, event id and context, and for a cmdlet call its
//! outcome, error, the IIS handshakes during it and a clock offset to try; else the entry's
//! message without stack frames (Enter shows it whole).

use super::{call_handshakes, styled};
use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::model::row::RowRef;
use crate::tui::view::rows::{self, clean};
use crate::tui::view::theme::{Role, Theme};
use ratatui::text::Line;

/// `succeeded after 7.3 s` · `FAILED after 51.4 s` (the word a ticket's heading says,
/// [`crate::export::call_word`]), with its colour.
pub fn outcome(call: &CmdletCall) -> (String, Role) {
    let took = after(call);
    let word = crate::export::call_word(call);
    (format!("{word}{took}"), role(call.outcome))
}

/// What the outcome means, as the text report and a ticket word it
/// ([`crate::export::call_outcome_text`]: `error (PowerShell reported an error, the call never
/// finished, or the log ends before its result)`, `incomplete (the log ends inside this call,
/// before its result)`, not a bare `ERROR` that reads as "it failed"), then how long the call
/// took; with its colour.
pub fn outcome_meant(call: &CmdletCall) -> (String, Role) {
    let took = after(call);
    let text = crate::export::call_outcome_text(call);
    (format!("{text}{took}"), role(call.outcome))
}

fn role(outcome: CmdletOutcome) -> Role {
    match outcome {
        CmdletOutcome::Success => Role::Ok,
        CmdletOutcome::Failed | CmdletOutcome::Error => Role::Error,
    }
}

/// ` after 5.4 s`, worded as a ticket's `Duration:` ([`crate::wording::call_duration`]).
fn after(call: &CmdletCall) -> String {
    call.duration_ms
        .and_then(crate::wording::call_duration)
        .map(|d| format!(" after {d}"))
        .unwrap_or_default()
}

/// How a call's outcome is said in the detail.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    /// What it means ([`outcome_meant`]): `failed (the call returned, but its result says
    /// Failed) after 4.1 s`.
    Meant,
    /// The word only ([`outcome`]), for a failed call in a pane too small for everything:
    /// the error's own words keep the rows (Enter shows the call with its outcome's meaning).
    Word,
    /// The word with the error's message after it on the same row (`FAILED after 5.4 s: The
    /// connection to the server … could not be completed.`, its exception type left out) and
    /// no line of time, event and thread: for a pane too small for [`Said::Word`]'s lines, so
    /// the error's key text and the failure's meaning both show (the pane's title carries
    /// the key to the whole call, [`open_hint`]).
    Brief,
}

/// `Enter: whole call` (`whole entry` off a call), with the key the keymap gives.
pub(super) fn open_hint(model: &Model, is_call: bool) -> Option<String> {
    let k = model
        .settings
        .keymap
        .key_for(Mode::Normal, crate::tui::action::Action::OpenLine)?;
    let what = if is_call { "whole call" } else { "whole entry" };
    Some(format!("{k}: {what}"))
}

/// The lines for an HCW entry, its call's outcome said as [`Said::Meant`].
pub(super) fn hcw(model: &Model, e: u32, theme: &Theme) -> Vec<Line<'static>> {
    hcw_said(model, e, theme, Said::Meant)
}

/// The lines for an HCW entry whose call's outcome is said as `said`.
pub(super) fn hcw_said(model: &Model, e: u32, theme: &Theme, said: Said) -> Vec<Line<'static>> {
    let data = &model.data;
    let Some(entry) = data.analysis.hcw.get(e as usize) else {
        return Vec::new();
    };
    let t = model.fmt_time(model.time_of(RowRef::Hcw(e)));
    let mut head = format!("{t} {}", model.zone_label());
    if let Some(id) = entry.event_id {
        head.push_str(&format!(" | event {id}"));
    }
    let is_call = data.call_of(RowRef::Hcw(e)).is_some();
    for key in ["Cmdlet", "Task", "Thread"] {
        if key == "Cmdlet" && is_call {
            continue;
        }
        if let Some(v) = entry.ctx(key) {
            head.push_str(&format!(" | {key}={}", clean(v)));
        }
    }
    if let Some(hint) = open_hint(model, is_call) {
        head.push_str(&format!(" | {hint}"));
    }
    let mut out = Vec::new();
    if said != Said::Brief {
        out.push(Line::from(styled(head, Role::Plain, theme)));
    }
    let role = rows::hcw_role(model, e);
    if let Some(c) = data.call_of(RowRef::Hcw(e)) {
        let call = &data.analysis.cmdlets[c];
        let (word, r) = match said {
            Said::Meant => outcome_meant(call),
            Said::Word | Said::Brief => outcome(call),
        };
        let mut spans = vec![
            styled(clean(&call.name), Role::Title, theme),
            styled(" ", Role::Plain, theme),
            styled(word, r, theme),
        ];
        if let Some(ok) = crate::analyze::cmdlet::later_success(&data.analysis.cmdlets, call) {
            // Shifted as the run's lines are (a clock offset), as the call popup says it.
            let at = model.clock.at(ok.source, ok.start);
            let when = crate::time::sentence(at, &model.zone(), &model.zone_label());
            let mut note = format!(" (a later run at {when} succeeded");
            if let Some(other) = crate::analyze::cmdlet::other_server(call, ok) {
                note.push_str(&format!(" with another remote server, {}", clean(other)));
            }
            note.push(')');
            spans.push(styled(note, Role::Dim, theme));
        }
        match &call.error {
            Some(err) if said == Said::Brief => {
                spans.push(styled(": ", Role::Plain, theme));
                let msg = crate::analyze::cmdlet::strip_type(err);
                spans.push(styled(clean(msg), Role::Error, theme));
                out.push(Line::from(spans));
            }
            Some(err) => {
                out.push(Line::from(spans));
                out.push(Line::from(styled(clean(err), Role::Error, theme)));
            }
            None => out.push(Line::from(spans)),
        }
        out.push(call_handshakes(model, c, theme));
        if crate::analyze::correlate::reaches_mrs(call)
            && let Some(offer) = crate::tui::update::open::skew_offer(model)
        {
            out.push(Line::from(styled(offer, Role::Warn, theme)));
        }
    } else {
        let text = entry.full_text();
        for l in text.lines().filter(|l| !stack_frame(l)).take(8) {
            out.push(Line::from(styled(clean(l), role, theme)));
        }
    }
    out
}

/// A .NET stack trace's frame or separator (`   at …`, `--- End of inner exception stack
/// trace ---`): the detail pane's few rows go to the exception's message instead (Enter shows
/// the whole entry, frames included).
fn stack_frame(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("at ") || (t.starts_with("--- End of ") && t.trim_end().ends_with(" ---"))
}
