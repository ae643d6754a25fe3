//! Runs across daylight-saving switches, on the line shapes HCW writes: line 1 with the zone's
//! standard name and the wall clock, the Process Info table with `Date Time Offset`, entries
//! stamped `yyyy.MM.dd HH:mm:ss.fff` in file order.

use super::*;
use crate::parse::hcw::parse_hcw;
use crate::source::SourceId;

/// An HCW log: header lines for `zone` (Windows name), `clock` (line 1's wall clock as the
/// culture prints it) and `offset` (the table row, absent when None), then one entry a stamp.
fn log(zone: &str, clock: &str, offset: Option<&str>, stamps: &[&str]) -> String {
    let pad = " ".repeat(38);
    let first = stamps.first().copied().unwrap_or("2024.01.01 00:00:00.000");
    let mut t = format!("{first}               Current Time Zone: {zone} ({clock})\r\n");
    t += &format!("{first}         10017 [Client=UX, Thread=1] \r\n");
    t += &format!("{pad}========================================================\r\n");
    t += &format!("{pad}Process Info\r\n");
    t += &format!("{pad}--------------------------------------------------------\r\n");
    t += &format!("{pad}Machine Name      | EX01\r\n");
    if let Some(o) = offset {
        t += &format!("{pad}Date Time Offset  | {o}\r\n");
    }
    t += &format!("{pad}========================================================\r\n");
    for s in stamps {
        t += &format!("{s}         10372 [Client=UX, Page=Configuring, Thread=21] step\r\n");
    }
    t
}

/// The UTC stamps (`HH:MM:SS`, date dropped) of the entries after the first stamp, placed by the
/// header's clock or by `zone` with the header's start offset; and whether the run crossed.
fn placed(text: &str, zone: Option<&str>) -> (Vec<String>, bool) {
    let mut parsed = parse_hcw(text, SourceId(0));
    let clock = match zone {
        Some(z) => RunClock::with_header(ZoneSpec::parse(z).expect("zone"), &parsed.header),
        None => header_clock(&parsed.header).expect("a clock"),
    };
    let crossed = place(&mut parsed.entries, &clock, 0);
    let times = parsed.entries[3..]
        .iter()
        .map(|e| e.ts.rfc3339()[11..19].to_string())
        .collect();
    (times, crossed)
}

const BERLIN: &str = "W. Europe Standard Time";

#[test]
fn autumn_switch_inside_a_run_keeps_utc_rising() {
    // 02:58 CEST (the header's +02:00) = 00:58Z; the clock goes back at 03:00 CEST; 02:01 is then
    // CET = 01:01Z; 03:05 CET = 02:05Z.
    let stamps = [
        "2024.10.27 02:58:00.100",
        "2024.10.27 02:58:03.960",
        "2024.10.27 02:59:59.900",
        "2024.10.27 02:01:24.228",
        "2024.10.27 02:59:10.000",
        "2024.10.27 03:05:00.000",
    ];
    let text = log(BERLIN, "02:58:00", Some("02:00:00"), &stamps);
    let want = ["00:58:03", "00:59:59", "01:01:24", "01:59:10", "02:05:00"];
    for zone in [None, Some("Europe/Berlin")] {
        let (times, crossed) = placed(&text, zone);
        assert_eq!(times, want, "{zone:?}");
        assert!(crossed);
    }
}

#[test]
fn spring_switch_inside_a_run_takes_the_new_offset() {
    let stamps = [
        "2024.03.31 01:58:00.100",
        "2024.03.31 01:59:00.000",
        "2024.03.31 03:01:24.228",
    ];
    let text = log(BERLIN, "01:58:00", Some("01:00:00"), &stamps);
    for zone in [None, Some("Europe/Berlin")] {
        assert_eq!(placed(&text, zone).0, ["00:59:00", "01:01:24"], "{zone:?}");
    }
}

#[test]
fn a_run_in_the_repeated_hour_keeps_the_header_offset() {
    let stamps = [
        "2024.10.27 02:10:00.100",
        "2024.10.27 02:11:44.228",
        "2024.10.27 02:12:00.592",
    ];
    // Second pass (CET, +01:00) and first pass (CEST, +02:00), with and without --tz.
    for (offset, want) in [
        ("01:00:00", ["01:11:44", "01:12:00"]),
        ("02:00:00", ["00:11:44", "00:12:00"]),
    ] {
        let text = log(BERLIN, "02:10:00", Some(offset), &stamps);
        for zone in [None, Some("Europe/Berlin")] {
            let (times, crossed) = placed(&text, zone);
            assert_eq!(times, want, "{offset} {zone:?}");
            assert!(!crossed);
        }
    }
}

#[test]
fn other_zones_and_hemispheres() {
    // Sydney, 7 April 2024: 03:00 AEDT (+11) goes back to 02:00 AEST (+10).
    let stamps = [
        "2024.04.07 02:50:00.000",
        "2024.04.07 02:59:00.000",
        "2024.04.07 02:05:00.000",
    ];
    let text = log(
        "AUS Eastern Standard Time",
        "2:50:00 AM",
        Some("11:00:00"),
        &stamps,
    );
    assert_eq!(placed(&text, None).0, ["15:59:00", "16:05:00"]);
    // New York, 3 November 2024: 02:00 EDT (-4) goes back to 01:00 EST (-5); .NET writes the
    // negative offset as `-04:00:00`.
    let stamps = [
        "2024.11.03 01:50:00.000",
        "2024.11.03 01:59:30.000",
        "2024.11.03 01:02:00.000",
    ];
    let text = log(
        "Eastern Standard Time",
        "1:50:00 AM",
        Some("-04:00:00"),
        &stamps,
    );
    assert_eq!(placed(&text, None).0, ["05:59:30", "06:02:00"]);
}

#[test]
fn threads_a_little_out_of_order_do_not_switch_the_clock() {
    let stamps = [
        "2024.10.27 02:30:00.000",
        "2024.10.27 02:30:01.000",
        "2024.10.27 02:30:00.600",
    ];
    let text = log(BERLIN, "02:30:00", Some("02:00:00"), &stamps);
    assert_eq!(placed(&text, None).0, ["00:30:01", "00:30:00"]);
}

#[test]
fn an_offset_the_zone_never_has_wins_over_the_zone_name() {
    let stamps = ["2024.10.27 02:58:00.100", "2024.10.27 03:01:24.228"];
    let text = log(BERLIN, "02:58:00", Some("05:30:00"), &stamps);
    let parsed = parse_hcw(&text, SourceId(0));
    assert_eq!(
        header_clock(&parsed.header),
        Some(RunClock::of(ZoneSpec::Fixed(19_800)))
    );
    assert_eq!(placed(&text, None).0, ["21:31:24"]);
}

#[test]
fn without_an_offset_a_run_leaving_the_repeated_hour_forward_was_in_its_second_pass() {
    // 02:50 → 03:05 with no step back of the wall clock: had 02:50 been CEST (00:50Z), the
    // clock would have gone back to 02:00 before 03:05; so it was CET (01:50Z).
    let stamps = [
        "2024.10.27 02:50:00.100",
        "2024.10.27 02:58:44.228",
        "2024.10.27 03:05:00.592",
    ];
    let text = log(BERLIN, "02:50:00", None, &stamps);
    for zone in [None, Some("Europe/Berlin")] {
        let (times, crossed) = placed(&text, zone);
        assert_eq!(times, ["01:58:44", "02:05:00"], "{zone:?}");
        assert!(!crossed);
        let parsed = parse_hcw(&text, SourceId(0));
        let clock = header_clock(&parsed.header).expect("clock");
        assert_eq!(repeated_reading(&parsed.entries, &clock), None);
    }
    // Wholly inside the hour: the log cannot tell; read as the first pass, the second an
    // hour later.
    let text = log(BERLIN, "02:50:00", None, &stamps[..2]);
    let parsed = parse_hcw(&text, SourceId(0));
    let clock = header_clock(&parsed.header).expect("clock");
    assert_eq!(repeated_reading(&parsed.entries, &clock), Some(3_600_000));
    assert_eq!(placed(&text, None).0, ["00:58:44"]);
}

#[test]
fn without_an_offset_the_boot_ticks_tell_the_pass() {
    // DateTimeUtcTicks of 2024-10-27 01:09:59.700 UTC: the boot 0.4 s before the first
    // stamp, 02:10 local, so +01:00 (the second pass).
    let ticks: i64 = 621_355_968_000_000_000 + 1_729_991_399_700 * 10_000;
    let stamps = ["2024.10.27 02:10:00.100", "2024.10.27 02:11:44.228"];
    let mut text = log(BERLIN, "02:10:00", None, &stamps);
    let pad = " ".repeat(38);
    let boot = format!(
        "2024.10.27 02:10:00.100         10410 [Client=UX, Thread=1] \r\n{pad}==========\r\n{pad}Boot Configuration\r\n{pad}----------\r\n{pad}DateTimeUtcTicks              | {ticks}\r\n{pad}==========\r\n"
    );
    let at = text.find("\r\n").map_or(0, |i| i + 2);
    text.insert_str(at, &boot);
    let mut parsed = parse_hcw(&text, SourceId(0));
    let clock = header_clock(&parsed.header).expect("clock");
    assert_eq!(clock.start_offset, Some(3600));
    assert_eq!(repeated_reading(&parsed.entries, &clock), None);
    place(&mut parsed.entries, &clock, 0);
    let last = parsed.entries.last().expect("entry");
    assert_eq!(last.ts.rfc3339(), "2024-10-27T01:11:44.228Z");
}

#[test]
fn autumn_switch_under_a_zone_name_not_known_sets_the_fixed_offset_back_an_hour() {
    // A localised zone name hcwlens cannot map: only the header's +02:00 is known. The wall
    // clock is set back at 03:00 CEST; the log shows it (HCW's stamps never go back
    // otherwise), so the entries after it are CET: 02:01 = 01:01Z, 02:20 = 01:20Z.
    let stamps = [
        "2024.10.27 02:30:00.100",
        "2024.10.27 02:40:00.000",
        "2024.10.27 02:55:00.000",
        "2024.10.27 02:54:59.800",
        "2024.10.27 02:01:00.000",
        "2024.10.27 02:20:00.000",
    ];
    let text = log(
        "West-Europa (standaardtijd)",
        "02:30:00",
        Some("02:00:00"),
        &stamps,
    );
    let (times, crossed) = placed(&text, None);
    assert_eq!(
        times,
        ["00:40:00", "00:55:00", "00:54:59", "01:01:00", "01:20:00"]
    );
    assert!(crossed);
    let said = parse_hcw(&text, SourceId(0)).stats.diagnostics;
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0]
            .reason
            .starts_with("the wall clock is set back an hour here (02:01:00 after 02:55:00")
    );
    // A clock corrected by a few minutes, or a step back in the afternoon, is no switch.
    for stamps in [
        [
            "2024.10.27 02:30:00.100",
            "2024.10.27 02:40:00.000",
            "2024.10.27 02:35:00.000",
        ],
        [
            "2024.10.27 14:30:00.100",
            "2024.10.27 14:55:00.000",
            "2024.10.27 14:01:00.000",
        ],
    ] {
        let text = log("Zone", "02:30:00", Some("02:00:00"), &stamps);
        assert!(!placed(&text, None).1, "{stamps:?}");
    }
}

#[test]
fn a_run_appended_an_hour_earlier_on_the_wall_clock_is_no_set_back() {
    // Run 2 (another machine, an hour behind) appended after a night run, both read by one
    // fixed offset given for the file: its line 1 is not daylight saving time ending.
    let text = log(
        "W. Europe Standard Time",
        "2:20:11 AM",
        Some("01:00:00"),
        &["2026.11.05 02:20:11.100", "2026.11.05 02:22:40.000"],
    ) + &log(
        "Coordinated Universal Time",
        "1:41:02 AM",
        Some("00:00:00"),
        &["2026.11.05 01:41:02.100", "2026.11.05 01:42:21.000"],
    );
    let mut entries = parse_hcw(&text, SourceId(0)).entries;
    assert!(set_backs(&entries).is_empty(), "{:?}", set_backs(&entries));
    let crossed = place(&mut entries, &RunClock::of(ZoneSpec::Fixed(3600)), 0);
    assert!(!crossed);
    let last = entries.last().map(|e| e.ts.rfc3339());
    assert_eq!(last.as_deref(), Some("2026-11-05T00:42:21.000Z"));
}
