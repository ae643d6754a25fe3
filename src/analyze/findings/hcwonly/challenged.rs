//! An HCW `(401) Unauthorized` whose `/EWS/mrsproxy.svc` requests the loaded IIS logs hold
//! while the call ran, answered only with the challenges (`401 2 5`, `401 1 2148074254`): the
//! handshakes arrived but stopped before the message that carries the credentials, so no
//! failing leg names the cause. The finding cites them and says where that message can have
//! gone, instead of saying no handshake of the call is in the loaded logs.

use super::super::DiagnoseInput;
use super::Item;
use crate::analyze::finding::Evidence;
use crate::analyze::mrs::MrsRequest;
use crate::source::SourceKind;

/// The anonymous challenge of NTLM / Negotiate: `401 2 5`.
fn anonymous(r: &MrsRequest) -> bool {
    r.status == 401 && r.substatus == 2 && r.win32 == 5
}

/// The NTLM challenge: `401 1 2148074254` (SEC_E_NO_CREDENTIALS).
fn challenge(r: &MrsRequest) -> bool {
    r.status == 401 && r.substatus == 1 && r.win32 == 2_148_074_254
}

/// The IIS mrsproxy requests of the items' calls, in log order, when every one of them is a
/// challenge with its codes logged and at least one is the NTLM challenge; empty otherwise.
pub fn requests<'a>(input: &DiagnoseInput<'a>, items: &[Item<'_>]) -> Vec<&'a MrsRequest> {
    let mut found: Vec<usize> = items
        .iter()
        .filter_map(|i| i.call)
        .filter_map(|c| input.cmdlets.iter().position(|x| std::ptr::eq(x, c)))
        .filter_map(|ci| input.links.iter().find(|l| l.cmdlet == ci))
        .flat_map(|l| l.mrs.iter().copied())
        .filter(|&i| {
            crate::source::by_id(input.sources, input.mrs[i].source)
                .is_some_and(|s| s.kind == SourceKind::Iis)
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    let found: Vec<&MrsRequest> = found.into_iter().map(|i| &input.mrs[i]).collect();
    let only_challenges = found
        .iter()
        .all(|r| r.substatus_logged && r.win32_logged && (anonymous(r) || challenge(r)));
    if only_challenges && found.iter().any(|r| challenge(r)) {
        found
    } else {
        Vec::new()
    }
}

/// `IIS on FBEX1 logged 4 requests to /EWS/mrsproxy.svc while the call ran (from 10.30.5.40),
/// answered only with the challenges …` with the lines as evidence.
pub fn cite(
    input: &DiagnoseInput<'_>,
    requests: &[&MrsRequest],
    evidence: &mut Vec<Evidence>,
) -> String {
    format!(
        "{}, answered only with the challenges (401 2 5, 401 1 2148074254): the NTLM message \
         that carries the credentials never reached it, so no failing leg there names the \
         cause. That message went to another server behind the name (a load balancer without \
         affinity; that server logs it as 401 1 2148074248), or the client did not answer the \
         challenge.",
        super::uncoded::logged_during(input, requests, "", evidence)
    )
}

/// The first step of the remedy when the call's handshakes stopped at the challenge; through
/// the Hybrid Agent the servers are those behind its TargetUri, not behind its own name.
pub fn remedy_step(host: &str, agent: bool) -> String {
    let behind = if agent {
        "the agent's TargetUri (Get-HybridApplication)".to_string()
    } else {
        host.to_string()
    };
    format!(
        "The loaded IIS logs hold this call's /EWS/mrsproxy.svc handshakes only up to the NTLM \
         challenge: load the IIS logs (W3SVC1) of the other servers behind {behind} for its \
         time (the leg that carries the credentials names the cause there), and check that the \
         load balancer keeps one client's connection on one server."
    )
}
