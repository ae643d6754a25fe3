//! What a suggested skew is said as: the report's sentence with the argument that applies it
//! (`--tz`, `--skew`, or none), the shift as a `--skew` value (`+95s`); the shift in words is
//! [`crate::wording::clock_shift`], the one wording of every skew.

use super::SkewSuggestion;
use super::calls::{calls_lined, calls_noun};
use super::machine::apply_skew_ms;
use super::switch;
use super::zone::{zone_after, zone_shift};
use crate::escape::escape_control;
use crate::source::SourceInfo;
use crate::wording::{clock_gap, clock_shift};

/// The report's sentence for a suggestion, with the argument that applies it: `--tz` when the
/// shift is a whole time-zone difference from the one fixed zone the HCW logs were read in
/// (`sources`), else `--skew`.
pub fn skew_sentence(s: &SkewSuggestion, sources: &[SourceInfo]) -> String {
    // A machine's clock is corrected by its name: `hcw` would shift the other machines' runs.
    let sel = s
        .machine
        .as_deref()
        .map_or_else(|| "hcw".to_string(), |m| escape_control(m).into_owned());
    let of = s
        .machine
        .as_deref()
        .map_or_else(String::new, |m| format!(" of {}", escape_control(m)));
    // A `--skew` given again replaces the one the runs took: the argument is their sum.
    let arg_ms = apply_skew_ms(s, sources);
    let lined = format!("{} after the shift", calls_lined(s));
    let noun = calls_noun(s);
    if let Some(zone) = zone_shift(s.offset_ms) {
        let what = format!(
            "Clock zone suggested: the HCW {noun}{of} line up with IIS after a shift of {} \
             ({lined}), a whole time-zone difference ({}): the zone the HCW log was read in is \
             wrong, not its clock",
            clock_shift(s.offset_ms),
            clock_shift(zone),
        );
        return match zone_after(sources, zone) {
            Some((read, tz)) => match switched_zones(sources, zone).split_first() {
                Some((name, _)) => format!(
                    "Clock zone suggested: the HCW {noun}{of} line up with IIS after a \
                     shift of {} ({lined}). The HCW log's header gave {read} at its start and \
                     the calls line up at UTC{tz}: its clock changed during the run (a \
                     daylight-saving switch), so a fixed --tz {sel}={tz} would misplace the \
                     entries before the switch. Apply with --tz {sel}={name} if that is the \
                     machine's zone (those that switched so then: {}).",
                    clock_shift(s.offset_ms),
                    switch::listed(&switched_zones(sources, zone)),
                ),
                None => format!(
                    "{what}. Its times are in UTC{tz}, not {read}. Apply with --tz {sel}={tz}."
                ),
            },
            None => format!(
                "{what}. Correct it with --tz for the HCW source, or {}.",
                apply_with(&sel, arg_ms, "apply the shift with")
            ),
        };
    }
    let apply = apply_with(&sel, arg_ms, "apply with");
    format!(
        "Clock skew suggested: the HCW clock{of} looks {} off; shift HCW by {} ({lined}). {}{}.",
        clock_gap(s.offset_ms),
        clock_shift(s.offset_ms),
        apply.get(..1).unwrap_or_default().to_uppercase(),
        apply.get(1..).unwrap_or_default(),
    )
}

/// The zones the HCW logs' clock switched between when their one fixed offset came from
/// their headers and the calls line up `zone` ms off ([`switch::switched`]).
pub fn switched_zones(sources: &[SourceInfo], zone: i64) -> Vec<&'static str> {
    let read = sources
        .iter()
        .find(|s| s.kind == crate::source::SourceKind::Hcw)
        .map(|s| s.zone.clone());
    match read {
        Some(crate::time::ZoneSpec::Fixed(o)) => switch::switched(sources, o, zone),
        _ => Vec::new(),
    }
}

/// `apply with --skew EX02=+95s` (`how` the words before the argument); when the skew that
/// lines the calls up is none (`ms` 0: the one given put the clock off), `load without the
/// --skew given for EX02`, not a `--skew EX02=0s` that reads like a correction.
pub fn apply_with(sel: &str, ms: i64, how: &str) -> String {
    if ms == 0 {
        format!("load without the --skew given for {sel}")
    } else {
        format!("{how} --skew {sel}={}", skew_arg(ms))
    }
}

/// The value of `--skew` that shifts by `ms`: `+1h`, `+95s`, `-250ms`; `0s` for none (not
/// `+0h`, which reads like an hour).
pub fn skew_arg(ms: i64) -> String {
    if ms == 0 {
        "0s".to_string()
    } else if ms % 3_600_000 == 0 {
        format!("{:+}h", ms / 3_600_000)
    } else if ms % 1000 == 0 {
        format!("{:+}s", ms / 1000)
    } else {
        format!("{:+}ms", ms)
    }
}
