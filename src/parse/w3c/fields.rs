//! The column map of a W3C file: which field of a data line feeds which record field. It is
//! bound from each `#Fields:` directive, or from the default list of the log kind when a file has
//! no header.

use crate::source::SourceKind;

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
        };
        for (i, name) in names.split_ascii_whitespace().enumerate() {
            map.len = i + 1;
            let Ok(i) = u16::try_from(i) else { continue };
            if usize::from(i) >= MAX_FIELDS {
                continue;
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
        let mut present: Vec<(u8, u16)> = (0u8..)
            .zip(map.text)
            .filter(|&(_, k)| k != ABSENT)
            .collect();
        present.sort_by_key(|&(_, k)| k);
        map.present = present;
        map
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

/// The column maps in effect at a point of a file: the bound map, the legacy map tried until the
/// first `#Fields` line, and the clock of files whose `#Fields` has no `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Maps {
    pub map: ColumnMap,
    pub legacy: Option<ColumnMap>,
    /// The map comes from a `#Fields` line (not the default of a file without header).
    pub declared: bool,
    /// The day of the last `#Date:` directive, rolled over by the data lines.
    pub clock: DirClock,
    /// How a block that is not UTF-8 is decoded: as Windows-1252, not said, in an ANSI
    /// `ex*.log` (line by line in one read as UTF-8).
    pub decoding: crate::read::LineDecoding,
    /// The log kind (which field lists are worth a word).
    pub kind: SourceKind,
}

/// The date of lines without a `date` value: the last `#Date:` directive's day, moved to the
/// next day each time the time of day goes back by more than half a day (midnight passed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct DirClock {
    day: Option<i64>,
    last_ms: i64,
}

/// A step back in the time of day larger than this is a new day, not lines written out of order.
const ROLLOVER_MS: i64 = 12 * 3_600_000;

impl DirClock {
    /// The day of a data line logged at `ms` into its day; `None` before any `#Date:`.
    pub fn observe(&mut self, ms: i64) -> Option<i64> {
        let day = self.day.as_mut()?;
        if ms + ROLLOVER_MS < self.last_ms {
            *day += 1;
        }
        self.last_ms = ms;
        Some(*day)
    }

    /// True once a `#Date:` directive was read.
    pub fn is_set(&self) -> bool {
        self.day.is_some()
    }
}

impl Maps {
    /// The maps at the start of a file.
    pub fn new(kind: SourceKind) -> Self {
        Maps {
            map: ColumnMap::default_for(kind),
            legacy: ColumnMap::legacy_for(kind),
            declared: false,
            clock: DirClock::default(),
            decoding: crate::read::LineDecoding::Utf8,
            kind,
        }
    }

    /// For data before any `#Fields:` line whose first line does not fit the default list:
    /// binds the list worked out from that line's values ([`super::infer`]). Returns the line
    /// (counted from the start of `data`), the names and the line's text, to say so.
    pub fn headerless(&mut self, data: &[u8]) -> Option<(u64, String, String)> {
        if self.declared {
            return None;
        }
        for (n, line) in (1u64..).zip(data.split(|&b| b == b'\n')) {
            let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            if line.first() == Some(&b'#') {
                let fields = line.len() >= 8 && line[..8].eq_ignore_ascii_case(b"#Fields:");
                if fields {
                    return None;
                }
                continue;
            }
            let text = String::from_utf8_lossy(line);
            if text.split_ascii_whitespace().count() == self.map.len {
                return None;
            }
            let names = super::infer::fields_of(&text)?;
            self.map = ColumnMap::from_names(&names).zones_of(self.kind);
            self.legacy = None;
            return Some((n, names, text.into_owned()));
        }
        None
    }

    /// True when data lines take their date from `#Date:` (the map has a `time` but no `date`).
    pub fn dateless(&self) -> bool {
        self.map.date == ABSENT && self.map.time != ABSENT
    }

    /// Applies a directive line (starting with `#`): `#Fields:` rebinds the map, `#Date:` sets
    /// the clock of lines without `date`; others change nothing. True when a `#Fields:` line
    /// bound another list than the one in force.
    pub fn directive(&mut self, line: &[u8]) -> bool {
        const FIELDS: &[u8] = b"#Fields:";
        const DATE: &[u8] = b"#Date:";
        let named =
            |name: &[u8]| line.len() >= name.len() && line[..name.len()].eq_ignore_ascii_case(name);
        if named(FIELDS) {
            let names = String::from_utf8_lossy(&line[FIELDS.len()..]);
            let map = ColumnMap::from_names(&names).zones_of(self.kind);
            let changed = map != self.map;
            self.map = map;
            self.legacy = None;
            self.declared = true;
            return changed;
        } else if named(DATE) {
            let value = line[DATE.len()..].trim_ascii();
            let day = value.get(..10).and_then(super::value::parse_date);
            let ms = value
                .get(10..)
                .map(<[u8]>::trim_ascii)
                .and_then(super::value::parse_time)
                .unwrap_or(0);
            if let Some(day) = day {
                self.clock = DirClock {
                    day: Some(day),
                    last_ms: ms,
                };
            }
        }
        false
    }

    /// What an IIS field list that logs `sc-status` without `sc-substatus` or
    /// `sc-win32-status` keeps from being read: the NTLM legs of its 401 answers.
    pub fn codes_note(&self) -> Option<&'static str> {
        let m = &self.map;
        // An FTP site's log (IIS writes those too) has neither query nor user agent.
        let web =
            m.text[Text::UriQuery as usize] != ABSENT || m.text[Text::UserAgent as usize] != ABSENT;
        if self.kind != SourceKind::Iis || m.status == ABSENT || !web {
            return None;
        }
        if m.substatus == ABSENT {
            return Some(
                "read, but #Fields has no sc-substatus: a 401 cannot be read as an NTLM leg, so \
                 no handshake is read from the lines that follow (log the Substatus and Win32 \
                 Status fields)",
            );
        }
        (m.win32 == ABSENT).then_some(
            "read, but #Fields has no sc-win32-status: a 401.1 is read as the NTLM challenge \
             when it follows an anonymous leg of its client and uri, else as a failure of \
             unknown code (log the Win32 Status field to tell them apart by their codes)",
        )
    }
}
