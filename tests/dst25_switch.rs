//! A zone suggestion for an HCW run whose machine switched to summer time during the run, its
//! zone named in words hcwlens does not map (`tests/fixtures/dst25/make.py`): the header's
//! offset was right at the start, the failing call lines up an hour later, so a fixed `--tz`
//! would misplace the entries before the switch; the zone is to be given by name.

use crate::explorer;
use crate::fixtures;

use fixtures::{analyse, analyse_with};
use hcwlens::pipeline::LoadOptions;
use hcwlens::time::ZoneSpec;

#[test]
fn a_run_across_a_spring_switch_is_told_to_name_its_zone_not_a_fixed_offset() {
    let a = analyse("dst25/localized-spring");
    let text = hcwlens::report::text::render(&a);
    let line = text
        .lines()
        .find(|l| l.starts_with("Clock zone suggested"))
        .expect("a zone suggestion");
    assert!(
        line.contains(
            "The HCW log's header gave UTC+09:30 at its start and the calls line up at \
             UTC+10:30: its clock changed during the run (a daylight-saving switch), so a fixed \
             --tz hcw=+10:30 would misplace the entries before the switch."
        ),
        "{line}"
    );
    assert!(
        line.contains(
            "Apply with --tz hcw=Australia/Adelaide if that is the machine's zone (those that \
             switched so then: Australia/Adelaide, Australia/Broken_Hill"
        ),
        "{line}"
    );
    assert!(!line.contains("Apply with --tz hcw=+10:30"), "{line}");
}

#[test]
fn the_named_zone_it_suggests_lines_the_run_up() {
    let mut opts = LoadOptions::default();
    opts.zones.push((
        hcwlens::pipeline::Selector::Kind(hcwlens::source::SourceKind::Hcw),
        ZoneSpec::parse("Australia/Adelaide").expect("zone"),
    ));
    let a = analyse_with("dst25/localized-spring", &opts);
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("Clock zone suggested"), "{text}");
    assert!(text.contains("ep-hybrid-agent"), "{text}");
}

#[test]
fn a_run_that_did_not_cross_a_switch_keeps_the_fixed_offset() {
    // The same run with its header's words mapped (Cen. Australia Standard Time): no
    // suggestion at all; and an unmapped zone whose calls line up an hour off without any
    // switch between keeps the fixed offset (unit tests of `skew::switch`).
    let a = analyse("unseen25/dst-spring-half");
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("Clock zone suggested"), "{text}");
}

#[test]
fn the_explorer_s_offer_names_the_zone_before_its_shift() {
    let m = explorer::loaded(&[fixtures::fixture("dst25/localized-spring")], (160, 40));
    let screen = explorer::screen(&m);
    assert!(
        screen.contains(
            "HCW times went from UTC+09:30 to UTC+10:30 during the run — load with --tz \
             hcw=Australia/Adelaide; S shifts all of them by -1 h"
        ),
        "{screen}"
    );
}
