use super::testcalls::{other, tmsa};
use super::*;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::handshake::testlog::{at, feed};
use crate::analyze::handshake::{CallIx, HandshakeGrouper, HandshakeOutcome};
use crate::analyze::mrs::MrsCollector;

const IIS: &[&str] = &[
    // 1-3: EP failure during the first call
    "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
    "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
    "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
    // 4: unrelated MAPI failure at the same time
    "2024-11-05 13:23:15 10.0.0.5 POST /mapi/emsmdb/ - 443 - 10.1.1.1 Outlook - 401 1 2148074252 15",
    // 5-7: the same during the second call, 70 s later
    "2024-11-05 13:24:25 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
    "2024-11-05 13:24:25 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
    "2024-11-05 13:24:25 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
    // 8: an mrsproxy request an hour later
    "2024-11-05 14:30:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 10.0.5.20 - - 200 0 0 15",
];

fn load() -> (Vec<crate::analyze::handshake::Handshake>, Vec<MrsRequest>) {
    let mut g = HandshakeGrouper::new(false);
    let mut m = MrsCollector::new();
    feed(&mut g, 0, "EX01", IIS);
    feed(&mut m, 0, "EX01", IIS);
    (g.finish().handshakes, m.finish().0)
}

#[test]
fn links_calls_to_requests_and_handshakes_in_their_window() {
    let (mut hs, mrs) = load();
    let calls = vec![
        other(
            "Get-WebServicesVirtualDirectory",
            at("2024-11-05", "13:23:00"),
            500,
            10,
        ),
        tmsa(
            at("2024-11-05", "13:23:13"),
            7_600,
            CmdletOutcome::Failed,
            "(401) Unauthorized",
            "mail.contoso.com",
            20,
        ),
        tmsa(
            at("2024-11-05", "13:24:24"),
            7_600,
            CmdletOutcome::Failed,
            "(401) Unauthorized",
            "mail.contoso.com",
            40,
        ),
    ];
    let links = correlate(&calls, &mut hs, &mrs, 5_000);
    assert_eq!(links.len(), 2, "only MRS-reaching calls are linked");
    assert_eq!(links[0].cmdlet, 1);
    assert_eq!(links[0].mrs.len(), 3);
    assert!(links[0].mrs.iter().all(|&i| mrs[i].line <= 3));
    assert_eq!(
        links[1]
            .mrs
            .iter()
            .map(|&i| mrs[i].line)
            .collect::<Vec<_>>(),
        vec![5, 6, 7]
    );
    let ep = |line: u64| {
        hs.iter()
            .find(|h| h.legs.iter().any(|l| u64::from(l.line) == line))
            .expect("handshake")
    };
    assert_eq!(ep(1).outcome, HandshakeOutcome::Failed);
    assert_eq!(ep(1).cmdlet.map(CallIx::get), Some(1));
    assert_eq!(ep(5).cmdlet.map(CallIx::get), Some(2));
    let mapi = hs
        .iter()
        .find(|h| h.uri.starts_with("/mapi"))
        .expect("mapi handshake");
    assert_eq!(
        (mapi.start, mapi.cmdlet.map(CallIx::get)),
        (at("2024-11-05", "13:23:15"), Some(1)),
        "a handshake inside a call's window names that call, whatever its path"
    );
    assert!(
        hs.iter().all(|h| h.cmdlet.map(CallIx::get) != Some(0)),
        "on-premises calls do not make Exchange Online call back"
    );
}

/// `hh:mm:ss[.mmm]` on the test day.
fn at_ms(t: &str) -> crate::time::UtcMs {
    let (whole, frac) = t.split_once('.').unwrap_or((t, "0"));
    at("2024-11-05", whole).plus_ms(frac.parse().expect("ms"))
}

#[test]
fn overlapping_windows_assign_the_call_that_contains_the_start() {
    let (mut hs, mrs) = load();
    let tm =
        |t: &str, dur: i64, line: u64| tmsa(at_ms(t), dur, CmdletOutcome::Failed, "", "m", line);
    // 13:23:10–13:23:12.9 ends 1.1 s before the handshake at 13:23:14; the next call starts
    // 1.9 s after it: both windows reach it, the nearer one wins.
    let calls = vec![tm("13:23:10", 2_900, 20), tm("13:23:15.900", 5_000, 40)];
    correlate(&calls, &mut hs, &mrs, 5_000);
    let first = hs.iter().find(|h| h.legs[0].line == 1).expect("first");
    assert_eq!(first.cmdlet.map(CallIx::get), Some(0));
    // Nested: the call that started last and still runs owns it.
    let calls = vec![tm("13:23:00", 30_000, 20), tm("13:23:13.500", 5_000, 40)];
    correlate(&calls, &mut hs, &mrs, 5_000);
    let first = hs.iter().find(|h| h.legs[0].line == 1).expect("first");
    assert_eq!(first.cmdlet.map(CallIx::get), Some(1));
}

#[test]
fn the_window_is_the_call_plus_two_seconds_and_nothing_else() {
    let (hs, _) = load();
    let ep = hs.iter().position(|h| h.legs[0].line == 1).expect("ep");
    let call = |t: &str| vec![tmsa(at_ms(t), 4_000, CmdletOutcome::Failed, "", "m", 20)];
    // The first leg is stamped 13:23:14 (IIS truncates to the second).
    let a = attribute(&call("13:23:15.900"), &hs, &|_| 0);
    assert_eq!(a.call_of(ep), Some(0), "1.9 s before START: IIS truncation");
    let a = attribute(&call("13:23:16.100"), &hs, &|_| 0);
    assert_eq!(a.call_of(ep), None, "2.1 s before START");
    let a = attribute(&call("13:23:44"), &hs, &|_| 0);
    assert_eq!(a.call_of(ep), None, "30 s before a call is not that call's");
    assert!(a.of_call(0).is_empty());
    let a = attribute(&call("13:23:08.100"), &hs, &|_| 0);
    assert_eq!(a.call_of(ep), Some(0), "1.9 s after FINISH");
    let a = attribute(&call("13:23:07.900"), &hs, &|_| 0);
    assert_eq!(a.call_of(ep), None, "2.1 s after FINISH");
}

#[test]
fn attribution_reads_each_source_on_its_corrected_clock() {
    let (hs, _) = load();
    let ep = hs.iter().position(|h| h.legs[0].line == 1).expect("ep");
    // The HCW clock (source 9) runs 95 s fast.
    let calls = vec![tmsa(
        at("2024-11-05", "13:24:48"),
        4_000,
        CmdletOutcome::Failed,
        "",
        "m",
        20,
    )];
    assert_eq!(attribute(&calls, &hs, &|_| 0).call_of(ep), None);
    let hcw_fix = |s: crate::source::SourceId| if s.0 == 9 { -95_000 } else { 0 };
    let a = attribute(&calls, &hs, &hcw_fix);
    assert_eq!(a.call_of(ep), Some(0));
    assert_eq!(a.of_call(0)[0], ep, "by start, the earliest first");
    let iis_fix = |s: crate::source::SourceId| if s.0 == 0 { 95_000 } else { 0 };
    assert_eq!(attribute(&calls, &hs, &iis_fix).call_of(ep), Some(0));
}

#[test]
fn tolerance_and_unfinished_calls_shape_the_window() {
    let (mut hs, mrs) = load();
    let mut call = tmsa(
        at("2024-11-05", "13:23:34"),
        1_000,
        CmdletOutcome::Error,
        "",
        "m",
        20,
    );
    assert!(
        correlate(std::slice::from_ref(&call), &mut hs, &mrs, 0)[0]
            .mrs
            .is_empty()
    );
    let links = correlate(std::slice::from_ref(&call), &mut hs, &mrs, 30_000);
    assert_eq!(links[0].mrs.len(), 3);
    assert_eq!(links[0].from, at("2024-11-05", "13:23:04"));

    call.end = None;
    call.duration_ms = None;
    assert_eq!(call_window(&call).1, at("2024-11-05", "13:24:34"));
    call.duration_ms = Some(2_500.0);
    assert_eq!(call_window(&call).1, call.start.plus_ms(2_500));
}

#[test]
fn rerunning_clears_stale_links() {
    let (mut hs, mrs) = load();
    let call = tmsa(
        at("2024-11-05", "13:23:13"),
        7_600,
        CmdletOutcome::Failed,
        "",
        "m",
        20,
    );
    correlate(std::slice::from_ref(&call), &mut hs, &mrs, 5_000);
    assert!(hs.iter().any(|h| h.cmdlet.is_some()));
    let shifted = tmsa(
        at("2024-11-05", "18:00:00"),
        7_600,
        CmdletOutcome::Failed,
        "",
        "m",
        20,
    );
    let links = correlate(&[shifted], &mut hs, &mrs, 5_000);
    assert!(links[0].mrs.is_empty());
    assert!(hs.iter().all(|h| h.cmdlet.is_none()));
}

#[test]
fn mrs_cmdlets_are_recognised_by_name_and_session() {
    let t = at("2024-11-05", "13:00:00");
    assert!(reaches_mrs(&tmsa(t, 1, CmdletOutcome::Success, "", "m", 1)));
    let mut c = other("new-migrationendpoint", t, 1, 1);
    assert!(!reaches_mrs(&c), "on-premises session");
    c.session = Some("Tenant".into());
    assert!(reaches_mrs(&c));
    c.session = None;
    assert!(reaches_mrs(&c));
    assert!(!reaches_mrs(&other("Get-MigrationEndpoint", t, 1, 1)));
    assert!(
        is_callback_uri("/ews/Exchange.asmx") && is_callback_uri("/Autodiscover/Autodiscover.xml")
    );
    assert!(!is_callback_uri("/EWSx") && !is_callback_uri("/mapi/emsmdb/"));
}

#[test]
fn correlating_again_sets_every_handshake_to_its_call_and_clears_the_rest() {
    let (mut hs, mrs) = load();
    let first = tmsa(
        at("2024-11-05", "13:23:13"),
        7_600,
        CmdletOutcome::Failed,
        "(401) Unauthorized",
        "mail.contoso.com",
        20,
    );
    let second = tmsa(
        at("2024-11-05", "13:24:24"),
        7_600,
        CmdletOutcome::Failed,
        "(401) Unauthorized",
        "mail.contoso.com",
        40,
    );
    correlate(&[first.clone(), second], &mut hs, &mrs, 5_000);
    let before: Vec<Option<CallIx>> = hs.iter().map(|h| h.cmdlet).collect();
    assert!(before.contains(&CallIx::new(1)), "{before:?}");
    // The second call is gone (a later load): its handshakes belong to no call any more.
    correlate(std::slice::from_ref(&first), &mut hs, &mrs, 5_000);
    let attribution = attribute(std::slice::from_ref(&first), &hs, &|_| 0);
    for (i, h) in hs.iter().enumerate() {
        assert_eq!(
            h.cmdlet.map(|c| c.at()),
            attribution.call_of(i),
            "handshake {i}"
        );
    }
    assert!(hs.iter().any(|h| h.cmdlet.is_some()));
    let cleared = hs
        .iter()
        .zip(&before)
        .filter(|(h, b)| b.is_some() && h.cmdlet.is_none())
        .count();
    assert_eq!(cleared, 1, "the second call's handshake");
}
