//! A skew is about one machine's clock: when the HCW runs loaded were made on several machines,
//! each machine's test calls are lined up with the mrsproxy requests on their own.

use super::{SkewSuggestion, suggest_skew};
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::mrs::MrsRequest;
use crate::source::SourceInfo;

/// [`suggest_skew`] per machine's clock: `machine_of` names the machine of a call's run. When
/// the calls are of more than one machine, each machine's calls are lined up on their own (one
/// offset for two clocks lines up neither), and the suggestion that lines up the most calls
/// names its machine; with one machine (or none named) it is [`suggest_skew`].
pub fn suggest_skew_by_machine(
    cmdlets: &[CmdletCall],
    mrs: &[MrsRequest],
    sources: &[SourceInfo],
    machine_of: &dyn Fn(&CmdletCall) -> Option<String>,
) -> Option<SkewSuggestion> {
    let mut machines: Vec<String> = Vec::new();
    for c in cmdlets {
        if let Some(m) = machine_of(c)
            && !machines.iter().any(|k| crate::source::same_machine(k, &m))
        {
            machines.push(m);
        }
    }
    if machines.len() < 2 {
        return suggest_skew(cmdlets, mrs, sources);
    }
    machines
        .into_iter()
        .filter_map(|m| {
            let own: Vec<CmdletCall> = cmdlets
                .iter()
                .filter(|c| machine_of(c).is_some_and(|k| crate::source::same_machine(&k, &m)))
                .cloned()
                .collect();
            let mut s = suggest_skew(&own, mrs, sources)?;
            s.machine = Some(m);
            Some(s)
        })
        .max_by_key(|s| s.matched_calls)
}

/// Whose clock the skew of HCW source `s` is ([`SourceInfo::skew_ms`], the `--skew` its first
/// run took): that run's machine, when the runs in the file were made on more than one machine
/// and took different skews (each takes the `--skew` given for its own, said at its line 1);
/// else none, the skew being the file's (`--skew hcw=+7s` shifts every run alike).
pub fn skew_machine(a: &crate::pipeline::Analysis, s: &SourceInfo) -> Option<String> {
    if s.kind != crate::source::SourceKind::Hcw {
        return None;
    }
    if s.stats.runs.iter().all(|r| r.skew_ms == s.skew_ms) {
        return None;
    }
    let runs = crate::analyze::overview::runs::runs(a, &|_| 0);
    let mut own: Vec<(u64, Option<&str>)> = runs
        .iter()
        .filter_map(|r| {
            let part = r.parts.iter().find(|p| p.source == s.id)?;
            Some((part.first, r.server.as_deref()))
        })
        .collect();
    own.sort_by_key(|&(line, _)| line);
    // A first run that names no machine took the file's label's skew: no machine to say.
    let first = own.first()?.1?;
    own.iter()
        .filter_map(|(_, m)| *m)
        .any(|m| !crate::source::same_machine(m, first))
        .then(|| first.to_string())
}

/// ` (EX01's runs)` after a source's skew when it is one machine's ([`skew_machine`]), else
/// nothing; escaped.
pub fn skew_owner_words(machine: Option<&str>) -> String {
    machine.map_or_else(String::new, |m| {
        format!(" ({}'s runs)", crate::escape::escape_control(m))
    })
}

/// The `--skew` the HCW runs a suggestion is about took at load: those of `machine` (each run
/// of a log holding several by its own, [`crate::source::SourceStats::runs`]), every HCW run
/// when none; 0 when none was loaded, none when they took different ones. A `--skew` given
/// again replaces the one given, so the argument that applies a suggestion is this plus the
/// shift still suggested ([`apply_skew_ms`]).
pub fn given_skew_ms(sources: &[SourceInfo], machine: Option<&str>) -> Option<i64> {
    let mut given = sources
        .iter()
        .filter(|s| s.kind == crate::source::SourceKind::Hcw)
        .flat_map(|s| {
            // A log naming no machine (a `.boot`) is of its run's `.log`'s.
            let own = crate::source::run_machine(sources, s).map_or(s.server.as_str(), |(m, _)| m);
            let runs: Vec<(&str, i64)> = if s.stats.runs.is_empty() {
                vec![(own, s.skew_ms)]
            } else {
                s.stats
                    .runs
                    .iter()
                    .map(|r| {
                        let m = if r.machine.is_empty() {
                            own
                        } else {
                            &r.machine
                        };
                        (m, r.skew_ms)
                    })
                    .collect()
            };
            runs
        })
        .filter(|&(m, _)| machine.is_none_or(|want| crate::source::same_machine(m, want)))
        .map(|(_, ms)| ms);
    let Some(first) = given.next() else {
        return Some(0);
    };
    given.all(|ms| ms == first).then_some(first)
}

/// The `--skew` value that applies suggestion `s` over what its runs took at load
/// ([`given_skew_ms`]); the suggested shift alone when they took different ones.
pub fn apply_skew_ms(s: &SkewSuggestion, sources: &[SourceInfo]) -> i64 {
    given_skew_ms(sources, s.machine.as_deref())
        .unwrap_or(0)
        .saturating_add(s.offset_ms)
}
