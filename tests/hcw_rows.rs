//! HCW pane rows: a cmdlet START logged without arguments (`START ` and nothing else) still
//! names its cmdlet, from the bracket context.

use crate::scenario;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::Model;
use hcwlens::tui::view::rows::hcw_text;
use scenario::settings;
use std::path::PathBuf;

fn demo() -> Model {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    Model::ready(
        load(&[dir], &opts, &NoProgress).expect("demo"),
        settings(None),
        (120, 40),
    )
}

fn text_at_line(m: &Model, line: u64) -> String {
    let e = m
        .data
        .analysis
        .hcw
        .iter()
        .position(|e| e.line == line)
        .expect("an entry at that line");
    hcw_text(m, e as u32)
}

#[test]
fn a_start_without_arguments_names_its_cmdlet() {
    let m = demo();
    // `… Cmdlet=Get-ExchangeServer, Thread=6] START ` (line 63 of the demo's HCW log).
    assert_eq!(text_at_line(&m, 63), "START Get-ExchangeServer");
    assert_eq!(text_at_line(&m, 102), "START Get-RemoteDomain");
}

#[test]
fn a_start_with_arguments_is_left_as_logged() {
    let m = demo();
    let t = text_at_line(&m, 394);
    assert!(
        t.starts_with("START Test-MigrationServerAvailability -ExchangeRemoteMove"),
        "{t}"
    );
}

#[test]
fn a_start_whose_command_line_lacks_the_name_gets_it_from_the_bracket() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hcw/diag/rerun");
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let m = Model::ready(
        load(&[dir], &opts, &NoProgress).expect("rerun"),
        settings(None),
        (120, 40),
    );
    // `… Cmdlet=Get-WebServicesVirtualDirectory, Thread=12] START -ADPropertiesOnly: $true`
    // (line 25 of the second run).
    let e = m
        .data
        .analysis
        .hcw
        .iter()
        .position(|e| e.line == 25 && e.message.contains("-ADPropertiesOnly"))
        .expect("the START");
    assert_eq!(
        hcw_text(&m, e as u32),
        "START Get-WebServicesVirtualDirectory -ADPropertiesOnly: $true"
    );
}
