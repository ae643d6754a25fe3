//! HCW logs whose entry stamps are not the wizard's `yyyy.MM.dd HH:mm:ss.fff` in Gregorian
//! years: the Thai Buddhist year of a th-TH machine (`2569.12.06`, the Gregorian + 543), the
//! Japanese era's year of a ja-JP machine set to the Japanese calendar (`0008.12.06`), and
//! copies passed through another tool or culture (`2026-12-06`, `06.12.2026`, `2026. 12. 06.`,
//! `12/6/2026 2:03:24.228 PM`, a designator before the time). The run must be read as an HCW
//! log, land on the UTC axis where it ran, and its failing call be found.

use hcwlens::analyze::cmdlet::CmdletOutcome;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::UtcMs;

const PAD: &str = "                                      ";

/// How one log writes its stamps.
struct Shape {
    what: &'static str,
    culture: &'static str,
    /// `Date Time Offset`, and the same in seconds east of UTC.
    offset: &'static str,
    east: i64,
    /// The date of 6 December 2026 (or of `day`) as written.
    date: fn(i32, u32, u32) -> String,
    /// A 24-hour time `HH:MM:SS` and milliseconds as written.
    time: fn(&str, &str) -> String,
    /// The Gregorian day the run is on.
    day: (i32, u32, u32),
}

fn wizard(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}.{m:02}.{d:02}")
}
fn buddhist(y: i32, m: u32, d: u32) -> String {
    format!("{:04}.{m:02}.{d:02}", y + 543)
}
fn reiwa(y: i32, m: u32, d: u32) -> String {
    format!("{:04}.{m:02}.{d:02}", y - 2018)
}
fn hungarian(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}. {m:02}. {d:02}.")
}
fn iso(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}
fn day_first(y: i32, m: u32, d: u32) -> String {
    format!("{d:02}.{m:02}.{y:04}")
}
fn month_first(y: i32, m: u32, d: u32) -> String {
    format!("{m}/{d}/{y:04}")
}
fn h24(hms: &str, ms: &str) -> String {
    format!("{hms}.{ms}")
}
fn comma(hms: &str, ms: &str) -> String {
    format!("{hms},{ms}")
}
fn twelve(hms: &str, ms: &str, before: bool, am: &str, pm: &str) -> String {
    let h: u32 = hms[..2].parse().expect("hour");
    let h12 = if h.is_multiple_of(12) { 12 } else { h % 12 };
    let mark = if h < 12 { am } else { pm };
    let clock = format!("{h12}{}.{ms}", &hms[2..]);
    if before {
        format!("{mark} {clock}")
    } else {
        format!("{clock} {mark}")
    }
}
fn en_us(hms: &str, ms: &str) -> String {
    twelve(hms, ms, false, "AM", "PM")
}
fn ko_kr(hms: &str, ms: &str) -> String {
    twelve(hms, ms, true, "오전", "오후")
}

const SHAPES: &[Shape] = &[
    Shape {
        what: "th-TH, Buddhist year",
        culture: "th-TH",
        offset: "07:00:00",
        east: 25_200,
        date: buddhist,
        time: h24,
        day: (2026, 12, 6),
    },
    Shape {
        what: "th-TH, Buddhist year, 29 February",
        culture: "th-TH",
        offset: "07:00:00",
        east: 25_200,
        date: buddhist,
        time: h24,
        day: (2024, 2, 29),
    },
    Shape {
        what: "ja-JP, Japanese calendar (Reiwa 8)",
        culture: "ja-JP",
        offset: "09:00:00",
        east: 32_400,
        date: reiwa,
        time: h24,
        day: (2026, 12, 6),
    },
    Shape {
        what: "hu-HU date (dots and spaces)",
        culture: "hu-HU",
        offset: "01:00:00",
        east: 3600,
        date: hungarian,
        time: h24,
        day: (2026, 12, 6),
    },
    Shape {
        what: "ISO date",
        culture: "sv-SE",
        offset: "01:00:00",
        east: 3600,
        date: iso,
        time: h24,
        day: (2026, 12, 6),
    },
    Shape {
        what: "day first, decimal comma",
        culture: "de-DE",
        offset: "01:00:00",
        east: 3600,
        date: day_first,
        time: comma,
        day: (2026, 12, 6),
    },
    Shape {
        what: "month first, 12-hour clock",
        culture: "en-US",
        offset: "-05:00:00",
        east: -18_000,
        date: month_first,
        time: en_us,
        day: (2026, 12, 6),
    },
    Shape {
        what: "designator before the time",
        culture: "ko-KR",
        offset: "09:00:00",
        east: 32_400,
        date: iso,
        time: ko_kr,
        day: (2026, 12, 6),
    },
    Shape {
        what: "the wizard's own stamps",
        culture: "en-GB",
        offset: "00:00:00",
        east: 0,
        date: wizard,
        time: h24,
        day: (2026, 12, 6),
    },
];

/// A run from 14:03:11 local with a failing Test-MigrationServerAvailability at 14:03:24.
fn run(s: &Shape) -> String {
    let (y, m, d) = s.day;
    let stamp = |hms: &str, ms: &str| format!("{} {}", (s.date)(y, m, d), (s.time)(hms, ms));
    let ctx = "Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=21";
    let mut t = format!(
        "{}               Current Time Zone: Zone (14:03:11)\r\n",
        stamp("14:03:11", "100")
    );
    t += &format!(
        "{}         10017 [Client=UX, Thread=1] \r\n",
        stamp("14:03:11", "160")
    );
    t += &format!("{PAD}Process Info\r\n");
    t += &format!("{PAD}Machine Name      | EX01\r\n");
    t += &format!("{PAD}Current Culture   | {}\r\n", s.culture);
    t += &format!("{PAD}Date Time Offset  | {}\r\n", s.offset);
    t += &format!(
        "{}         10276 [{ctx}] START Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer 'mail.contoso.com'\r\n",
        stamp("14:03:24", "228")
    );
    t += &format!("{}         10277 [{ctx}] \r\n", stamp("14:03:30", "020"));
    t += &format!("{PAD}FINISH Time=5428.0ms Results=1\r\n");
    t += &format!(
        "{PAD}TestMigrationServerAvailabilityOutcome {{ErrorDetail='The remote server returned an error: (401) Unauthorized.' IsValid=1 Result='Failed' SupportsCutover=0}}\r\n"
    );
    t
}

/// What is wrong with the load of one shape's run (None: nothing).
fn wrong(s: &Shape) -> Option<String> {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("20261206_140311.log"), run(s)).expect("write");
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let what = s.what;
    let Some(src) = a.sources.first() else {
        return Some(format!("{what}: not loaded: {:?}", a.skipped));
    };
    if src.stats.unparsed != 0 || src.stats.events != 4 {
        return Some(format!(
            "{what}: {} events, unparsed {:?}",
            src.stats.events, src.stats.diagnostics
        ));
    }
    let Some(call) = a.cmdlets.first() else {
        return Some(format!("{what}: no call"));
    };
    let (y, m, d) = s.day;
    let at = |h, mi, sec, ms| {
        UtcMs::from_civil(y, m, d, h, mi, sec, ms)
            .expect("civil")
            .plus_ms(-s.east * 1000)
    };
    let got = (call.outcome, call.start, src.span.map(|sp| sp.0));
    let want = (
        CmdletOutcome::Failed,
        at(14, 3, 24, 228),
        Some(at(14, 3, 11, 100)),
    );
    (got != want).then(|| format!("{what}: {got:?}, want {want:?}"))
}

#[test]
fn runs_stamped_in_other_shapes_and_calendars_are_placed_and_their_failing_call_found() {
    let wrong: Vec<String> = SHAPES.iter().filter_map(wrong).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_w3c_line_is_not_taken_for_an_hcw_entry() {
    // A headerless IIS log starts with an ISO date and a time too.
    let dir = tempfile::tempdir().expect("tmp");
    let line = "2026-12-06 14:03:24 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.71.12 - - 401 1 2148074254 4\r\n";
    std::fs::write(dir.path().join("u_ex261206.log"), line.repeat(3)).expect("write");
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let kinds: Vec<_> = a.sources.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [hcwlens::source::SourceKind::Iis]);
}
