//! `report --format html`: one self-contained page (no fetched scripts, styles or fonts), the
//! SVG timeline and the failed handshakes inside, log text escaped, `--redact` applied.

use std::path::PathBuf;
use std::process::Command;

fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn html(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .arg("report")
        .args(args)
        .args(["--format", "html"])
        .output()
        .expect("run hcwlens");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 page")
}

/// Tags and attributes that would make the page fetch something.
fn external_references(page: &str) -> Vec<&'static str> {
    let lower = page.to_ascii_lowercase();
    [
        "<script",
        "<link",
        "<iframe",
        "<img",
        "<object",
        "<embed",
        "@import",
        "url(",
        " src=",
        "@font-face",
    ]
    .into_iter()
    .filter(|p| lower.contains(p))
    .collect()
}

#[test]
fn demo_page_is_one_self_contained_file() {
    let page = html(&[repo("assets/demo").to_str().expect("path")]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(page.matches("<html").count(), 1);
    assert!(page.trim_end().ends_with("</html>"));
    assert_eq!(external_references(&page), Vec::<&str>::new());
    assert!(page.contains("<style>"), "the style is inline");
    // The timeline chart, with request bars, failure bars and a failed HCW call.
    assert!(page.contains("<svg class=\"timeline\""));
    assert!(page.contains("class=\"req\""));
    assert!(page.contains("class=\"fail\""));
    assert!(page.contains("class=\"callfail\""));
    assert!(page.contains("class=\"run\""), "the HCW run is marked");
    // The overview and the failed handshakes with decoded legs.
    let overview = &page[page.find("id=\"overview\"").expect("overview")..];
    assert!(overview.contains("<td>/EWS/mrsproxy.svc</td><td class=\"bad\">failed</td><td>SEC_E_BAD_BINDINGS</td><td class=\"n\">6</td>"));
    let hs = &page[page.find("id=\"handshakes\"").expect("handshakes")..];
    assert_eq!(
        hs.matches("POST /EWS/mrsproxy.svc <span class=\"bad\">failed SEC_E_BAD_BINDINGS")
            .count(),
        6
    );
    assert!(hs.contains("<code>401 1 2148074310</code>"));
    // Each leg decoded, its meaning first as in the text report and the explorer: the final
    // one is the channel-binding rejection, the challenge a normal step (IIS's own words,
    // "Logon failed" for every 401.1, come last).
    assert!(hs.contains(
        "<td>401.1 SEC_E_BAD_BINDINGS: client channel bindings incorrect (Extended Protection) · 0x80090346 · Logon failed</td>"
    ));
    assert!(hs.contains(
        "<td>401.1 NTLM challenge sent (normal leg 1) · 0x8009030E SEC_E_NO_CREDENTIALS · Logon failed</td>"
    ));
    assert!(page.contains("ep-hybrid-agent"));
    // The sources' clocks as the text report words them, not as the code names where they
    // came from ("UTC (Utc)", "UTC+01:00 (Header)").
    assert!(page.contains("<td>UTC+01:00</td>"), "{page}");
    assert!(
        !page.contains("(Utc)") && !page.contains("(Header)"),
        "{page}"
    );
}

#[test]
fn an_iis_instant_is_said_to_the_second_it_was_logged_to() {
    // IIS writes `time` to the second: a leg's row, a handshake's head and a finding's time
    // say `13:23:46 UTC`, not `13:23:46.000`; the failed HCW call keeps its milliseconds.
    let page = html(&[repo("assets/demo").to_str().expect("path")]);
    let hs = &page[page.find("id=\"handshakes\"").expect("handshakes")..];
    assert!(hs.contains("<h4>2024-11-05 13:23:46 UTC "), "{hs}");
    assert!(
        hs.contains("</td><td>2024-11-05 13:23:46 UTC</td><td><code>401 2 5"),
        "{hs}"
    );
    assert!(
        !page.contains(".000Z") && !page.contains(".000 UTC"),
        "{page}"
    );
    assert!(page.contains("2024-11-05 13:23:44.783 UTC"), "{page}");
}

#[test]
fn log_text_is_escaped() {
    let page = html(&[repo("tests/fixtures/html-hostile").to_str().expect("path")]);
    assert!(
        !page.contains("<script>alert(1)</script>"),
        "markup from a log line must not reach the page"
    );
    assert!(page.contains("/EWS/&lt;script&gt;alert(1)&lt;/script&gt;.svc"));
    assert!(!page.contains("<b>&amp;"));
    assert!(!page.contains("mallory\"onload"));
    assert_eq!(external_references(&page), Vec::<&str>::new());
}

#[test]
fn redact_hides_users_and_addresses() {
    let demo = repo("assets/demo");
    let plain = html(&[demo.to_str().expect("path")]);
    assert!(plain.contains("10.0.5.20") && plain.contains("hcwadmin"));
    let page = html(&[demo.to_str().expect("path"), "--redact"]);
    assert!(!page.contains("10.0.5.20"), "client address left in");
    assert!(!page.contains("hcwadmin"), "user left in");
    assert!(!page.contains("anna.becker"), "user left in");
    // The diagnosis survives redaction.
    assert!(page.contains("SEC_E_BAD_BINDINGS"));
    assert!(page.contains("<svg class=\"timeline\""));
}
