//! `report --redact` on small HCW logs of the shapes a tester found leaking: every format is
//! rendered and redacted as the CLI does it (text, Markdown and JSON whole, HTML piece by
//! piece), and no private value may survive whole or in part.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;

const HEAD: &str = "2024.11.05 14:21:58.262               Current Time Zone: UTC (2:21:58 PM)\n";

/// An HCW log of `lines` (each `*ERROR*` with its own event id), loaded.
fn hcw(lines: &[&str]) -> (tempfile::TempDir, Analysis) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = HEAD.to_string();
    for (i, l) in lines.iter().enumerate() {
        text.push_str(&format!(
            "2024.11.05 14:22:{:02}.100 *ERROR* {} [Client=UX, Thread=5] {l}\n",
            i + 1,
            10880 + i
        ));
    }
    let path = dir.path().join("20241105_142158.log");
    std::fs::write(&path, text).expect("write log");
    let mut a = load(&[path], &LoadOptions::default(), &NoProgress).expect("load");
    relative(&mut a, dir.path());
    (dir, a)
}

/// Sources named relative to `dir`: a temporary folder's path may hold a profile folder
/// (`C:\users\<name>\Temp` under Wine), whose name is rightly redacted as an account.
fn relative(a: &mut Analysis, dir: &std::path::Path) {
    for s in &mut a.sources {
        if let Ok(rel) = s.path.strip_prefix(dir) {
            s.path = rel.to_path_buf();
        }
    }
}

/// Every report format of `a`, redacted as `report --redact` does it.
fn reports(a: &Analysis) -> Vec<(&'static str, String)> {
    let whole = |t: String| hcwlens::redact::for_analysis(a).redact(&t);
    vec![
        ("text", whole(hcwlens::report::text::render(a))),
        ("markdown", whole(hcwlens::report::markdown::render(a))),
        (
            "json",
            hcwlens::redact::for_analysis(a).redact_json(&hcwlens::report::json::render(a)),
        ),
        ("html", hcwlens::report::html::render(a, true)),
    ]
}

/// Tester's red2: each private value stands just past the 100th character of the title.
#[test]
fn cut_titles_and_excerpts_leave_no_partial_value() {
    let pad = |n: usize| "x".repeat(n);
    let lines = [
        format!(
            "Connection attempt failed {} 10.20.30.40 was unreachable",
            pad(66)
        ),
        format!(
            "Connection attempt failed {} jdoe.private@northwindtraders.com rejected",
            pad(67)
        ),
        format!(
            r"Connection attempt failed {} NORTHWIND\jdoe.private denied",
            pad(61)
        ),
        format!(
            "Connection attempt failed {} 2001:db8:85a3::8a2e:370:7334 unreachable",
            pad(59)
        ),
    ];
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (_dir, a) = hcw(&refs);
    assert_eq!(a.findings.len(), 4, "one finding per event id");
    for (format, out) in reports(&a) {
        for part in ["10.20.3", "jdoe", "northwind", "2001:db8", "NORTHWIND"] {
            assert!(!out.contains(part), "{format}: {part:?} leaked:\n{out}");
        }
        // The cut account is the same account: one token, not a second one for its piece.
        assert!(
            !out.contains("user-3"),
            "{format}: a piece got its own token:\n{out}"
        );
    }
}

/// The demo with its HCW account renamed, as the tester did: `CONTOSO\migration` (and the same
/// for `hybrid`, `mrsproxy`), its profile folder too. hcwlens' own text and Microsoft's names must read as written.
#[test]
fn an_account_named_like_a_product_word_rewrites_no_generated_text() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    for name in ["migration", "hybrid", "mrsproxy"] {
        let dir = tempfile::tempdir().expect("temp dir");
        for rel in ["hcw/20241105_142155.log", "EX01/W3SVC1/u_ex241105.log"] {
            let text = std::fs::read_to_string(demo.join(rel)).expect("demo file");
            let path = dir.path().join(format!("red5_{name}")).join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            let renamed = text.replace("hcwadmin", name);
            std::fs::write(path, renamed).expect("write");
        }
        let root = dir.path().join(format!("red5_{name}"));
        let mut a = load(&[root], &LoadOptions::default(), &NoProgress).expect("load");
        relative(&mut a, dir.path());
        for (format, out) in reports(&a) {
            for kept in [
                "Test-MigrationServerAvailability",
                "Migration Endpoint could not be created",
                "test-migrationserveravailability",
                "Hybrid Agent",
                "ep-hybrid-agent",
                "/EWS/mrsproxy.svc",
                &format!("red5_{name}"),
            ] {
                assert!(out.contains(kept), "{name}, {format}: {kept:?} rewritten");
            }
            assert!(
                !out.contains("CONTOSO"),
                "{name}, {format}: the domain leaked"
            );
            assert!(
                !out.contains("user-") || !out.contains(&format!(r"\{name}")),
                "{name}, {format}: one account read as two"
            );
        }
    }
}
