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
