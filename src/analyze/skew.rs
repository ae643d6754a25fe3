//! Suggests the clock offset that best lines up HCW test calls with the mrsproxy requests they
//! cause.
//!
//! HCW writes local wall time of the machine it ran on; IIS writes UTC; and the machines' clocks
//! drift. When the calls that make Exchange Online connect to `/EWS/mrsproxy.svc` do not line
//! up with the requests they cause, the offset that makes most of them line up is searched in
//! two steps: whole, half and quarter-hour zone candidates within ±14 h (with ±2 min slack),
//! or, when no zone lines up any call, a clock minutes off (candidates every 3 min within
//! ±15 min); then seconds within ±2 min of the best candidates, preferring the shift that
//! puts each call's first request about a second after its START. A call lines up when a
//! request started inside its shifted window (±2 s); `matched_calls` counts every such call. A
//! suggestion is made only when it is unambiguous and lines up more calls than no shift at all.
//! A call whose error says no request got there (the name did not resolve, TLS could not be
//! set up) is not lined up with anything ([`lines_up`]).
//!
//! The search is `search.rs`, the evidence said with it `evidence.rs`, a shift that is a whole
//! zone `zone.rs` (one a daylight-saving switch during the runs made: `switch.rs`), its sentence and arguments `words.rs` (a shift in words: `crate::wording::clock_shift`), one machine's clock among several
//! `machine.rs`.

mod bursts;
mod calls;
mod evidence;
mod machine;
mod search;
mod switch;
mod words;
mod zone;

pub use calls::{calls_lined, calls_noun};
pub use machine::{
    apply_skew_ms, given_skew_ms, skew_machine, skew_owner_words, suggest_skew_by_machine,
};
pub use search::calls_lined_up;
pub use words::{apply_with, skew_arg, skew_sentence, switched_zones};
pub use zone::{correction_ms, zone_correction};

#[cfg(test)]
mod tests;

use crate::analyze::cmdlet::{CauseKind, CmdletCall, classify};
use crate::analyze::correlate::reaches_mrs;
use crate::analyze::mrs::MrsRequest;
use crate::source::SourceInfo;
use bursts::bursts;
use evidence::evidence;
use search::{Search, by_drift, by_zone, score, starts_of};
use serde::Serialize;

/// A suggested correction for the HCW clock relative to IIS.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkewSuggestion {
    /// Milliseconds to add to HCW instants so they line up with IIS.
    pub offset_ms: i64,
    /// How many test calls line up with a request burst after the shift.
    pub matched_calls: usize,
    /// Test calls considered.
    pub total_calls: usize,
    /// Human-readable evidence.
    pub evidence: Vec<String>,
    /// The machine whose clock it corrects, when the HCW runs loaded were made on more than
    /// one machine (runs appended in one log, or several logs): a skew is about one clock, and
    /// only that machine's calls were lined up ([`suggest_skew_by_machine`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    /// The cmdlets of the calls considered, each once in the order first run, escaped: what the
    /// sentences call them ([`calls_lined`]).
    #[serde(skip)]
    pub calls: Vec<String>,
}

const ZONE_STEP_MS: i64 = 15 * 60_000;
const ZONE_RANGE_MS: i64 = 14 * 3_600_000;
/// The coarse step of a drift: less than twice the slack, so the candidates' windows overlap
/// and no offset within the drift's range falls between them.
const COARSE_STEP_MS: i64 = 3 * 60_000;
/// More runs of candidates lining up as many calls than this: steady traffic, no suggestion.
const MAX_RUNS: usize = 8;
/// How far a clock minutes off is searched when no zone lines a call up.
const DRIFT_RANGE_MS: i64 = 15 * 60_000;
const COARSE_SLACK_MS: i64 = 120_000;
const FINE_STEP_MS: i64 = 1_000;
const FINE_SLACK_MS: i64 = 2_000;
/// Shifts smaller than this count as "already aligned".
const ALIGNED_MS: i64 = 2_000;
const MAX_CALL_EVIDENCE: usize = 5;

/// Where Exchange Online's first request is expected after START, as IIS stamps it: it connects
/// a second or two after the call starts and IIS truncates to whole seconds.
const EXPECTED_MS: i64 = 1_000;

/// A call that can line up with mrsproxy requests: one that makes Exchange Online reach the MRS
/// proxy, unless its error says no request got there (the name did not resolve, or TLS could
/// not be set up: other mrsproxy traffic near it is not its requests seen through a clock off).
pub(crate) fn lines_up(call: &CmdletCall) -> bool {
    reaches_mrs(call)
        && !call
            .error
            .as_deref()
            .and_then(classify)
            .is_some_and(|c| matches!(c.kind, CauseKind::NameNotResolved | CauseKind::TlsTrust))
}

/// The offset that lines up HCW test calls with mrsproxy requests, when the evidence is clear.
///
/// The evidence cites the HCW entry and the first request of each burst as findings do
/// (`file:line`, [`crate::source::cited_line`]) from `sources`.
pub fn suggest_skew(
    cmdlets: &[CmdletCall],
    mrs: &[MrsRequest],
    sources: &[SourceInfo],
) -> Option<SkewSuggestion> {
    let calls: Vec<&CmdletCall> = cmdlets.iter().filter(|c| lines_up(c)).collect();
    if calls.is_empty() || mrs.is_empty() {
        return None;
    }
    let starts = starts_of(mrs);

    // A wrong zone (with a little drift), unless a clock minutes off lines up more calls.
    let (offset, best) = match (by_zone(&calls, &starts), by_drift(&calls, &starts)) {
        (zone, Search::Found(offset, best)) if best.matched > zone.matched() => (offset, best),
        (Search::Found(offset, best), _) => (offset, best),
        _ => return None,
    };
    let unshifted = score(&calls, &starts, 0, FINE_SLACK_MS);
    if best.matched == 0 || best.matched <= unshifted.matched || offset.abs() < ALIGNED_MS {
        return None;
    }
    let bursts = bursts(mrs);
    Some(SkewSuggestion {
        offset_ms: offset,
        matched_calls: best.matched,
        total_calls: calls.len(),
        calls: calls.iter().fold(Vec::new(), |mut names, c| {
            let name = crate::escape::escape_control(&c.name).into_owned();
            if !names.contains(&name) {
                names.push(name);
            }
            names
        }),
        evidence: evidence(
            sources,
            &calls,
            &starts,
            &bursts,
            mrs,
            offset,
            best.matched,
            unshifted.matched,
        ),
        machine: None,
    })
}
