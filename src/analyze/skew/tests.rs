use super::*;
use crate::analyze::cmdlet::CmdletOutcome;
use crate::analyze::correlate::testcalls::{other, tmsa};
use crate::analyze::handshake::testlog::{at, feed, feed_owned};
use crate::analyze::mrs::MrsCollector;

/// IIS side of two failing test calls (EP triplets from the agent 10.0.5.20) plus one earlier
/// unrelated request.
const IIS: &[&str] = &[
    "2024-11-05 09:00:00 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 52.1.1.1 - - 200 0 0 15",
    "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
    "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
    "2024-11-05 13:23:15 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
    "2024-11-05 13:24:25 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
    "2024-11-05 13:24:25 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
    "2024-11-05 13:24:26 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
];

fn mrs(lines: &[&str]) -> Vec<MrsRequest> {
    let mut c = MrsCollector::new();
    feed(&mut c, 0, "EX01", lines);
    c.finish().0
}

fn calls(first: &str, second: &str) -> Vec<CmdletCall> {
    vec![
        other("Get-ExchangeServer", at("2024-11-05", first), 300, 5),
        tmsa(
            at("2024-11-05", first),
            7_600,
            CmdletOutcome::Failed,
            "(401) Unauthorized",
            "mail.contoso.com",
            20,
        ),
        tmsa(
            at("2024-11-05", second),
            7_600,
            CmdletOutcome::Failed,
            "(401) Unauthorized",
            "mail.contoso.com",
            40,
        ),
    ]
}

#[test]
fn finds_a_one_hour_shift() {
    let s = suggest_skew(&calls("12:23:13", "12:24:24"), &mrs(IIS), &[]).expect("suggestion");
    assert_eq!(s.offset_ms, 3_600_000);
    assert_eq!((s.matched_calls, s.total_calls), (2, 2));
    assert!(
        s.evidence[0].starts_with("after +1 h, 2 of 2 test calls line up"),
        "{}",
        s.evidence[0]
    );
    assert!(s.evidence[0].contains("10.0.5.20 (EX01)"));
    assert_eq!(s.evidence[1], "without a shift, 0 of 2 line up");
    assert!(
        s.evidence
            .iter()
            .any(|e| e.contains("HCW line 20") && e.contains("3 mrsproxy requests"))
    );
    assert!(
        s.evidence
            .iter()
            .any(|e| e.contains("time-zone difference (+1 h)"))
    );
}

#[test]
fn finds_a_half_hour_zone_shift_with_drift() {
    // HCW 5 h 30 min behind plus 7 s of drift
    let s = suggest_skew(&calls("07:53:06", "07:54:17"), &mrs(IIS), &[]).expect("suggestion");
    let expected = 5 * 3_600_000 + 30 * 60_000 + 7_000;
    assert!((s.offset_ms - expected).abs() <= 3_000, "{}", s.offset_ms);
    assert_eq!(s.matched_calls, 2);
}

#[test]
fn no_suggestion_when_aligned_or_without_data() {
    assert_eq!(
        suggest_skew(&calls("13:23:13", "13:24:24"), &mrs(IIS), &[]),
        None
    );
    assert_eq!(suggest_skew(&calls("13:23:13", "13:24:24"), &[], &[]), None);
    let only_other = vec![other(
        "Get-ExchangeServer",
        at("2024-11-05", "12:00:00"),
        300,
        5,
    )];
    assert_eq!(suggest_skew(&only_other, &mrs(IIS), &[]), None);
    // a few seconds off is "aligned enough": no suggestion below two seconds
    assert_eq!(
        suggest_skew(&calls("13:23:12", "13:24:23"), &mrs(IIS), &[]),
        None
    );
}

#[test]
fn calls_without_requests_do_not_block_a_suggestion() {
    let mut c = calls("12:23:13", "12:24:24");
    c.push(tmsa(
        at("2024-11-05", "12:30:00"),
        51_400,
        CmdletOutcome::Failed,
        "timed out",
        "m",
        60,
    ));
    c.push(tmsa(
        at("2024-11-05", "12:32:00"),
        50_300,
        CmdletOutcome::Failed,
        "timed out",
        "m",
        80,
    ));
    let s = suggest_skew(&c, &mrs(IIS), &[]).expect("suggestion");
    assert_eq!(s.offset_ms, 3_600_000);
    assert_eq!((s.matched_calls, s.total_calls), (2, 4));
}

#[test]
fn steady_migration_traffic_is_ambiguous() {
    let mut lines = Vec::new();
    for m in 0..(24 * 60) {
        lines.push(format!(
            "2024-11-05 {:02}:{:02}:30 10.0.0.5 POST /EWS/mrsproxy.svc - 443 CONTOSO\\mig 52.1.1.{} - - 200 0 0 15",
            m / 60,
            m % 60,
            m % 4
        ));
    }
    let mut c = MrsCollector::new();
    feed_owned(&mut c, 0, "EX01", &lines);
    let reqs = c.finish().0;
    assert_eq!(
        suggest_skew(&calls("12:23:13", "12:24:24"), &reqs, &[]),
        None
    );
}

proptest::proptest! {
    #[test]
    fn arbitrary_inputs_never_panic_and_suggestions_are_bounded(
        starts in proptest::collection::vec(0i64..86_400, 0..6),
        reqs in proptest::collection::vec((0i64..86_400, 0u8..3), 0..80),
    ) {
        let day = at("2024-11-05", "00:00:00");
        let calls: Vec<CmdletCall> = starts
            .iter()
            .enumerate()
            .map(|(i, s)| tmsa(day.plus_ms(s * 1000), 7_000, CmdletOutcome::Failed, "", "m", i as u64))
            .collect();
        let lines: Vec<String> = reqs
            .iter()
            .map(|(s, c)| {
                format!(
                    "2024-11-05 {:02}:{:02}:{:02} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.{c} - - 401 2 5 0",
                    s / 3600, s / 60 % 60, s % 60
                )
            })
            .collect();
        let mut c = MrsCollector::new();
        feed_owned(&mut c, 0, "EX01", &lines);
        if let Some(s) = suggest_skew(&calls, &c.finish().0, &[]) {
            proptest::prop_assert!(s.offset_ms.abs() <= 14 * 3_600_000 + 120_000);
            proptest::prop_assert!(s.offset_ms.abs() >= 2_000);
            proptest::prop_assert!(s.matched_calls >= 1 && s.matched_calls <= s.total_calls);
            proptest::prop_assert!(!s.evidence.is_empty());
        }
    }
}

/// Two attempts 12 s apart through one agent: their requests form one run from one client, and
/// both calls still count as lined up; the HCW clock is 95 s fast.
#[test]
fn every_call_that_lines_up_counts_and_the_shift_is_where_requests_follow_start() {
    let lines = [
        "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
        "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
        "2024-11-05 13:23:14 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
        "2024-11-05 13:23:19 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
        "2024-11-05 13:23:26 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 2 5 0",
        "2024-11-05 13:23:26 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074254 0",
        "2024-11-05 13:23:26 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - 401 1 2148074310 15",
    ];
    let c = |t: &str, line| {
        tmsa(
            at("2024-11-05", t).plus_ms(300),
            5_000,
            CmdletOutcome::Failed,
            "(401) Unauthorized",
            "m",
            line,
        )
    };
    let s = suggest_skew(&[c("13:24:48", 20), c("13:25:00", 40)], &mrs(&lines), &[])
        .expect("suggestion");
    assert_eq!((s.matched_calls, s.total_calls), (2, 2));
    assert_eq!(s.offset_ms, -95_000);
}

/// A clock minutes off, no zone apart: the HCW machine runs 3 min 4 s behind, or 6 min 7 s
/// ahead. Found to the second, though no zone lines the calls up.
#[test]
fn a_clock_minutes_off_is_found_between_the_zones() {
    for (first, second, want) in [
        ("13:20:09", "13:21:20", 184_000),
        ("13:29:20", "13:30:31", -367_000),
    ] {
        let s = suggest_skew(&calls(first, second), &mrs(IIS), &[]).expect("suggestion");
        assert!(
            (s.offset_ms - want).abs() <= 1_000,
            "{first}: {}",
            s.offset_ms
        );
        assert_eq!(s.matched_calls, 2, "{first}");
    }
}
