use super::{DiagnoseInput, diagnose};
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::correlate::testcalls::tmsa;
use crate::analyze::finding::FindingId;
use crate::analyze::finding::Severity;
use crate::analyze::handshake::testlog::at;
use crate::record::HcwEntry;
use crate::record::HcwLevel;
use scenarios::*;

mod common;
mod corpus;
mod hcwonly;
mod scenarios;
mod security;

#[test]
fn healthy_logs_produce_no_findings() {
    assert_eq!(ids(&run(&healthy())), Vec::<&str>::new());
}

/// HCW's `Action=ResetIIS` line naming the server it restarted IIS on.
fn reset_iis(line: u64, fqdn: &str) -> HcwEntry {
    entry(
        line,
        "13:23:19",
        HcwLevel::Info,
        10408,
        &[
            ("Page", "Configuring"),
            ("Task", "MRSProxy"),
            ("Action", "ResetIIS"),
        ],
        &format!("Stopping IIS Admin Service on {fqdn}..."),
        "",
    )
}

#[test]
fn hybrid_agent_extended_protection_is_diagnosed_with_the_exact_fix() {
    let mut sc = hybrid_agent();
    sc.hcw.push(reset_iis(15, "EX01.contoso.com"));
    let f = run(&sc);
    assert_eq!(ids(&f), vec!["ep-hybrid-agent"]);
    let ep = &f[0];
    assert_eq!(ep.severity, Severity::Error);
    assert!(ep.remedy.contains(
        ".\\ExchangeExtendedProtectionManagement.ps1 -ExchangeServerNames EX01 -ExcludeVirtualDirectories \"EWSFrontEnd\""
    ), "{}", ep.remedy);
    assert!(ep.remedy.contains("Get-HybridApplication"));
    assert!(ep.remedy.contains("/DoNotEnableEP_FEEWS"));
    assert!(
        ep.remedy.contains("-DisableExtendedProtection") && ep.remedy.contains("CVE-2024-21410")
    );
    assert!(ep.remedy.contains("10.0.5.20"));
    assert!(!ep.remedy.contains("EWSBackend"));
    assert!(ep.remedy.contains(&format!(
        "Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer {AGENT_URL} -Credentials (Get-Credential CONTOSO\\migadmin)"
    )));
    assert!(
        ep.explanation.contains("SEC_E_BAD_BINDINGS") && ep.explanation.contains("msappproxy.net")
    );
    assert!(
        ep.references
            .iter()
            .any(|r| r == "https://aka.ms/ExchangeEPDoc")
    );
    let ev = lines(ep);
    for want in [(9, 20), (9, 22), (9, 40), (9, 42)] {
        assert!(ev.contains(&want), "call line {want:?} missing");
    }
    assert_eq!(
        ev.iter().filter(|(src, _)| *src == 0).count(),
        6,
        "both triplets"
    );
    assert_eq!(ep.time, Some(at("2024-11-05", "13:23:13")));
}

#[test]
fn a_folder_label_never_names_the_server_in_a_command() {
    for label in ["EX01/W3SVC1", "copied-from-ticket-4711/W3SVC1", "W3SVC1"] {
        let mut sc = hybrid_agent();
        sc.iis[0].server = label;
        let f = run(&sc);
        let remedy = &f[0].remedy;
        assert!(
            remedy.contains(&format!(
                "-ExchangeServerNames {}",
                super::text::PH_AGENT_SERVERS
            )),
            "{remedy}"
        );
        let folder = label.split('/').next().unwrap_or(label);
        assert!(!remedy.contains(folder), "{label}: {remedy}");
    }
}

#[test]
fn the_server_hcw_published_fills_the_command_when_iis_names_none() {
    let mut sc = hybrid_agent();
    sc.iis[0].server = "copied-from-ticket-4711/W3SVC1";
    sc.hcw.push(reset_iis(15, "EXB.contoso.com"));
    let f = run(&sc);
    let remedy = &f[0].remedy;
    assert!(
        remedy.contains("-ExchangeServerNames EXB -Exclude"),
        "{remedy}"
    );
    assert!(
        remedy.contains("per the HCW log, EWS is published from EXB"),
        "{remedy}"
    );
    assert!(!remedy.contains("copied-from-ticket-4711"));
    assert!(
        f[0].explanation
            .contains("IIS on copied-from-ticket-4711 (named after the log folder)")
    );
}

#[test]
fn a_logged_computer_name_is_the_server_even_if_hcw_published_another() {
    let mut sc = hybrid_agent();
    sc.iis[0].server = "EX07";
    sc.hcw.push(reset_iis(15, "EXB.contoso.com"));
    let f = run(&sc);
    assert!(
        f[0].remedy.contains("-ExchangeServerNames EX07 -Exclude"),
        "{}",
        f[0].remedy
    );
    assert!(f[0].explanation.contains("IIS on EX07"));
}

#[test]
fn named_and_unnamed_logs_together_name_both_servers() {
    let mut sc = hybrid_agent();
    sc.iis[0].server = "EX07";
    sc.iis.push(Iis {
        id: 1,
        server: "copied-from-ticket-4711/W3SVC1",
        lines: ep_triplet("13:23:16", "10.0.5.20"),
    });
    sc.hcw.push(reset_iis(15, "EXB.contoso.com"));
    let f = run(&sc);
    let remedy = &f[0].remedy;
    assert!(
        remedy.contains("-ExchangeServerNames EX07, EXB -Exclude"),
        "{remedy}"
    );
    assert!(remedy.contains("has failing legs too"), "{remedy}");
}

/// A failing call that named a published host went to Exchange without the Hybrid Agent
/// (classic hybrid): the one address carrying its failures is a device that ends TLS, and the
/// Modern Hybrid exclusion of EWSFrontEnd is not the fix.
#[test]
fn one_address_failing_a_call_to_a_published_name_is_tls_offload_not_the_agent() {
    let mut sc = hybrid_agent();
    for c in &mut sc.cmdlets {
        *c = tmsa(
            c.start,
            5_000,
            CmdletOutcome::Failed,
            &unauthorized("mail.contoso.com"),
            "mail.contoso.com",
            c.line,
        );
    }
    let f = run(&sc);
    assert_eq!(ids(&f), vec!["ep-tls-offload"]);
    let x = &f[0];
    assert_eq!(x.severity, Severity::Error);
    assert!(
        x.explanation
            .contains("failed against mail.contoso.com, a published name")
    );
    assert!(x.explanation.contains("All of them came from 10.0.5.20"));
    let cited = |l: u64| x.evidence.iter().any(|e| e.line == l);
    assert!(
        sc.cmdlets.iter().all(|c| cited(c.line)),
        "the failing calls are cited"
    );
    assert!(x.remedy.contains("pass-through"), "{}", x.remedy);
    assert!(!x.remedy.contains("EWSFrontEnd"), "{}", x.remedy);
}

#[test]
fn agent_pattern_without_hcw_is_a_warning() {
    let mut sc = hybrid_agent();
    sc.cmdlets.clear();
    let f = run(&sc);
    assert_eq!(ids(&f), vec!["ep-hybrid-agent"]);
    assert_eq!(f[0].severity, Severity::Warning);
}

#[test]
fn bad_bindings_across_clients_and_vdirs_is_tls_offload() {
    let f = run(&tls_offload());
    assert_eq!(ids(&f), vec!["ep-tls-offload"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].remedy.contains("pass-through") && f[0].remedy.contains("same"));
    assert!(f[0].remedy.contains("Do not disable Extended Protection"));
    assert!(f[0].explanation.contains("4 client addresses"));
}

#[test]
fn invalid_token_with_legs_on_two_servers_is_a_split_connection() {
    let f = run(&split());
    assert_eq!(ids(&f), vec!["ntlm-split-connection"]);
    let x = &f[0];
    assert_eq!(x.severity, Severity::Warning);
    assert!(x.explanation.contains("issued by EX01") && x.explanation.contains("reached EX02"));
    // The failing leg is EX02's line: the server that logged it is EX02, not the challenge's.
    assert!(
        x.explanation
            .starts_with("IIS on EX02 logged 1 final NTLM leg"),
        "{}",
        x.explanation
    );
    assert!(x.remedy.contains("affinity"));
    let ev = lines(x);
    assert!(ev.contains(&(1, 2)) && ev.iter().any(|&(src, _)| src == 0));
}

#[test]
fn logon_denied_on_mrsproxy_points_at_the_migration_credentials() {
    let f = run(&credentials());
    assert_eq!(ids(&f), vec!["credentials-rejected"]);
    let c = &f[0];
    assert_eq!(c.severity, Severity::Error);
    assert!(c.explanation.contains("SEC_E_LOGON_DENIED"));
    assert!(c.remedy.contains(
        "-RemoteServer mail.contoso.com -Credentials (Get-Credential CONTOSO\\migadmin)"
    ));
    assert!(c.remedy.contains("Test-MigrationServerAvailability"));
    assert!(lines(c).contains(&(9, 20)));
}

#[test]
fn timeout_without_any_mrsproxy_request_is_unreachable() {
    let f = run(&unreachable(true));
    assert_eq!(ids(&f), vec!["mrs-unreachable"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(f[0].explanation.contains("EX01"));
    assert!(
        f[0].remedy
            .contains("https://mail.contoso.com/EWS/mrsproxy.svc")
    );
    assert_eq!(lines(&f[0]), vec![(9, 20), (9, 22)]);
}

#[test]
fn uncovered_window_says_so_instead_of_guessing() {
    let f = run(&unreachable(false));
    assert_eq!(ids(&f), vec!["iis-no-coverage"]);
    assert_eq!(f[0].severity, Severity::Info);
    assert!(
        f[0].remedy
            .contains("servers behind the migration endpoint mail.contoso.com")
    );
    let mut no_iis = unreachable(true);
    no_iis.iis.clear();
    assert!(run(&no_iis).is_empty());
}

#[test]
fn requests_in_the_window_mean_it_was_reachable() {
    let mut sc = unreachable(true);
    sc.iis[0].lines.push(
        "2024-11-05 14:51:30 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.1 - - 401 2 5 0"
            .to_string(),
    );
    sort_by_time(&mut sc.iis[0].lines);
    assert!(run(&sc).is_empty());
}

#[test]
fn hcw_codes_become_one_finding_each_most_severe_first() {
    let f = run(&hcw_codes());
    assert_eq!(ids(&f), vec!["hcw-HCW8001", "hcw-HCW8078"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[1].severity, Severity::Warning);
    assert_eq!(
        f[1].title,
        "HCW8078: Migration Endpoint could not be created."
    );
    assert_eq!(lines(&f[1]), vec![(9, 200), (9, 210)]);
    assert!(
        f[1].explanation
            .contains("Test-MigrationServerAvailability failed")
    );
    assert!(f[1].explanation.contains("twice") || f[1].explanation.contains("2 times"));
    assert!(f[0].explanation.contains("Page=Configuring"));
}

#[test]
fn failed_workflow_phases_are_reported_with_their_exception() {
    let f = run(&phase_failed());
    assert_eq!(ids(&f), vec!["hcw-phase-failed"]);
    assert_eq!(
        f[0].title,
        "HCW workflow failed: task Initial, phase ValidateConfiguration"
    );
    assert_eq!(lines(&f[0]), vec![(9, 300), (9, 302), (9, 303)]);
    assert!(f[0].explanation.contains("Tenant Routing Domain"));
}

#[test]
fn each_rule_fires_only_on_its_own_scenario() {
    let cases: Vec<(&str, Scenario, Vec<&str>)> = vec![
        ("healthy", healthy(), vec![]),
        ("agent", hybrid_agent(), vec!["ep-hybrid-agent"]),
        ("offload", tls_offload(), vec!["ep-tls-offload"]),
        ("split", split(), vec!["ntlm-split-connection"]),
        ("credentials", credentials(), vec!["credentials-rejected"]),
        ("unreachable", unreachable(true), vec!["mrs-unreachable"]),
        ("uncovered", unreachable(false), vec!["iis-no-coverage"]),
        ("codes", hcw_codes(), vec!["hcw-HCW8001", "hcw-HCW8078"]),
        ("phases", phase_failed(), vec!["hcw-phase-failed"]),
    ];
    for (name, sc, want) in cases {
        assert_eq!(ids(&run(&sc)), want, "scenario {name}");
    }
}

#[test]
fn log_text_is_escaped_in_findings() {
    let mut sc = hybrid_agent();
    sc.iis[0].server = "EX\u{1b}]52;c;AAAA\u{7}01";
    let f = run(&sc);
    assert!(f[0].explanation.contains("\\x1B"), "{}", f[0].explanation);
    assert!(
        !f[0].remedy.contains("52;c"),
        "a hostile label is no server name"
    );
}

#[test]
fn findings_sort_most_severe_first() {
    let mut sc = hybrid_agent();
    sc.hcw = hcw_codes().hcw;
    let f = run(&sc);
    let sev: Vec<Severity> = f.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort();
    assert_eq!(sev, sorted);
    assert_eq!(
        ids(&f),
        vec!["ep-hybrid-agent", "hcw-HCW8001", "hcw-HCW8078"]
    );
}

#[test]
fn agent_validation_error_in_hcw_confirms_the_agent_pattern() {
    let mut sc = hybrid_agent();
    sc.cmdlets.clear();
    sc.hcw.push(entry(
        77,
        "13:23:30",
        HcwLevel::Error,
        10349,
        &[("Page", "HybridConnectorInstall")],
        &format!(
            "The connection to the server '{AGENT_URL}' could not be completed., The call to 'https://{AGENT_URL}/EWS/mrsproxy.svc' failed. Error details: The remote server returned an error: (401) Unauthorized."
        ),
        "",
    ));
    let f = run(&sc);
    assert_eq!(ids(&f), vec!["ep-hybrid-agent"]);
    assert_eq!(f[0].severity, Severity::Error);
    assert!(lines(&f[0]).contains(&(9, 77)));
    assert!(f[0].explanation.contains("line 77"));
}

#[test]
fn everyday_logon_failures_outside_mrs_are_only_context() {
    let mut lines = background("08");
    lines.push(
        "2024-11-05 08:30:00 10.0.0.5 POST /Microsoft-Server-ActiveSync/default.eas Cmd=Ping 443 CONTOSO\\bob 10.9.9.9 Apple-iPhone - 401 1 1326 12".to_string(),
    );
    sort_by_time(&mut lines);
    let sc = Scenario {
        iis: vec![Iis {
            id: 0,
            server: "EX01",
            lines,
        }],
        ..Scenario::default()
    };
    let f = run(&sc);
    assert_eq!(ids(&f), vec!["credentials-rejected"]);
    assert_eq!(f[0].severity, Severity::Info);
    assert!(
        f[0].explanation.contains("ERROR_LOGON_FAILURE")
            && f[0].explanation.contains("CONTOSO\\bob")
    );
}

fn hcw_only(hcw: &[HcwEntry]) -> Vec<String> {
    diagnose(&DiagnoseInput {
        hcw,
        ..DiagnoseInput::default()
    })
    .into_iter()
    .map(|f| f.id.to_string())
    .collect()
}

#[test]
fn published_hcw_logs_give_their_codes_and_their_causes() {
    let Some(fail) = corpus::load("HCW_NewMigrationEndpoint_FAIL/20220305_144855.log") else {
        return;
    };
    assert!(fail.len() > 100);
    assert_eq!(hcw_only(&fail), vec!["hcw-network-path", "hcw-HCW8078"]);
    let f = diagnose(&DiagnoseInput {
        hcw: &fail,
        ..DiagnoseInput::default()
    });
    let code = f
        .iter()
        .find(|f| f.id == FindingId::HcwCode("HCW8078".into()))
        .expect("HCW8078");
    assert_eq!(code.severity, Severity::Warning);
    assert_eq!(code.evidence.len(), 1);
    assert!(code.explanation.contains("Page=Configuring"));
    let path = &f[0];
    assert!(path.title.contains("mail.canadadrey.ca"), "{}", path.title);
    assert!(
        path.remedy
            .contains("Test-NetConnection mail.canadadrey.ca -Port 443")
    );
    assert!(
        lines(path).contains(&(0, 1110)),
        "the *ERROR* 10165 entry is evidence"
    );

    if let Some(initial) =
        corpus::load("HCW_InitialSuccessExceptMigrationEndpoint/20220219_032402.log")
    {
        assert_eq!(
            hcw_only(&initial),
            vec!["hcw-error-10296", "hcw-dns", "hcw-HCW8103", "hcw-HCW8078"]
        );
    }
    if let Some(success) = corpus::load("HCW_NewMigrationEndpoint_SUCCESS/20220305_222835.log") {
        assert!(hcw_only(&success).is_empty());
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_traffic_and_calls_never_panic_and_findings_carry_evidence(
        legs in proptest::collection::vec((0u8..3, 0u8..4, 0u8..8, 0u8..3, 0u8..3), 0..120),
        calls in proptest::collection::vec((0u32..600, 0u8..4, proptest::bool::ANY), 0..4),
    ) {
        let uris = ["/EWS/mrsproxy.svc", "/EWS/Exchange.asmx", "/mapi/emsmdb/", "/owa/"];
        let statuses = ["401 2 5", "401 1 2148074254", "401 1 2148074310", "401 1 2148074248", "401 1 2148074252", "401 1 1326", "200 0 0", "503 0 0"];
        let mut per_server: [Vec<String>; 3] = Default::default();
        let mut sec = 0u32;
        for (server, uri, st, client, adv) in legs {
            sec += u32::from(adv);
            let user = if st == 6 { "CONTOSO\\\\x" } else { "-" };
            per_server[server as usize].push(format!(
                "2024-11-05 10:{:02}:{:02} 10.0.0.{server} POST {} - 443 {user} 10.9.0.{client} - - {} 7",
                sec / 60 % 60, sec % 60, uris[uri as usize], statuses[st as usize]
            ));
        }
        let errors = ["", "(401) Unauthorized", "timed out", "(504) Gateway Timeout"];
        let cmdlets = calls
            .into_iter()
            .enumerate()
            .map(|(i, (at_s, e, agent))| {
                let remote = if agent { "x.resource.mailboxmigration.his.msappproxy.net" } else { "mail.contoso.com" };
                let outcome = if e == 0 { CmdletOutcome::Success } else { CmdletOutcome::Failed };
                tmsa(at("2024-11-05", "10:00:00").plus_ms(i64::from(at_s) * 1000), 7_000, outcome, errors[e as usize], remote, 10 + i as u64 * 3)
            })
            .collect();
        let iis = per_server
            .into_iter()
            .enumerate()
            .map(|(i, lines)| Iis { id: i as u16, server: ["EX01", "EX02", "EX03"][i], lines })
            .filter(|s| !s.lines.is_empty())
            .collect();
        let sc = Scenario { cmdlets, iis, ..Scenario::default() };
        let _ = run(&sc);
    }
}

#[test]
fn finding_ids_keep_their_json_names() {
    let agent = run(&hybrid_agent());
    assert_eq!(agent[0].id, FindingId::EpHybridAgent);
    assert_eq!(agent[0].id.to_string(), "ep-hybrid-agent");
    let kinds: Vec<_> = [
        credentials(),
        split(),
        unreachable(true),
        unreachable(false),
    ]
    .iter()
    .flat_map(run)
    .map(|f| f.id)
    .collect();
    assert_eq!(
        kinds,
        vec![
            FindingId::CredentialsRejected,
            FindingId::NtlmSplitConnection,
            FindingId::MrsUnreachable,
            FindingId::IisNoCoverage
        ]
    );
}
