//! Redaction tables, one per fixture: what identifies the organisation must vanish, what is
//! nobody's secret must survive. The text redacted is everything that can leave the machine:
//! the Markdown report and every loaded log file whole, through the one redactor of the
//! analysis (`redact::for_analysis`, as `Y`, `W` and `report --redact` use it).

use crate::corpus;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(run: &str) -> Option<PathBuf> {
    corpus::corpus(&format!("hcw/{run}"))
}

/// The analysis of `path` and everything from it that can leave the machine, redacted.
fn redacted(path: PathBuf) -> (Analysis, String) {
    let a = load(&[path], &LoadOptions::default(), &NoProgress).expect("load");
    let mut text = hcwlens::report::markdown::render(&a);
    for s in &a.sources {
        let bytes = std::fs::read(&s.path).expect("read source");
        text.push('\n');
        text.push_str(&String::from_utf8_lossy(&bytes).replace('\0', ""));
    }
    let out = hcwlens::redact::for_analysis(&a).redact(&text);
    if let Ok(dir) = std::env::var("HCWLENS_REDACT_DUMP") {
        let name = a.sources.first().map_or("x".into(), |s| {
            s.path.to_string_lossy().replace(['/', '\\'], "_")
        });
        let _ = std::fs::write(PathBuf::from(dir).join(name), &out);
    }
    (a, out)
}

/// Whether `word` occurs in `text` not glued to letters or digits (case-insensitive).
fn occurs(text: &str, word: &str) -> bool {
    let t = text.to_lowercase();
    let w = word.to_lowercase();
    let glued = |c: Option<char>| matches!(c, Some(c) if c.is_alphanumeric());
    t.match_indices(&w).any(|(at, m)| {
        !glued(t[..at].chars().next_back()) && !glued(t[at + m.len()..].chars().next())
    })
}

fn check(path: PathBuf, vanish: &[&str], survive: &[&str]) {
    let (a, out) = redacted(path);
    assert!(!a.sources.is_empty());
    for v in vanish {
        assert!(!occurs(&out, v), "{v:?} must vanish but is still there");
    }
    for s in survive {
        assert!(out.contains(s), "{s:?} must survive but is gone");
    }
}

fn scenario(name: &str) -> PathBuf {
    root().join("tests/fixtures/scenarios").join(name)
}

/// Kept in every redacted text of an HCW run against Exchange Online.
const MICROSOFT: &[&str] = &[
    "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException",
    "Test-MigrationServerAvailability",
    "https://learn.microsoft.com/",
    "/EWS/mrsproxy.svc",
    "SEC_E_",
];

#[test]
fn demo() {
    check(
        root().join("assets/demo"),
        &[
            "contoso",
            "contoso.com",
            "EX01",
            "EX02",
            "hcwadmin",
            "7c2f5e1a-93b4-4d6e-a0f8-2b51c9d47e36",
            "3d4bd7cc-3a8a-4c87-8328-0acd3ca62ee3",
            "10.0.5.20",
            "asmith",
        ],
        &[
            "Microsoft.Exchange.MailboxReplicationService.RemoteTransientException",
            "net.tcp://",
            "AM6PR04MB5863.eurprd04.prod.outlook.com",
            "15.20.8137.027",
            "https://github.com/microsoft/CSS-Exchange/",
            "https://aka.ms/ExchangeEPDoc",
            "resource.mailboxmigration.his.msappproxy.net",
            ".onmicrosoft.com",
            "login.microsoftonline.com",
            "outlook.office365.com",
            "4.8.9277.0",
            "17.0.8229.0",
            "4.61.3.0",
            "Version 15.2 (Build 1544.11)",
            "2148074310",
            "401 1",
            "u_ex241105.log",
            "20241105_142155.log",
            "Microsoft.Online.CSE.Hybrid.Common",
            "System.ServiceModel.Security.MessageSecurityException",
        ],
    );
}

#[test]
fn credentials_rejected() {
    check(
        scenario("credentials-rejected"),
        &["tailspin", "svc-hybrid", "LONEX01", "40.99.150.18"],
        MICROSOFT,
    );
}

#[test]
fn ep_hybrid_agent() {
    check(
        scenario("ep-hybrid-agent"),
        &[
            "EXCH01",
            "10.10.8.40",
            "c41e0b97-5d2a-4f83-b6e1-9a07d3f25c68",
        ],
        MICROSOFT,
    );
}

#[test]
fn healthy() {
    check(
        scenario("healthy"),
        &[
            "wingtiptoys",
            "wingtiptoys.fr",
            "adm-hybrid",
            "WINGTIP",
            "PAREX01",
            "10.30.0.11",
            "10.30.20.213",
            "e854362e-ea8d-49ea-a68f-f8fd6dcb6adf",
        ],
        &[
            "Test-MigrationServerAvailability",
            "/EWS/mrsproxy.svc",
            "outlook.office365.com",
        ],
    );
}

#[test]
fn mrs_unreachable() {
    check(
        scenario("mrs-unreachable"),
        &[
            "contoso",
            "contosojp",
            "EXJP01",
            "hcwadmin",
            "sota.suzuki",
            "10.60.0.11",
            "f80753e0-c276-42c2-ad38-ff89e945f484",
        ],
        &[
            "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException",
            "Test-MigrationServerAvailability",
            "/EWS/mrsproxy.svc",
            "https://learn.microsoft.com/",
            ".onmicrosoft.com",
        ],
    );
}

#[test]
fn ep_tls_offload() {
    check(
        scenario("ep-tls-offload"),
        &[
            "contoso",
            "EX01",
            "EX02",
            "10.0.1.11",
            "10.20.0.12",
            "10.8.0.32",
        ],
        &["SEC_E_BAD_BINDINGS", "2148074310", "10.0.19045"],
    );
}

#[test]
fn ntlm_split_connection() {
    check(
        scenario("ntlm-split-connection"),
        &[
            "contoso",
            "EX01",
            "EX02",
            "10.1.21.105",
            "db1be79e-423c-41c3-b490-8e3ad7a2384a",
            "anna.meyer",
        ],
        &[
            "SEC_E_INVALID_TOKEN",
            "/Autodiscover/Autodiscover.xml",
            "/EWS/Exchange.asmx",
            "2148074248",
        ],
    );
}

#[test]
fn activesync_device_ids_and_users_vanish() {
    let (_, out) = redacted(root().join("assets/demo"));
    for v in [
        "43M5LU22T2F7PBGFYZDBAZV2",
        "julia.becker",
        "HealthMailbox22614258",
    ] {
        assert!(!out.contains(v), "{v} must vanish");
    }
    assert!(out.contains("DeviceId=device-"), "the parameter name stays");
    assert!(out.contains("/Microsoft-Server-ActiveSync/default.eas"));
    assert!(
        out.contains("Default Web Site"),
        "a learned term must not eat `Default`"
    );
}

/// The public corpus: real HCW runs of a tenant called `canadadrey` (and `canadasam`).
const CORPUS_VANISH: &[&str] = &[
    "canadadrey",
    "canadadrey.ca",
    "canadasam",
    "canadasam.ca",
    "samdrey",
    "E2016-01",
    "CANADADREYMSG",
];

const CORPUS_SURVIVE: &[&str] = &[
    "Microsoft.Exchange.",
    "Microsoft.Online.CSE.Hybrid",
    "15.0.0.0",
    "8.0.535.0",
    "login.windows.net",
    "graph.microsoft.com",
    "accounts.accesscontrol.windows.net",
    "outlook.office365.com",
    ".mail.onmicrosoft.com",
    "00000002-0000-0ff1-ce00-000000000000",
    "Default Web Site",
];

#[test]
fn corpus_new_migration_endpoint_fail() {
    if let Some(p) = corpus("HCW_NewMigrationEndpoint_FAIL") {
        let mut survive = CORPUS_SURVIVE.to_vec();
        survive.extend(["Test-MigrationServerAvailability", "/EWS/mrsproxy.svc"]);
        check(p, CORPUS_VANISH, &survive);
    }
}

#[test]
fn corpus_new_migration_endpoint_success() {
    if let Some(p) = corpus("HCW_NewMigrationEndpoint_SUCCESS") {
        check(p, CORPUS_VANISH, CORPUS_SURVIVE);
    }
}

#[test]
fn corpus_initial_success_except_migration_endpoint() {
    if let Some(p) = corpus("HCW_InitialSuccessExceptMigrationEndpoint") {
        check(p, CORPUS_VANISH, CORPUS_SURVIVE);
    }
}
