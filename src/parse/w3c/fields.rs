//! The column map of a W3C file: which field of a data line feeds which record field. It is
//! bound from each `#Fields:` directive, or from the default list of the log kind when a file has
//! no header. The maps in force as the directives go by: `fields/directives.rs`.

mod directives;

use crate::source::SourceKind;
pub(super) use directives::Maps;

/// String columns a record can carry, in the order of [`crate::record::W3cRecord`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Server = 0,
    ServerIp,
    Method,
    UriStem,
    UriQuery,
    ServerPort,
    Username,
    ClientIp,
    ClientPort,
    ForwardedFor,
    UserAgent,
    Referer,
    Host,
    Reason,
    Site,
}

/// Number of [`Text`] columns.
pub(super) const N_TEXT: usize = 15;

/// What one field of a data line means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Date,
    Time,
    Text(Text),
    Status,
    Substatus,
    Win32,
    TimeTaken,
    /// HTTPERR `cs-uri`: path and query in one field.
    Uri,
    /// Logged but not used (kept in the line text).
    Ignore,
}

/// IIS default field list (Exchange default `logExtFileFlags`, canonical order).
pub(super) const IIS_DEFAULT: &str = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port \
    cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

/// HTTPERR field list (fixed by HTTP.sys).
pub(super) const HTTPERR_DEFAULT: &str = "date time c-ip c-port s-ip s-port cs-version cs-method \
    cs-uri sc-status s-siteid s-reason s-queuename";

/// A column that is not logged.
pub(super) const ABSENT: u16 = u16::MAX;

/// Most fields a `#Fields` list can bind (more make every data line a diagnostic).
pub(super) const MAX_FIELDS: usize = 256;

/// Where each record field comes from: the index of its field in a data line, or [`ABSENT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ColumnMap {
    /// Number of fields a data line must have.
    pub len: usize,
    pub text: [u16; N_TEXT],
    /// The logged text columns as `(column, field index)`, in field order.
    pub present: Vec<(u8, u16)>,
    pub date: u16,
    pub time: u16,
    pub status: u16,
    pub substatus: u16,
    pub win32: u16,
    pub time_taken: u16,
    /// HTTPERR `cs-uri`.
    pub uri: u16,
    /// Addresses may carry an IPv6 zone id (`fe80::1%0`): HTTP.sys writes them in HTTPERR,
    /// IIS never does ([`ColumnMap::zones_of`]).
    pub zones: bool,
    /// `date` and `time` are read from IIS Advanced Logging's `date-local` and `time-local`
    /// (the server's wall clock, not UTC), the list having no `date` and `time` of its own.
    pub local_clock: bool,
}

impl ColumnMap {
    /// Binds the names of a `#Fields:` directive (the text after the colon).
    pub fn from_names(names: &str) -> Self {
        let mut map = ColumnMap {
            len: 0,
            text: [ABSENT; N_TEXT],
            present: Vec::new(),
            date: ABSENT,
            time: ABSENT,
            status: ABSENT,
            substatus: ABSENT,
            win32: ABSENT,
            time_taken: ABSENT,
            uri: ABSENT,
            zones: false,
            local_clock: false,
        };
        let mut local = (ABSENT, ABSENT);
        for (i, name) in names.split_ascii_whitespace().enumerate() {
            map.len = i + 1;
            let Ok(i) = u16::try_from(i) else { continue };
            if usize::from(i) >= MAX_FIELDS {
                continue;
            }
            if name.eq_ignore_ascii_case("date-local") {
                local.0 = i;
            } else if name.eq_ignore_ascii_case("time-local") {
                local.1 = i;
            }
            let slot = match role_of(name) {
                Role::Date => &mut map.date,
                Role::Time => &mut map.time,
                Role::Text(t) => &mut map.text[t as usize],
                Role::Status => &mut map.status,
                Role::Substatus => &mut map.substatus,
                Role::Win32 => &mut map.win32,
                Role::TimeTaken => &mut map.time_taken,
                Role::Uri => &mut map.uri,
                Role::Ignore => continue,
            };
            *slot = i;
        }
        if map.date == ABSENT && map.time == ABSENT && local.1 != ABSENT {
            (map.date, map.time) = local;
            map.local_clock = true;
        }
        let mut present: Vec<(u8, u16)> = (0u8..)
            .zip(map.text)
            .filter(|&(_, k)| k != ABSENT)
            .collect();
        present.sort_by_key(|&(_, k)| k);
        map.present = present;
        map
    }

    /// The values a data line's date and time are read from under a `#Fields:` list (the text
    /// after the colon): `date` and `time`, else `date-local` and `time-local`; None when the
    /// list names no date (its lines take the day of a `#Date:` directive) or no time.
    pub fn clock_of(names: &str) -> Option<(usize, usize)> {
        let m = Self::from_names(names);
        (m.date != ABSENT && m.time != ABSENT).then(|| (usize::from(m.date), usize::from(m.time)))
    }

    /// The map used before any `#Fields:` line.
    pub fn default_for(kind: SourceKind) -> Self {
        let map = match kind {
            SourceKind::Httperr => Self::from_names(HTTPERR_DEFAULT),
            _ => Self::from_names(IIS_DEFAULT),
        };
        map.zones_of(kind)
    }

    /// The map for a log of `kind`: addresses are read without a zone id in every log but
    /// IIS's (HTTP.sys's HTTPERR, other W3C writers), so a client is one address everywhere.
    pub fn zones_of(mut self, kind: SourceKind) -> Self {
        self.zones = kind != SourceKind::Iis;
        self
    }

    /// A second map tried for lines of a file without header that do not fit the default: old
    /// HTTP.sys versions wrote HTTPERR lines without `s-queuename` (the last field).
    pub fn legacy_for(kind: SourceKind) -> Option<Self> {
        match kind {
            SourceKind::Httperr => {
                let mut map = Self::from_names(HTTPERR_DEFAULT).zones_of(kind);
                map.len -= 1;
                Some(map)
            }
            _ => None,
        }
    }
}

/// The role of a field name; standard names are matched exactly (ignoring case), custom field
/// names loosely (`X-Forwarded-For`, `x_forwarded_for`, `cs(X-Forwarded-For)`,
/// `HTTP_X_FORWARDED_FOR` are one field). Headers that carry the client's address in front of
/// a proxy (`X-Forwarded-For`, `X-Real-IP`, `True-Client-IP`, `CF-Connecting-IP`, …) are read as
/// X-Forwarded-For.
pub(super) fn role_of(name: &str) -> Role {
    let standard = [
        ("date", Role::Date),
        ("time", Role::Time),
        ("s-computername", Role::Text(Text::Server)),
        ("s-ip", Role::Text(Text::ServerIp)),
        ("cs-method", Role::Text(Text::Method)),
        ("cs-uri-stem", Role::Text(Text::UriStem)),
        ("cs-uri-query", Role::Text(Text::UriQuery)),
        ("cs-uri", Role::Uri),
        ("s-port", Role::Text(Text::ServerPort)),
        ("cs-username", Role::Text(Text::Username)),
        ("c-ip", Role::Text(Text::ClientIp)),
        ("c-port", Role::Text(Text::ClientPort)),
        ("cs(user-agent)", Role::Text(Text::UserAgent)),
        ("cs(referer)", Role::Text(Text::Referer)),
        ("cs(referrer)", Role::Text(Text::Referer)),
        ("cs-host", Role::Text(Text::Host)),
        ("sc-status", Role::Status),
        ("sc-substatus", Role::Substatus),
        ("sc-win32-status", Role::Win32),
        ("time-taken", Role::TimeTaken),
        ("s-reason", Role::Text(Text::Reason)),
        ("s-sitename", Role::Text(Text::Site)),
    ];
    if let Some(&(_, role)) = standard.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return role;
    }
    let inner = match (name.get(..3), name.strip_suffix(')')) {
        (Some(p), Some(rest)) if p.eq_ignore_ascii_case("cs(") => rest.get(3..).unwrap_or(""),
        _ => name,
    };
    let loose: String = inner
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // A request header logged through its server variable is `HTTP_<HEADER>`
    // (`HTTP_X_FORWARDED_FOR`, sourceType ServerVariable).
    let header = loose.strip_prefix("http").unwrap_or(&loose);
    match header {
        "xforwardedfor" | "forwardedfor" | "xoriginatingip" | "xrealip" | "xclientip"
        | "trueclientip" | "cfconnectingip" | "xazureclientip" => Role::Text(Text::ForwardedFor),
        _ => loose_role(&loose),
    }
}

/// The role of a custom field name that is no request header's.
fn loose_role(loose: &str) -> Role {
    match loose {
        "remoteport" | "cport" | "clientport" => Role::Text(Text::ClientPort),
        _ => Role::Ignore,
    }
}
