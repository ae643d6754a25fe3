//! What the request writer reads of one W3C request: its logged fields as byte slices, its
//! numbers, and the logged text of numbers that did not read, from a parsed row (`hook.rs`) or
//! from a built record.

use crate::record::W3cRecord;
use crate::time::UtcMs;

/// What the writer reads of a request: its fields as logged (slices of UTF-8 text cut at
/// ASCII separators, so UTF-8 themselves; empty when `-` or not logged), its numbers, and the
/// logged text of those that were not numbers that fit (`unread`: status, substatus, Win32
/// status, time taken).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields<'a> {
    pub ts: UtcMs,
    pub server: &'a [u8],
    pub server_ip: &'a [u8],
    pub method: &'a [u8],
    pub uri_stem: &'a [u8],
    pub uri_query: &'a [u8],
    pub server_port: &'a [u8],
    pub username: &'a [u8],
    pub client_ip: &'a [u8],
    pub client_port: &'a [u8],
    pub forwarded_for: &'a [u8],
    pub user_agent: &'a [u8],
    pub referer: &'a [u8],
    pub host: &'a [u8],
    pub reason: &'a [u8],
    pub status: Option<u16>,
    pub substatus: Option<u16>,
    pub win32: Option<u32>,
    pub time_taken: Option<u32>,
    pub unread: [&'a [u8]; 4],
    /// Which of `unread` the log ends inside (the last value of a last line no line break
    /// ends): its digits so far, not a number.
    pub cut: Option<crate::parse::w3c::Number>,
}

impl<'a> Fields<'a> {
    /// The fields of a built record.
    pub fn of(rec: &W3cRecord<'a>) -> Self {
        let raw = rec.raw.copied().unwrap_or_default();
        Fields {
            ts: rec.ts,
            server: rec.server.as_bytes(),
            server_ip: rec.server_ip.as_bytes(),
            method: rec.method.as_bytes(),
            uri_stem: rec.uri_stem.as_bytes(),
            uri_query: rec.uri_query.as_bytes(),
            server_port: rec.server_port.as_bytes(),
            username: rec.username.as_bytes(),
            client_ip: rec.client_ip.as_bytes(),
            client_port: rec.client_port.as_bytes(),
            forwarded_for: rec.forwarded_for.as_bytes(),
            user_agent: rec.user_agent.as_bytes(),
            referer: rec.referer.as_bytes(),
            host: rec.host.as_bytes(),
            reason: rec.reason.as_bytes(),
            status: rec.status,
            substatus: rec.substatus,
            win32: rec.win32,
            time_taken: rec.time_taken,
            unread: [
                raw.status.as_bytes(),
                raw.substatus.as_bytes(),
                raw.win32.as_bytes(),
                raw.time_taken.as_bytes(),
            ],
            cut: raw.cut,
        }
    }
}
