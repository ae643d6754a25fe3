//! W3C edge cases on real line shapes (`tests/fixtures/w3c-edges`): IPv4-mapped client
//! addresses, `#Fields` lists without `cs-username`, stray bytes that are not UTF-8 in a UTF-8
//! log. Checked in the JSON report, as `tests/iis_probe.rs` does.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::path::PathBuf;

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/w3c-edges")
        .join(name)
}

fn analyse(name: &str) -> Analysis {
    load(&[dir(name)], &LoadOptions::default(), &NoProgress).expect("load")
}

fn json(name: &str) -> Value {
    let text = hcwlens::report::json::render(&analyse(name));
    serde_json::from_str(&text).expect("valid JSON")
}

fn handshakes(r: &Value) -> &Vec<Value> {
    r["handshakes"].as_array().expect("handshakes")
}

/// Line numbers of a handshake's legs.
fn lines(h: &Value) -> Vec<u64> {
    h["legs"]
        .as_array()
        .expect("legs")
        .iter()
        .map(|l| l["line"].as_u64().unwrap_or(0))
        .collect()
}

#[test]
fn an_ipv4_mapped_client_is_the_ipv4_client() {
    // A dual-stack site logs the client `::ffff:203.0.113.7` on some legs, `203.0.113.7` on
    // others; an address that completed handshakes for alice one way and bob the other
    // carries two users.
    let r = json("mapped");
    let shown: Vec<_> = handshakes(&r)
        .iter()
        .map(|h| {
            (
                h["client"].as_str(),
                lines(h),
                h["failure_name"].as_str(),
                h["shared_users"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                Some("203.0.113.7"),
                vec![5, 6, 7],
                Some("SEC_E_BAD_BINDINGS"),
                Some(0)
            ),
            (
                Some("10.1.2.3"),
                vec![14, 15, 16],
                Some("SEC_E_LOGON_DENIED"),
                Some(2)
            ),
            // Real IPv6, and a value that only starts like a mapped address: as logged.
            (
                Some("2001:db8::7"),
                vec![17, 18, 19],
                Some("SEC_E_BAD_BINDINGS"),
                Some(0)
            ),
            (
                Some("::ffff:203.0.113"),
                vec![20, 21, 22],
                Some("SEC_E_BAD_BINDINGS"),
                Some(0)
            ),
        ],
        "{shown:#?}"
    );
    assert_eq!(
        handshakes(&r)[1]["grouping"],
        "grouping guessed: 10.1.2.3 carries 2 users"
    );
    // The evidence keeps the line as IIS wrote it.
    let text = hcwlens::report::text::render(&analyse("mapped"));
    assert!(
        text.contains("u_ex241105.log:5 2024-11-05 10:00:03 10.0.0.11 POST /EWS/mrsproxy.svc - 443 - ::ffff:203.0.113.7 "),
        "{text}"
    );
    let a = analyse("mapped");
    let mut mrs: Vec<&str> = a.mrs.iter().map(|m| m.client.as_str()).collect();
    mrs.sort_unstable();
    mrs.dedup();
    assert_eq!(mrs, ["2001:db8::7", "203.0.113.7", "::ffff:203.0.113"]);
}

#[test]
fn an_ipv4_mapped_forwarded_client_is_the_ipv4_client() {
    let r = json("mapped-xff");
    let shown: Vec<_> = handshakes(&r)
        .iter()
        .map(|h| (h["client"].as_str(), h["via"].as_str(), lines(h)))
        .collect();
    let via = Some("10.20.0.5");
    assert_eq!(
        shown,
        vec![
            (Some("198.51.100.9"), via, vec![5, 6, 7]),
            (Some("198.51.100.10"), via, vec![8, 9, 10]),
        ]
    );
    for h in handshakes(&r) {
        assert_eq!(h["grouping"], "grouping sure: legs tied by X-Forwarded-For");
    }
}
