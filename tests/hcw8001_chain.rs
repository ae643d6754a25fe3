//! One failure, one finding for HCW8001 (log-formats §1.6, a user's published notes): HCW
//! logs the failure as `*ERROR* 10241 Workflow Exception: Unable to determine the Tenant
//! Routing Domain [Task=Initial, Phase=Configure]`, then FAILED for the ValidateConfiguration
//! phase (10271) and the Hybrid workflow (10268), then `*ERROR* 10025 HCW8001 Unable to
//! determine the Tenant Routing Domain`. The report states that cause once, as `hcw-HCW8001`
//! (the most specific finding), citing the workflow exception and the FAILED steps; no
//! `hcw-phase-failed` or `hcw-error-<id>` repeats it. The runs are en-US and de-DE.

use crate::fixtures;

use fixtures::analyse;
use hcwlens::analyze::finding::Finding;

const CAUSE: &str = "Unable to determine the Tenant Routing Domain";

fn findings() -> Vec<Finding> {
    analyse("hcw8001/initial").findings
}

#[test]
fn the_tenant_routing_domain_cause_is_stated_once_by_hcw8001() {
    let f = findings();
    let ids: Vec<String> = f.iter().map(|f| f.id.to_string()).collect();
    let stating: Vec<String> = f
        .iter()
        .filter(|x| x.explanation.contains(CAUSE) || x.title.contains(CAUSE))
        .map(|x| x.id.to_string())
        .collect();
    assert_eq!(stating, vec!["hcw-HCW8001"], "{ids:?}");
    assert_eq!(ids, vec!["hcw-HCW8001"], "nothing else for this failure");
}

#[test]
fn hcw8001_cites_the_workflow_exception_and_the_failed_steps_of_each_run() {
    let f = findings();
    let lead = f
        .iter()
        .find(|x| x.id.to_string() == "hcw-HCW8001")
        .expect("hcw-HCW8001");
    let lines: Vec<u64> = lead.evidence.iter().map(|e| e.line).collect();
    assert_eq!(
        lines,
        vec![11, 13, 14, 15, 11, 13, 14, 15],
        "{:?}",
        lead.evidence
    );
    for said in [
        "*ERROR* 10241 (20240131_203602.log:11)",
        "task Initial, phase ValidateConfiguration (20240131_203602.log:13)",
        "the Hybrid workflow (20240131_203602.log:14)",
        "*ERROR* 10241 (20240201_203602.log:11)",
        "task Initial, phase ValidateConfiguration (20240201_203602.log:13)",
    ] {
        assert!(
            lead.explanation.contains(said),
            "{said}: {}",
            lead.explanation
        );
    }
    assert_eq!(
        lead.explanation.matches(CAUSE).count(),
        1,
        "{}",
        lead.explanation
    );
}
