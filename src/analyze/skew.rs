//! Suggests the clock offset that best lines up HCW test calls with the mrsproxy requests they
//! cause.
//!
//! HCW writes local wall time of the machine it ran on; IIS writes UTC; and the machines' clocks
//! drift. When the calls that make Exchange Online connect to `/EWS/mrsproxy.svc` do not line
//! up with the requests they cause, the offset that makes most of them line up is searched in
//! two steps: whole, half and quarter-hour zone candidates within ±14 h (with ±2 min slack),
//! or, when no zone lines up any call, a clock minutes off (candidates every 3 min within
//! ±15 min); then seconds within ±2 min of the best candidates, preferring the shift that
//! puts each call's first request about a second after its START. A call lines up when a request started inside
//! its shifted window (±2 s); `matched_calls` counts every such call. A suggestion is made only
//! when it is unambiguous and lines up more calls than no shift at all.

mod bursts;
mod machine;

pub use machine::{
    apply_skew_ms, given_skew_ms, skew_machine, skew_owner_words, suggest_skew_by_machine,
};
/// The mrsproxy requests' starts with their numbers, in time order.
fn starts_of(mrs: &[MrsRequest]) -> Vec<(UtcMs, usize)> {
    let mut starts: Vec<(UtcMs, usize)> = mrs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.started(), i))
        .collect();
    starts.sort_unstable();
    starts
}

#[cfg(test)]
mod tests;

use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::correlate::{call_window, reaches_mrs};
use crate::analyze::mrs::MrsRequest;
use crate::escape::escape_control;
use crate::source::{SourceId, SourceInfo, SourceKind, cited_line};
use crate::time::UtcMs;
use crate::time::ZoneSpec;
use bursts::{Burst, bursts};
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Score {
    /// Calls with an mrsproxy request inside their shifted window.
    matched: usize,
    /// Sum of [`penalty`] over matched calls.
    distance: i64,
    /// Sum of distances from [`EXPECTED_MS`] over matched calls (the tie-breaker).
    miss: i64,
}

/// The offset that lines up HCW test calls with mrsproxy requests, when the evidence is clear.
///
/// The evidence cites the HCW entry and the first request of each burst as findings do
/// (`file:line`, [`cited_line`]) from `sources`.
pub fn suggest_skew(
    cmdlets: &[CmdletCall],
    mrs: &[MrsRequest],
    sources: &[SourceInfo],
) -> Option<SkewSuggestion> {
    let calls: Vec<&CmdletCall> = cmdlets.iter().filter(|c| reaches_mrs(c)).collect();
    if calls.is_empty() || mrs.is_empty() {
        return None;
    }
    let starts = starts_of(mrs);

    // A wrong zone (with a little drift), unless a clock minutes off lines up more calls.
    let zones = (-ZONE_RANGE_MS / ZONE_STEP_MS..=ZONE_RANGE_MS / ZONE_STEP_MS)
        .map(|k| k * ZONE_STEP_MS)
        .collect();
    let drifts = (-DRIFT_RANGE_MS / COARSE_STEP_MS..=DRIFT_RANGE_MS / COARSE_STEP_MS)
        .map(|k| k * COARSE_STEP_MS)
        .collect();
    let by_zone = search(&calls, &starts, zones, ZONE_STEP_MS);
    let by_drift = search(&calls, &starts, drifts, COARSE_STEP_MS);
    let (offset, best) = match (by_zone, by_drift) {
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

/// What a search of coarse candidates found.
enum Search {
    /// No candidate lines up a call.
    Nothing,
    /// Several readings line up as many calls (this many) as well.
    Ambiguous(usize),
    /// The shift, to the second, and how it lines up the calls.
    Found(i64, Score),
}

impl Search {
    /// How many calls the best reading lines up.
    fn matched(&self) -> usize {
        match self {
            Search::Nothing => 0,
            Search::Ambiguous(n) => *n,
            Search::Found(_, s) => s.matched,
        }
    }
}

/// The coarse `candidates` (`step` apart, in order) that line up the most calls (±2 min), in
/// runs of adjacent ones whose windows reach the same requests, each searched to the second;
/// found when one reading lines up more calls, or as many closer to where the requests are
/// expected, than any other.
fn search(
    calls: &[&CmdletCall],
    starts: &[(UtcMs, usize)],
    candidates: Vec<i64>,
    step: i64,
) -> Search {
    let mut coarse: Vec<(i64, Score)> = candidates
        .into_iter()
        .map(|off| (off, score(calls, starts, off, COARSE_SLACK_MS)))
        .collect();
    let best_coarse = coarse.iter().map(|(_, s)| s.matched).max().unwrap_or(0);
    if best_coarse == 0 {
        return Search::Nothing;
    }
    coarse.retain(|(_, s)| s.matched == best_coarse);
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &(off, _) in &coarse {
        match runs.last_mut() {
            Some((_, high)) if off - *high == step => *high = off,
            _ => runs.push((off, off)),
        }
    }
    // A run is as long as the windows reaching one request: a call's length and the slack;
    // longer, or many runs, is steady traffic, where any shift fits.
    let longest = calls
        .iter()
        .map(|c| {
            let (from, to) = call_window(c);
            to.0.saturating_sub(from.0)
        })
        .max()
        .unwrap_or(0);
    let span = longest.saturating_add(2 * COARSE_SLACK_MS);
    if runs.len() > MAX_RUNS || runs.iter().any(|(l, h)| h - l > span) {
        return Search::Ambiguous(best_coarse);
    }
    let mut fine: Vec<(i64, Score)> = runs
        .iter()
        .filter_map(|&r| fine_best(calls, starts, r))
        .collect();
    let Some(top) = fine.iter().map(|(_, s)| (s.matched, -s.distance)).max() else {
        return Search::Nothing;
    };
    fine.retain(|(_, s)| (s.matched, -s.distance) == top);
    match fine[..] {
        [(offset, best)] => Search::Found(offset, best),
        _ => Search::Ambiguous(top.0),
    }
}

/// The best shift to the second within a run of coarse candidates `(low, high)`, ±2 min:
/// most calls lined up, then the least distance from where requests are expected, then the
/// nearest a whole zone (a wrong zone is likelier than a drift).
fn fine_best(
    calls: &[&CmdletCall],
    starts: &[(UtcMs, usize)],
    (low, high): (i64, i64),
) -> Option<(i64, Score)> {
    let zone = ((low + high) / 2 + ZONE_STEP_MS / 2).div_euclid(ZONE_STEP_MS) * ZONE_STEP_MS;
    ((low - COARSE_SLACK_MS) / FINE_STEP_MS..=(high + COARSE_SLACK_MS) / FINE_STEP_MS)
        .map(|k| k * FINE_STEP_MS)
        .map(|off| (off, score(calls, starts, off, FINE_SLACK_MS)))
        .max_by(|(oa, a), (ob, b)| {
            a.matched
                .cmp(&b.matched)
                .then(b.distance.cmp(&a.distance))
                .then(b.miss.cmp(&a.miss))
                .then((ob - zone).abs().cmp(&(oa - zone).abs()))
        })
}

/// How many of `calls` line up with a request of `mrs` when shifted by `offset` ms (a request
/// started inside the call's shifted window, ±2 s): the evidence that decides between two
/// readings of an HCW clock.
pub fn calls_lined_up(calls: &[&CmdletCall], mrs: &[MrsRequest], offset: i64) -> usize {
    let calls: Vec<&CmdletCall> = calls.iter().copied().filter(|c| reaches_mrs(c)).collect();
    let starts = starts_of(mrs);
    score(&calls, &starts, offset, FINE_SLACK_MS).matched
}

/// The request (by estimated start) inside a call's window shifted by `offset` and widened by
/// `slack` that is nearest to where the call's first request is expected:
/// `(penalty, miss, mrs index)`.
fn nearest(
    call: &CmdletCall,
    starts: &[(UtcMs, usize)],
    offset: i64,
    slack: i64,
) -> Option<(i64, i64, usize)> {
    let (start, end) = call_window(call);
    let from = start.plus_ms(offset - slack);
    let to = end.plus_ms(offset + slack);
    let lo = starts.partition_point(|(t, _)| *t < from);
    let hi = starts.partition_point(|(t, _)| *t <= to).max(lo);
    if lo == hi {
        return None;
    }
    let shifted = start.0.saturating_add(offset);
    let expected = shifted.saturating_add(EXPECTED_MS);
    let at = starts[lo..hi].partition_point(|(t, _)| t.0 < expected) + lo;
    [at.checked_sub(1), Some(at)]
        .into_iter()
        .flatten()
        .filter(|&k| lo <= k && k < hi)
        .map(|k| {
            let (t, i) = starts[k];
            let d = t.0.saturating_sub(shifted);
            (penalty(d), d.saturating_sub(EXPECTED_MS).abs(), i)
        })
        .min()
}

/// How far a request starting `d` ms after the (shifted) START is from where it is expected:
/// Exchange Online connects within a second or two, and IIS truncates to whole seconds.
fn penalty(d: i64) -> i64 {
    (-1_000i64)
        .saturating_sub(d)
        .max(0)
        .saturating_add(d.saturating_sub(2_000).max(0))
}

fn score(calls: &[&CmdletCall], starts: &[(UtcMs, usize)], offset: i64, slack: i64) -> Score {
    let mut s = Score {
        matched: 0,
        distance: 0,
        miss: 0,
    };
    for call in calls {
        if let Some((p, miss, _)) = nearest(call, starts, offset, slack) {
            s.matched += 1;
            s.distance = s.distance.saturating_add(p);
            s.miss = s.miss.saturating_add(miss);
        }
    }
    s
}

/// `20241126_140840.log:199`, as findings cite a line; `HCW line 199` when the analysis has
/// no such source.
fn cited(sources: &[SourceInfo], source: SourceId, line: u64, kind: &str) -> String {
    let at = cited_line(sources, source, line);
    if at.starts_with("line ") {
        format!("{kind} {at}")
    } else {
        escape_control(&at).into_owned()
    }
}

#[allow(clippy::too_many_arguments)]
fn evidence(
    sources: &[SourceInfo],
    calls: &[&CmdletCall],
    starts: &[(UtcMs, usize)],
    bursts: &[Burst],
    mrs: &[MrsRequest],
    offset: i64,
    matched: usize,
    unshifted: usize,
) -> Vec<String> {
    let total = calls.len();
    // A server is said by the load's one name for its machine, as the sources list says it.
    let machines = crate::source::machine_names(sources);
    let server = |r: &MrsRequest| {
        escape_control(crate::source::shown_name(&machines, &r.server)).into_owned()
    };
    let hits: Vec<(&CmdletCall, usize, Option<&Burst>)> = calls
        .iter()
        .filter_map(|c| {
            let (_, _, i) = nearest(c, starts, offset, FINE_SLACK_MS)?;
            let r = &mrs[i];
            let burst = bursts.iter().find(|b| {
                mrs[b.first].client == r.client && b.start <= r.started() && r.ts <= b.end
            });
            Some((*c, i, burst))
        })
        .collect();
    let mut peers: Vec<String> = hits
        .iter()
        .map(|&(_, i, _)| {
            let r = &mrs[i];
            format!("{} ({})", escape_control(&r.client), server(r))
        })
        .collect();
    peers.sort();
    peers.dedup();
    let noun = if total == 1 { "call" } else { "calls" };
    let mut ev = vec![
        format!(
            "after {}, {matched} of {total} test {noun} line up with mrsproxy requests from {}",
            format_shift(offset),
            peers.join(", ")
        ),
        format!("without a shift, {unshifted} of {total} line up"),
    ];
    for &(call, i, burst) in hits.iter().take(MAX_CALL_EVIDENCE) {
        let r = &mrs[i];
        let (count, from, to) = burst.map_or((1, r.started(), r.ts), |b| (b.count, b.start, b.end));
        let first = burst.and_then(|b| mrs.get(b.first)).unwrap_or(r);
        let first = cited(sources, first.source, first.line, "IIS");
        ev.push(format!(
            "{} ({}) started {} = {} after the shift; {} mrsproxy request{} from {} on {} at {}–{} \
             ({}{first})",
            escape_control(&call.name),
            cited(sources, call.source, call.line, "HCW"),
            call.start,
            call.start.plus_ms(offset),
            count,
            if count == 1 { "" } else { "s" },
            escape_control(&r.client),
            server(r),
            from,
            to,
            if count == 1 { "" } else { "the first at " },
        ));
    }
    if let Some(zone) = zone_shift(offset) {
        ev.push(format!(
            "the shift is close to a whole time-zone difference ({}): the zone applied to the HCW \
             log is probably wrong; correct it with --tz for the HCW source rather than a skew",
            format_shift(zone)
        ));
    }
    ev
}

/// How far off the HCW clock looks, without a sign: `95 s`, `1 h`.
pub fn skew_size(offset_ms: i64) -> String {
    format_shift(offset_ms)
        .trim_start_matches(['+', '-'])
        .to_string()
}

/// The whole time-zone difference (a multiple of 15 min, not 0) within 2 min of `offset` ms:
/// a shift that size is a wrong zone on the HCW log, not a drifting clock.
fn zone_shift(offset: i64) -> Option<i64> {
    let zone = (offset as f64 / ZONE_STEP_MS as f64).round() as i64 * ZONE_STEP_MS;
    (zone != 0 && (offset - zone).abs() <= COARSE_SLACK_MS).then_some(zone)
}

/// The zone the HCW logs' stamps are in when shifting them by `zone` ms lines them up: their
/// one fixed offset moved by the shift (None when the HCW logs were read in different zones,
/// or in a zone with daylight-saving rules).
fn zone_after(sources: &[SourceInfo], zone: i64) -> Option<(String, String)> {
    let mut read = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .map(|s| s.zone.clone());
    let first = read.next()?;
    if read.any(|z| z != first) {
        return None;
    }
    let ZoneSpec::Fixed(o) = first else {
        return None;
    };
    let secs = i64::from(o) - zone / 1000;
    let secs = i32::try_from(secs)
        .ok()
        .filter(|s| s.unsigned_abs() <= 14 * 3600)?;
    Some((first.label(), crate::time::format_offset(secs)))
}

/// A suggestion that is a whole time-zone difference, as a correction: the shift of the whole
/// zone, and, when the HCW logs were read in one fixed zone, that zone's name and the offset
/// their stamps are in (`("UTC", "+05:30")`). None for a drifting clock.
pub fn zone_correction(
    s: &SkewSuggestion,
    sources: &[SourceInfo],
) -> Option<(i64, Option<(String, String)>)> {
    let zone = zone_shift(s.offset_ms)?;
    Some((zone, zone_after(sources, zone)))
}

/// The shift that corrects the HCW logs: the whole zone when the suggestion is a zone
/// difference, else the suggested skew.
pub fn correction_ms(s: &SkewSuggestion) -> i64 {
    zone_shift(s.offset_ms).unwrap_or(s.offset_ms)
}

/// The report's sentence for a suggestion, with the argument that applies it: `--tz` when the
/// shift is a whole time-zone difference from the one fixed zone the HCW logs were read in
/// (`sources`), else `--skew`.
pub fn skew_sentence(s: &SkewSuggestion, sources: &[SourceInfo]) -> String {
    // A machine's clock is corrected by its name: `hcw` would shift the other machines' runs.
    let sel = s
        .machine
        .as_deref()
        .map_or_else(|| "hcw".to_string(), |m| escape_control(m).into_owned());
    let of = s
        .machine
        .as_deref()
        .map_or_else(String::new, |m| format!(" of {}", escape_control(m)));
    // A `--skew` given again replaces the one the runs took: the argument is their sum.
    let arg_ms = apply_skew_ms(s, sources);
    let lined = format!(
        "{} of {} test call{} {} up after the shift",
        s.matched_calls,
        s.total_calls,
        if s.total_calls == 1 { "" } else { "s" },
        if s.matched_calls == 1 {
            "lines"
        } else {
            "line"
        },
    );
    if let Some(zone) = zone_shift(s.offset_ms) {
        let what = format!(
            "Clock zone suggested: the HCW test calls{of} line up with IIS after a shift of {} \
             ({lined}), a whole time-zone difference ({}): the zone the HCW log was read in is \
             wrong, not its clock",
            format_shift(s.offset_ms),
            format_shift(zone),
        );
        return match zone_after(sources, zone) {
            Some((read, tz)) => {
                format!("{what}. Its times are in UTC{tz}, not {read}. Apply with --tz {sel}={tz}.")
            }
            None => format!(
                "{what}. Correct it with --tz for the HCW source, or {}.",
                apply_with(&sel, arg_ms, "apply the shift with")
            ),
        };
    }
    let apply = apply_with(&sel, arg_ms, "apply with");
    format!(
        "Clock skew suggested: the HCW clock{of} looks {} off; shift HCW by {} ({lined}). {}{}.",
        skew_size(s.offset_ms),
        format_shift(s.offset_ms),
        apply.get(..1).unwrap_or_default().to_uppercase(),
        apply.get(1..).unwrap_or_default(),
    )
}

/// `apply with --skew EX02=+95s` (`how` the words before the argument); when the skew that
/// lines the calls up is none (`ms` 0: the one given put the clock off), `load without the
/// --skew given for EX02`, not a `--skew EX02=0s` that reads like a correction.
pub fn apply_with(sel: &str, ms: i64, how: &str) -> String {
    if ms == 0 {
        format!("load without the --skew given for {sel}")
    } else {
        format!("{how} --skew {sel}={}", skew_arg(ms))
    }
}

/// The value of `--skew` that shifts by `ms`: `+1h`, `+95s`, `-250ms`; `0s` for none (not
/// `+0h`, which reads like an hour).
pub fn skew_arg(ms: i64) -> String {
    if ms == 0 {
        "0s".to_string()
    } else if ms % 3_600_000 == 0 {
        format!("{:+}h", ms / 3_600_000)
    } else if ms % 1000 == 0 {
        format!("{:+}s", ms / 1000)
    } else {
        format!("{:+}ms", ms)
    }
}

/// `+1 h`, `-7 s`, `-95 s`, `+2 min 5 s`, `+1 h 0 min 7 s`: seconds alone below two minutes.
pub fn format_shift(ms: i64) -> String {
    let sign = if ms < 0 { '-' } else { '+' };
    let total_s = (ms.unsigned_abs() + 500) / 1000;
    let (h, m, s) = (total_s / 3600, total_s / 60 % 60, total_s % 60);
    match (h, m, s) {
        (0, m, _) if m < 2 => format!("{sign}{total_s} s"),
        (0, m, 0) => format!("{sign}{m} min"),
        (0, m, s) => format!("{sign}{m} min {s} s"),
        (h, 0, 0) => format!("{sign}{h} h"),
        (h, m, 0) => format!("{sign}{h} h {m} min"),
        (h, m, s) => format!("{sign}{h} h {m} min {s} s"),
    }
}
