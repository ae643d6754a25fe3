//! `hcw-agent-registration`: HCW could not register the Hybrid Agent as an application proxy
//! application in the tenant. The Graph call's answer is logged as an informational entry
//! (event 10333, `fn=SendAsync`, `Results=NotFound {"error":{"code":"Application_NotFound" …`
//! or `Results=BadRequest … "InternalUrl_Duplicate"`), not as an `*ERROR*`, so only this rule
//! sees it; the uncoded `*ERROR*` entries the same thread logs right after it belong to it.

use super::DiagnoseInput;
use super::common::{Draft, excerpt, list};
use super::text::{HYBRID_AGENT_BLOG, HYBRID_AGENT_DOC};
use crate::analyze::finding::{Evidence, Finding, FindingId, Severity};
use crate::record::{HcwEntry, HcwLevel};

/// How long after the refused registration an uncoded `*ERROR*` of the same thread counts as
/// its consequence.
const FOLLOW_MS: i64 = 30_000;
const EXCERPT_CHARS: usize = 300;

/// The error codes the application proxy service answers a registration with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// `Application_NotFound` / `OnPremisesPublishing is not enabled`.
    NotFound,
    /// `InternalUrl_Duplicate`.
    Duplicate,
}

fn refusal(e: &HcwEntry) -> Option<Refusal> {
    let t = e.full_text().to_ascii_lowercase();
    if t.contains("internalurl_duplicate") {
        Some(Refusal::Duplicate)
    } else if t.contains("application_notfound")
        || t.contains("onpremisespublishing is not enabled")
    {
        Some(Refusal::NotFound)
    } else {
        None
    }
}

fn evidence(e: &HcwEntry) -> Evidence {
    Evidence {
        source: e.source,
        line: e.line,
    }
}

pub fn findings(input: &DiagnoseInput<'_>) -> Vec<Finding> {
    let refused: Vec<(&HcwEntry, Refusal)> = input
        .hcw
        .iter()
        .filter(|e| e.level != HcwLevel::Error || e.hcw_code().is_none())
        .filter_map(|e| refusal(e).map(|r| (e, r)))
        .collect();
    let Some(&(first, _)) = refused.first() else {
        return Vec::new();
    };
    let duplicate = refused.iter().any(|(_, r)| *r == Refusal::Duplicate);
    let not_found = refused.iter().any(|(_, r)| *r == Refusal::NotFound);
    let mut d = Draft::new(FindingId::HcwAgentRegistration, Severity::Error);
    let mut codes = Vec::new();
    if not_found {
        codes.push("Application_NotFound".to_string());
    }
    if duplicate {
        codes.push("InternalUrl_Duplicate".to_string());
    }
    d.title = format!(
        "The Hybrid Agent could not be registered in the tenant ({})",
        list(&codes)
    );
    let mut why = format!(
        "HCW registers the Hybrid Agent as an application proxy application of the tenant, and \
         the service refused it: \"{}\".",
        excerpt(first, EXCERPT_CHARS)
    );
    if not_found {
        why.push_str(
            " Application_NotFound: the application HCW asked for does not exist in the tenant, \
             or application proxy (OnPremisesPublishing) is not enabled for it.",
        );
    }
    if duplicate {
        why.push_str(
            " InternalUrl_Duplicate: another application proxy application of the tenant \
             already publishes the same internal URL, usually one left by an earlier Hybrid \
             Agent installation.",
        );
    }
    why.push_str(
        " Until the registration succeeds, Exchange Online has no agent to reach the \
         on-premises servers through: free/busy and mailbox moves over the agent fail.",
    );
    d.explanation = why;
    let mut fix = String::from(
        "On the Hybrid Agent host, import the HybridManagement module \
         (https://aka.ms/hybridconnectivity) and run Get-HybridApplication to list what is \
         registered.",
    );
    if duplicate {
        fix.push_str(
            " Remove the stale application that holds the same internal URL \
             (Remove-HybridApplication from the same module, or in the Entra admin center \
             under Enterprise applications), then run HCW again.",
        );
    }
    if not_found {
        fix.push_str(
            " If the application is missing, uninstall the Microsoft Hybrid Service from the \
             agent host and run HCW again with Modern Hybrid so that it registers a new one, \
             signed in to the tenant as a Global Administrator.",
        );
    }
    d.remedy = fix;
    d.references = vec![HYBRID_AGENT_DOC, HYBRID_AGENT_BLOG];
    for (e, _) in &refused {
        d.evidence.push(evidence(e));
        d.at(e.ts, e.source);
        for after in consequences(input, e) {
            d.evidence.push(evidence(after));
        }
    }
    d.evidence.dedup();
    d.build().into_iter().collect()
}

/// The uncoded `*ERROR*` entries of the same thread right after a refused registration.
fn consequences<'a>(input: &DiagnoseInput<'a>, e: &HcwEntry) -> Vec<&'a HcwEntry> {
    let until = e.ts.plus_ms(FOLLOW_MS);
    input
        .hcw
        .iter()
        .filter(|x| {
            x.source == e.source
                && x.line > e.line
                && x.ts <= until
                && x.level == HcwLevel::Error
                && x.hcw_code().is_none()
                && x.ctx("Thread") == e.ctx("Thread")
        })
        .collect()
}
