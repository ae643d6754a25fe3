//! Diagnoses from HCW logs alone: each class of inner exception, precedence of IIS-based
//! findings, uncoded `*ERROR*` entries, and findings fixed by a later run. The logs are parsed
//! by the real parser and paired by the real pairing.

use super::super::{DiagnoseInput, diagnose, hcwonly};
use crate::analyze::cmdlet::{CmdletCall, pair_cmdlets};
use crate::analyze::finding::{Evidence, Finding, FindingId};
use crate::parse::hcw::parse_hcw;
use crate::record::HcwEntry;
use crate::source::{SourceId, SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use crate::time::ZoneSpec;
use std::collections::HashSet;
use std::path::PathBuf;

const PAD: &str = "                                      ";
const TMSA: &str = "Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=9";
const MRS: &str =
    "Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=MRSProxy, Phase=Configure";

/// A run of the wizard being written.
struct Run {
    day: &'static str,
    text: String,
}

impl Run {
    fn new(day: &'static str) -> Self {
        Run {
            day,
            text: String::new(),
        }
    }

    fn line(&mut self, t: &str, level: &str, id: u32, ctx: &str, msg: &str) -> &mut Self {
        self.text += &format!(
            "{} {t} {level:7} {id} [Client=UX, {ctx}, Thread=9] {msg}\r\n",
            self.day
        );
        self
    }

    fn cont(&mut self, text: &str) -> &mut Self {
        self.text += &format!("{PAD}{text}\r\n");
        self
    }

    fn tmsa(&mut self, t0: &str, t1: &str, host: &str, chain: Option<&str>) -> &mut Self {
        let ctx = TMSA.trim_end_matches(", Thread=9");
        self.line(
            t0,
            "",
            10276,
            ctx,
            &format!(
                "START Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer '{host}' -Credentials (Get-Credential -UserName CONTOSO\\mig)"
            ),
        );
        self.line(t1, "", 10277, ctx, "");
        self.cont("FINISH Time=4100.0ms Results=1");
        match chain {
            Some(c) => self
                .cont(&format!("TestMigrationServerAvailabilityOutcome {{ErrorDetail='{c}"))
                .cont("   --- End of inner exception stack trace ---")
                .cont(&format!(
                    "   at X.Verify()' IsValid=1 Message='The connection to the server '{host}' could not be completed.' ObjectState='New' Result='Failed' SupportsCutover=0}}"
                )),
            None => self.cont(&format!(
                "TestMigrationServerAvailabilityOutcome {{IsValid=1 ObjectState='New' Result='Success' SupportsCutover=0 TestedEndpoint='{host}'}}"
            )),
        }
    }

    fn error(&mut self, t: &str, id: u32, text: &str) -> &mut Self {
        self.line(t, "*ERROR*", id, MRS, "").cont(text)
    }

    fn passed(&mut self, t: &str) -> &mut Self {
        self.line(
            t,
            "",
            10269,
            "Page=Configuring, fn=RunWorkflow, Workflow=Hybrid",
            "FINISH Time=75.0s Results=PASSED",
        )
    }
}

struct Loaded {
    hcw: Vec<HcwEntry>,
    calls: Vec<CmdletCall>,
    sources: Vec<SourceInfo>,
}

fn load(runs: &[&Run]) -> Loaded {
    let mut hcw = Vec::new();
    let mut sources = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        let id = SourceId(i as u16);
        let log = parse_hcw(&r.text, id);
        assert_eq!(log.stats.unparsed, 0);
        let span = log
            .entries
            .first()
            .map(|a| a.ts)
            .zip(log.entries.last().map(|b| b.ts));
        hcw.extend(log.entries);
        sources.push(SourceInfo {
            id,
            path: PathBuf::from(format!("hcw/run{i}.log")),
            kind: SourceKind::Hcw,
            encoding: TextEncoding::Utf8,
            server: "HCWHOST".into(),
            zone: ZoneSpec::default(),
            zone_origin: ZoneOrigin::Utc,
            skew_ms: 0,
            stats: SourceStats::default(),
            span,
        });
    }
    hcw.sort_by_key(|e| (e.ts, e.source, e.line));
    let calls = pair_cmdlets(&hcw);
    Loaded {
        hcw,
        calls,
        sources,
    }
}

fn input(l: &Loaded) -> DiagnoseInput<'_> {
    DiagnoseInput {
        hcw: &l.hcw,
        cmdlets: &l.calls,
        sources: &l.sources,
        ..DiagnoseInput::default()
    }
}

fn ids(f: &[Finding]) -> Vec<String> {
    f.iter().map(|f| f.id.to_string()).collect()
}

const OUTER: &str = "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MRSRemoteTransientException: The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' ";

/// (inner part of the chain, expected id, text the finding must contain).
const CLASSES: &[(&str, &str, &str)] = &[
    (
        "failed because no service was listening on the specified endpoint. Error details: There was no endpoint listening at https://mail.contoso.com/EWS/mrsproxy.svc that could accept the message. --> The remote name could not be resolved: 'mail.contoso.com'",
        "hcw-dns",
        "Resolve-DnsName mail.contoso.com",
    ),
    (
        "timed out. Error details: The request channel timed out attempting to send after 00:00:07.9000000. --> The operation has timed out",
        "hcw-network-path",
        "Test-NetConnection mail.contoso.com -Port 443",
    ),
    (
        "failed because no service was listening on the specified endpoint. Error details: There was no endpoint listening at https://mail.contoso.com/EWS/mrsproxy.svc that could accept the message. --> Unable to connect to the remote server --> No connection could be made because the target machine actively refused it 192.0.2.10:443",
        "hcw-no-endpoint",
        "MRSProxyEnabled",
    ),
    (
        "failed. Error details: The HTTP request is unauthorized with client authentication scheme 'Negotiate'. The authentication header received from the server was 'Negotiate, NTLM'. --> The remote server returned an error: (401) Unauthorized.",
        "hcw-unauthorized",
        "2148074310",
    ),
    (
        "failed. Error details: Could not establish trust relationship for the SSL/TLS secure channel with authority 'mail.contoso.com'. --> The remote certificate is invalid according to the validation procedure.",
        "hcw-tls",
        "openssl s_client -connect mail.contoso.com:443",
    ),
    (
        "failed. Error details: The remote server returned an unexpected response: (500) Internal Server Error.",
        "hcw-server-error",
        "MSExchangeServicesAppPool",
    ),
];

#[test]
fn each_inner_exception_class_gets_its_own_finding_naming_the_host() {
    for (inner, id, must) in CLASSES {
        let chain = format!("{OUTER}{inner}");
        let mut r = Run::new("2024.11.05");
        r.tmsa(
            "10:00:00.000",
            "10:00:04.100",
            "mail.contoso.com",
            Some(&chain),
        )
        .error("10:00:04.200", 10165, &chain);
        let l = load(&[&r]);
        let f = diagnose(&input(&l));
        assert_eq!(ids(&f), vec![*id], "{inner}");
        let f = &f[0];
        assert!(f.title.contains("mail.contoso.com"), "{}", f.title);
        assert!(f.remedy.contains("mail.contoso.com"), "{}", f.remedy);
        assert!(
            f.remedy.contains(must) || f.explanation.contains(must),
            "{id}: {must}"
        );
        assert!(
            !f.remedy.contains("hcw/run0"),
            "never a file or folder name"
        );
        let ev: Vec<u64> = f.evidence.iter().map(|e| e.line).collect();
        assert_eq!(ev, vec![1, 2, 7], "START, FINISH and the *ERROR* entry");
        assert_eq!(f.fixed_by, None);
    }
}

#[test]
fn iis_findings_take_precedence_except_for_dns() {
    for (inner, id, _) in CLASSES {
        let chain = format!("{OUTER}{inner}");
        let mut r = Run::new("2024.11.05");
        r.tmsa(
            "10:00:00.000",
            "10:00:04.100",
            "mail.contoso.com",
            Some(&chain),
        )
        .error("10:00:04.200", 10165, &chain);
        let l = load(&[&r]);
        let call = Evidence {
            source: SourceId(0),
            line: 1,
        };
        let explained: HashSet<Evidence> = [call].into();
        let f = hcwonly::findings(&input(&l), &explained, &explained, false).0;
        if *id == "hcw-dns" {
            assert_eq!(ids(&f), vec!["hcw-dns"], "IIS cannot see name resolution");
        } else {
            assert!(f.is_empty(), "{id} duplicated an IIS-based finding: {f:?}");
        }
    }
}

#[test]
fn an_iis_authentication_finding_replaces_hcw_unauthorized_even_for_calls_it_cannot_cite() {
    for (inner, id, _) in CLASSES {
        let chain = format!("{OUTER}{inner}");
        let mut r = Run::new("2024.11.05");
        r.tmsa(
            "10:00:00.000",
            "10:00:04.100",
            "mail.contoso.com",
            Some(&chain),
        )
        .error("10:00:04.200", 10165, &chain);
        let l = load(&[&r]);
        let none = HashSet::new();
        let alone = hcwonly::findings(&input(&l), &none, &none, false).0;
        assert_eq!(ids(&alone), vec![*id], "{id} from the HCW log alone");
        let with_iis = hcwonly::findings(&input(&l), &none, &none, true).0;
        if *id == "hcw-unauthorized" {
            assert!(with_iis.is_empty(), "the IIS codes already name the cause");
        } else {
            assert_eq!(ids(&with_iis), vec![*id], "{id} is not about IIS auth");
        }
    }
}

#[test]
fn uncoded_errors_become_findings_unless_another_finding_cites_them() {
    let mut r = Run::new("2024.11.05");
    r.line(
        "09:00:00.000",
        "*ERROR*",
        10296,
        "Activity=Tenant Data Retrieval",
        "Failed to register coexistence Domain contoso.mail.onmicrosoft.com",
    )
    .line(
        "09:00:05.000",
        "*ERROR*",
        10296,
        "Activity=Tenant Data Retrieval",
        "Failed to register coexistence Domain contoso.mail.onmicrosoft.com",
    )
    .line(
        "09:01:00.000",
        "*ERROR*",
        10241,
        "Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=Initial, Phase=Configure",
        "Workflow Exception: Unable to determine the Tenant Routing Domain [Task=Initial, Phase=Configure]",
    )
    .line(
        "09:01:00.002",
        "*ERROR*",
        10271,
        "Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=Initial, Phase=ValidateConfiguration",
        "FINISH Time=1.0ms Results=FAILED - (Validation Failure)",
    );
    let l = load(&[&r]);
    let f = diagnose(&input(&l));
    assert_eq!(ids(&f), vec!["hcw-error-10296", "hcw-phase-failed"]);
    let e = &f[0];
    assert_eq!(e.evidence.len(), 2);
    assert!(
        e.title
            .contains("Failed to register coexistence Domain contoso.mail.onmicrosoft.com")
    );
    assert!(
        e.explanation.contains("twice") || e.explanation.contains("2 times"),
        "{}",
        e.explanation
    );
}

const DNS: &str =
    "failed. Error details: The remote name could not be resolved: 'mail.contoso.com'";

fn failed_run(day: &'static str) -> Run {
    let chain = format!("{OUTER}{DNS}");
    let mut r = Run::new(day);
    r.tmsa(
        "10:00:00.000",
        "10:00:40.000",
        "mail.contoso.com",
        Some(&chain),
    )
    .error("10:00:40.100", 10165, &chain)
    .passed("10:00:41.000");
    r
}

fn good_run(day: &'static str) -> Run {
    let mut r = Run::new(day);
    r.tmsa("16:16:00.000", "16:16:07.000", "mail.contoso.com", None)
        .passed("16:16:20.000");
    r
}

#[test]
fn a_later_successful_run_fixes_the_finding_and_says_so_on_the_call() {
    let (a, b) = (failed_run("2024.11.05"), good_run("2024.11.05"));
    let l = load(&[&a, &b]);
    let f = diagnose(&input(&l));
    assert_eq!(ids(&f), vec!["hcw-dns"]);
    let fixed = f[0].fixed_by.expect("fixed");
    assert_eq!(fixed.source, SourceId(1));
    assert!(
        f[0].explanation
            .contains("a later run at 2024-11-05 16:16:00 UTC succeeded"),
        "{}",
        f[0].explanation
    );
}

#[test]
fn a_fixed_finding_says_the_failure_in_the_past_and_an_open_one_in_the_present() {
    let (a, b) = (failed_run("2024.11.05"), good_run("2024.11.05"));
    let l = load(&[&a, &b]);
    let f = diagnose(&input(&l));
    assert!(f[0].fixed_by.is_some());
    let why = &f[0].explanation;
    assert!(why.contains("DNS had no record for it"), "{why}");
    assert!(why.contains("until the name resolved."), "{why}");
    assert!(
        !why.contains("has no record") && !why.contains("matters until"),
        "{why}"
    );

    let open = failed_run("2024.11.05");
    let l = load(&[&open]);
    let f = diagnose(&input(&l));
    assert_eq!(f[0].fixed_by, None);
    assert!(
        f[0].explanation.contains("DNS has no record for it"),
        "{}",
        f[0].explanation
    );
}

#[test]
fn a_fixed_refusal_class_says_its_cause_in_the_past() {
    let chain = format!(
        "{OUTER}The ExchangeRemote endpoint settings could not be determined from the \
         autodiscover response. No MRSProxy was found running at 'mail.contoso.com'."
    );
    let mut a = Run::new("2024.11.05");
    a.tmsa(
        "10:00:00.000",
        "10:00:40.000",
        "mail.contoso.com",
        Some(&chain),
    )
    .passed("10:00:41.000");
    let b = good_run("2024.11.05");
    let l = load(&[&a, &b]);
    let f = diagnose(&input(&l));
    assert_eq!(ids(&f), vec!["hcw-no-mrsproxy"]);
    assert!(f[0].fixed_by.is_some());
    let why = &f[0].explanation;
    assert!(why.contains("endpoint was disabled"), "{why}");
    assert!(
        why.contains("Exchange could not read its own configuration"),
        "{why}"
    );
}

#[test]
fn what_an_hcw_code_says_in_the_past_is_part_of_its_meaning() {
    for code in ["HCW8001", "HCW8064", "HCW8078", "HCW8092", "HCW8103"] {
        let k = crate::analyze::findings::text::hcw_code(code).expect("known");
        for (present, _) in k.was {
            assert!(k.meaning.contains(present), "{code}: {present}");
        }
    }
}

#[test]
fn a_run_that_fails_again_or_stops_early_fixes_nothing() {
    let again = {
        let (a, b, c) = (
            failed_run("2024.11.05"),
            good_run("2024.11.05"),
            failed_run("2024.11.06"),
        );
        let l = load(&[&a, &b, &c]);
        diagnose(&input(&l))
    };
    assert_eq!(ids(&again), vec!["hcw-dns"]);
    assert_eq!(again[0].fixed_by, None, "the latest run still fails");
    assert!(!again[0].explanation.contains("later run"));

    let mut unfinished = Run::new("2024.11.05");
    unfinished.tmsa("16:16:00.000", "16:16:07.000", "mail.contoso.com", None);
    let a = failed_run("2024.11.05");
    let l = load(&[&a, &unfinished]);
    let f = diagnose(&input(&l));
    assert_eq!(
        f[0].fixed_by, None,
        "the *ERROR* entry is only fixed by a run whose workflow passed"
    );
}

#[test]
fn fixed_findings_sort_after_the_open_ones() {
    let mut a = failed_run("2024.11.05");
    a.line(
        "10:00:41.500",
        "*ERROR*",
        10296,
        "Activity=Tenant Data Retrieval",
        "Failed to register coexistence Domain contoso.mail.onmicrosoft.com",
    );
    let mut b = good_run("2024.11.05");
    b.line(
        "16:16:21.000",
        "*ERROR*",
        10296,
        "Activity=Tenant Data Retrieval",
        "Failed to register coexistence Domain contoso.mail.onmicrosoft.com",
    );
    let l = load(&[&a, &b]);
    let f = diagnose(&input(&l));
    assert_eq!(ids(&f), vec!["hcw-error-10296", "hcw-dns"]);
    assert_eq!(f[0].fixed_by, None, "logged again by the later run");
    assert!(f[1].fixed_by.is_some());
}

#[test]
fn who_made_the_call_decides_where_to_look() {
    let mut r = Run::new("2024.11.05");
    let ctx = "Session=OnPremises, Cmdlet=Get-FederationInformation";
    r.line(
        "09:00:00.000",
        "",
        10276,
        ctx,
        "START Get-FederationInformation -DomainName 'contoso.onmicrosoft.com' -BypassAdditionalDomainValidation: $true",
    )
    .line(
        "09:00:02.000",
        "*ERROR*",
        10277,
        ctx,
        "FINISH Time=2000.0ms Results=PowerShell failed to invoke 'Get-FederationInformation': Federation information could not be received from the external organization. ---> The remote name could not be resolved: 'autodiscover-s.outlook.com'",
    );
    let l = load(&[&r]);
    let f = diagnose(&input(&l));
    assert_eq!(ids(&f), vec!["hcw-dns"]);
    assert!(f[0].title.contains("autodiscover-s.outlook.com"));
    assert!(!f[0].title.contains("public"), "{}", f[0].title);
    assert!(f[0].remedy.contains("the Exchange server HCW connected to"));
    assert!(
        !f[0].remedy.contains("publish an A"),
        "never tell to publish Microsoft's name"
    );

    let agent = "c41e0b97-5d2a-4f83-b6e1-9a07d3f25c68.resource.mailboxmigration.his.msappproxy.net";
    let mut r = Run::new("2024.11.05");
    r.line(
        "10:00:00.000",
        "*ERROR*",
        10349,
        "Page=HybridConnectorInstall",
        &format!(
            "The connection to the server '{agent}' could not be completed., The call to 'https://{agent}/EWS/mrsproxy.svc' failed. Error details: The remote server returned an error: (504) Gateway Timeout."
        ),
    );
    let l = load(&[&r]);
    let f = diagnose(&input(&l));
    assert_eq!(ids(&f), vec!["hcw-network-path"]);
    assert!(f[0].title.contains(agent));
    assert!(
        f[0].remedy.contains("Get-HybridApplication"),
        "{}",
        f[0].remedy
    );
    assert!(f[0].explanation.contains("through the Hybrid Agent"));
}

#[test]
fn unexplained_401_with_iis_loaded_points_at_the_other_servers() {
    let chain = format!("{OUTER}{}", CLASSES[3].0);
    let mut r = Run::new("2024.11.05");
    r.tmsa(
        "10:00:00.000",
        "10:00:04.100",
        "mail.contoso.com",
        Some(&chain),
    );
    let mut l = load(&[&r]);
    let f = diagnose(&input(&l));
    assert!(
        f[0].remedy
            .starts_with("Load the IIS logs (W3SVC1) of the servers behind mail.contoso.com")
    );
    let mut iis = l.sources[0].clone();
    iis.id = SourceId(1);
    iis.kind = SourceKind::Iis;
    l.sources.push(iis);
    let f = diagnose(&input(&l));
    assert_eq!(
        ids(&f),
        vec!["hcw-unauthorized"],
        "no IIS finding explains it"
    );
    assert!(
        f[0].remedy
            .contains("the other servers behind mail.contoso.com"),
        "{}",
        f[0].remedy
    );
}

/// With the server's Security log loaded, `hcw-unauthorized` names what the server recorded
/// for the call's account while the call ran, and cites the event; events of other accounts or
/// outside the call are not claimed.
#[test]
fn hcw_unauthorized_names_the_security_log_cause_of_the_calls_account() {
    let inner = CLASSES
        .iter()
        .find(|c| c.1 == "hcw-unauthorized")
        .expect("class")
        .0;
    let chain = format!("{OUTER}{inner}");
    let mut r = Run::new("2024.11.05");
    r.tmsa(
        "10:00:00.000",
        "10:00:04.100",
        "mail.contoso.com",
        Some(&chain),
    );
    let l = load(&[&r]);
    let failure = |line, time: &str, user: &str, sub: &str| {
        super::security::event(
            4625,
            time,
            line,
            serde_json::json!({
                "TargetUserName": user, "TargetDomainName": "CONTOSO", "LogonType": 3,
                "Status": "0xc000006d", "SubStatus": sub,
                "AuthenticationPackageName": "NTLM", "IpAddress": "52.96.1.2"
            }),
        )
    };
    let events = [
        failure(1, "2024-11-05T10:00:02.000Z", "bob", "0xc0000064"),
        failure(2, "2024-11-05T10:00:03.000Z", "MIG", "0xc000006a"),
        failure(3, "2024-11-05T11:00:00.000Z", "mig", "0xc0000234"),
    ];
    let f = diagnose(&DiagnoseInput {
        security: &events,
        ..input(&l)
    });
    let u = f
        .iter()
        .find(|f| f.id == FindingId::HcwUnauthorized)
        .expect("hcw-unauthorized");
    assert!(
        u.title.ends_with(": bad password (0xC000006A)"),
        "{}",
        u.title
    );
    assert!(
        u.explanation.contains(
            // The HCW log names no Exchange server and no IIS log is loaded: the log is
            // named by the machine that wrote it.
            "The Security log of EX01.contoso.com recorded, while the call ran: Security 4625: \
             bad password (0xC000006A), NTLM, user CONTOSO\\MIG, logon type 3, from 52.96.1.2."
        ),
        "{}",
        u.explanation
    );
    assert!(
        u.remedy
            .starts_with("- bad password (0xC000006A): The password sent is wrong")
    );
    let cited: Vec<u64> = u
        .evidence
        .iter()
        .filter(|e| e.source == SourceId(1))
        .map(|e| e.line)
        .collect();
    assert_eq!(cited, [2]);
    let without = diagnose(&input(&l));
    let plain = without
        .iter()
        .find(|f| f.id == FindingId::HcwUnauthorized)
        .expect("still found");
    assert!(!plain.explanation.contains("Security log"));
}

/// A 401 whose server offered only Basic is neither the credentials nor Extended Protection:
/// Windows authentication never reached EWS.
#[test]
fn a_401_offering_only_basic_says_windows_authentication_is_not_offered() {
    let basic = "failed. Error details: The HTTP request is unauthorized with client authentication scheme 'Negotiate'. The authentication header received from the server was 'Basic realm=\"mail.contoso.com\"'. --> The remote server returned an error: (401) Unauthorized.";
    let chain = format!("{OUTER}{basic}");
    let mut r = Run::new("2024.11.05");
    r.tmsa(
        "10:00:00.000",
        "10:00:04.100",
        "mail.contoso.com",
        Some(&chain),
    );
    let f = diagnose(&input(&load(&[&r])));
    assert_eq!(ids(&f), vec!["hcw-unauthorized"]);
    let x = &f[0];
    assert!(x.title.contains("offering only Basic"), "{}", x.title);
    assert!(!x.title.contains("Extended Protection"), "{}", x.title);
    assert!(
        x.remedy.contains("-WindowsAuthentication $true"),
        "{}",
        x.remedy
    );
    assert!(
        !x.remedy.contains("ExcludeVirtualDirectories"),
        "{}",
        x.remedy
    );
    assert!(
        x.explanation
            .contains("Neither the credentials nor Extended Protection")
    );
}
