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
/// (each takes the `--skew` given for its own, said at its line 1); else none, the skew being
/// the file's.
pub fn skew_machine(a: &crate::pipeline::Analysis, s: &SourceInfo) -> Option<String> {
    if s.kind != crate::source::SourceKind::Hcw {
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
