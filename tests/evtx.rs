//! The Windows Security event logs in `../shared/corpus/evtx` (skipped with a note when absent):
//! every file reads without a failed record, and the kept events carry the counts and fields
//! documented in `SOURCES-evtx-exchange.md`.

use crate::corpus;

use hcwlens::parse::evtx::{EvtxRead, SecurityEvent, SecurityEventKind, read_evtx};
use std::path::PathBuf;

fn corpus_file(rel: &str) -> Option<PathBuf> {
    corpus::corpus(&format!("evtx/{rel}"))
}

fn read(rel: &str, records: u64) -> Option<EvtxRead> {
    let bytes = std::fs::read(corpus_file(rel)?).expect("readable");
    assert!(bytes.starts_with(b"ElfFile\0"));
    let r = read_evtx(bytes);
    assert_eq!(r.stats.unparsed, 0, "{rel}: {:?}", r.stats.diagnostics);
    assert_eq!(r.stats.lines, records, "{rel}: records");
    assert_eq!(
        r.counts.values().sum::<u64>(),
        records,
        "{rel}: every record counted"
    );
    let kept = r.events.len() as u64;
    let by_id = |id| r.counts.get(&id).copied().unwrap_or(0);
    assert_eq!(
        kept,
        by_id(4624) + by_id(4625) + by_id(4776),
        "{rel}: kept = 4624+4625+4776"
    );
    assert!(
        r.events.windows(2).all(|w| w[0].time <= w[1].time),
        "{rel}: time order"
    );
    Some(r)
}

fn count(r: &EvtxRead, f: impl Fn(&SecurityEvent) -> bool) -> usize {
    r.events.iter().filter(|e| f(e)).count()
}

fn ids(r: &EvtxRead) -> [u64; 3] {
    [4624, 4625, 4776].map(|id| r.counts.get(&id).copied().unwrap_or(0))
}

fn kind(k: SecurityEventKind) -> impl Fn(&SecurityEvent) -> bool {
    move |e| e.kind == k
}

fn codes(e: &SecurityEvent) -> (Option<u32>, Option<u32>) {
    (e.status, e.sub_status)
}

fn pkg(e: &SecurityEvent) -> Option<&str> {
    e.auth_package.as_deref()
}

const FAIL: SecurityEventKind = SecurityEventKind::LogonFailure;
const OK: SecurityEventKind = SecurityEventKind::LogonSuccess;
const CRED: SecurityEventKind = SecurityEventKind::CredentialValidation;

#[test]
fn security_short_selected_smoke() {
    let Some(r) = read("omerbenamram-evtx/Security_short_selected.evtx", 7) else {
        return;
    };
    assert_eq!(ids(&r), [0, 1, 1]);
    assert_eq!(r.counts.get(&5152), Some(&2));
    let f = r.events.iter().find(|e| e.kind == FAIL).expect("4625");
    assert_eq!(pkg(f), Some("Negotiate"));
    assert_eq!(codes(f), (Some(0xC000_006D), Some(0xC000_006A)));
    assert_eq!(f.logon_type, Some(10));
    assert_eq!(f.ip.as_deref(), Some("23.94.153.202"));
    assert_eq!(f.time.rfc3339().get(..10), Some("2016-06-29"));
    let c = r.events.iter().find(|e| e.kind == CRED).expect("4776");
    assert_eq!(c.status, Some(0xC000_006A));
    assert!(c.is_failure());
}

#[test]
fn security_with_size_t_logons_failures_and_validations() {
    let Some(r) = read("omerbenamram-evtx/Security_with_size_t.evtx", 636) else {
        return;
    };
    assert_eq!(ids(&r), [126, 15, 21]);
    assert_eq!(r.counts.get(&4648), Some(&92));
    assert_eq!(r.counts.get(&4672), Some(&109));
    let ok = |p: Option<&str>| count(&r, |e| e.kind == OK && pkg(e) == p);
    assert_eq!(
        (ok(Some("Negotiate")), ok(Some("NTLM")), ok(None)),
        (109, 9, 8)
    );
    assert_eq!(count(&r, |e| e.kind == OK && e.is_ntlm_v1()), 9);
    assert_eq!(count(&r, |e| e.kind == CRED && e.status == Some(0)), 21);
    let student = |e: &SecurityEvent| {
        e.kind == FAIL
            && pkg(e) == Some("NTLM")
            && codes(e) == (Some(0xC000_006D), Some(0xC000_0064))
            && e.ip.as_deref() == Some("10.20.0.118")
            && e.workstation.as_deref() == Some("IT104-3")
            && e.user.as_deref() == Some("Student")
    };
    assert_eq!(count(&r, student), 4);
    let f = |p: &str, s: u32, sub: u32| {
        count(&r, |e| {
            e.kind == FAIL && pkg(e) == Some(p) && codes(e) == (Some(s), Some(sub))
        })
    };
    assert_eq!(f("NTLM", 0xC000_006D, 0), 2);
    assert_eq!(f("Negotiate", 0xC000_006E, 0xC000_0072), 4);
    assert_eq!(f("Negotiate", 0xC000_0224, 0), 2);
    assert_eq!(f("Negotiate", 0xC000_006D, 0xC000_006A), 2);
    assert_eq!(
        f(
            "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0",
            0xC000_006D,
            0xC000_006A
        ),
        1
    );
}

#[test]
fn security_evtx_volume_and_ntlm_v1_logons() {
    let Some(r) = read("omerbenamram-evtx/security.evtx", 2261) else {
        return;
    };
    assert_eq!(ids(&r), [583, 0, 0]);
    assert_eq!(r.counts.get(&4907), Some(&620));
    assert_eq!(r.counts.get(&4672), Some(&459));
    assert_eq!(r.counts.get(&4648), Some(&45));
    let ok = |p: Option<&str>| count(&r, |e| e.kind == OK && pkg(e) == p);
    assert_eq!(
        (ok(Some("Negotiate")), ok(Some("NTLM")), ok(None)),
        (504, 39, 40)
    );
    assert_eq!(count(&r, |e| pkg(e) == Some("NTLM") && e.is_ntlm_v1()), 39);
}

#[test]
fn velocidex_security_failures_from_loopback() {
    let Some(r) = read("velocidex-evtx/Security.evtx", 739) else {
        return;
    };
    assert_eq!(ids(&r), [197, 15, 23]);
    assert_eq!(r.counts.get(&4627), Some(&194));
    assert_eq!(
        count(&r, |e| e.kind == OK && pkg(e) == Some("Negotiate")),
        195
    );
    assert_eq!(
        count(&r, |e| e.kind == OK
            && pkg(e) == Some("NTLM")
            && e.is_ntlm_v1()),
        1
    );
    let bad = |e: &SecurityEvent| {
        pkg(e) == Some("Negotiate")
            && codes(e) == (Some(0xC000_006D), Some(0xC000_006A))
            && e.logon_type == Some(2)
            && e.ip.as_deref() == Some("::1")
    };
    assert_eq!(count(&r, |e| e.kind == FAIL && bad(e)), 15);
    assert_eq!(
        count(&r, |e| e.kind == CRED && e.status == Some(0xC000_006A)),
        15
    );
    assert_eq!(count(&r, |e| e.kind == CRED && e.status == Some(0)), 8);
    assert!(
        r.events
            .iter()
            .all(|e| e.computer.as_deref() == Some("TestComputer"))
    );
}

#[test]
fn openssh_bruteforce_with_nonexistent_users() {
    let rel =
        "mdecrevoisier-EVTX-to-MITRE-Attack/4625_4776_openssh_bruteforce_nonexistent_users.evtx";
    let Some(r) = read(rel, 20) else {
        return;
    };
    assert_eq!(ids(&r)[1..], [5, 5]);
    let nouser = |e: &SecurityEvent| {
        pkg(e) == Some("Negotiate")
            && codes(e) == (Some(0xC000_006D), Some(0xC000_0064))
            && e.logon_type == Some(8)
            && e.user.as_deref() == Some("NOUSER")
    };
    assert_eq!(count(&r, |e| e.kind == FAIL && nouser(e)), 5);
    assert_eq!(
        count(&r, |e| e.kind == CRED && e.status == Some(0xC000_0064)),
        5
    );
    assert!(
        count(&r, kind(CRED)) == 5
            && r.events
                .iter()
                .all(|e| e.time.rfc3339().starts_with("2021-05-20"))
    );
}

#[test]
fn account_restore_local_bruteforce() {
    let rel = "mdecrevoisier-EVTX-to-MITRE-Attack/4625_accountrestore_local_bruteforce.evtx";
    let Some(r) = read(rel, 16) else {
        return;
    };
    assert_eq!(ids(&r), [0, 16, 0]);
    let admin = |e: &SecurityEvent| {
        matches!(e.user.as_deref(), Some("Admin" | "Administrator"))
            && pkg(e) == Some("Negotiate")
            && codes(e) == (Some(0xC000_006D), Some(0xC000_006A))
            && e.logon_type == Some(2)
    };
    assert_eq!(count(&r, admin), 16);
}

#[test]
fn donpapi_ntlm_v2_network_logons() {
    let rel = "mdecrevoisier-EVTX-to-MITRE-Attack/4624_ntlmv2_anonymous_login_donpapi.evtx";
    let Some(r) = read(rel, 15) else {
        return;
    };
    assert_eq!(ids(&r), [15, 0, 0]);
    let net = |e: &SecurityEvent| {
        pkg(e) == Some("NTLM") && e.logon_type == Some(3) && e.ip.is_some() && e.port.is_some()
    };
    assert_eq!(count(&r, net), 15);
    assert_eq!(
        count(&r, |e| e.lm_package.as_deref() == Some("NTLM V2")),
        14
    );
    assert_eq!(count(&r, SecurityEvent::is_ntlm_v1), 1);
}

/// A folder holding an `.evtx` (found by content, whatever its name) loads into the report:
/// the per-file counts and every failure with its decoded reason, in text and JSON.
#[test]
fn pipeline_loads_evtx_into_the_report() {
    use hcwlens::pipeline::{LoadOptions, load};
    use hcwlens::progress::NoProgress;
    let Some(path) = corpus_file("omerbenamram-evtx/Security_short_selected.evtx") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("exported-security-log.bin");
    std::fs::copy(&path, &copy).expect("copy");
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
    assert_eq!(a.security.sources.len(), 1);
    assert_eq!(a.security.events.len(), 2);
    let text = hcwlens::report::text::render(&a);
    assert!(text.contains("Security events"), "{text}");
    assert!(
        text.contains("7 records (4624: 0, 4625: 1, 4776: 1), 0 unreadable"),
        "{text}"
    );
    assert!(
        text.contains("Security 4625: bad password (0xC000006A), Negotiate")
            && text.contains("logon type 10, from 23.94.153.202"),
        "{text}"
    );
    assert!(
        text.contains("Security 4776: bad password (0xC000006A)"),
        "{text}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let s = &v["security_events"];
    assert_eq!(s["counts"]["4625"], 1);
    assert_eq!(s["counts"]["5152"], 2);
    assert_eq!(s["files"][0]["records"], 7);
    let failures = s["failures"].as_array().expect("failures");
    let f = failures.iter().find(|f| f["id"] == 4625).expect("the 4625");
    assert_eq!(f["status_hex"], "0xC000006D");
    assert_eq!(f["sub_status_hex"], "0xC000006A");
    assert_eq!(f["ip"], "23.94.153.202");
    assert_eq!(f["logon_type"], 10);
    assert_eq!(failures.len(), 2);
    assert!(
        failures
            .iter()
            .any(|f| f["id"] == 4776 && f["status_hex"] == "0xC000006A")
    );
}

#[test]
fn evtx_is_detected_from_its_magic_not_its_name() {
    use hcwlens::read::{Detected, sniff};
    let mut head = b"ElfFile\0".to_vec();
    head.extend_from_slice(&[0u8; 120]);
    assert_eq!(sniff(&head, false).kind, Detected::Evtx);
    assert_ne!(sniff(b"ElfFile is a word\n", true).kind, Detected::Evtx);
}

/// A fixture IIS log whose failed NTLM handshake carries the user, client address and time of
/// a corpus 4625, loaded with that `.evtx`: the report names the decoded reason under the
/// handshake, and the JSON failure names the handshake it explains. A handshake from another
/// client at the same moment stays unlinked.
#[test]
fn a_failed_handshake_links_to_the_corpus_4625() {
    use hcwlens::pipeline::{LoadOptions, load};
    use hcwlens::progress::NoProgress;
    let Some(path) = corpus_file("omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let read = read_evtx(std::fs::read(&path).expect("read"));
    let e = read
        .events
        .iter()
        .find(|e| e.kind == FAIL && e.ip.as_deref() == Some("10.20.0.118"))
        .expect("the NTLM 4625 from 10.20.0.118");
    let stamp = e.time.rfc3339();
    let (day, time) = (&stamp[..10], &stamp[11..19]);
    let user = e.account().expect("account");
    let mut log = String::from(
        "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n\
         #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
         cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n",
    );
    for (client, name) in [("10.20.0.118", user.as_str()), ("10.20.0.99", "-")] {
        for (who, status, sub, win32) in [
            ("-", 401, 2, 5u32),
            ("-", 401, 1, 2148074254),
            (name, 401, 1, 2148074252),
        ] {
            log.push_str(&format!(
                "{day} {time} 10.0.0.5 POST /EWS/Exchange.asmx - 443 {who} {client} Agent - {status} {sub} {win32} 3\n"
            ));
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("u_ex150823.log"), log).expect("write iis");
    std::fs::copy(&path, dir.path().join("Security.evtx")).expect("copy evtx");
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    assert_eq!(a.security.links.len(), 1, "{:?}", a.security.links);
    let linked = &a.handshakes[a.security.links[0].handshake];
    assert_eq!(linked.client, "10.20.0.118");
    let text = hcwlens::report::text::render(&a);
    let reason = "Security 4625: no such user (0xC0000064), NTLM";
    assert!(text.contains(reason), "{text}");
    assert!(
        text.contains("from 10.20.0.118 - explains the failed handshake POST /EWS/Exchange.asmx"),
        "{text}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let failures = v["security_events"]["failures"]
        .as_array()
        .expect("failures");
    let explained: Vec<_> = failures
        .iter()
        .filter(|f| !f["handshake"].is_null())
        .collect();
    assert_eq!(explained.len(), 1);
    assert_eq!(explained[0]["handshake"]["client"], "10.20.0.118");
    assert!(
        explained[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains(reason))
    );
}

/// Damaged copies of a corpus file (cut short, bytes overwritten) read without a panic; what
/// cannot be read is counted.
#[test]
fn damaged_evtx_never_panics() {
    let Some(path) = corpus_file("omerbenamram-evtx/Security_short_selected.evtx") else {
        return;
    };
    let bytes = std::fs::read(path).expect("read");
    for cut in [8, 100, 4096, 4200, 10_000, bytes.len() - 1] {
        let r = read_evtx(bytes[..cut].to_vec());
        assert!(r.events.len() <= 2, "cut {cut}");
    }
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..40 {
        let mut copy = bytes.clone();
        for _ in 0..(1 + round * 4) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % copy.len() as u64) as usize;
            copy[at] = (state >> 32) as u8;
        }
        let r = read_evtx(copy);
        assert!(r.stats.lines >= r.events.len() as u64);
    }
}

/// Every NTLM V1 logon in the corpus is an anonymous one (Windows logs `ANONYMOUS LOGON` network
/// logons as NTLM V1 although no password is sent), so none of them is an `ntlm-v1-logon`
/// warning; the Security source still counts them.
#[test]
fn anonymous_ntlm_v1_logons_in_the_corpus_are_no_warning() {
    use hcwlens::pipeline::{LoadOptions, load};
    use hcwlens::progress::NoProgress;
    let Some(path) = corpus_file("omerbenamram-evtx/security.evtx") else {
        return;
    };
    let a = load(&[path], &LoadOptions::default(), &NoProgress).expect("load");
    assert_eq!(a.security.ntlm_v1_logons(), 39);
    assert!(
        a.security
            .events
            .iter()
            .filter(|e| e.is_ntlm_v1())
            .all(|e| e.user.as_deref() == Some("ANONYMOUS LOGON"))
    );
    assert!(
        !a.findings.iter().any(|f| f.id.name() == "ntlm-v1-logon"),
        "{:?}",
        a.findings
    );
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("39 successful logons used NTLM V1 (all anonymous: no password sent)"),
        "{text}"
    );
    assert_eq!(a.sources.len(), 1);
    assert_eq!(a.sources[0].kind, hcwlens::source::SourceKind::Evtx);
    assert_eq!(a.sources[0].server, "WIN-03DLIIOFRRA");
}

/// `decode` knows the NTSTATUS values a 4625 carries, as the event writes them.
#[test]
fn decode_knows_the_4625_statuses() {
    let run = |arg: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hcwlens"))
            .args(["decode", arg])
            .output()
            .expect("run hcwlens");
        assert_eq!(out.status.code(), Some(0), "{arg}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for (arg, name, words) in [
        (
            "0xC000006A",
            "STATUS_WRONG_PASSWORD",
            "the password is wrong",
        ),
        ("0xc0000234", "STATUS_ACCOUNT_LOCKED_OUT", "locked out"),
        ("0xC0000064", "STATUS_NO_SUCH_USER", "does not exist"),
        (
            "3221225578",
            "STATUS_WRONG_PASSWORD",
            "the password is wrong",
        ),
    ] {
        let s = run(arg);
        assert!(s.contains(name) && s.contains(words), "{arg}: {s}");
    }
}

#[test]
fn a_file_cut_short_says_so_and_a_whole_one_does_not() {
    let Some(path) = corpus_file("omerbenamram-evtx/security.evtx") else {
        return;
    };
    let bytes = std::fs::read(path).expect("readable");
    let whole = read_evtx(bytes.clone());
    assert!(whole.stats.diagnostics.is_empty(), "{:?}", whole.stats);
    // A copy cut off two thirds in, inside a chunk: its later records are gone, and said.
    let cut = read_evtx(bytes[..bytes.len() * 2 / 3].to_vec());
    assert!(cut.stats.lines < whole.stats.lines);
    let said: Vec<&str> = cut
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.as_str())
        .collect();
    assert!(
        said.iter()
            .any(|r| r.starts_with("cut short: the file ends inside chunk 22 of the 26")),
        "{said:?}"
    );
    // Cut on a chunk's end, short of the chunks the header counts.
    let at_chunk = read_evtx(bytes[..4096 + 3 * 65_536].to_vec());
    let said = &at_chunk.stats.diagnostics;
    assert!(
        said.iter().any(|d| d
            .reason
            .starts_with("cut short: the file ends after chunk 3 of the 26")),
        "{said:?}"
    );
}
