//! Unit tests for the HCW line grammar, wrap joins, FINISH texts and the header.

use super::*;
use crate::record::HcwLevel;
use crate::time::{UtcMs, ZoneSpec, naive_ms};
use proptest::prelude::*;

fn header(line: &str) -> HeaderLine<'_> {
    match classify(line) {
        LineKind::Header(h) => h,
        other => panic!("not a header: {other:?} for {line:?}"),
    }
}

fn ms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, f: u32) -> UtcMs {
    naive_ms(y, mo, d, h, mi, s, f).expect("valid stamp")
}

struct Shape {
    line: &'static str,
    level: HcwLevel,
    id: Option<u32>,
    keys: &'static [&'static str],
    message: &'static str,
}

#[test]
fn header_shapes() {
    let table = [
        Shape {
            line: "2022.03.05 14:48:58.156               Current Time Zone: Coordinated Universal Time (2:48:58 PM)",
            level: HcwLevel::Info,
            id: None,
            keys: &[],
            message: "Current Time Zone: Coordinated Universal Time (2:48:58 PM)",
        },
        Shape {
            line: "2022.03.05 14:48:58.203 WARNING 10418 [Client=UX, Thread=1] ",
            level: HcwLevel::Warning,
            id: Some(10418),
            keys: &["Client", "Thread"],
            message: "",
        },
        Shape {
            line: "2022.03.05 14:49:50.971         10276 [Client=UX, Activity=Tenant Connection Validation, Session=Tenant, Cmdlet=Get-MigrationEndpoint, Thread=18] START ",
            level: HcwLevel::Info,
            id: Some(10276),
            keys: &["Client", "Activity", "Session", "Cmdlet", "Thread"],
            message: "START ",
        },
        Shape {
            line: "2022.03.05 14:53:15.253 *ERROR* 10165 [Client=UX, Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=MRSProxy, Phase=Configure, Thread=21] ",
            level: HcwLevel::Error,
            id: Some(10165),
            keys: &[
                "Client", "Page", "fn", "Workflow", "Task", "Phase", "Thread",
            ],
            message: "",
        },
        Shape {
            line: "2022.02.19 03:25:23.232         10179 [Client=UX, HTTP GET=http://e2016-01.canadadrey.ca/, Thread=14] Request for http://e2016-01.canadadrey.ca/ does NOT go thru proxy",
            level: HcwLevel::Info,
            id: Some(10179),
            keys: &["Client", "HTTP GET", "Thread"],
            message: "Request for http://e2016-01.canadadrey.ca/ does NOT go thru proxy",
        },
        Shape {
            line: "2022.02.19 03:26:38.275         10139 [Client=UX, Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=MailFlow, Phase=CheckConfiguration, fn=GetMatchingReceiveConnector, Server=E2016-01, Thread=6] Matching RemoteIPRange",
            level: HcwLevel::Info,
            id: Some(10139),
            keys: &[
                "Client", "Page", "fn", "Workflow", "Task", "Phase", "fn", "Server", "Thread",
            ],
            message: "Matching RemoteIPRange",
        },
        Shape {
            line: "2024.02.27 20:51:05.132 ERROR 10042 [Client=UX, Thread=1] Something failed",
            level: HcwLevel::Error,
            id: Some(10042),
            keys: &["Client", "Thread"],
            message: "Something failed",
        },
        Shape {
            line: "2020.10.25 12:12:29.642 10390 [Client=UX, Page=HybridConnectorInstall, Thread=13] Test duration 00:06:03.9328749",
            level: HcwLevel::Info,
            id: Some(10390),
            keys: &["Client", "Page", "Thread"],
            message: "Test duration 00:06:03.9328749",
        },
        Shape {
            line: "2025.03.05 08:43:02.035 ERROR 10349 [Client=UX, Page=HybridConnectorInstall, Thread=8]  The connection",
            level: HcwLevel::Error,
            id: Some(10349),
            keys: &["Client", "Page", "Thread"],
            message: " The connection",
        },
        Shape {
            line: "2024.11.05 14:23:13.397   10276 [Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=12]",
            level: HcwLevel::Info,
            id: Some(10276),
            keys: &["Client", "Session", "Cmdlet", "Thread"],
            message: "",
        },
        Shape {
            line: "2022.03.05 14:48:58.236         10016 [Client=UX, Thread=1] Startup Options: boot",
            level: HcwLevel::Info,
            id: Some(10016),
            keys: &["Client", "Thread"],
            message: "Startup Options: boot",
        },
        Shape {
            line: "2022.03.05 14:48:58.236",
            level: HcwLevel::Info,
            id: None,
            keys: &[],
            message: "",
        },
    ];
    for s in table {
        let h = header(s.line);
        assert_eq!(h.level, s.level, "{}", s.line);
        assert_eq!(h.event_id, s.id, "{}", s.line);
        let keys: Vec<&str> = h.context.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, s.keys, "{}", s.line);
        assert_eq!(h.message, s.message, "{}", s.line);
    }
}

#[test]
fn stamp_is_naive_local_with_millis() {
    let h = header("2022.03.05 14:51:28.004         10276 [Client=UX, Thread=21] START x");
    assert_eq!(h.local, ms(2022, 3, 5, 14, 51, 28, 4));
    assert_eq!(h.prefix_chars, 61);
}

#[test]
fn context_values_keep_spaces_equals_and_commas() {
    let ctx = split_context(
        "Client=UX, Activity=Tenant Connection Validation, HTTP GET=http://h/?a=b, c, Thread=7",
    );
    assert_eq!(
        ctx,
        vec![
            ("Client".into(), "UX".into()),
            ("Activity".into(), "Tenant Connection Validation".into()),
            ("HTTP GET".into(), "http://h/?a=b, c".into()),
            ("Thread".into(), "7".into()),
        ]
    );
}

#[test]
fn non_header_shapes() {
    let table: [(&str, bool); 8] = [
        (
            "                                      FINISH Time=51.4s Results=1",
            false,
        ),
        (
            "017.10.23 11:39:51.552         10276 [Client=UX] START Set-X",
            true,
        ),
        (
            "2022.13.05 14:48:58.156         10016 [Client=UX, Thread=1] x",
            true,
        ),
        (
            "2022.02.30 14:48:58.156         10016 [Client=UX, Thread=1] x",
            true,
        ),
        (
            "2022.03.05 24:00:00.000         10016 [Client=UX, Thread=1] x",
            true,
        ),
        (
            "2023.1x.0x xx:xx:xx.xxx *ERROR* 10203 [Client=UX, Thread=12] x",
            true,
        ),
        ("2022.03.05 14:48:58.1567 x", true),
        ("RC  | Assembly | Version", false),
    ];
    for (line, bad) in table {
        let kind = classify(line);
        assert!(!matches!(kind, LineKind::Header(_)), "{line}");
        assert_eq!(matches!(kind, LineKind::BadStamp(_)), bad, "{line}");
    }
}

#[test]
fn continuation_lines_lose_38_spaces_only() {
    let text = "2022.03.05 14:48:58.203 WARNING 10418 [Client=UX, Thread=1] \r\n\
                \x20                                     UNOFFICIAL OR PRIVATE BUILD\r\n\
                \x20                                        at Some.Frame()\r\n\
                2022.03.05 14:48:58.236         10016 [Client=UX, Thread=1] Startup Options: boot\r\n";
    let log = parse_hcw(text, SourceId(3));
    assert_eq!(log.stats.unparsed, 0);
    assert_eq!(log.stats.lines, 4);
    assert_eq!(log.entries.len(), 2);
    let e = &log.entries[0];
    assert_eq!(e.body, "UNOFFICIAL OR PRIVATE BUILD\n   at Some.Frame()");
    assert_eq!((e.line, e.end_line, e.offset), (1, 3, 0));
    assert_eq!(e.source, SourceId(3));
    let second = &log.entries[1];
    assert_eq!(second.line, 4);
    assert!(text[second.offset as usize..].starts_with("2022.03.05 14:48:58.236"));
    assert_eq!(second.ts, second.local);
}

#[test]
fn lf_and_bom_are_accepted() {
    let text = "\u{feff}2022.03.05 14:48:58.236         10016 [Client=UX, Thread=1] a\n\
                2022.03.05 14:48:58.237         10016 [Client=UX, Thread=1] b";
    let log = parse_hcw(text, SourceId(0));
    assert_eq!(log.entries.len(), 2);
    assert_eq!(log.entries[0].offset, 3);
    assert_eq!(log.entries[1].message, "b");
}

#[test]
fn text_before_first_entry_and_bad_stamps_are_counted() {
    let text = "Here is my log:\n\
                2017.10.23 11:39:57.693 *ERROR* 10277 [Client=UX, Thread=9] FINISH\n\
                017.10.23 11:39:51.552         10276 [Client=UX, Thread=9] START Set-X\n";
    let log = parse_hcw(text, SourceId(0));
    assert_eq!(log.stats.unparsed, 2);
    assert_eq!(log.stats.diagnostics[0].line, 1);
    assert_eq!(log.stats.diagnostics[1].line, 3);
    assert_eq!(log.entries.len(), 1);
    assert!(log.entries[0].body.starts_with("017.10.23 11:39:51.552"));
}

fn wrapped_entry(prefix: &str, chunks: &[String]) -> String {
    let mut s = format!("{prefix}\r\n");
    for c in chunks {
        s.push_str(&" ".repeat(38));
        s.push_str(c);
        s.push_str("\r\n");
    }
    s
}

#[test]
fn hard_wraps_are_joined_at_the_exact_width() {
    let prefix = "2022.03.05 14:49:04.698         10277 [Client=UX, Session=OnPremises, Cmdlet=Get-X, Thread=6] ";
    let width = 1024 - prefix.len();
    let logical = format!("Obj {{{}}}", "Abc='x' ".repeat(150));
    let first: String = logical.chars().take(width).collect();
    let rest: String = logical.chars().skip(width).collect();
    let short_full = format!("Obj {{{}}}", "y".repeat(width - 10));
    let rule = "-".repeat(width);
    let text = wrapped_entry(
        prefix,
        &[
            "FINISH Time=265.0ms Results=2".into(),
            first,
            rest,
            "x".repeat(width - 1),
            "not joined".into(),
            rule.clone(),
            "UNOFFICIAL".into(),
            short_full.clone(),
        ],
    );
    let log = parse_hcw(&text, SourceId(0));
    let body: Vec<&str> = log.entries[0].body.split('\n').collect();
    assert_eq!(body[0], "FINISH Time=265.0ms Results=2");
    assert_eq!(body[1], logical);
    assert_eq!(body[2].len(), width - 1);
    assert_eq!(body[3], "not joined");
    assert_eq!(body[4], rule);
    assert_eq!(body[5], "UNOFFICIAL");
    assert_eq!(body[6], short_full);
    assert_eq!(log.entries[0].end_line, 9);
}

#[test]
fn wrapped_header_message_continues_in_message() {
    let prefix = "2022.02.19 03:26:47.013         10460 [Client=UX, Thread=6] ";
    let width = 1024 - prefix.len();
    let msg = "m".repeat(width);
    let text = format!(
        "{prefix}{msg}\r\n{}tail\r\n{}own line\r\n",
        " ".repeat(38),
        " ".repeat(38)
    );
    let log = parse_hcw(&text, SourceId(0));
    assert_eq!(log.entries[0].message, format!("{msg}tail"));
    assert_eq!(log.entries[0].body, "own line");
}

#[test]
fn finish_forms() {
    let parse = |text: &str| parse_hcw(text, SourceId(0)).entries.remove(0);
    let on_header = parse(
        "2022.03.05 14:49:54.618         10277 [Client=UX, Thread=18] FINISH Time=3647.1ms Results=0",
    );
    let f = finish_of(&on_header).expect("finish");
    assert_eq!(f.time_ms, Some(3647.1));
    assert_eq!(f.results, Some("0"));
    assert_eq!(f.dump, "");
    let below = parse(
        "2022.03.05 14:52:19.424         10277 [Client=UX, Thread=21] \r\n\
         \x20                                     FINISH Time=51,4s Results=1\r\n\
         \x20                                     Outcome {Result='Failed'}\r\n",
    );
    let f = finish_of(&below).expect("finish");
    assert_eq!(f.time_ms, Some(51_400.0));
    assert_eq!(f.results, Some("1"));
    assert_eq!(f.dump, "Outcome {Result='Failed'}");
    let start = parse(
        "2022.03.05 14:51:28.004         10276 [Client=UX, Thread=21] START Test-X -A: $true",
    );
    assert!(finish_of(&start).is_none());
    assert_eq!(start_text(&start).as_deref(), Some("Test-X -A: $true"));
    let bare = parse("2022.03.05 14:51:28.004         10276 [Client=UX, Thread=21] START ");
    assert_eq!(start_text(&bare).as_deref(), Some(""));
    let rewrapped = parse(
        "2024.11.05 14:23:13.397   10276 [Client=UX, Thread=12]\n\
         \x20                                       START Test-MigrationServerAvailability \n\
         \x20                                          -ExchangeRemoteMove: $true \n",
    );
    assert_eq!(
        start_text(&rewrapped).as_deref(),
        Some("Test-MigrationServerAvailability -ExchangeRemoteMove: $true")
    );
    let wrapped = parse(
        "2022.03.05 14:51:28.004         10276 [Client=UX, Thread=21] START Test-X -RemoteServer 'mail.con\r\n\
         \x20                                     toso.com' -Credentials (Get-Credential -UserName C\\u)\r\n",
    );
    assert_eq!(
        start_text(&wrapped).as_deref(),
        Some(
            "Test-X -RemoteServer 'mail.contoso.com' -Credentials (Get-Credential -UserName C\\u)"
        ),
        "a wrapped command line is read past the physical line end"
    );
    let starting =
        parse("2022.03.05 14:52:24.703         10408 [Client=UX, Thread=21] STARTING IIS");
    assert!(start_text(&starting).is_none());
}

#[test]
fn durations() {
    let table: [(&str, Option<f64>); 20] = [
        ("5428,0ms", Some(5428.0)),
        ("5428.0ms", Some(5428.0)),
        ("51.4s", Some(51_400.0)),
        ("51,4s", Some(51_400.0)),
        ("12ms", Some(12.0)),
        ("10.7s", Some(10_700.0)),
        ("1.2.3ms", None),
        ("ms", None),
        (".5s", None),
        ("5h", None),
        // Thousands separators of other cultures.
        ("5\u{202F}428,0ms", Some(5428.0)),
        ("5\u{A0}428,0ms", Some(5428.0)),
        ("5.428,0ms", Some(5428.0)),
        ("5,428.0ms", Some(5428.0)),
        ("1,234,567ms", Some(1_234_567.0)),
        ("12.34,5ms", None),
        ("5,428.0.1ms", None),
        // Decimal separators of fa-IR and Arabic cultures (and the Arabic group separator).
        ("5428/0ms", Some(5428.0)),
        ("5428\u{66B}0ms", Some(5428.0)),
        ("5\u{66C}428\u{66B}0ms", Some(5428.0)),
    ];
    for (s, want) in table {
        let got = parse_duration(s);
        match (got, want) {
            (Some(g), Some(w)) => assert!((g - w).abs() < 1e-6, "{s}: {g} vs {w}"),
            _ => assert_eq!(got, want, "{s}"),
        }
    }
}

fn header_of(first: &str, table: &str) -> HcwHeader {
    let text = format!(
        "{first}\r\n2022.03.05 14:48:58.241         10017 [Client=UX, Thread=1] \r\n{table}"
    );
    parse_hcw(&text, SourceId(0)).header
}

fn process_info(culture: &str, offset: &str) -> String {
    let pad = " ".repeat(38);
    format!(
        "{pad}Process Info\r\n{pad}Machine Name      | EX01        \r\n\
         {pad}Current Culture   | {culture}   \r\n{pad}Date Time Offset  | {offset}    \r\n"
    )
}

#[test]
fn header_utc_machine_is_local_and_utc() {
    let h = header_of(
        "2022.03.05 14:48:58.156               Current Time Zone: Coordinated Universal Time (2:48:58 PM)",
        &process_info("en-US", "00:00:00"),
    );
    assert_eq!(h.zone_name.as_deref(), Some("Coordinated Universal Time"));
    assert_eq!(h.clock_12h, Some((2, 48, 58)));
    assert_eq!(h.clock_pm, Some(true));
    assert_eq!(h.offset_secs, Some(0));
    assert_eq!(h.machine.as_deref(), Some("EX01"));
    assert_eq!(h.culture.as_deref(), Some("en-US"));
    assert!(!h.stamps_are_utc);
    assert_eq!(h.evidence, StampEvidence::LineOneClock);
    assert_eq!(header_zone(&h), Some(ZoneSpec::Fixed(0)));
}

#[test]
fn header_offset_row_wins_and_local_stamps_are_detected() {
    let h = header_of(
        "2024.11.05 14:23:10.100               Current Time Zone: Mitteleuropäische Zeit (14:23:10)",
        &process_info("de-DE", "01:00:00"),
    );
    assert_eq!(h.clock_12h, Some((14, 23, 10)));
    assert_eq!(h.clock_pm, None);
    assert!(!h.stamps_are_utc);
    assert_eq!(header_zone(&h), Some(ZoneSpec::Fixed(3600)));
}

#[test]
fn header_detects_utc_stamps_from_the_clock() {
    let h = header_of(
        "2024.11.05 19:23:10.100               Current Time Zone: Eastern Standard Time (2:23:10 PM)",
        &process_info("en-US", "-05:00:00"),
    );
    assert_eq!(h.offset_secs, Some(-18_000));
    assert!(h.stamps_are_utc);
    assert_eq!(header_zone(&h), Some(ZoneSpec::Fixed(0)));
    assert_eq!(machine_zone(&h), Some(ZoneSpec::Fixed(-18_000)));
}

/// Stamp, zone line text, clock, PM, stamps are UTC.
type ClockCase = (
    &'static str,
    &'static str,
    (u32, u32, u32),
    Option<bool>,
    bool,
);

#[test]
fn line_one_clocks_in_several_cultures() {
    let table: [ClockCase; 13] = [
        (
            "23:23:10.100",
            "Korea Standard Time (오후 11:23:10)",
            (11, 23, 10),
            Some(true),
            false,
        ),
        (
            "14:23:10.100",
            "AUS Eastern Standard Time (2:23:10 pm)",
            (2, 23, 10),
            Some(true),
            false,
        ),
        (
            "00:23:10.100",
            "GMT Standard Time (12:23:10 a.m.)",
            (12, 23, 10),
            Some(false),
            false,
        ),
        (
            "14:23:10.100",
            "Romance Standard Time (14:23:10)",
            (14, 23, 10),
            None,
            false,
        ),
        (
            "13:23:10.100",
            "Romance Standard Time (14:23:10)",
            (14, 23, 10),
            None,
            true,
        ),
        (
            "13:23:10.100",
            "Unknown Zone (2:23:10 PM)",
            (2, 23, 10),
            Some(true),
            true,
        ),
        // es-ES writes `p. m.` with a no-break space, tr-TR `ÖS` before the time, el-GR `μμ`;
        // fi-FI separates the time with dots.
        (
            "14:23:10.100",
            "Hora est\u{E1}ndar romance (2:23:10 p.\u{A0}m.)",
            (2, 23, 10),
            Some(true),
            false,
        ),
        (
            "14:23:10.100",
            "T\u{FC}rkiye Standart Saati (\u{D6}S 2:23:10)",
            (2, 23, 10),
            Some(true),
            false,
        ),
        (
            "02:23:10.100",
            "GTB Standard Time (2:23:10 \u{3C0}\u{3BC})",
            (2, 23, 10),
            Some(false),
            false,
        ),
        // hi-IN and vi-VN write their own words after the time, zh-TW before it unspaced.
        (
            "14:23:10.100",
            "India Standard Time (2:23:10 \u{905}\u{92a}\u{930}\u{93e}\u{939}\u{94d}\u{928})",
            (2, 23, 10),
            Some(true),
            false,
        ),
        (
            "14:23:10.100",
            "SE Asia Standard Time (2:23:10 CH)",
            (2, 23, 10),
            Some(true),
            false,
        ),
        (
            "14:23:10.100",
            "\u{53f0}\u{5317}\u{6a19}\u{6e96}\u{6642}\u{9593} (\u{4e0b}\u{5348}2:23:10)",
            (2, 23, 10),
            Some(true),
            false,
        ),
        (
            "14:23:10.100",
            "FLE (normaaliaika) (14.23.10)",
            (14, 23, 10),
            None,
            false,
        ),
    ];
    for (stamp, zone, clock, pm, utc) in table {
        let h = header_of(
            &format!("2024.01.10 {stamp}               Current Time Zone: {zone}"),
            "",
        );
        assert_eq!(h.clock_12h, Some(clock), "{zone}");
        assert_eq!(h.clock_pm, pm, "{zone}");
        assert_eq!(h.stamps_are_utc, utc, "{stamp} {zone}");
        assert_eq!(h.evidence, StampEvidence::LineOneClock, "{zone}");
    }
}

#[test]
fn header_falls_back_to_the_zone_name() {
    let h = header_of(
        "2024.07.05 14:23:10.100               Current Time Zone: W. Europe Standard Time (2:23:10 PM)",
        "",
    );
    assert_eq!(h.offset_secs, None);
    let zone = header_zone(&h).expect("zone from name");
    assert_eq!(zone.label(), "Europe/Berlin");
    let mut entries = parse_hcw(
        "2024.07.05 14:23:10.100         10016 [Client=UX, Thread=1] x",
        SourceId(0),
    )
    .entries;
    apply_zone(&mut entries, &zone, 250);
    assert_eq!(entries[0].ts.rfc3339(), "2024-07-05T12:23:10.350Z");
}

#[test]
fn header_without_clock_facts_is_unknown() {
    let h = header_of(
        "2024.07.05 14:23:10.100         10016 [Client=UX, Thread=1] hi",
        "",
    );
    assert_eq!(header_zone(&h), None);
    assert_eq!(h.evidence, StampEvidence::Assumed);
}

#[test]
fn boot_ticks_give_an_offset_when_nothing_else_does() {
    let pad = " ".repeat(38);
    // 637820885356388137 ticks = 2022-03-05 14:48:55.638 UTC; the stamps read 15:48 (UTC+1).
    let table = format!(
        "{pad}Boot Configuration\r\n{pad}DateTimeUtcTicks              | 637820885356388137\r\n"
    );
    let h = header_of(
        "2022.03.05 15:48:58.156               Current Time Zone: Unbekannte Zone",
        &table,
    );
    assert_eq!(
        h.boot_utc.map(|t| t.rfc3339()).as_deref(),
        Some("2022-03-05T14:48:55.638Z")
    );
    assert_eq!(header_zone(&h), Some(ZoneSpec::Fixed(3600)));
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(s in ".{0,400}") {
        let log = parse_hcw(&s, SourceId(1));
        prop_assert!(log.stats.lines as usize <= s.split('\n').count());
        for e in &log.entries {
            prop_assert!(e.line <= e.end_line);
            prop_assert!(s.is_char_boundary(e.offset as usize));
        }
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        let s = String::from_utf8_lossy(&b);
        let log = parse_hcw(&s, SourceId(1));
        prop_assert_eq!(log.stats.events as usize, log.entries.len());
    }

    #[test]
    fn header_like_lines_never_panic(
        stamp in "[0-9x]{1,4}\\.[0-9]{1,2}\\.[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}",
        level in prop::sample::select(vec!["       ", "WARNING", "*ERROR*", "ERROR", "", "  "]),
        id in "[0-9]{0,6}",
        ctx in "(\\[[A-Za-z =,:/.0-9\\]]{0,40}\\]?)?",
        msg in ".{0,60}",
    ) {
        let line = format!("{stamp} {level} {id} {ctx} {msg}\n  {msg}\n");
        let log = parse_hcw(&line, SourceId(0));
        prop_assert_eq!(log.stats.lines, 2);
        prop_assert!(log.entries.len() <= 1);
    }
}
