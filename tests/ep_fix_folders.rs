//! The `ep-hybrid-agent` fix names every server whose IIS log failed the agent's handshakes: a
//! log named only after its folder (the HCW log naming no published servers to fill in) is
//! said and kept in the command as a placeholder, not silently left out while the command
//! targets the other server alone. Fixture: `tests/fixtures/audit20/lb-pair` (FBEX1's log names
//! its server; FBEX2's is known only by its folder; both fail Extended Protection).

use crate::fixtures;

use fixtures::analyse;

#[test]
fn the_fix_command_keeps_a_server_known_only_by_its_log_folder() {
    let a = analyse("audit20/lb-pair");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "ep-hybrid-agent")
        .expect("ep-hybrid-agent");
    let command = f
        .remedy
        .lines()
        .find(|l| l.contains("-ExchangeServerNames"))
        .expect("the command");
    assert!(
        command.contains("-ExchangeServerNames FBEX1, <server of the FBEX2/W3SVC1 logs> -Exclude"),
        "{command}"
    );
    assert!(
        f.remedy
            .contains("have failing legs too (FBEX2/W3SVC1, named here after their folder)"),
        "{}",
        f.remedy
    );
}
