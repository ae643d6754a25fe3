//! The status bar at 80 columns (the usual RDP console): what stays when the line is narrow,
//! and a copy that went to a file showing its whole path. TestBackend + insta.

use crate::scenario;

use hcwlens::tui::clipboard::{CopyPath, CopyReport};
use hcwlens::tui::model::Model;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::view::view;
use hcwlens::tui::worker::WorkerMsg;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scenario::*;

/// The screen's rows as text.
fn screen(m: &Model) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The last `n` rows (status and hints, plus any message box above them).
fn bottom(m: &Model, n: usize) -> String {
    let rows = screen(m);
    rows[rows.len() - n..].join("\n")
}

fn copied_to_file(m: &mut Model, path: &str) {
    let result = Ok(CopyReport {
        path: CopyPath::File(path.into()),
        bytes: 1234,
    });
    let what = "handshake".to_string();
    send(m, Msg::Worker(WorkerMsg::Copied { what, result }));
}

#[test]
fn at_80_columns_the_verdict_and_zone_stay_and_the_title_goes() {
    let m = model(80, 24);
    let status = &screen(&m)[22];
    for kept in ["UTC", "1 failed handshake", "2 findings"] {
        assert!(status.contains(kept), "{status}");
    }
    assert!(
        !status.contains("hcwlens"),
        "the title goes first: {status}"
    );
    insta::assert_snapshot!("status_first_80", bottom(&m, 2));
    let wide = model(160, 40);
    assert!(
        screen(&wide)[38].contains("hcwlens demo"),
        "room for the title"
    );
}

#[test]
fn at_80_columns_filters_search_and_offsets_crowd_out_the_extras() {
    let mut m = model(80, 24);
    press(&mut m, &["]", "c", "i", "/"]);
    type_text(&mut m, "2148074");
    press(&mut m, &["<Enter>", "+", "s", "t", "t"]);
    let status = screen(&m)[22].clone();
    for kept in ["IIS 3", "1 failed", "2 findings", "sync off"] {
        assert!(status.contains(kept), "{status}");
    }
    assert!(!status.contains("events"), "{status}");
    insta::assert_snapshot!("status_busy_80", bottom(&m, 2));
}

#[test]
fn a_copy_written_to_a_file_shows_the_whole_path_at_80_columns() {
    let mut m = model(80, 24);
    let path = "/home/administrator/.cache/hcwlens/copies/copy-4242-1.md";
    copied_to_file(&mut m, path);
    let rows = screen(&m);
    assert!(
        rows.iter().any(|r| r.contains(path)),
        "the path is on one row:\n{}",
        rows.join("\n")
    );
    assert!(rows[22].contains("1 failed handshake"), "{}", rows[22]);
    insta::assert_snapshot!("status_copy_file_80", bottom(&m, 5));
    press(&mut m, &["j"]);
    assert!(
        !screen(&m).iter().any(|r| r.contains("Message")),
        "the box goes with the message"
    );
}

#[test]
fn a_path_longer_than_the_screen_wraps_whole_in_the_box() {
    let mut m = model(80, 24);
    let dir = "C:\\Users\\Administrator.CONTOSO\\AppData\\Local\\hcwlens\\hcwlens\\cache";
    let path = format!("{dir}\\copies\\copy-4242-1.md");
    copied_to_file(&mut m, &path);
    let rows = screen(&m);
    let boxed: String = rows
        .iter()
        .filter(|r| r.starts_with('│'))
        .map(|r| r.trim_matches(|c| c == '│' || c == ' '))
        .collect();
    assert!(
        boxed.contains(&path),
        "every character of the path:\n{}",
        rows.join("\n")
    );
}

#[test]
fn a_short_message_shares_the_line() {
    let mut m = model(80, 24);
    press(&mut m, &["]"]);
    let rows = screen(&m);
    assert!(
        !rows.iter().any(|r| r.contains("Message")),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn esc_or_q_on_the_message_box_closes_the_box_and_nothing_else() {
    for close in ["<Esc>", "q"] {
        let mut m = model(80, 24);
        press(&mut m, &["]", "m"]);
        copied_to_file(
            &mut m,
            "/home/administrator/.cache/hcwlens/copies/copy-4242-1.md",
        );
        assert!(screen(&m).iter().any(|r| r.contains("Message")));
        assert_eq!(press(&mut m, &[close]), None, "{close} must not quit");
        assert!(
            !screen(&m).iter().any(|r| r.contains("Message")),
            "{close} closes the box"
        );
        assert_eq!(m.marks.len(), 1, "the mark is kept");
        // Past the box, the key does what it always does: q quits, Esc says that q quits.
        assert_eq!(
            press(&mut m, &[close]).is_some(),
            close == "q",
            "{close} then"
        );
    }
}
