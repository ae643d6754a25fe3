//! A line longer than what is read back (256 KiB) says so in the line popup instead of ending
//! silently where the read stopped.

use crate::scenario;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::model::{Model, Settings};
use scenario::press;

#[test]
fn the_line_popup_says_a_long_line_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex241105.log");
    let agent = "A".repeat(300 * 1024);
    let text = format!(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n\
         2024-11-05 13:00:00 10.0.0.5 GET /owa/ - 443 - 10.0.0.9 {agent} - 200 0 0 1\r\n\
         2024-11-05 13:00:01 10.0.0.5 GET /owa/ - 443 - 10.0.0.9 short - 200 0 0 1\r\n"
    );
    std::fs::write(&path, text).unwrap();
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let a = load(&[path], &opts, &NoProgress).expect("load");
    let mut m = Model::ready(a, Settings::new("test"), (120, 40));
    let popup = |m: &mut Model, keys: &[&str], row: RowRef| -> String {
        press(m, keys);
        // The app asks for the lines the screen shows once drawn; here, at once.
        if let Some(effect) = hcwlens::tui::update::lines::request(m) {
            scenario::run_effects(m, vec![effect]);
        }
        hcwlens::tui::view::entry::lines(m, row, 116)
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let long = popup(&mut m, &["g", "<Enter>"], RowRef::Iis(0, 0));
    assert!(
        long.contains("the line goes on"),
        "{}",
        &long[long.len() - 200..]
    );
    let short = popup(&mut m, &["<Esc>", "j", "<Enter>"], RowRef::Iis(0, 1));
    assert!(short.contains(" short "), "{short}");
    assert!(!short.contains("the line goes on"), "{short}");
}
