//! Stamps in other shapes and calendars, and a file's date order.

use super::*;
use crate::parse::hcw::meridiem;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> UtcMs {
    naive_ms(y, mo, d, h, mi, s, ms).expect("valid")
}

fn stamp(line: &str, order: DayOrder) -> Option<(UtcMs, &str)> {
    match read(line.as_bytes(), order) {
        Read::Stamp(s) => Some((s.local, &line[s.len..])),
        _ => None,
    }
}

#[test]
fn shapes_read_to_the_same_instant() {
    let want = at(2024, 11, 5, 14, 20, 2, 871);
    let lines = [
        ("2024-11-05 14:20:02.871 10276 [x]", DayOrder::DayFirst),
        ("2024/11/05 14:20:02.871 10276 [x]", DayOrder::DayFirst),
        ("05.11.2024 14:20:02,871 10276 [x]", DayOrder::DayFirst),
        ("5.11.2024 14.20.02,871 10276 [x]", DayOrder::DayFirst),
        ("11/5/2024 2:20:02.871 PM 10276 [x]", DayOrder::MonthFirst),
        (
            "11/05/2024 2:20:02.8710000 p. m. 10276 [x]",
            DayOrder::MonthFirst,
        ),
        ("2024-11-05 오후 2:20:02.871 10276 [x]", DayOrder::DayFirst),
        ("2567-11-05 14:20:02.871 10276 [x]", DayOrder::DayFirst),
        ("0006-11-05 14:20:02.871 10276 [x]", DayOrder::DayFirst),
        ("2024. 11. 05. 14:20:02.871 10276 [x]", DayOrder::DayFirst),
        ("5. 11. 2024 14:20:02,871 10276 [x]", DayOrder::DayFirst),
    ];
    for (line, order) in lines {
        assert_eq!(stamp(line, order), Some((want, " 10276 [x]")), "{line}");
    }
    // No fraction; midnight and noon on a 12-hour clock.
    assert_eq!(
        stamp("11/5/2024 12:00:01 AM", DayOrder::MonthFirst),
        Some((at(2024, 11, 5, 0, 0, 1, 0), ""))
    );
    assert_eq!(
        stamp("11/5/2024 12:00:01 PM", DayOrder::MonthFirst),
        Some((at(2024, 11, 5, 12, 0, 1, 0), ""))
    );
}

#[test]
fn a_day_above_12_is_read_whatever_the_file_s_order() {
    let want = Some((at(2024, 11, 25, 9, 0, 0, 0), ""));
    assert_eq!(stamp("25.11.2024 09:00:00", DayOrder::MonthFirst), want);
    assert_eq!(stamp("11/25/2024 09:00:00", DayOrder::DayFirst), want);
}

#[test]
fn impossible_dates_and_non_stamps() {
    let b = |s: &str| read(s.as_bytes(), DayOrder::DayFirst);
    assert_eq!(b("31.02.2024 09:00:00 x"), Read::Impossible);
    assert_eq!(b("2024-11-05 25:00:00 x"), Read::Impossible);
    assert_eq!(
        b("2566-02-29 09:00:00 x"),
        Read::Impossible,
        "2023 was no leap year"
    );
    assert!(
        matches!(b("2567-02-29 09:00:00 x"), Read::Stamp(_)),
        "2024 was"
    );
    for line in [
        "2024-11-05",
        "2024-11-05 x",
        "2024-11-05 14:20",
        "2024-11/05 14:20:02",
        "24-11-05 14:20:02",
        "2024-11-05 14:20:02x",
        "RC  | 2024-11-05 14:20:02",
        "1.2.3.4 14:20:02",
        "2024. 11.05 14:20:02",
        "2024.11. 05 14:20:02",
    ] {
        assert_eq!(b(line), Read::None, "{line}");
    }
}

#[test]
fn the_file_s_date_order() {
    let text = |first: &str, culture: &str| {
        format!("{first} 10265 [Client=UX] START\n   Current Culture   | {culture}\n")
    };
    // Proved by a day above 12, whatever the culture says.
    assert_eq!(
        day_order(&text("13.11.2024 09:00:00", "en-US")),
        DayOrder::DayFirst
    );
    assert_eq!(
        day_order(&text("11/13/2024 09:00:00", "de-DE")),
        DayOrder::MonthFirst
    );
    // Else the culture's custom.
    assert_eq!(
        day_order(&text("05/11/2024 09:00:00", "en-GB")),
        DayOrder::DayFirst
    );
    assert_eq!(
        day_order(&text("11/05/2024 09:00:00", "en-US")),
        DayOrder::MonthFirst
    );
    // Else a `/` date with an AM/PM clock is month first.
    assert_eq!(
        day_order("11/05/2024 9:00:00 AM 10265 [Client=UX] START\n"),
        DayOrder::MonthFirst
    );
    assert_eq!(
        day_order("05.11.2024 09:00:00 10265 [Client=UX] START\n"),
        DayOrder::DayFirst
    );
}

#[test]
fn designators_of_the_cultures() {
    for pm in [
        "PM", "pm", "p. m.", "p.m.", "午後", "下午", "오후", "ÖS", "μμ", "م",
    ] {
        assert_eq!(meridiem(pm), Some(true), "{pm}");
    }
    for am in ["AM", "a. m.", "午前", "上午", "오전", "ÖÖ", "πμ", "ص"] {
        assert_eq!(meridiem(am), Some(false), "{am}");
    }
    assert_eq!(meridiem("WARNING"), None);
    assert_eq!(meridiem("*ERROR*"), None);
}

#[test]
fn pm_stamps_of_the_cultures_read_as_pm() {
    // `G` stamps as .NET writes them under each culture (NLS on Windows, ICU elsewhere), each
    // 14:20:02 on 5 November 2024; AM partners below.
    let want = at(2024, 11, 5, 14, 20, 2, 0);
    let lines = [
        ("05/11/2024 2:20:02 CH 10276 [x]", "vi-VN"),
        ("05-11-2024 02:20:02 अपराह्न 10276 [x]", "hi-IN (NLS)"),
        ("5/11/2024 2:20:02 pm 10276 [x]", "hi-IN (ICU)"),
        ("2024/11/5 下午2:20:02 10276 [x]", "zh-TW (ICU)"),
        ("5/11/2024 下午2:20:02 10276 [x]", "zh-HK (ICU)"),
        ("2024/11/05 午後2:20:02 10276 [x]", "ja-JP (tth:mm:ss)"),
        ("2024. 11. 5. 오후 2:20:02 10276 [x]", "ko-KR (ICU)"),
        ("05/11/2024 02:20:02 \u{645} 10276 [x]", "ar-EG"),
        ("5/11/2024 2:20:02 \u{3bc}.\u{3bc}. 10276 [x]", "el-GR"),
        ("05/11/2024 02:20:02 p.\u{a0}m. 10276 [x]", "es-MX"),
        ("5/11/2024 2:20:02\u{202f}pm 10276 [x]", "en-AU (ICU 72)"),
        ("5/11/2024 பிற்பகல் 2:20:02 10276 [x]", "ta-IN (ICU)"),
        ("05/11/2024 2:20:02 PTG 10276 [x]", "ms-MY"),
        ("5.11.2024 2:20:02.MD 10276 [x]", "sq-AL (NLS)"),
        ("5.11.2024 2:20:02 e pasdites 10276 [x]", "sq-AL (ICU)"),
        ("5/11/2024 2:20:02 หลังเที่ยง 10276 [x]", "th-TH (ICU)"),
        ("2024/11/05 02:20:02 nm. 10276 [x]", "af-ZA"),
        ("5.11.2024 2:20:02 сл.об. 10276 [x]", "bg-BG"),
        ("05/11/2024 2:20:02 ઉત્તર મધ્યાહ્ન 10276 [x]", "gu-IN"),
    ];
    for (line, culture) in lines {
        assert_eq!(
            stamp(line, DayOrder::DayFirst),
            Some((want, " 10276 [x]")),
            "{culture}: {line}"
        );
    }
    let am = at(2024, 11, 5, 2, 20, 2, 0);
    for line in [
        "05/11/2024 2:20:02 SA 10276 [x]",
        "2024/11/5 上午2:20:02 10276 [x]",
        "05-11-2024 02:20:02 पूर्वाह्न 10276 [x]",
        "5.11.2024 2:20:02 e paradites 10276 [x]",
        "5/11/2024 2:20:02 \u{3c0}.\u{3bc}. 10276 [x]",
    ] {
        assert_eq!(
            stamp(line, DayOrder::DayFirst),
            Some((am, " 10276 [x]")),
            "{line}"
        );
    }
}

#[test]
fn designators_are_whole_words() {
    // The Pashto AM holds the Arabic PM; a word merely containing `am` is none.
    assert_eq!(meridiem("\u{63a}.\u{645}."), Some(false), "ps-AF AM");
    assert_eq!(meridiem("\u{63a}.\u{648}."), Some(true), "ps-AF PM");
    assert_eq!(meridiem("Team"), None);
    assert_eq!(meridiem("\u{645}\u{62d}\u{645}\u{62f}"), None);
    assert_eq!(
        meridiem("\u{200f}\u{645}"),
        Some(true),
        "with a right-to-left mark"
    );
    assert_eq!(meridiem(" PM"), Some(true), "as the header passes it");
    assert_eq!(meridiem(""), None);
    // A day order read from an ICU es clock, a `/` date and no culture row.
    assert_eq!(
        day_order("11/05/2024 9:00:00 p.\u{a0}m. 10265 [Client=UX] START\n"),
        DayOrder::MonthFirst
    );
}

#[test]
fn a_year_of_another_calendar_is_said() {
    let hijri = at(1446, 5, 3, 14, 20, 2, 0);
    let said = other_calendar(hijri, Some("ar-SA")).expect("said");
    assert!(
        said.starts_with("dated 1446: not a Gregorian year"),
        "{said}"
    );
    assert!(said.contains("(culture ar-SA)"), "{said}");
    assert_eq!(other_calendar(at(2024, 11, 5, 14, 20, 2, 0), None), None);
}

#[test]
fn years_of_other_calendars_are_gregorian_years() {
    assert_eq!(gregorian_year(2567), 2024, "Thai Buddhist");
    assert_eq!(gregorian_year(6), 2024, "Reiwa 6");
    assert_eq!(gregorian_year(1), 2019, "Reiwa 1");
    assert_eq!(gregorian_year(31), 2019, "Heisei 31");
    assert_eq!(gregorian_year(25), 2013, "Heisei 25");
    assert_eq!(gregorian_year(2024), 2024);
    assert_eq!(gregorian_year(1446), 1446, "Hijri: not converted, said");
}

proptest::proptest! {
    #[test]
    fn stamp_like_starts_never_panic(
        line in "[0-9]{0,5}[./-][0-9]{0,3}[./-][0-9]{0,5}( (오후|午後|PM|p\\. m\\.) )?[ 0-9:.,]{0,16}( (AM|μμ|오전|x))?.{0,8}",
        month_first in proptest::prelude::any::<bool>(),
    ) {
        let order = if month_first { DayOrder::MonthFirst } else { DayOrder::DayFirst };
        if let Read::Stamp(s) = read(line.as_bytes(), order) {
            proptest::prop_assert!(line.is_char_boundary(s.len));
        }
        let _ = day_order(&line);
    }
}
