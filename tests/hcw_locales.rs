//! HCW logs written on machines of other cultures: line 1's zone name and wall clock as the
//! culture prints them (local names, 24-hour clocks, AM/PM designators before or after the
//! time), the culture's time separator in the stamps, and FINISH durations with its decimal
//! separator. The stamps must land on the UTC axis and the failing call must be found.

use hcwlens::analyze::cmdlet::CmdletOutcome;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;

const PAD: &str = "                                      ";

/// One culture's shapes.
struct Culture {
    name: &'static str,
    /// Line 1's zone name as the culture's Windows writes it.
    zone: &'static str,
    /// Line 1's wall clock for 14:03:11.
    clock: &'static str,
    /// `Date Time Offset`.
    offset: &'static str,
    /// Seconds east of UTC.
    east: i64,
    /// The culture's time separator in the entry stamps.
    sep: char,
    /// The FINISH duration of 5428 ms.
    time: &'static str,
}

/// A run on 6 December 2026 from 14:03:11 local, with a failing
/// Test-MigrationServerAvailability at 14:03:24.
fn run(c: &Culture) -> String {
    let s = c.sep;
    let stamp =
        |hms: &str, ms: &str| format!("2026.12.06 {}.{ms}", hms.replace(':', &s.to_string()));
    let ctx = "Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=21";
    let mut t = format!(
        "{}               Current Time Zone: {} ({})\r\n",
        stamp("14:03:11", "100"),
        c.zone,
        c.clock
    );
    t += &format!(
        "{}         10017 [Client=UX, Thread=1] \r\n",
        stamp("14:03:11", "160")
    );
    t += &format!("{PAD}========================================================\r\n");
    t += &format!("{PAD}Process Info\r\n");
    t += &format!("{PAD}--------------------------------------------------------\r\n");
    t += &format!("{PAD}Machine Name      | EX01\r\n");
    t += &format!("{PAD}Current Culture   | {}\r\n", c.name);
    t += &format!("{PAD}Date Time Offset  | {}\r\n", c.offset);
    t += &format!("{PAD}========================================================\r\n");
    t += &format!(
        "{}         10276 [{ctx}] START Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer 'mail.contoso.com' -Credentials (Get-Credential -UserName CONTOSO\\admin)\r\n",
        stamp("14:03:24", "228")
    );
    // Logged a little after the call ended: the duration is the FINISH text's.
    t += &format!("{}         10277 [{ctx}] \r\n", stamp("14:03:30", "020"));
    t += &format!("{PAD}FINISH Time={} Results=1\r\n", c.time);
    t += &format!(
        "{PAD}TestMigrationServerAvailabilityOutcome {{ErrorDetail='The remote server returned an error: (401) Unauthorized.' IsValid=1 Result='Failed' SupportsCutover=0}}\r\n"
    );
    t
}

const CULTURES: &[Culture] = &[
    Culture {
        name: "fr-FR",
        zone: "Paris, Madrid",
        clock: "14:03:11",
        offset: "01:00:00",
        east: 3600,
        sep: ':',
        time: "5428,0ms",
    },
    Culture {
        name: "ja-JP",
        zone: "東京 (標準時)",
        clock: "14:03:11",
        offset: "09:00:00",
        east: 32_400,
        sep: ':',
        time: "5428.0ms",
    },
    Culture {
        name: "ja-JP",
        zone: "東京 (標準時)",
        clock: "午後 2:03:11",
        offset: "09:00:00",
        east: 32_400,
        sep: ':',
        time: "5428.0ms",
    },
    Culture {
        name: "ru-RU",
        zone: "RTZ 2 (зима)",
        clock: "14:03:11",
        offset: "03:00:00",
        east: 10_800,
        sep: ':',
        time: "5428,0ms",
    },
    Culture {
        name: "pt-BR",
        zone: "Hora oficial do Brasil",
        clock: "14:03:11",
        offset: "-03:00:00",
        east: -10_800,
        sep: ':',
        time: "5428,0ms",
    },
    Culture {
        name: "tr-TR",
        zone: "Türkiye Standart Saati",
        clock: "14:03:11",
        offset: "03:00:00",
        east: 10_800,
        sep: ':',
        time: "5428,0ms",
    },
    Culture {
        name: "tr-TR",
        zone: "Türkiye Standart Saati",
        clock: "ÖS 2:03:11",
        offset: "03:00:00",
        east: 10_800,
        sep: ':',
        time: "5428,0ms",
    },
    Culture {
        name: "zh-CN",
        zone: "中国标准时间",
        clock: "下午 2:03:11",
        offset: "08:00:00",
        east: 28_800,
        sep: ':',
        time: "5428.0ms",
    },
    Culture {
        name: "es-ES",
        zone: "Hora estándar romance",
        clock: "2:03:11 p. m.",
        offset: "01:00:00",
        east: 3600,
        sep: ':',
        time: "5428,0ms",
    },
    Culture {
        name: "ko-KR",
        zone: "대한민국 표준시",
        clock: "오후 2:03:11",
        offset: "09:00:00",
        east: 32_400,
        sep: ':',
        time: "5428.0ms",
    },
    Culture {
        name: "el-GR",
        zone: "Χειμερινή ώρα GTB",
        clock: "2:03:11 μμ",
        offset: "02:00:00",
        east: 7200,
        sep: ':',
        time: "5428,0ms",
    },
    Culture {
        name: "fi-FI",
        zone: "FLE (normaaliaika)",
        clock: "14.03.11",
        offset: "02:00:00",
        east: 7200,
        sep: '.',
        time: "5428,0ms",
    },
    Culture {
        name: "fr-FR",
        zone: "Paris, Madrid",
        clock: "14:03:11",
        offset: "01:00:00",
        east: 3600,
        sep: ':',
        time: "5\u{202F}428,0ms",
    },
    Culture {
        name: "de-DE",
        zone: "Mitteleuropäische Zeit",
        clock: "14:03:11",
        offset: "01:00:00",
        east: 3600,
        sep: ':',
        time: "5.428,0ms",
    },
];

/// What is wrong with the load of one culture's run (None: nothing).
fn wrong(c: &Culture) -> Option<String> {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("20261206_140311.log"), run(c)).expect("write");
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let what = format!("{} ({}) {}", c.name, c.clock, c.time);
    let Some(src) = a.sources.first() else {
        return Some(format!("{what}: not loaded: {:?}", a.skipped));
    };
    if src.stats.unparsed != 0 {
        return Some(format!("{what}: unparsed {:?}", src.stats.diagnostics));
    }
    let Some(call) = a.cmdlets.first() else {
        return Some(format!("{what}: no call"));
    };
    let at = |h, m, s, ms| {
        hcwlens::time::UtcMs::from_civil(2026, 12, 6, h, m, s, ms)
            .expect("civil")
            .plus_ms(-c.east * 1000)
    };
    let got = (
        call.name.as_str(),
        call.outcome,
        call.duration_ms,
        call.start,
        src.span.map(|s| s.0),
    );
    let want = (
        "Test-MigrationServerAvailability",
        CmdletOutcome::Failed,
        Some(5428.0),
        at(14, 3, 24, 228),
        Some(at(14, 3, 11, 100)),
    );
    (got != want).then(|| format!("{what}: {got:?}, want {want:?}"))
}

#[test]
fn runs_of_other_cultures_are_placed_and_their_failing_call_found() {
    let wrong: Vec<String> = CULTURES.iter().filter_map(wrong).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
