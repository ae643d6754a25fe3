//! One failure, one finding: a cmdlet that throws is logged as `*ERROR* 10277 … FINISH …
//! Results=PowerShell failed to invoke …` and again as an `*ERROR* 10224` exception entry. The
//! report gives it once, as `hcw-error-10277` (the FINISH names the cmdlet to run again),
//! citing the 10224 entries; unrelated errors of the same runs (another 10224, a 10296) keep
//! their own findings. The runs are in English and German.

use crate::fixtures;

use fixtures::analyse;

fn findings() -> Vec<hcwlens::analyze::finding::Finding> {
    analyse("dedupe/federation").findings
}

#[test]
fn a_thrown_cmdlet_is_one_finding_led_by_its_finish() {
    let f = findings();
    let ids: Vec<String> = f.iter().map(|f| f.id.to_string()).collect();
    // The cause is stated by one finding only, in each language.
    for said in ["Object reference not set", "Der Objektverweis wurde nicht"] {
        let stating: Vec<String> = f
            .iter()
            .filter(|x| x.explanation.contains(said) || x.title.contains(said))
            .map(|x| x.id.to_string())
            .collect();
        assert_eq!(stating, vec!["hcw-error-10277"], "{said}: {ids:?}");
    }
    let lead = f
        .iter()
        .find(|x| x.id.to_string() == "hcw-error-10277")
        .expect("hcw-error-10277");
    let lines: Vec<u64> = lead.evidence.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![12, 13, 11, 12], "each FINISH with its 10224");
    assert!(
        lead.explanation.contains(" 2 times"),
        "{}",
        lead.explanation
    );
    assert!(
        lead.explanation
            .contains("*ERROR* 10224 (20250318_091512.log:13)")
            && lead
                .explanation
                .contains("*ERROR* 10224 (20250319_101512.log:12)"),
        "{}",
        lead.explanation
    );
    assert!(
        lead.remedy
            .contains("Run Set-FederatedOrganizationIdentifier yourself"),
        "{}",
        lead.remedy
    );
}

#[test]
fn unrelated_errors_of_the_same_runs_keep_their_findings() {
    let f = findings();
    let ids: Vec<String> = f.iter().map(|f| f.id.to_string()).collect();
    assert!(ids.contains(&"hcw-error-10296".to_string()), "{ids:?}");
    let other = f
        .iter()
        .find(|x| x.id.to_string() == "hcw-error-10224")
        .expect("the unrelated 10224");
    assert!(
        other.title.contains("Die Sequenz enthält keine"),
        "{}",
        other.title
    );
    assert_eq!(other.evidence.len(), 1, "{:?}", other.evidence);
}
