use super::*;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> UtcMs {
    UtcMs::from_civil(y, mo, d, h, mi, 0, 0).expect("civil")
}

#[test]
fn bounds_read_like_goto_in_utc_or_with_a_zone() {
    let since = parse_bound("2024-11-05 13:23", None).expect("since");
    assert_eq!(since, at(2024, 11, 5, 13, 23));
    assert_eq!(parse_bound("2024-11-05", None), Ok(at(2024, 11, 5, 0, 0)));
    assert_eq!(
        parse_bound("2024-11-05T13:23:00+01:00", None),
        Ok(at(2024, 11, 5, 12, 23))
    );
    assert_eq!(
        parse_bound("2024-11-05 13:23 +01:00", None),
        Ok(at(2024, 11, 5, 12, 23))
    );
    assert_eq!(parse_bound("2024-11-05T13:23Z", None), Ok(since));
    assert_eq!(parse_bound("+2h", Some(since)), Ok(at(2024, 11, 5, 15, 23)));
    assert_eq!(
        parse_bound("14:30", Some(since)),
        Ok(at(2024, 11, 5, 14, 30))
    );
    assert!(parse_bound("13:23", None).is_err_and(|e| e.contains("no date")));
    assert!(parse_bound("+2h", None).is_err());
    assert!(parse_bound("2024-13-05", None).is_err());
}

#[test]
fn a_bound_dated_day_first_with_dots_is_read_and_a_slashed_one_is_called_ambiguous() {
    assert_eq!(
        parse_bound("05.11.2024 13:23", None),
        Ok(at(2024, 11, 5, 13, 23))
    );
    assert_eq!(
        parse_bound("05.11.2024 13:23 +01:00", None),
        Ok(at(2024, 11, 5, 12, 23))
    );
    // It has a date, just not one that can be read either way: not "has no date".
    let err = parse_bound("11/05/2024 13:23", None).expect_err("ambiguous");
    assert!(err.contains("month or day first"), "{err}");
}

#[test]
fn windows_are_half_open_and_overlap_with_slack() {
    let w = Window {
        since: Some(at(2024, 11, 5, 12, 0)),
        until: Some(at(2024, 11, 5, 14, 0)),
    };
    assert!(w.contains(at(2024, 11, 5, 12, 0)));
    assert!(!w.contains(at(2024, 11, 5, 14, 0)));
    assert!(w.overlaps(at(2024, 11, 5, 0, 0), at(2024, 11, 5, 12, 0), 0));
    assert!(!w.overlaps(at(2024, 11, 4, 0, 0), at(2024, 11, 5, 11, 59), 0));
    assert!(w.overlaps(at(2024, 11, 4, 0, 0), at(2024, 11, 5, 11, 59), 60_000));
    assert!(!w.overlaps(at(2024, 11, 5, 14, 0), at(2024, 11, 6, 0, 0), 0));
    assert_eq!(w.label(), "2024-11-05 12:00–14:00");
    assert_eq!(Window::default().label(), "everything");
    let day = Window {
        since: Some(at(2024, 11, 6, 0, 0)),
        until: Some(at(2024, 11, 7, 0, 0)),
    };
    assert_eq!(day.label(), "2024-11-06 00:00–24:00");
}

#[test]
fn the_default_window_needs_runs_and_more_than_a_day_of_iis() {
    let runs = [
        (
            at(2024, 11, 5, 12, 9),
            at(2024, 11, 5, 12, 40),
            ZoneOrigin::Header,
        ),
        (
            at(2024, 11, 5, 13, 0),
            at(2024, 11, 5, 13, 36),
            ZoneOrigin::Header,
        ),
    ];
    let month = Some((at(2024, 11, 1, 0, 0), at(2024, 11, 30, 23, 59)));
    let day = Some((at(2024, 11, 5, 0, 0), at(2024, 11, 5, 23, 59)));
    let r = choose(WindowMode::runs(), &runs, month).expect("active");
    assert_eq!(r.window.since, Some(at(2024, 11, 5, 11, 9)));
    assert_eq!(r.window.until, Some(at(2024, 11, 5, 14, 36).plus_ms(1)));
    assert_eq!(
        r.origin,
        WindowOrigin::HcwRuns {
            margin_ms: 3_600_000
        }
    );
    assert_eq!(choose(WindowMode::runs(), &runs, day), None, "one day");
    assert_eq!(choose(WindowMode::runs(), &[], month), None, "no HCW");
    assert_eq!(choose(WindowMode::All, &runs, month), None);
    let assumed = [(runs[0].0, runs[0].1, ZoneOrigin::Assumed)];
    let r = choose(WindowMode::runs(), &assumed, month).expect("active");
    assert_eq!(r.window.since, Some(at(2024, 11, 4, 21, 9)), "± 15 h");
    assert_eq!(
        WindowMode::runs().widened(),
        WindowMode::Runs {
            margin_ms: 7_200_000
        }
    );
    let mut m = WindowMode::runs();
    for _ in 0..6 {
        m = m.widened();
    }
    assert_eq!(m, WindowMode::All, "widening ends at everything");
}
