//! The field list of an IIS data line met before any `#Fields:` directive, worked out from its
//! values. Logs reach a ticket without their header (the tail of a big file, the lines a
//! `findstr mrsproxy` kept); when the server logged the Exchange default fields the default
//! list reads them, but any other selection (`s-computername`, `cs-host`, `sc-bytes`, the IIS
//! 7.5 default without `cs(Referer)`) made every line unreadable.
//!
//! IIS writes the standard fields it logs in one fixed order (W3C logging documentation),
//! custom fields after them, so a line's values are that order with some fields left out.
//! Each value is given to the first standard field, in that order, whose shape it has; where
//! shapes allow several readings, the one that keeps to the Exchange default list wins (a
//! `-` after `c-ip` is `cs(User-Agent)` rather than `cs(Cookie)`). A line must show the
//! fields a request is read by (`cs-method`, `cs-uri-stem`, `c-ip`, `sc-status`), else it is
//! not an IIS line and nothing is worked out.

/// The standard IIS fields in the order IIS writes them after `date time`, with the shape of
/// their values and whether the Exchange default list has them.
const ORDER: [(&str, Shape, bool); 20] = [
    ("s-sitename", Shape::Site, false),
    ("s-computername", Shape::Computer, false),
    ("s-ip", Shape::Address, true),
    ("cs-method", Shape::Method, true),
    ("cs-uri-stem", Shape::Stem, true),
    ("cs-uri-query", Shape::Any, true),
    ("s-port", Shape::Port, true),
    ("cs-username", Shape::User, true),
    ("c-ip", Shape::Address, true),
    ("cs-version", Shape::Version, false),
    ("cs(User-Agent)", Shape::Any, true),
    ("cs(Cookie)", Shape::Any, false),
    ("cs(Referer)", Shape::Referer, true),
    ("cs-host", Shape::Host, false),
    ("sc-status", Shape::Status, true),
    ("sc-substatus", Shape::Number, true),
    ("sc-win32-status", Shape::Number, true),
    ("sc-bytes", Shape::Number, false),
    ("cs-bytes", Shape::Number, false),
    ("time-taken", Shape::Number, true),
];

/// Fields a line must show to be read as an IIS request.
const NEEDED: [&str; 4] = ["cs-method", "cs-uri-stem", "c-ip", "sc-status"];

/// Most values a line may have to be worked out (IIS has 22 standard fields).
const MAX_VALUES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Site,
    Computer,
    Address,
    Method,
    Stem,
    Port,
    User,
    Version,
    Referer,
    Host,
    Status,
    Number,
    Any,
}

impl Shape {
    /// How well `v` fits: `None` not at all, else a score (a telling value scores more than a
    /// `-` or a value any field could hold).
    fn fits(self, v: &str) -> Option<u32> {
        let dash = v == "-";
        let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
        let ok = |c: bool, score: u32| c.then_some(score);
        match self {
            Shape::Site => ok(is_site(v), 4),
            Shape::Computer => ok(
                !dash && !digits && !is_address(v) && !is_method(v) && v.bytes().all(is_name),
                1,
            ),
            Shape::Address => ok(is_address(v), 4),
            Shape::Method => ok(is_method(v), 4),
            Shape::Stem => ok(v.starts_with('/') || v == "*", 4),
            Shape::Port => ok(digits && v.parse::<u16>().is_ok_and(|p| p > 0), 2),
            Shape::User => ok(true, u32::from(v.contains(['\\', '@']))),
            Shape::Version => ok(v.len() > 5 && starts_with_ignore_case(v, "HTTP/"), 4),
            Shape::Referer => ok(dash || v.starts_with("http"), u32::from(!dash)),
            Shape::Host => ok(dash || !v.contains('/'), u32::from(!dash)),
            Shape::Status => ok(
                digits && v.len() == 3 && (b'1'..=b'5').contains(&v.as_bytes()[0]),
                4,
            ),
            Shape::Number => ok(digits || dash, u32::from(digits)),
            Shape::Any => ok(true, 0),
        }
    }
}

/// `W3SVC` and a site id.
fn is_site(v: &str) -> bool {
    v.len() > 5
        && starts_with_ignore_case(v, "W3SVC")
        && v.bytes().skip(5).all(|b| b.is_ascii_digit())
}

/// Whether `v` starts with the ASCII `head`, ignoring case.
fn starts_with_ignore_case(v: &str, head: &str) -> bool {
    v.as_bytes()
        .get(..head.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(head.as_bytes()))
}

/// An IPv4 or IPv6 address (an IPv6 zone id allowed).
fn is_address(v: &str) -> bool {
    let bare = v.split_once('%').map_or(v, |(a, _)| a);
    bare.parse::<std::net::IpAddr>().is_ok()
}

/// An HTTP verb as IIS logs it (`GET`, `RPC_IN_DATA`, `PROPFIND`).
fn is_method(v: &str) -> bool {
    v.len() <= 32
        && v.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_' || b == b'-')
}

/// A byte of a computer name (NetBIOS or DNS).
fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'$')
}

/// The `#Fields:` list (names separated by spaces) of an IIS data line, when its values are
/// the standard fields in IIS order (custom fields after them are named `custom-1`, …).
pub fn fields_of(line: &str) -> Option<String> {
    let values: Vec<&str> = line.split_ascii_whitespace().collect();
    if values.len() < 2 + NEEDED.len() || values.len() > MAX_VALUES {
        return None;
    }
    if super::value::parse_date(values[0].as_bytes()).is_none()
        || super::value::parse_time(values[1].as_bytes()).is_none()
    {
        return None;
    }
    let names = assign(&values[2..])?;
    let mut out = String::from("date time");
    let mut custom = 0;
    for name in names {
        out.push(' ');
        match name {
            Some(name) => out.push_str(name),
            None => {
                custom += 1;
                out.push_str(&format!("custom-{custom}"));
            }
        }
    }
    Some(out)
}

/// The best reading of `values`: each a standard field in order (`Some`), or after the last
/// standard field read, a custom one (`None`).
fn assign(values: &[&str]) -> Option<Vec<Option<&'static str>>> {
    let (n, m) = (values.len(), ORDER.len());
    // best[i][j]: the best score of reading values[i..] with fields ORDER[j..] still free;
    // a value given to no standard field ends the standard ones (the rest are custom).
    let mut best = vec![vec![None::<u32>; m + 1]; n + 1];
    best[n] = vec![Some(0); m + 1];
    for i in (0..n).rev() {
        // Custom from here on.
        best[i][m] = Some(0);
        for j in (0..m).rev() {
            let skip = best[i][j + 1];
            let (_, shape, default) = ORDER[j];
            let take = shape
                .fits(values[i])
                .and_then(|s| best[i + 1][j + 1].map(|rest| rest + 2 * s + u32::from(default)));
            best[i][j] = match (take, skip) {
                (Some(t), Some(s)) => Some(t.max(s)),
                (t, s) => t.or(s),
            };
        }
    }
    let mut names = Vec::with_capacity(n);
    let (mut i, mut j) = (0, 0);
    while i < n {
        if j == m {
            names.push(None);
            i += 1;
            continue;
        }
        let (name, shape, default) = ORDER[j];
        let take = shape
            .fits(values[i])
            .and_then(|s| best[i + 1][j + 1].map(|rest| rest + 2 * s + u32::from(default)));
        if take.is_some() && take >= best[i][j + 1] {
            names.push(Some(name));
            i += 1;
        }
        j += 1;
    }
    NEEDED
        .iter()
        .all(|f| names.contains(&Some(*f)))
        .then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exchange_default_reads_as_itself() {
        let line = "2024-11-05 10:00:01 10.0.0.11 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 - - \
                    401 2 5 0";
        assert_eq!(
            fields_of(line).as_deref(),
            Some(super::super::fields::IIS_DEFAULT)
        );
    }

    #[test]
    fn every_standard_field_and_a_custom_one() {
        let line = "2024-11-05 10:05:01 W3SVC1 EX01 10.0.0.11 POST /EWS/mrsproxy.svc - 443 - \
                    10.0.5.20 HTTP/1.1 Microsoft+Office/16.0 - - mail.contoso.com 401 1 \
                    2148074254 1510 530 1 203.0.113.7";
        assert_eq!(
            fields_of(line).as_deref(),
            Some(
                "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query \
                 s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) \
                 cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken \
                 custom-1"
            )
        );
    }

    #[test]
    fn the_iis_7_5_default_without_referer() {
        let line = "2013-06-12 08:14:55 fe80::1%12 POST /Microsoft-Server-ActiveSync/default.eas \
                    User=jsmith&Cmd=Ping 443 CONTOSO\\jsmith 2001:db8::5 Apple-iPhone5C2/1102.55 \
                    200 0 0 1";
        assert_eq!(
            fields_of(line).as_deref(),
            Some(
                "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
                 cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken"
            )
        );
    }

    #[test]
    fn lines_that_are_no_iis_request_give_nothing() {
        for line in [
            "2024-11-05 10:00:01 just some text",
            "2002-07-05 18:45:09 172.31.77.6 2094 172.31.77.6 80 HTTP/1.1 GET /qos/1kbfile.txt \
             503 - ConnLimit",
            "2024.11.05 10:00:01.123         10016 [Client=UX, Thread=1] Startup Options: boot",
            "",
        ] {
            assert_eq!(fields_of(line), None, "{line}");
        }
    }
}
