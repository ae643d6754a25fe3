use super::*;
use crate::source::SourceId;

fn parse(text: &str) -> OrgNames {
    let log = crate::parse::hcw::parse_hcw(text, SourceId(0));
    let calls = crate::analyze::cmdlet::pair_cmdlets(&log.entries);
    OrgNames::from_logs(&log.entries, &calls)
}

fn read(paths: &[&str]) -> Option<String> {
    paths.iter().find_map(|p| std::fs::read_to_string(p).ok())
}

fn names(n: &OrgNames) -> Vec<(&str, bool, bool)> {
    n.servers
        .iter()
        .map(|s| (s.name.as_str(), s.edge, s.published))
        .collect()
}

#[test]
fn the_published_fail_run_names_servers_host_account_and_machine() {
    let Some(text) = read(&[
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/hcw/HCW_NewMigrationEndpoint_FAIL/20220305_144855.log"
        ),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/hcw/HCW_NewMigrationEndpoint_FAIL/20220305_144855.log"
        ),
    ]) else {
        println!("note: corpus not found; skipping");
        return;
    };
    let n = parse(&text);
    assert_eq!(
        names(&n),
        vec![
            ("E2016-01", false, true),
            ("E2016-02", false, false),
            ("Edge01", true, false)
        ]
    );
    assert_eq!(n.servers[0].fqdn.as_deref(), Some("E2016-01.CanadaDrey.ca"));
    let published: Vec<&str> = n
        .published_servers()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(published, vec!["E2016-01"]);
    assert_eq!(n.published_host.as_deref(), Some("mail.canadadrey.ca"));
    assert_eq!(n.test_target(), Some("mail.canadadrey.ca"));
    assert_eq!(n.account.as_deref(), Some("CANADADREY\\samdrey"));
    assert_eq!(n.wizard_machine.as_deref(), Some("E2016-01"));
    assert_eq!(n.agent_endpoint, None);
}

#[test]
fn an_agent_run_names_the_agent_endpoint_and_the_admin_machine() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scenarios/ep-hybrid-agent/hcw/20241112_091408.log"
    ))
    .expect("fixture");
    let n = parse(&text);
    assert_eq!(
        names(&n),
        vec![("EXCH01", false, true), ("EXCH02", false, false)]
    );
    assert_eq!(
        n.agent_endpoint.as_deref(),
        Some("c41e0b97-5d2a-4f83-b6e1-9a07d3f25c68.resource.mailboxmigration.his.msappproxy.net")
    );
    assert_eq!(n.test_target(), n.agent_endpoint.as_deref());
    assert_eq!(n.published_host.as_deref(), Some("mail.fabrikam.com"));
    assert_eq!(n.account.as_deref(), Some("FABRIKAM\\exadmin"));
    assert_eq!(n.wizard_machine.as_deref(), Some("MGMT01"));
}

#[test]
fn log_labels_resolve_to_names_only_through_a_log() {
    let mut n = OrgNames::default();
    n.add_server("EX01.contoso.com", None, false, true);
    n.add_server("EX02", Some("EX02.contoso.com"), false, false);
    assert_eq!(n.server_for_label("EX01/W3SVC1").as_deref(), Some("EX01"));
    assert_eq!(n.server_for_label("ex02/W3SVC1").as_deref(), Some("EX02"));
    assert_eq!(n.server_for_label("copied-from-ticket-4711/W3SVC1"), None);
    assert_eq!(n.server_for_label("W3SVC1"), None);
    assert_eq!(n.server_for_label("ex01").as_deref(), Some("EX01"));
    assert_eq!(n.server_for_label("EX09").as_deref(), Some("EX09"));
    assert_eq!(n.server_for_label("10.0.1.11"), None);
    assert_eq!(n.server_for_label("fe80::1"), None);
    assert_eq!(
        n.find("ex02.contoso.com").map(|s| s.name.as_str()),
        Some("EX02")
    );
    // Another domain's EX02 (a resource forest) is another machine: its FQDN is not EX02's.
    assert_eq!(n.find("ex02.fabrikam.com"), None);
    assert_eq!(
        n.server_for_label("ex02.fabrikam.com").as_deref(),
        Some("ex02.fabrikam.com")
    );
}

#[test]
fn hostile_names_are_refused_and_ranks_decide_the_host() {
    let mut n = OrgNames::default();
    n.add_server("EX\u{1b}]52;c;AA\u{7}", None, false, true);
    n.add_server("two words", None, false, true);
    assert!(n.servers.is_empty());
    n.host_rank = u8::MAX;
    n.offer_host("mail.example.org", 3);
    n.offer_host("hybrid.example.org", 1);
    n.offer_host("other.example.org", 2);
    assert_eq!(n.published_host.as_deref(), Some("hybrid.example.org"));
    let mut e = crate::record::HcwEntry {
        message: "The call to 'https://é.x.msappproxy.net/EWS/mrsproxy.svc' failed".into(),
        ..crate::record::HcwEntry::default()
    };
    e.context.push(("Action".into(), "ResetIIS".into()));
    let from_text = OrgNames::from_logs(&[e], &[]);
    assert_eq!(
        from_text.agent_endpoint.as_deref(),
        Some("x.msappproxy.net")
    );
    n.offer_host("ABC.resource.mailboxmigration.his.msappproxy.net", 1);
    assert_eq!(
        n.test_target(),
        Some("abc.resource.mailboxmigration.his.msappproxy.net")
    );
}

#[test]
fn line_shapes_without_a_full_run() {
    let text = "\
2024.11.05 14:21:58.262               Current Time Zone: Coordinated Universal Time (2:21:58 PM)\r
2024.11.05 14:22:00.000         10304 [Client=UX, Thread=1] \r
                                      ====================\r
                                      Exchange Servers\r
                                      --------------------\r
                                      Fqdn            | Identity | ServerRole\r
                                      --------------------\r
                                      mbx1.adatum.com | MBX1     | Mailbox   \r
                                      edge.adatum.com | EDGE     | Edge      \r
                                      ====================\r
2024.11.05 14:22:01.000         10408 [Client=UX, Page=Configuring, Task=MRSProxy, Action=ResetIIS, Thread=21] Stopping IIS Admin Service on MBX2.adatum.com...\r
2024.11.05 14:22:01.500         10139 [Client=UX, Page=Configuring, fn=RunWorkflow, Task=MailFlow, fn=GetMatchingReceiveConnector, Server=MBX5, Thread=6] Matching RemoteIPRange\r
2024.11.05 14:22:01.700         10277 [Client=UX, Session=OnPremises, Cmdlet=Get-WebServicesVirtualDirectory, Thread=21] \r
                                      FINISH Time=130.0ms Results=1\r
                                      WebServicesVirtualDirectory {Identity='MBX1\\EWS (Default Web Site)' Server=MBX1 ExternalUrl=https://mail.adatum.com/EWS/Exchange.asmx}\r
2024.11.05 14:22:01.800         10377 [Client=UX, Thread=1] Determined Best Directory: MBX2\\EWS (Default Web Site) Server=MBX2 External=https://hybrid.adatum.com/ews/exchange.asmx Internal=https://hybrid.adatum.com/ews/exchange.asmx MRSProxyEnabled=True\r
2024.11.05 14:22:02.000         10276 [Client=UX, Session=OnPremises, Cmdlet=Set-HybridConfiguration, Thread=21] START Set-HybridConfiguration -SendingTransportServers 'MBX3','MBX4' -ReceivingTransportServers 'MBX3'\r
";
    let n = parse(text);
    assert_eq!(
        names(&n),
        vec![
            ("MBX1", false, false),
            ("EDGE", true, false),
            ("MBX2", false, true),
            ("MBX5", false, false),
            ("MBX3", false, false),
            ("MBX4", false, false)
        ]
    );
    assert_eq!(n.servers[0].fqdn.as_deref(), Some("mbx1.adatum.com"));
    assert_eq!(n.published_host.as_deref(), Some("hybrid.adatum.com"));
}

proptest::proptest! {
    #[test]
    fn any_text_never_panics_and_names_are_plain(
        message in ".{0,80}",
        body in proptest::collection::vec("(é|Name='|ExchangeServer \\{|msappproxy\\.net|\\\\EWS \\(| Server=| External=| on |\\||-Server '|[a-z0-9 .'{}-]){0,12}", 0..4),
        reset in proptest::bool::ANY,
    ) {
        let mut e = crate::record::HcwEntry {
            message: message.clone(),
            body: body.join("\n"),
            ..crate::record::HcwEntry::default()
        };
        if reset {
            e.context.push(("Action".into(), "ResetIIS".into()));
        }
        let call = crate::analyze::cmdlet::CmdletCall {
            name: "Test-MigrationServerAvailability".into(),
            command: format!("{message} -Server '{}'", body.join("','")),
            session: None,
            thread: None,
            start: crate::time::UtcMs(0),
            end: None,
            duration_ms: None,
            outcome: crate::analyze::cmdlet::CmdletOutcome::Failed,
            error: None,
            source: SourceId(0),
            line: 1,
            finish_line: None,
            remote_server: Some(message.clone()),
            urls: Vec::new(),
            http_status: None,
            start_missing: false,
            run: 0,
        };
        let n = OrgNames::from_logs(&[e], &[call]);
        for s in &n.servers {
            proptest::prop_assert!(is_host(&s.name), "{:?}", s.name);
        }
        for h in n.published_host.iter().chain(n.agent_endpoint.iter()) {
            proptest::prop_assert!(!h.chars().any(char::is_control), "{h:?}");
        }
    }
}
