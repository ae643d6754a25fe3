//! Which `--tz` / `--skew` applies to a source: the last matching selector wins.

use super::{LoadOptions, Selector};
use crate::source::{SourceInfo, SourceKind};
use crate::time::ZoneSpec;
use std::path::Path;

fn matches(sel: &Selector, kind: SourceKind, path: &Path, label: &str) -> bool {
    match sel {
        Selector::Kind(k) => *k == kind,
        Selector::Name(n) => {
            // The server's FQDN names it too (`--skew ex01.contoso.com=` for the HCW log of
            // EX01 or the logs in `EX01/W3SVC1`): one machine, whatever it is called.
            let fqdn = n.contains('.') && crate::source::same_machine(n, label);
            let n = n.to_ascii_lowercase();
            fqdn || path.to_string_lossy().to_ascii_lowercase().contains(&n)
                || label.to_ascii_lowercase().contains(&n)
        }
    }
}

/// The zone override for a source, if any.
pub(super) fn zone_for(
    o: &LoadOptions,
    kind: SourceKind,
    path: &Path,
    label: &str,
) -> Option<ZoneSpec> {
    o.zones
        .iter()
        .rev()
        .find(|(s, _)| matches(s, kind, path, label))
        .map(|(_, z)| z.clone())
}

/// The total skew for a source in ms (all matching `--skew` values add up).
pub(super) fn skew_for(o: &LoadOptions, kind: SourceKind, path: &Path, label: &str) -> i64 {
    o.skews
        .iter()
        .filter(|(s, _)| matches(s, kind, path, label))
        .map(|(_, ms)| *ms)
        .sum()
}

fn selector_text(sel: &Selector) -> String {
    match sel {
        Selector::Kind(k) => k.name().to_string(),
        Selector::Name(n) => n.clone(),
    }
}

/// One line naming every `--tz` / `--skew` whose selector matches no loaded source (for `--tz`,
/// none whose times take a zone), and the sources there are (`EX01 (iis), HCWHOST (hcw)`); None when every selector applies.
/// `runs` names the machine of each HCW run appended after its file's first: a selector naming
/// it applies to that run.
pub(super) fn unmatched(
    o: &LoadOptions,
    sources: &[SourceInfo],
    runs: &[(crate::source::SourceId, String)],
) -> Option<String> {
    let hits = |sel: &Selector, zoned: bool| {
        sources
            .iter()
            .any(|s| (!zoned || takes_zone(s.kind)) && matches(sel, s.kind, &s.path, &s.server))
            || runs.iter().any(|(id, m)| {
                crate::source::by_id(sources, *id).is_some_and(|s| matches(sel, s.kind, &s.path, m))
            })
    };
    let mut missed: Vec<String> = Vec::new();
    let mut utc_only = false;
    let tz = o.zones.iter().map(|(s, _)| ("--tz", s, true));
    let skew = o.skews.iter().map(|(s, _)| ("--skew", s, false));
    for (flag, sel, zoned) in tz.chain(skew) {
        let text = format!("{flag} {}=", selector_text(sel));
        if !hits(sel, zoned) && !missed.contains(&text) {
            utc_only |= hits(sel, false);
            missed.push(text);
        }
    }
    if missed.is_empty() {
        return None;
    }
    let mut known: Vec<String> = Vec::new();
    for s in sources {
        let name = format!(
            "{} ({})",
            crate::escape::escape_control(&s.name()),
            s.kind.name()
        );
        if !known.contains(&name) {
            known.push(name);
        }
    }
    const SHOWN: usize = 8;
    let more = known.len().saturating_sub(SHOWN);
    known.truncate(SHOWN);
    if more > 0 {
        known.push(format!("{more} more"));
    }
    let known = if known.is_empty() {
        "no sources were loaded".to_string()
    } else {
        format!("known sources: {}", known.join(", "))
    };
    let verb = if missed.len() == 1 {
        "matches"
    } else {
        "match"
    };
    let why = if utc_only {
        " (evtx and httpproxy times are UTC by format: --skew corrects a clock that is off)"
    } else {
        ""
    };
    Some(format!(
        "{} {verb} no source{why}; {known}",
        missed.join(" and ")
    ))
}

/// Whether `--tz` means anything for a kind: EVTX and HttpProxy instants are UTC by format.
fn takes_zone(kind: SourceKind) -> bool {
    !matches!(kind, SourceKind::Evtx | SourceKind::HttpProxy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceId, SourceStats, TextEncoding, ZoneOrigin};

    fn src(i: u16, kind: SourceKind, server: &str) -> SourceInfo {
        SourceInfo {
            id: SourceId(i),
            path: format!("{server}/W3SVC1/u_ex2411{i:02}.log").into(),
            kind,
            encoding: TextEncoding::Utf8,
            server: server.into(),
            zone: ZoneSpec::Fixed(0),
            zone_origin: ZoneOrigin::Utc,
            skew_ms: 0,
            stats: SourceStats::default(),
            span: None,
        }
    }

    #[test]
    fn selectors_matching_nothing_are_named_once_with_the_sources() {
        let sources = vec![
            src(0, SourceKind::Iis, "EX01"),
            src(1, SourceKind::Iis, "EX01"),
            src(2, SourceKind::Hcw, "HCWHOST"),
        ];
        let o = LoadOptions {
            zones: vec![
                (Selector::Kind(SourceKind::Httperr), ZoneSpec::Fixed(0)),
                (Selector::Name("ex01".into()), ZoneSpec::Fixed(0)),
            ],
            skews: vec![
                (Selector::Name("EX02".into()), 1000),
                (Selector::Name("EX02".into()), 2000),
            ],
            index: false,
            ..LoadOptions::default()
        };
        assert_eq!(
            unmatched(&o, &sources, &[]).as_deref(),
            Some(
                "--tz httperr= and --skew EX02= match no source; \
                 known sources: EX01 (iis), HCWHOST (hcw)"
            )
        );
        let fine = LoadOptions {
            skews: vec![(Selector::Name("w3svc1".into()), 1000)],
            ..LoadOptions::default()
        };
        assert_eq!(
            unmatched(&fine, &sources, &[]),
            None,
            "a folder name matches"
        );
        let many: Vec<SourceInfo> = (0..12)
            .map(|i| src(i, SourceKind::Iis, &format!("EX{i:02}")))
            .collect();
        let text = unmatched(&o, &many, &[]).unwrap_or_default();
        assert!(text.ends_with("EX07 (iis), 4 more"), "{text}");
    }

    /// A `--tz` by name that reaches only logs with UTC instants by format (EVTX, HttpProxy)
    /// changes nothing: it is named, with the hint that `--skew` is the knob for those.
    #[test]
    fn a_tz_reaching_only_utc_by_format_logs_is_named() {
        let sources = vec![
            src(0, SourceKind::Iis, "EX01"),
            src(1, SourceKind::Evtx, "EX02"),
            src(2, SourceKind::HttpProxy, "EX02"),
        ];
        let o = LoadOptions {
            zones: vec![(Selector::Name("ex02".into()), ZoneSpec::Fixed(3600))],
            skews: vec![(Selector::Name("ex02".into()), 1000)],
            ..LoadOptions::default()
        };
        assert_eq!(
            unmatched(&o, &sources, &[]).as_deref(),
            Some(
                "--tz ex02= matches no source (evtx and httpproxy times are UTC by format: \
                 --skew corrects a clock that is off); \
                 known sources: EX01 (iis), EX02 (evtx), EX02 (httpproxy)"
            )
        );
        let o = LoadOptions {
            zones: vec![(Selector::Name("ex0".into()), ZoneSpec::Fixed(3600))],
            ..LoadOptions::default()
        };
        assert_eq!(
            unmatched(&o, &sources, &[]),
            None,
            "EX01's IIS log takes it"
        );
    }

    /// A server given by its FQDN selects the logs that name it short: the HCW log of the
    /// machine and the logs of its folder (`--skew ex01.contoso.com=` matched nothing).
    #[test]
    fn a_server_s_fqdn_selects_its_logs() {
        let fqdn = Selector::Name("EX01.contoso.com".into());
        let hcw = std::path::Path::new("hcw/20241105_142155.log");
        let iis = std::path::Path::new("EX01/W3SVC1/u_ex241105.log");
        assert!(matches(&fqdn, SourceKind::Hcw, hcw, "EX01"));
        assert!(matches(&fqdn, SourceKind::Iis, iis, "ex01/W3SVC1"));
        assert!(!matches(&fqdn, SourceKind::Hcw, hcw, "EX02"));
        let other = Selector::Name("ex01.fabrikam.com".into());
        assert!(!matches(&other, SourceKind::Iis, iis, "ex01.contoso.com"));
    }
}
