//! The values of `--tz SRC=ZONE`, `--skew SRC=DELTA` and `--size`: what a source selector
//! names, zones, signed durations with their unit, sizes; each error says what to write.

use crate::pipeline::Selector;
use crate::source::SourceKind;
use crate::time::ZoneSpec;

fn parse_selector(text: &str) -> Selector {
    match text.to_ascii_lowercase().as_str() {
        "hcw" => Selector::Kind(SourceKind::Hcw),
        "iis" => Selector::Kind(SourceKind::Iis),
        "w3c" => Selector::Kind(SourceKind::W3c),
        "httperr" => Selector::Kind(SourceKind::Httperr),
        "httpproxy" => Selector::Kind(SourceKind::HttpProxy),
        "evtx" => Selector::Kind(SourceKind::Evtx),
        _ => Selector::Name(text.to_string()),
    }
}

fn split_assignment(text: &str) -> Result<(&str, &str), String> {
    text.split_once('=')
        .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
        .ok_or_else(|| format!("expected SRC=VALUE, got `{text}`"))
}

pub(super) fn parse_tz(text: &str) -> Result<(Selector, ZoneSpec), String> {
    let (src, zone) = split_assignment(text)?;
    let spec = ZoneSpec::parse(zone).ok_or_else(|| {
        format!(
            "unknown zone `{zone}`: use an offset like +01:00 or an IANA name like Europe/Berlin"
        )
    })?;
    let sel = parse_selector(src.trim());
    if let Selector::Kind(kind @ (SourceKind::Evtx | SourceKind::HttpProxy)) = sel {
        let name = kind.name();
        return Err(format!(
            "{name} times are UTC by format, a zone changes nothing; \
             for a server clock that is off, use --skew {name}=DELTA (e.g. +7s)"
        ));
    }
    Ok((sel, spec))
}

/// Parses `+7s`, `-1500ms`, `+2m`, `+1h` into milliseconds; a number needs its unit.
pub fn parse_duration_ms(text: &str) -> Option<i64> {
    let t = text.trim();
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (num, unit) = rest.split_at(split);
    let value: f64 = num.parse().ok()?;
    let scale = match unit {
        "ms" => 1.0,
        "s" => 1000.0,
        "m" | "min" => 60_000.0,
        "h" => 3_600_000.0,
        _ => return None,
    };
    let ms = (value * scale).round();
    if !ms.is_finite() || ms.abs() > 1e12 {
        return None;
    }
    Some(sign * ms as i64)
}

pub(super) fn parse_skew(text: &str) -> Result<(Selector, i64), String> {
    let (src, delta) = split_assignment(text)?;
    let delta = delta.trim();
    let bare = delta.trim_start_matches(['+', '-']);
    if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!(
            "skew `{delta}` has no unit: write `{delta}s` for seconds (or ms, m, h)"
        ));
    }
    let ms = parse_duration_ms(delta)
        .ok_or_else(|| format!("bad skew `{delta}`: use e.g. +7s, -1500ms, +2m, +1h"))?;
    Ok((parse_selector(src.trim()), ms))
}

pub(super) fn parse_size(text: &str) -> Result<u64, String> {
    crate::generate::parse_size(text)
        .ok_or_else(|| format!("bad size `{text}`: use e.g. 100M or 1G"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("+7s"), Some(7000));
        assert_eq!(parse_duration_ms("-1500ms"), Some(-1500));
        assert_eq!(parse_duration_ms("+1h"), Some(3_600_000));
        assert_eq!(parse_duration_ms("2m"), Some(120_000));
        assert_eq!(parse_duration_ms("x"), None);
        assert_eq!(parse_duration_ms("7"), None, "a unit is required");
    }

    #[test]
    fn a_skew_without_unit_suggests_seconds() {
        let err = parse_skew("iis=7").expect_err("no unit");
        assert!(err.contains("`7s`"), "{err}");
        let err = parse_skew("EX02=-1.5").expect_err("no unit");
        assert!(err.contains("`-1.5s`"), "{err}");
        assert_eq!(
            parse_skew("iis=+7s"),
            Ok((Selector::Kind(SourceKind::Iis), 7000))
        );
    }

    #[test]
    fn tz_and_sizes() {
        let (sel, z) = parse_tz("hcw=+01:00").unwrap();
        assert_eq!(sel, Selector::Kind(SourceKind::Hcw));
        assert_eq!(z, ZoneSpec::Fixed(3600));
        assert!(parse_tz("hcw=Mars/Olympus").is_err());
        assert_eq!(
            parse_tz("W3C=+02:00").map(|(s, _)| s),
            Ok(Selector::Kind(SourceKind::W3c))
        );
        assert!(parse_tz("httpproxy=+02:00").is_err());
        assert_eq!(
            parse_skew("evtx=+2s"),
            Ok((Selector::Kind(SourceKind::Evtx), 2000))
        );
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("100M"), Ok(100 << 20));
    }
}
