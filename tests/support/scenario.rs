//! A hand-built analysis modelled on the real failure: the HCW machine runs at UTC+1, a
//! Test-MigrationServerAvailability starts at local 14:23:13.397 (13:23:13.397Z) and fails;
//! at 13:23:14Z IIS logs the Hybrid Agent's `POST /EWS/mrsproxy.svc` handshake ending in
//! `401 1 2148074310` (SEC_E_BAD_BINDINGS), between healthy `/mapi/emsmdb/` NTLM handshakes.
#![allow(dead_code, clippy::unwrap_used, clippy::type_complexity)]

use crossterm::event::KeyEvent;
use hcwlens::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use hcwlens::analyze::finding::{Evidence, Finding, FindingId, Severity};
use hcwlens::analyze::handshake::{AuthKind, Confidence, Handshake, HandshakeOutcome, Leg};
use hcwlens::analyze::skew::SkewSuggestion;
use hcwlens::index::RequestIndex;
use hcwlens::pipeline::Analysis;
use hcwlens::read::text::LineText;
use hcwlens::record::{HcwEntry, HcwLevel, W3cRecord};
use hcwlens::source::{SourceId, SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use hcwlens::time::{UtcMs, ZoneSpec, naive_ms};
use hcwlens::tui::clipboard::{CopyPath, CopyReport};
use hcwlens::tui::effect::Effect;
use hcwlens::tui::keymap::Chord;
use hcwlens::tui::model::data::Data;
use hcwlens::tui::model::timeline::merge;
use hcwlens::tui::model::{Model, Settings};
use hcwlens::tui::msg::Msg;
use hcwlens::tui::update::handle;
use hcwlens::tui::worker::scan::{self, FilterJob};
use hcwlens::tui::worker::{self, SearchJob, WorkerMsg};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub const HCW: SourceId = SourceId(0);
pub const IIS: SourceId = SourceId(1);

/// IIS rows: (time, client, method, uri, user, agent, status, substatus, win32, time-taken).
pub const ROWS: &[(&str, &str, &str, &str, &str, &str, u16, u16, u32, u32)] = &[
    (
        "13:22:50",
        "10.0.1.15",
        "GET",
        "/owa/",
        "CONTOSO\\jdoe",
        "Mozilla/5.0",
        200,
        0,
        0,
        15,
    ),
    (
        "13:22:58",
        "10.0.1.40",
        "POST",
        "/Autodiscover/Autodiscover.xml",
        "CONTOSO\\kim",
        "Microsoft+Office/16.0",
        200,
        0,
        0,
        22,
    ),
    (
        "13:23:05",
        "10.0.1.15",
        "GET",
        "/owa/service.svc",
        "CONTOSO\\jdoe",
        "Mozilla/5.0",
        200,
        0,
        0,
        9,
    ),
    (
        "13:23:10",
        "10.0.1.15",
        "POST",
        "/mapi/emsmdb/",
        "-",
        "Microsoft+Office/16.0",
        401,
        2,
        5,
        2,
    ),
    (
        "13:23:10",
        "10.0.1.15",
        "POST",
        "/mapi/emsmdb/",
        "-",
        "Microsoft+Office/16.0",
        401,
        1,
        2_148_074_254,
        1,
    ),
    (
        "13:23:10",
        "10.0.1.15",
        "POST",
        "/mapi/emsmdb/",
        "CONTOSO\\jdoe",
        "Microsoft+Office/16.0",
        200,
        0,
        0,
        31,
    ),
    (
        "13:23:14",
        "10.0.5.20",
        "POST",
        "/EWS/mrsproxy.svc",
        "-",
        "-",
        401,
        2,
        5,
        3,
    ),
    (
        "13:23:14",
        "10.0.5.20",
        "POST",
        "/EWS/mrsproxy.svc",
        "-",
        "-",
        401,
        1,
        2_148_074_254,
        2,
    ),
    (
        "13:23:14",
        "10.0.5.20",
        "POST",
        "/EWS/mrsproxy.svc",
        "-",
        "-",
        401,
        1,
        2_148_074_310,
        4,
    ),
    (
        "13:23:16",
        "10.0.1.22",
        "POST",
        "/mapi/emsmdb/",
        "-",
        "Microsoft+Office/16.0",
        401,
        2,
        5,
        2,
    ),
    (
        "13:23:16",
        "10.0.1.22",
        "POST",
        "/mapi/emsmdb/",
        "-",
        "Microsoft+Office/16.0",
        401,
        1,
        2_148_074_254,
        1,
    ),
    (
        "13:23:16",
        "10.0.1.22",
        "POST",
        "/mapi/emsmdb/",
        "CONTOSO\\asmith",
        "Microsoft+Office/16.0",
        200,
        0,
        0,
        40,
    ),
    (
        "13:23:20",
        "10.0.1.30",
        "GET",
        "/ecp/",
        "CONTOSO\\admin",
        "Mozilla/5.0",
        200,
        0,
        0,
        120,
    ),
    (
        "13:23:25",
        "10.0.1.41",
        "POST",
        "/EWS/Exchange.asmx",
        "CONTOSO\\svc",
        "ExchangeServicesClient/15.1",
        500,
        0,
        0,
        310,
    ),
    (
        "13:23:40",
        "10.0.1.15",
        "GET",
        "/owa/",
        "CONTOSO\\jdoe",
        "Mozilla/5.0",
        304,
        0,
        0,
        4,
    ),
    (
        "13:24:02",
        "10.0.1.50",
        "GET",
        "/favicon.ico",
        "-",
        "Mozilla/5.0",
        404,
        0,
        2,
        1,
    ),
    (
        "13:24:30",
        "10.0.1.15",
        "POST",
        "/mapi/emsmdb/",
        "CONTOSO\\jdoe",
        "Microsoft+Office/16.0",
        200,
        0,
        0,
        25,
    ),
    (
        "13:25:10",
        "10.0.1.22",
        "POST",
        "/mapi/emsmdb/",
        "CONTOSO\\asmith",
        "Microsoft+Office/16.0",
        200,
        0,
        0,
        28,
    ),
];

/// Lines before the first data row in the IIS file.
pub const IIS_HEADER: usize = 4;

/// 1-based line number of IIS row `i`.
pub fn iis_line(i: usize) -> u64 {
    (IIS_HEADER + i + 1) as u64
}

fn utc(hms: &str) -> UtcMs {
    let p: Vec<u32> = hms.split(['.', ':']).map(|x| x.parse().unwrap()).collect();
    UtcMs::from_civil(2024, 11, 5, p[0], p[1], p[2], *p.get(3).unwrap_or(&0)).unwrap()
}

fn local(hms: &str) -> UtcMs {
    let p: Vec<u32> = hms.split(['.', ':']).map(|x| x.parse().unwrap()).collect();
    naive_ms(2024, 11, 5, p[0], p[1], p[2], p[3]).unwrap()
}

struct E<'a> {
    line: u64,
    end: u64,
    at: &'a str,
    level: HcwLevel,
    id: Option<u32>,
    ctx: &'a str,
    message: &'a str,
    body: &'a str,
}

const TMSA_CTX: &str =
    "Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=12";
const MRS_CTX: &str = "Client=UX, Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=MRSProxy, Phase=Configure, Thread=12";
pub const FAILED_DUMP: &str = "TestMigrationServerAvailabilityOutcome {ErrorDetail='Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MrsHttpUnauthorizedException: The HTTP request is unauthorized with client authentication scheme 'Negotiate'. The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed.\n   at Microsoft.Exchange.Management.Migration.MigrationService.Endpoint.TestMigrationServerAvailability.InternalProcessEndpoint(Boolean fromAutoDiscover)' IsValid=1 Message='The connection to the server 'mail.contoso.com' could not be completed.' ObjectState='New' Result='Failed' SupportsCutover=0}";

fn entries() -> Vec<HcwEntry> {
    let finish_body = format!("FINISH Time=51.4s Results=1\n{FAILED_DUMP}");
    let list = [
        E {
            line: 1,
            end: 1,
            at: "14:22:45.100",
            level: HcwLevel::Info,
            id: None,
            ctx: "",
            message: "Current Time Zone: W. Europe Standard Time (2:22:45 PM)",
            body: "",
        },
        E {
            line: 2,
            end: 2,
            at: "14:22:45.160",
            level: HcwLevel::Info,
            id: Some(10016),
            ctx: "Client=UX, Thread=1",
            message: "Startup Options: boot",
            body: "",
        },
        E {
            line: 3,
            end: 4,
            at: "14:22:58.300",
            level: HcwLevel::Warning,
            id: Some(10418),
            ctx: "Client=UX, Thread=1",
            message: "",
            body: "UNOFFICIAL OR PRIVATE BUILD",
        },
        E {
            line: 5,
            end: 5,
            at: "14:23:05.010",
            level: HcwLevel::Info,
            id: Some(10372),
            ctx: MRS_CTX,
            message: "No existing migration endpoint found.",
            body: "",
        },
        E {
            line: 6,
            end: 6,
            at: "14:23:13.397",
            level: HcwLevel::Info,
            id: Some(10276),
            ctx: TMSA_CTX,
            message: "START Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer 'mail.contoso.com' -Credentials (Get-Credential -UserName CONTOSO\\admin)",
            body: "",
        },
        E {
            line: 7,
            end: 7,
            at: "14:23:20.000",
            level: HcwLevel::Info,
            id: Some(10062),
            ctx: "Client=UX, Page=Configuring, Thread=1",
            message: "[Close/Cancel] Pushed: False",
            body: "",
        },
        E {
            line: 8,
            end: 11,
            at: "14:24:04.797",
            level: HcwLevel::Info,
            id: Some(10277),
            ctx: TMSA_CTX,
            message: "",
            body: &finish_body,
        },
        E {
            line: 12,
            end: 12,
            at: "14:24:04.800",
            level: HcwLevel::Info,
            id: Some(10408),
            ctx: "Client=UX, Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=MRSProxy, Phase=Configure, Action=ResetIIS, Thread=12",
            message: "START ",
            body: "",
        },
        E {
            line: 13,
            end: 14,
            at: "14:24:55.100",
            level: HcwLevel::Error,
            id: Some(10165),
            ctx: MRS_CTX,
            message: "",
            body: "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed.",
        },
        E {
            line: 15,
            end: 17,
            at: "14:24:55.900",
            level: HcwLevel::Warning,
            id: Some(10026),
            ctx: "Client=UX, Page=Configuring, fn=RunWorkflow, Thread=12",
            message: "",
            body: "HCW8078 Migration Endpoint could not be created.\nMicrosoft.Exchange.Migration.MigrationServerConnectionFailedException",
        },
    ];
    list.iter()
        .map(|e| {
            let l = local(e.at);
            HcwEntry {
                source: HCW,
                line: e.line,
                end_line: e.end,
                offset: e.line * 100,
                local: l,
                ts: l.plus_ms(-3_600_000),
                level: e.level,
                event_id: e.id,
                context: e
                    .ctx
                    .split(", ")
                    .filter(|kv| !kv.is_empty())
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').unwrap();
                        (k.to_string(), v.to_string())
                    })
                    .collect(),
                message: e.message.to_string(),
                body: e.body.to_string(),
            }
        })
        .collect()
}

fn iis_index() -> RequestIndex {
    let mut text = String::from(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n",
    );
    let mut offsets = Vec::new();
    for r in ROWS {
        offsets.push(text.len() as u64);
        text.push_str(&format!(
            "2024-11-05 {} 10.0.0.5 {} {} - 443 {} {} {} - {} {} {} {}\r\n",
            r.0, r.2, r.3, r.4, r.1, r.5, r.6, r.7, r.8, r.9
        ));
    }
    let mut idx = RequestIndex::new(IIS, LineText::Memory(Arc::from(text.as_str())));
    for (i, r) in ROWS.iter().enumerate() {
        let line_text = "";
        idx.push(&W3cRecord {
            line: iis_line(i),
            offset: offsets[i],
            ts: utc(r.0),
            server: "EX01",
            server_ip: "10.0.0.5",
            method: r.2,
            uri_stem: r.3,
            username: r.4,
            client_ip: r.1,
            user_agent: r.5,
            status: Some(r.6),
            substatus: Some(r.7),
            win32: Some(r.8),
            time_taken: Some(r.9),
            text: line_text,
            ..Default::default()
        });
    }
    idx
}

fn legs(rows: std::ops::Range<usize>) -> Vec<Leg> {
    rows.map(|i| {
        Leg::new(
            IIS,
            Leg::line_of(iis_line(i)),
            0,
            utc(ROWS[i].0),
            if ROWS[i].4 == "-" {
                Default::default()
            } else {
                ROWS[i].4.into()
            },
            (ROWS[i].6, ROWS[i].7, ROWS[i].8),
        )
    })
    .collect()
}

fn handshake(
    rows: std::ops::Range<usize>,
    outcome: HandshakeOutcome,
    cmdlet: Option<u32>,
) -> Handshake {
    let first = rows.start;
    let last = rows.end - 1;
    Handshake {
        key: std::sync::Arc::new(hcwlens::analyze::handshake::HandshakeKey {
            server: "EX01".into(),
            client: ROWS[first].1.into(),
            method: ROWS[first].2.into(),
            uri: ROWS[first].3.into(),
            user_agent: ROWS[first].5.into(),
            split: None,
            via: None,
        }),
        start: utc(ROWS[first].0),
        legs: legs(rows).into(),
        outcome,
        auth: AuthKind::Ntlm,
        failure_code: (outcome == HandshakeOutcome::Failed).then_some(ROWS[last].8),
        confidence: if cmdlet.is_some() {
            Confidence::Low
        } else {
            Confidence::High
        },
        cmdlet: cmdlet.and_then(hcwlens::analyze::handshake::CallIx::new),
        concurrent: if cmdlet.is_some() { 3 } else { 0 },
        abandoned_at: None,
        shared_users: 0,
        untied: true,
    }
}

fn source(
    id: SourceId,
    kind: SourceKind,
    path: &str,
    server: &str,
    zone: ZoneSpec,
    events: u64,
) -> SourceInfo {
    SourceInfo {
        id,
        path: PathBuf::from(path),
        kind,
        encoding: TextEncoding::Utf8,
        server: server.into(),
        zone,
        zone_origin: if kind == SourceKind::Hcw {
            ZoneOrigin::Header
        } else {
            ZoneOrigin::Utc
        },
        skew_ms: 0,
        stats: SourceStats {
            lines: events,
            events,
            ..Default::default()
        },
        span: Some((utc("13:22:45"), utc("13:25:10"))),
    }
}

/// The whole scenario.
pub fn analysis() -> Analysis {
    let hcw = entries();
    let call = CmdletCall {
        name: "Test-MigrationServerAvailability".into(),
        command: "Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer 'mail.contoso.com'".into(),
        session: Some("Tenant".into()),
        thread: Some("12".into()),
        start: utc("13:23:13.397"),
        end: Some(utc("13:24:04.797")),
        duration_ms: Some(51_400.0),
        outcome: CmdletOutcome::Failed,
        error: Some("The connection to the server 'mail.contoso.com' could not be completed.".into()),
        source: HCW,
        line: 6,
        finish_line: Some(8),
        remote_server: Some("mail.contoso.com".into()),
        urls: vec!["https://mail.contoso.com/EWS/mrsproxy.svc".into()],
        http_status: Some(401),
        start_missing: false,
        run: 0,
    };
    let findings = vec![
        Finding {
            id: FindingId::EpHybridAgent,
            severity: Severity::Error,
            title: "Extended Protection rejects the Hybrid Agent on /EWS/mrsproxy.svc".into(),
            explanation: "IIS answered the agent's NTLM token with 401.1 SEC_E_BAD_BINDINGS: the channel binding does not match because the Hybrid Agent ends TLS and opens a new connection.".into(),
            remedy: "Exclude the EWS front end from Extended Protection:\n.\\ExchangeExtendedProtectionManagement.ps1 -ExcludeVirtualDirectories \"EWSFrontEnd\"".into(),
            evidence: vec![
                Evidence { source: IIS, line: iis_line(8) },
                Evidence { source: HCW, line: 6 },
            ],
            references: vec![],
            time: Some(utc("13:23:14")),
            time_source: Some(IIS),
            fixed_by: None,
            title_fixed: None,
            said_fixed: Vec::new(),
            follows: Vec::new(),
        },
        Finding {
            id: FindingId::HcwCode("HCW8078".into()),
            severity: Severity::Warning,
            title: "HCW8078: the migration endpoint could not be created".into(),
            explanation: "The wizard could not reach MRSProxy, so it did not create the endpoint.".into(),
            remedy: "Fix the failure above, then run the wizard again.".into(),
            evidence: vec![Evidence { source: HCW, line: 16 }],
            references: vec![],
            time: Some(utc("13:24:55.900")),
            time_source: Some(HCW),
            fixed_by: None,
            title_fixed: None,
            said_fixed: Vec::new(),
            follows: Vec::new(),
        },
    ];
    Analysis {
        sources: vec![
            source(
                HCW,
                SourceKind::Hcw,
                "HCW/20241105_142245.log",
                "HCWHOST",
                ZoneSpec::Fixed(3600),
                hcw.len() as u64,
            ),
            source(
                IIS,
                SourceKind::Iis,
                "EX01/W3SVC1/u_ex241105.log",
                "EX01",
                ZoneSpec::Fixed(0),
                ROWS.len() as u64,
            ),
        ],
        hcw,
        requests: vec![std::sync::Arc::new(iis_index())],
        cmdlets: vec![call],
        handshakes: vec![
            handshake(3..6, HandshakeOutcome::Success, None),
            handshake(6..9, HandshakeOutcome::Failed, Some(0)),
            handshake(9..12, HandshakeOutcome::Success, None),
        ],
        findings,
        ..Default::default()
    }
}

/// The scenario with a suggested HCW clock correction.
pub fn analysis_with_skew(offset_ms: i64) -> Analysis {
    let mut a = analysis();
    a.skew = Some(SkewSuggestion {
        offset_ms,
        matched_calls: 1,
        total_calls: 1,
        evidence: vec![],
        machine: None,
        calls: vec!["Test-MigrationServerAvailability".to_string()],
    });
    a
}

/// Settings fixed for tests: colour on, no local zone unless given.
pub fn settings(local: Option<&str>) -> Settings {
    let mut s = Settings::new("hcwlens demo");
    s.local_zone = local.and_then(ZoneSpec::parse);
    s
}

/// A ready model of the scenario at a size.
pub fn model(w: u16, h: u16) -> Model {
    Model::ready(analysis(), settings(None), (w, h))
}

/// A key event from keymap text (`j`, `G`, `<Enter>`, `<C-c>`).
pub fn key(text: &str) -> KeyEvent {
    let c = Chord::parse(text).unwrap();
    KeyEvent::new(c.code, c.mods)
}

thread_local! {
    /// What `Effect::Copy` asked to copy, in order: `(what, text)` (the in-memory clipboard).
    pub static COPIES: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// What `Effect::Write` asked to write: `(path, text)`.
    pub static WRITES: std::cell::RefCell<Vec<(PathBuf, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Takes the copies made so far on this thread.
pub fn take_copies() -> Vec<(String, String)> {
    COPIES.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

/// Takes the files written so far on this thread.
pub fn take_writes() -> Vec<(PathBuf, String)> {
    WRITES.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

/// Live follow as the app loop runs it: the follow job takes `deltas` in (the next data built
/// from the model's, on this thread), and its result is sent to the model.
#[allow(dead_code)]
pub fn follow(model: &mut Model, deltas: Vec<hcwlens::pipeline::Delta>) -> Option<i32> {
    let job = hcwlens::tui::worker::follow::FollowJob::new(model);
    let followed = job.build(deltas);
    send(model, Msg::Worker(WorkerMsg::Live(Box::new(followed))))
}

/// Sends one message and runs its effects the way the app loop would, synchronously.
/// Returns the exit code when the model asked to quit.
pub fn send(model: &mut Model, msg: Msg) -> Option<i32> {
    let effects = handle(model, msg);
    run_effects(model, effects)
}

/// Runs effects synchronously (search and re-merge jobs), feeding results back.
pub fn run_effects(model: &mut Model, effects: Vec<Effect>) -> Option<i32> {
    let mut quit = None;
    for e in effects {
        match e {
            Effect::Quit(code) => quit = Some(code),
            Effect::Search {
                generation,
                pane,
                regex,
            } => {
                let job = SearchJob::new(model, generation, pane, regex);
                let matches = worker::search(&job, &mut |_, _| true).unwrap();
                let more = handle(
                    model,
                    Msg::Worker(WorkerMsg::SearchDone {
                        generation,
                        matches,
                    }),
                );
                quit = quit.or(run_effects(model, more));
            }
            Effect::Filter { pane, full, .. } => {
                let job = FilterJob::new(model, pane, full);
                let out = scan::filter(&job, &AtomicBool::new(false), &mut |_| {}).unwrap();
                let more = handle(model, Msg::Worker(WorkerMsg::Filtered(Box::new(out))));
                quit = quit.or(run_effects(model, more));
            }
            Effect::CancelFilter { .. } | Effect::StartFollow | Effect::Reload { .. } => {}
            Effect::Poll => {
                // No followed files here: the poll finds nothing.
                let more = handle(model, Msg::Worker(WorkerMsg::Live(Box::default())));
                quit = quit.or(run_effects(model, more));
            }
            Effect::Copy { what, text } => {
                let bytes = text.len();
                COPIES.with(|c| c.borrow_mut().push((what.clone(), text)));
                let result = Ok(CopyReport {
                    path: CopyPath::Osc52,
                    bytes,
                });
                let more = handle(model, Msg::Worker(WorkerMsg::Copied { what, result }));
                quit = quit.or(run_effects(model, more));
            }
            Effect::ReadLines { data, lines } => {
                let read = hcwlens::tui::model::lines::read(&model.data, &lines);
                let more = handle(model, Msg::Worker(WorkerMsg::Lines { data, read }));
                quit = quit.or(run_effects(model, more));
            }
            Effect::Build(ticket) => {
                let text = ticket.text();
                let to = ticket.to.clone();
                let more = handle(model, Msg::Worker(WorkerMsg::Built { to, text }));
                quit = quit.or(run_effects(model, more));
            }
            Effect::Write { path, text, .. } => {
                WRITES.with(|c| c.borrow_mut().push((path.clone(), text)));
                let more = handle(model, Msg::Worker(WorkerMsg::Written(Ok(path))));
                quit = quit.or(run_effects(model, more));
            }
            Effect::Remerge { generation } => {
                let merged = merge(&model.data.analysis.requests, &model.clock);
                let clock = Box::new(model.clock.clone());
                let more = handle(
                    model,
                    Msg::Worker(WorkerMsg::Merged {
                        generation,
                        merged,
                        clock,
                    }),
                );
                quit = quit.or(run_effects(model, more));
            }
        }
    }
    quit
}

/// Presses keys given as keymap text, one per element; returns the exit code if one quit.
pub fn press(model: &mut Model, keys: &[&str]) -> Option<i32> {
    let mut quit = None;
    for k in keys {
        quit = quit.or(send(model, Msg::Key(key(k))));
    }
    quit
}

/// Types text into a search input.
pub fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        let mut buf = [0u8; 4];
        send(model, Msg::Key(key(c.encode_utf8(&mut buf))));
    }
}

/// The data of a fresh scenario, for tests that feed worker messages.
pub fn data() -> Data {
    Data::new(analysis())
}
