use super::timeline::{Select, runs_range, timeline, timeline_in, timeline_with};
use super::*;
use crate::analyze::cmdlet::CmdletCall;
use crate::analyze::handshake::{AuthKind, Confidence, Leg, SEC_E_BAD_BINDINGS};
use crate::source::{SourceInfo, SourceKind};
use crate::time::UtcMs;

fn leg(line: u64, ts: i64, status: u16, win32: u32, user: &str) -> Leg {
    Leg::new(
        SourceId(1),
        Leg::line_of(line),
        0,
        UtcMs(ts),
        user.into(),
        (status, u16::from(status == 401), win32),
    )
}

fn hs(client: &str, uri: &str, line: u64, ts: i64, fail: Option<u32>, user: &str) -> Handshake {
    let last = match fail {
        Some(code) => leg(line + 1, ts, 401, code, ""),
        None => leg(line + 1, ts, 200, 0, user),
    };
    Handshake {
        key: std::sync::Arc::new(crate::analyze::handshake::HandshakeKey {
            server: "EX01".into(),
            client: client.into(),
            method: "POST".into(),
            uri: uri.into(),
            user_agent: crate::analyze::handshake::Text::default(),
            split: None,
            via: None,
        }),
        start: UtcMs(ts),
        legs: vec![leg(line, ts, 401, 2_148_074_254, ""), last].into(),
        outcome: if fail.is_some() {
            HandshakeOutcome::Failed
        } else {
            HandshakeOutcome::Success
        },
        auth: AuthKind::Ntlm,
        failure_code: fail,
        confidence: Confidence::High,
        cmdlet: None,
        concurrent: 0,
        abandoned_at: None,
        shared_users: 0,
        untied: false,
    }
}

fn call(name: &str, line: u64, ts: i64, outcome: CmdletOutcome) -> CmdletCall {
    CmdletCall {
        name: name.into(),
        command: String::new(),
        session: None,
        thread: None,
        start: UtcMs(ts),
        end: None,
        duration_ms: None,
        outcome,
        error: None,
        source: SourceId(0),
        line,
        finish_line: None,
        remote_server: None,
        urls: Vec::new(),
        http_status: None,
        start_missing: false,
        run: 0,
    }
}

fn source(id: u16, kind: SourceKind, span: (i64, i64)) -> SourceInfo {
    SourceInfo {
        id: SourceId(id),
        path: format!("s{id}").into(),
        kind,
        encoding: crate::source::TextEncoding::Utf8,
        server: format!("HOST{id}"),
        zone: crate::time::ZoneSpec::Fixed(0),
        zone_origin: crate::source::ZoneOrigin::Assumed,
        skew_ms: 0,
        stats: Default::default(),
        span: Some((UtcMs(span.0), UtcMs(span.1))),
    }
}

fn sample() -> Analysis {
    let mrs = "/EWS/mrsproxy.svc";
    Analysis {
        sources: vec![
            source(0, SourceKind::Hcw, (0, 50_000)),
            source(1, SourceKind::Iis, (0, 99_999)),
        ],
        handshakes: vec![
            hs("10.0.5.20", mrs, 10, 1_000, Some(SEC_E_BAD_BINDINGS), ""),
            hs("10.0.5.20", mrs, 20, 2_000, Some(SEC_E_BAD_BINDINGS), ""),
            hs("10.0.5.20", mrs, 30, 3_000, None, "CONTOSO\\hcw"),
            hs(
                "10.0.9.9",
                "/EWS/Exchange.asmx",
                40,
                60_000,
                None,
                "CONTOSO\\a",
            ),
            hs(
                "10.0.9.9",
                "/EWS/Exchange.asmx",
                50,
                61_000,
                None,
                "CONTOSO\\b",
            ),
            hs("10.0.9.9", "/owa/", 60, 62_000, Some(0x8009_030C), ""),
        ],
        cmdlets: vec![
            call(
                "Test-MigrationServerAvailability",
                5,
                1_500,
                CmdletOutcome::Failed,
            ),
            call("Get-ExchangeServer", 3, 500, CmdletOutcome::Success),
            call("Get-ExchangeServer", 4, 700, CmdletOutcome::Success),
        ],
        ..Default::default()
    }
}

#[test]
fn vdirs_put_failures_first_with_their_names() {
    let o = overview(&sample(), &keep_all);
    let first = &o.vdirs[0];
    assert_eq!(first.uri, "/EWS/mrsproxy.svc");
    assert_eq!(first.failure.as_deref(), Some("SEC_E_BAD_BINDINGS"));
    assert_eq!(first.count, 2);
    assert_eq!(o.vdirs[1].failure.as_deref(), Some("SEC_E_LOGON_DENIED"));
    assert!(
        o.vdirs[2..]
            .iter()
            .all(|r| r.outcome == HandshakeOutcome::Success)
    );
}

#[test]
fn clients_by_failures_with_users_behind_them() {
    let o = overview(&sample(), &keep_all);
    assert_eq!(o.clients[0].client, "10.0.5.20");
    assert_eq!(o.clients[0].failures, 2);
    assert_eq!(o.clients[0].handshakes, 3);
    assert_eq!(o.clients[0].users_label(), "CONTOSO\\hcw");
    assert!(!o.clients[0].shared());
    assert_eq!(o.clients[1].users_label(), "shared by 2 users");
    assert!(o.clients[1].shared());
    assert_eq!(o.users.len(), 3);
}

#[test]
fn calls_by_outcome_failed_first() {
    let o = overview(&sample(), &keep_all);
    assert_eq!(o.calls[0].outcome, CmdletOutcome::Failed);
    assert_eq!(o.calls[1].outcome, CmdletOutcome::Success);
    assert_eq!(o.calls[1].count, 2);
    assert_eq!(
        o.calls[1].names,
        vec![("Get-ExchangeServer".to_string(), 2)]
    );
}

#[test]
fn the_predicate_narrows_every_table() {
    // Keep only IIS lines before line 35 and no HCW line.
    let keep = |s: SourceId, line: u64| s == SourceId(1) && line < 35;
    let o = overview(&sample(), &keep);
    assert_eq!(o.clients.len(), 1);
    assert_eq!(o.clients[0].handshakes, 3);
    assert!(o.calls.is_empty());
    assert_eq!(o.vdirs.iter().map(|r| r.count).sum::<u64>(), 3);
}

#[test]
fn timeline_buckets_failures_calls_and_runs() {
    let t = timeline(&sample(), &keep_all, 10);
    assert_eq!(t.buckets.len(), 10);
    assert_eq!(t.bucket_ms, 10_000);
    // Two failed handshakes and the failed call in the first bucket, one failure later.
    assert_eq!(t.buckets[0].failures, 3);
    assert_eq!(t.buckets[6].failures, 1);
    assert_eq!(t.failures(), 4);
    assert_eq!(t.calls.len(), 3);
    assert!(t.calls.iter().any(|c| c.failed));
    assert_eq!(t.calls[0].at, UtcMs(500));
    assert_eq!(t.runs.len(), 1);
    assert_eq!(t.runs[0].server, "HOST0");
    assert_eq!(t.bucket_of(UtcMs(99_999)), Some(9));
    assert_eq!(t.bucket_of(UtcMs(100_000)), None);
}

#[test]
fn empty_analysis_gives_an_empty_timeline() {
    let t = timeline(&Analysis::default(), &keep_all, 10);
    assert!(t.buckets.is_empty());
    assert_eq!(
        overview(&Analysis::default(), &keep_all),
        Overview::default()
    );
}

#[test]
fn a_window_counts_only_what_falls_inside() {
    let a = sample();
    let (lo, hi) = runs_range(&a, 1_000).expect("one run");
    assert_eq!((lo, hi), (UtcMs(-1_000), UtcMs(51_000)));
    let t = timeline_in(&a, &keep_all, UtcMs(0), UtcMs(9_999), 5);
    assert_eq!(t.bucket_ms, 2_000);
    assert_eq!(t.failures(), 3, "the failure at 62 s is outside");
    assert_eq!(t.calls.len(), 3);
    let late = timeline_in(&a, &keep_all, UtcMs(55_000), UtcMs(99_999), 5);
    assert!(late.calls.is_empty());
    assert_eq!(late.failures(), 1);
}

#[test]
fn a_selection_shifts_sources_and_picks_rows_by_position() {
    let a = sample();
    // HCW (source 0) shifted 20 s later: the failed call moves from bucket 0 to bucket 2; the
    // IIS failures stay. No request rows exist in the sample, so `rows` is never asked.
    let sel = Select {
        rows: &|_, _| panic!("no request index"),
        lines: &keep_all,
        shift: &|s| if s == SourceId(0) { 20_000 } else { 0 },
    };
    let t = timeline_with(&a, &sel, UtcMs(0), UtcMs(99_999), 10);
    assert_eq!(t.buckets[0].failures, 2);
    assert_eq!(t.buckets[2].failures, 1);
    assert_eq!(t.calls[0].at, UtcMs(20_500));
    assert_eq!(t.runs[0].start, UtcMs(20_000));
}
