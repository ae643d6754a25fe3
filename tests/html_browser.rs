//! The HTML report in a real headless browser (Debian's `chromium`): it renders to a screenshot
//! that is far from blank. Skipped, saying why, when no `chromium` is installed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn screenshot(browser: &str, page: &Path, png: &Path) {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Width, height and the total size of the compressed image data of a PNG.
fn png_facts(bytes: &[u8]) -> (u32, u32, usize) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let (mut w, mut h, mut idat) = (0, 0, 0);
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = &bytes[at + 8..(at + 8 + len).min(bytes.len())];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(data[..4].try_into().expect("4 bytes"));
                h = u32::from_be_bytes(data[4..8].try_into().expect("4 bytes"));
            }
            b"IDAT" => idat += len,
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    (w, h, idat)
}

#[test]
fn the_demo_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no `chromium` on PATH (apt-get install -y chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let out = Command::new(env!("CARGO_BIN_EXE_hcwlens"))
        .arg("report")
        .arg(&demo)
        .args(["--format", "html"])
        .output()
        .expect("run hcwlens");
    assert!(out.status.success());
    let page = dir.path().join("report.html");
    std::fs::write(&page, &out.stdout).expect("write page");
    let blank = dir.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").expect("write blank");

    let (shot, empty) = (dir.path().join("report.png"), dir.path().join("blank.png"));
    screenshot(browser, &page, &shot);
    screenshot(browser, &blank, &empty);
    let (w, h, data) = png_facts(&std::fs::read(&shot).expect("read png"));
    let (_, _, blank_data) = png_facts(&std::fs::read(&empty).expect("read png"));
    assert_eq!((w, h), (1200, 1600));
    // A white page compresses to a few KB; text, tables and the chart to far more.
    assert!(
        data > 50_000 && data > 10 * blank_data,
        "screenshot looks blank: {data} bytes of image data (blank page: {blank_data})"
    );
}
