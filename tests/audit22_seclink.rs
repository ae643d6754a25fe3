//! Which machine's Security log explains an IIS handshake. A 4625 is written by the machine the
//! logon was tried on: a failed NTLM handshake in EX01's IIS log has its 4625 in EX01's Security
//! log, so a 4625 of another machine (same user, address and second: the client tried both) says
//! nothing about it. A 4776 is written by whoever checked the password — for a domain account a
//! domain controller — so it may come from another machine. Names compare as Windows names do:
//! `win-l0zzq76pmuf.corp.local` is `WIN-L0ZZQ76PMUF`.
//!
//! Fixtures `tests/fixtures/audit22/evtx-*` (IIS logs of our own, modelled on
//! docs/log-formats.md §3.1) with the corpus Security logs (skipped with a note when absent):
//! `Security_with_size_t.evtx` (written by WIN-L0ZZQ76PMUF: 4625 for IT104-3\Student from
//! 10.20.0.118 at 10:53:26.137) and `Security_short_selected.evtx` (written by `temporal`: a
//! failed 4776 for Administrator at 15:24:36.686).

use crate::corpus;
use crate::fixtures;

use fixtures::fixture;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;

fn analyse(fixture_dir: &str, evtx: &str) -> Option<Analysis> {
    let evtx = corpus::corpus(evtx)?;
    Some(
        load(
            &[fixture(&format!("audit22/{fixture_dir}")), evtx],
            &LoadOptions::default(),
            &NoProgress,
        )
        .expect("load"),
    )
}

const SIZE_T: &str = "evtx/omerbenamram-evtx/Security_with_size_t.evtx";

#[test]
fn a_4625_of_another_machine_does_not_explain_the_handshake_of_ex01() {
    let Some(a) = analyse("evtx-other-machine", SIZE_T) else {
        return;
    };
    assert_eq!(a.handshakes.len(), 1);
    assert!(
        a.security.links.is_empty(),
        "EX01's handshake linked to WIN-L0ZZQ76PMUF's 4625: {:?}",
        a.security.links
    );
    let text = hcwlens::report::text::render(&a);
    assert!(
        !text.contains("Security log says why"),
        "the report cites another machine's event as the server's: {text}"
    );
    assert!(!text.contains("explains the failed handshake"), "{text}");
}

#[test]
fn the_same_machine_by_its_fqdn_in_lower_case_is_linked() {
    let Some(a) = analyse("evtx-same-machine-fqdn", SIZE_T) else {
        return;
    };
    assert_eq!(a.security.links.len(), 1, "{:?}", a.security.links);
    let e = &a.security.events[a.security.links[0].event];
    assert_eq!(e.ip.as_deref(), Some("10.20.0.118"));
    assert_eq!(e.user.as_deref(), Some("Student"));
}

#[test]
fn a_failed_4776_of_another_machine_still_explains_it() {
    let Some(a) = analyse(
        "evtx-4776-elsewhere",
        "evtx/omerbenamram-evtx/Security_short_selected.evtx",
    ) else {
        return;
    };
    assert_eq!(a.security.links.len(), 1, "{:?}", a.security.links);
    let e = &a.security.events[a.security.links[0].event];
    assert_eq!(e.id(), 4776);
    assert_eq!(e.computer.as_deref(), Some("temporal"));
}

#[test]
fn one_event_explains_one_handshake_not_two() {
    // Two failed handshakes of CONTOSO\Administrator a second apart, and one failed 4776 for
    // Administrator: each failed logon writes its own event, so one event is the reason for
    // at most one of them.
    let Some(a) = analyse(
        "evtx-one-event-two-handshakes",
        "evtx/omerbenamram-evtx/Security_short_selected.evtx",
    ) else {
        return;
    };
    assert_eq!(a.handshakes.len(), 2);
    assert_eq!(
        a.security.links.len(),
        1,
        "one 4776 linked to both handshakes: {:?}",
        a.security.links
    );
    let h = &a.handshakes[a.security.links[0].handshake];
    assert_eq!(
        h.client, "10.1.7.40",
        "the nearer handshake keeps the event"
    );
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("bad password (0xC000006A) for Administrator (1 handshake)"),
        "{text}"
    );
}

#[test]
fn the_security_section_says_whose_log_it_is_when_no_loaded_iis_log_is_its_machines() {
    let Some(other) = analyse("evtx-other-machine", SIZE_T) else {
        return;
    };
    let text = hcwlens::report::text::render(&other);
    let section = text
        .split("Security events\n---------------")
        .nth(1)
        .expect("security section");
    assert!(
        section.contains(
            "written by WIN-L0ZZQ76PMUF, not by EX01 whose IIS log is loaded: its failed \
             logons (4625) were tried on WIN-L0ZZQ76PMUF and explain no handshake of EX01"
        ),
        "{section}"
    );
    let Some(same) = analyse("evtx-same-machine-fqdn", SIZE_T) else {
        return;
    };
    let text = hcwlens::report::text::render(&same);
    assert!(!text.contains("whose IIS log is loaded"), "{text}");
    assert!(
        text.contains("0 unreadable; written by WIN-L0ZZQ76PMUF\n"),
        "{text}"
    );
}

#[test]
fn the_security_section_says_how_many_events_the_time_window_left_out() {
    use hcwlens::pipeline::window::{Window, WindowMode};
    use hcwlens::time::UtcMs;
    let Some(evtx) = corpus::corpus(SIZE_T) else {
        return;
    };
    let paths = [fixture("audit22/evtx-same-machine-fqdn"), evtx];
    let all = load(&paths, &LoadOptions::default(), &NoProgress).expect("load");
    // 2015-08-23 10:00–11:00 UTC.
    let window = Window {
        since: Some(UtcMs(1_440_324_000_000)),
        until: Some(UtcMs(1_440_327_600_000)),
    };
    let opts = LoadOptions {
        window: WindowMode::Given(window),
        ..Default::default()
    };
    let a = load(&paths, &opts, &NoProgress).expect("load");
    let left = all.security.events.len() - a.security.events.len();
    assert!(left > 0);
    let text = hcwlens::report::text::render(&a);
    let section = text
        .split("Security events\n---------------")
        .nth(1)
        .expect("security section");
    assert!(
        section.contains(&format!(
            "{left} events outside the time window left out (not listed, not linked)"
        )),
        "the file's counts read as the events shown: {section}"
    );
}

#[test]
fn a_server_known_only_by_the_folder_its_log_was_copied_to_is_not_compared() {
    // The IIS log logs no `s-computername` and was copied into `iislogs/W3SVC1`: "iislogs" is
    // a folder, not a machine, so it neither rules the 4625 out nor is said to be another
    // machine than the Security log's.
    let Some(a) = analyse("evtx-folder-named", SIZE_T) else {
        return;
    };
    assert_eq!(a.security.links.len(), 1, "{:?}", a.security.links);
    let text = hcwlens::report::text::render(&a);
    assert!(!text.contains("whose IIS log is loaded"), "{text}");
}

#[test]
fn an_event_log_without_events_names_no_machine() {
    // An `.evtx` that cannot be read names no machine: the Security events section must not
    // present a placeholder as the machine that wrote it, nor as another machine than EX01.
    let paths = [
        fixture("audit22/evtx-other-machine"),
        fixture("audit22/evtx-unreadable/Security.evtx"),
    ];
    let a = load(&paths, &LoadOptions::default(), &NoProgress).expect("load");
    let text = hcwlens::report::text::render(&a);
    let section = text
        .split("Security events\n---------------")
        .nth(1)
        .expect("security section");
    assert!(!section.contains("written by"), "{section}");
}

#[test]
fn the_sources_list_counts_an_event_logs_records_not_lines() {
    // An `.evtx` is binary: it has records, not lines, and a record that cannot be read is
    // unreadable, at a record number (the file itself when it cannot be opened as EVTX).
    let Some(a) = analyse("evtx-same-machine-fqdn", SIZE_T) else {
        return;
    };
    let text = hcwlens::report::text::render(&a);
    let row = text
        .lines()
        .find(|l| l.contains("Security_with_size_t.evtx (") && l.contains("Security events"))
        .expect("the evtx row");
    assert!(
        row.ends_with(": 636 records, 162 events, 0 unreadable"),
        "{row}"
    );
    let paths = [
        fixture("audit22/evtx-other-machine"),
        fixture("audit22/evtx-unreadable/Security.evtx"),
    ];
    let bad = load(&paths, &LoadOptions::default(), &NoProgress).expect("load");
    let text = hcwlens::report::text::render(&bad);
    assert!(
        text.contains("  - the file: not a readable EVTX file"),
        "{text}"
    );
}
