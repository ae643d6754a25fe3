//! `ntlm-stuck-client` and a handshake cut by the midnight log rotation: its challenge, left
//! open at the end of day 1, was answered by the first request of day 2 (the report reads the
//! joined handshake as succeeded), so it is not one more challenge "left unanswered", and the
//! handshake it completed counts for its address with its user. The same whichever way the
//! logs are loaded (text report, JSON report, explorer, followed as day 2 begins).

use hcwlens::analyze::finding::Finding;
use hcwlens::pipeline::{Analysis, Follow, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::Path;

const HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n";
const FIELDS: &str = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n";

fn line(t: &str, user: &str, status: &str) -> String {
    format!(
        "{t} 10.0.0.11 POST /EWS/Exchange.asmx - 443 {user} 10.1.2.45 MacOutlook/16.89 - {status} 1\n"
    )
}

/// Day 1: 24 handshakes left at the challenge, a minute apart, then one the rotation cuts.
fn day1() -> String {
    let mut s = format!("{HEAD}#Date: 2025-04-01 23:00:00\n{FIELDS}");
    for m in 0..24 {
        let t = format!("2025-04-01 23:{:02}:10", 30 + m);
        s += &line(&t, "-", "401 2 5");
        s += &line(&t, "-", "401 1 2148074254");
    }
    s += &line("2025-04-01 23:59:59", "-", "401 2 5");
    s += &line("2025-04-01 23:59:59", "-", "401 1 2148074254");
    s
}

fn day2_head() -> String {
    format!("{HEAD}#Date: 2025-04-02 00:00:00\n{FIELDS}")
}

fn day2_lines() -> String {
    line("2025-04-02 00:00:00", "CONTOSO\\bob", "200 0 0")
        + &line("2025-04-02 00:20:00", "CONTOSO\\bob", "200 0 0")
}

fn write_logs(root: &Path, day2: &str) {
    let dir = root.join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("u_ex250401.log"), day1()).expect("write");
    std::fs::write(dir.join("u_ex250402.log"), day2).expect("write");
}

fn stuck(a: &Analysis) -> Vec<Finding> {
    a.findings
        .iter()
        .filter(|f| f.id.to_string() == "ntlm-stuck-client")
        .cloned()
        .collect()
}

#[test]
fn a_challenge_answered_after_the_rotation_is_not_left_unanswered() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_logs(tmp.path(), &(day2_head() + &day2_lines()));
    let root = [tmp.path().to_path_buf()];
    let mut seen = Vec::new();
    for opts in [
        LoadOptions::default(),
        LoadOptions {
            listed: Some(2),
            ..LoadOptions::default()
        },
        LoadOptions {
            index: true,
            ..LoadOptions::default()
        },
    ] {
        let a = load(&root, &opts, &NoProgress).expect("load");
        let found = stuck(&a);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert!(f.title.contains("left 24 NTLM handshakes"), "{}", f.title);
        assert!(
            f.explanation.contains(
                "left 24 challenges unanswered on /EWS/Exchange.asmx from \
                 2025-04-01 23:30:10 UTC to 2025-04-01 23:53:10 UTC; its address \
                 completed 1 handshake, the last as CONTOSO\\bob at 2025-04-02 00:00:00 UTC"
            ),
            "{}",
            f.explanation
        );
        seen.push(found);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:#?}");
}

#[test]
fn a_followed_log_settles_the_challenge_when_the_next_day_answers_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // The next day's log as IIS has begun it when the explorer opens: its header.
    write_logs(tmp.path(), &day2_head());
    let root = [tmp.path().to_path_buf()];
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let (mut a, mut f) = Follow::load(&root, &opts, &NoProgress).expect("load");
    let before = stuck(&a);
    assert!(before[0].title.contains("left 25 NTLM"), "{before:#?}");
    let path = tmp.path().join("EX01/W3SVC1/u_ex250402.log");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open");
    std::io::Write::write_all(&mut file, day2_lines().as_bytes()).expect("append");
    drop(file);
    a.apply(f.poll());
    let whole = load(&root, &opts, &NoProgress).expect("load");
    assert_eq!(stuck(&a), stuck(&whole));
}

#[test]
fn the_export_says_what_the_report_says() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_logs(tmp.path(), &(day2_head() + &day2_lines()));
    let root = [tmp.path().to_path_buf()];
    let report = load(&root, &LoadOptions::default(), &NoProgress).expect("load");
    let want = stuck(&report);
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(&root, &LoadOptions::default(), &mut out).expect("export");
    let text = String::from_utf8(out).expect("UTF-8");
    let exported: Vec<String> = text
        .lines()
        .filter(|l| l.contains("\"ntlm-stuck-client\""))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            v["rule"]["description"].as_str().unwrap_or("").to_string()
        })
        .collect();
    assert_eq!(exported, vec![want[0].explanation.clone()]);
    assert!(
        exported[0].contains("left 24 challenges"),
        "{}",
        exported[0]
    );
}

/// `line` logged by another server of the farm.
fn on(server_ip: &str, t: &str, user: &str, status: &str) -> String {
    line(t, user, status).replacen(" 10.0.0.11 ", &format!(" {server_ip} "), 1)
}

#[test]
fn the_span_of_the_challenges_left_leaves_out_those_answered_elsewhere() {
    // Two servers behind a load balancer without affinity, logs cut at midnight. The client's
    // first challenge of the day, on EX01 at 23:10:00, and one at 23:55:00 were answered: the
    // balancer sent the answer to EX02, which refused it (one handshake split over two
    // servers). The challenges left unanswered run from 23:30:10 to 23:53:10 (the one at
    // 23:59:59 was answered after the rotation), whatever was counted before the joins.
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut ex01 = day1();
    let head = format!("{HEAD}#Date: 2025-04-01 23:00:00\n{FIELDS}");
    let body = ex01.split_off(head.len());
    ex01 = head
        + &line("2025-04-01 23:10:00", "-", "401 2 5")
        + &line("2025-04-01 23:10:00", "-", "401 1 2148074254")
        + &body
        + &line("2025-04-01 23:55:00", "-", "401 2 5")
        + &line("2025-04-01 23:55:00", "-", "401 1 2148074254");
    let mut lines: Vec<&str> = ex01.lines().collect();
    // In time order (the 23:55 challenge before the cut one at 23:59:59).
    let n = lines.len();
    lines[n - 4..].rotate_left(2);
    let ex01 = lines.join("\n") + "\n";
    let ex02 = format!("{HEAD}#Date: 2025-04-01 23:00:00\n{FIELDS}")
        + &on("10.0.0.12", "2025-04-01 23:10:01", "-", "401 1 2148074248")
        + &on("10.0.0.12", "2025-04-01 23:55:01", "-", "401 1 2148074248");
    for (server, day1, day2) in [
        ("EX01", ex01, day2_head() + &day2_lines()),
        ("EX02", ex02, day2_head()),
    ] {
        let dir = tmp.path().join(server).join("W3SVC1");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("u_ex250401.log"), day1).expect("write");
        std::fs::write(dir.join("u_ex250402.log"), day2).expect("write");
    }
    let root = [tmp.path().to_path_buf()];
    // Followed too: loaded before EX02 logged its refusals, which then arrive in a poll.
    let ex02_day1 = tmp.path().join("EX02/W3SVC1/u_ex250401.log");
    let whole = std::fs::read_to_string(&ex02_day1).expect("read");
    std::fs::write(
        &ex02_day1,
        format!("{HEAD}#Date: 2025-04-01 23:00:00\n{FIELDS}"),
    )
    .expect("write");
    let explorer = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let (mut followed, mut f) = Follow::load(&root, &explorer, &NoProgress).expect("load");
    std::fs::write(&ex02_day1, whole).expect("write");
    followed.apply(f.poll());
    let mut loads = vec![followed];
    for opts in [
        LoadOptions::default(),
        LoadOptions {
            listed: Some(2),
            ..LoadOptions::default()
        },
        explorer,
    ] {
        loads.push(load(&root, &opts, &NoProgress).expect("load"));
    }
    for a in loads {
        let split = a.handshakes.iter().filter(|h| h.split.is_some()).count();
        assert_eq!(split, 2, "both answers joined to their challenge");
        let found = stuck(&a);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert!(
            f.explanation.contains(
                "left 24 challenges unanswered on /EWS/Exchange.asmx from \
                 2025-04-01 23:30:10 UTC to 2025-04-01 23:53:10 UTC"
            ),
            "{}",
            f.explanation
        );
    }
}
