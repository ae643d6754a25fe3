//! What a handshake joined across a log rotation counts for its client: its challenge was
//! answered (not left unanswered for `ntlm-stuck-client`), and an answer that opened the next
//! file completed a handshake through its address, with its user.

use crate::analyze::handshake::testlog::feed;
use crate::analyze::handshake::{GroupResult, HandshakeGrouper, HandshakeOutcome};

const AGENT: &str = "MacOutlook/16.89";

fn line(t: &str, user: &str, status: &str) -> String {
    format!("{t} 10.0.0.11 POST /EWS/Exchange.asmx - 443 {user} 10.1.2.45 {AGENT} - {status} 1")
}

/// Day 1: `left` handshakes left at the challenge, then one cut by midnight; day 2 opens with
/// its answer, `answer` (`200 0 0` or a failure).
fn rotated(left: u32, answer: &str, keep: bool) -> GroupResult {
    let mut day1: Vec<String> = Vec::new();
    for i in 0..left {
        let t = format!("2025-04-01 23:30:{:02}", 10 + i);
        day1.push(line(&t, "-", "401 2 5"));
        day1.push(line(&t, "-", "401 1 2148074254"));
    }
    day1.push(line("2025-04-01 23:59:59", "-", "401 2 5"));
    day1.push(line("2025-04-01 23:59:59", "-", "401 1 2148074254"));
    let user = if answer.starts_with("200") {
        "CONTOSO\\bob"
    } else {
        "-"
    };
    let day2 = vec![line("2025-04-02 00:00:00", user, answer)];
    joined(&[day1, day2], keep)
}

/// The two days' logs of one server grouped file by file, then joined across the rotation.
fn joined(days: &[Vec<String>], keep: bool) -> GroupResult {
    let results = days
        .iter()
        .enumerate()
        .map(|(s, lines)| {
            let mut g = HandshakeGrouper::new(keep);
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            feed(&mut g, s as u16, "EX01", &lines);
            g.finish_unresolved()
        })
        .collect();
    let mut r = GroupResult::merge_all(results);
    r.resolve();
    r
}

fn left(r: &GroupResult) -> (u64, i64) {
    let (t, _) = r
        .clients
        .clients()
        .next()
        .expect("a client left challenges");
    (t.abandoned, t.last)
}

#[test]
fn a_rotated_challenge_answered_the_next_day_was_not_left_unanswered() {
    let last_left = crate::analyze::handshake::testlog::at("2025-04-01", "23:30:14").0;
    for keep in [false, true] {
        for answer in ["200 0 0", "401 1 2148074248"] {
            let r = rotated(5, answer, keep);
            let joined = r.handshakes.iter().filter(|h| h.legs.len() == 3).count();
            let want = if answer.starts_with("200") && !keep {
                0
            } else {
                1
            };
            assert_eq!(joined, want, "{answer}, keep {keep}");
            assert_eq!(left(&r), (5, last_left), "{answer}, keep {keep}");
        }
    }
}

#[test]
fn an_answer_that_opens_the_next_file_completes_a_handshake_through_its_address() {
    let r = rotated(5, "200 0 0", false);
    let done = r.users.completed("10.1.2.45").expect("completed");
    let user = done.last_user.as_ref().map(|(u, _)| u.as_str());
    assert_eq!((done.count, user), (1, Some("CONTOSO\\bob")));
    assert_eq!(r.users.count("10.1.2.45"), 1, "bob logged on through it");
    let (_, completed) = r.clients.clients().next().expect("client");
    assert_eq!(completed.count, 1);
    let success: u64 = r
        .counts
        .iter()
        .filter(|c| c.outcome == HandshakeOutcome::Success)
        .map(|c| c.count)
        .sum();
    assert_eq!(success, 1);
}

#[test]
fn a_challenge_left_in_the_last_seconds_with_no_answer_still_counts() {
    let mut g = HandshakeGrouper::new(false);
    let lines = [
        line("2025-04-01 23:59:58", "-", "401 2 5"),
        line("2025-04-01 23:59:58", "-", "401 1 2148074254"),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    feed(&mut g, 0, "EX01", &lines);
    let r = g.finish();
    let at = crate::analyze::handshake::testlog::at("2025-04-01", "23:59:58").0;
    assert_eq!(left(&r), (1, at));
    let (t, _) = r.clients.clients().next().expect("client");
    assert_eq!((t.first, t.samples.len()), (at, 1));
}

#[test]
fn a_challenge_whose_failed_answer_went_to_another_server_was_not_left_unanswered() {
    let mut ex01: Vec<String> = Vec::new();
    for i in 0..5 {
        let t = format!("2025-04-01 10:30:{:02}", 10 + i * 6);
        ex01.push(line(&t, "-", "401 2 5"));
        ex01.push(line(&t, "-", "401 1 2148074254"));
    }
    // The load balancer sends the answer to EX02, which refuses it.
    ex01.push(line("2025-04-01 11:00:00", "-", "401 2 5"));
    ex01.push(line("2025-04-01 11:00:00", "-", "401 1 2148074254"));
    ex01.push(line("2025-04-01 12:00:00", "CONTOSO\\gina", "200 0 0"));
    let ex02 = [line("2025-04-01 11:00:01", "-", "401 1 2148074248")];
    let results = [("EX01", ex01), ("EX02", ex02.to_vec())]
        .iter()
        .enumerate()
        .map(|(s, (server, lines))| {
            let mut g = HandshakeGrouper::new(false);
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            feed(&mut g, s as u16, server, &lines);
            g.finish_unresolved()
        })
        .collect();
    let mut r = GroupResult::merge_all(results);
    r.resolve();
    assert!(r.handshakes.iter().any(|h| h.split.is_some()), "joined");
    let last_left = crate::analyze::handshake::testlog::at("2025-04-01", "10:30:34").0;
    let (t, _) = r.clients.clients().next().expect("client");
    assert_eq!(t.abandoned, 5);
    assert!(t.samples.iter().all(|s| s.ts <= last_left));
    // The span too: the answered one at 11:00:00 is not the last left unanswered.
    let first_left = crate::analyze::handshake::testlog::at("2025-04-01", "10:30:10").0;
    assert_eq!((t.first, t.last), (first_left, last_left));
    assert_eq!(t.samples.len(), 3);
}

#[test]
fn a_counted_challenge_the_next_file_answered_leaves_the_span() {
    // Day 1's log holds a line of another client stamped after midnight, so the cut
    // challenge at 23:59:55 lies before the file's last 5 s and is counted at once; the
    // rotation join takes it back, and the span with it.
    let other =
        "2025-04-02 00:00:01 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.9.9.9 Other - 401 2 5 1";
    let mut day1: Vec<String> = Vec::new();
    for i in 0..5 {
        let t = format!("2025-04-01 23:30:{:02}", 10 + i);
        day1.push(line(&t, "-", "401 2 5"));
        day1.push(line(&t, "-", "401 1 2148074254"));
    }
    day1.push(line("2025-04-01 23:59:55", "-", "401 2 5"));
    day1.push(line("2025-04-01 23:59:55", "-", "401 1 2148074254"));
    day1.push(other.to_string());
    let day2 = vec![line("2025-04-02 00:00:00", "CONTOSO\\bob", "200 0 0")];
    let r = joined(&[day1, day2], false);
    let last_left = crate::analyze::handshake::testlog::at("2025-04-01", "23:30:14").0;
    let (t, done) = r
        .clients
        .clients()
        .find(|(t, _)| t.client == "10.1.2.45")
        .expect("client");
    assert_eq!(
        (t.abandoned, done.count),
        (5, 1),
        "answered after the rotation"
    );
    assert_eq!(t.last, last_left);
}
