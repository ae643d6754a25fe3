//! Keeps every request to the MRS proxy endpoint (`/EWS/mrsproxy.svc`), compactly, for
//! correlation with HCW cmdlet windows and clock-skew detection.
//!
//! Migration traffic and `Test-MigrationServerAvailability` both arrive here; a server with
//! busy migrations can log millions of them, so the collector stops keeping at a cap and counts
//! the rest.

use crate::analyze::hint::Hint;
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
use serde::Serialize;

/// Requests kept by default.
pub const MAX_MRS: usize = 1_000_000;

/// One request to `/EWS/mrsproxy.svc`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MrsRequest {
    /// Source file.
    pub source: SourceId,
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the line.
    pub offset: u64,
    /// Completion instant (UTC, second resolution).
    pub ts: UtcMs,
    /// `sc-status` (0 when not logged).
    pub status: u16,
    /// `sc-substatus`.
    pub substatus: u16,
    /// `sc-win32-status`.
    pub win32: u32,
    /// `time-taken` in ms.
    pub time_taken: Option<u32>,
    /// First X-Forwarded-For address when logged, else `c-ip`.
    pub client: String,
    /// Server label.
    pub server: String,
    /// `s-ip` (empty when not logged).
    pub server_ip: String,
    /// `cs-username` (empty when `-`).
    pub user: String,
    /// HTTPERR `s-reason` (empty for IIS lines).
    pub reason: String,
    /// `sc-substatus` was logged (a field set may leave it out).
    pub substatus_logged: bool,
    /// `sc-win32-status` was logged: with the substatus, a 401's code says why it was refused.
    pub win32_logged: bool,
    /// The digits of `sc-win32-status` when the log ends inside it (the last value of a last
    /// line no line break ends, `2148` of `2148074310`): logged, but not whole.
    pub win32_cut: Option<String>,
}

impl MrsRequest {
    /// The request's line, as a finding cites it.
    pub fn cited(&self) -> crate::analyze::finding::Evidence {
        crate::analyze::finding::Evidence {
            source: self.source,
            line: self.line,
        }
    }

    /// When the request started, estimated from `time-taken`.
    pub fn started(&self) -> UtcMs {
        self.ts.plus_ms(-i64::from(self.time_taken.unwrap_or(0)))
    }
}

/// Whether a uri stem is the MRS proxy endpoint (case-insensitive, path info allowed).
pub fn is_mrsproxy(uri: &str) -> bool {
    is_mrsproxy_bytes(uri.as_bytes())
}

/// [`is_mrsproxy`] on the raw bytes of a logged uri stem.
pub fn is_mrsproxy_bytes(b: &[u8]) -> bool {
    const STEM: &str = "/ews/mrsproxy.svc";
    b.len() >= STEM.len()
        && b[..STEM.len()].eq_ignore_ascii_case(STEM.as_bytes())
        && (b.len() == STEM.len() || b[STEM.len()] == b'/')
}

/// A [`RequestSink`] that keeps mrsproxy requests.
#[derive(Debug, Clone)]
pub struct MrsCollector {
    requests: Vec<MrsRequest>,
    cap: usize,
    dropped: u64,
}

impl Default for MrsCollector {
    fn default() -> Self {
        Self::new()
    }
}

impl MrsCollector {
    /// A collector with the default cap ([`MAX_MRS`]).
    pub fn new() -> Self {
        Self::with_cap(MAX_MRS)
    }

    /// A collector keeping at most `cap` requests.
    pub fn with_cap(cap: usize) -> Self {
        MrsCollector {
            requests: Vec::new(),
            cap,
            dropped: 0,
        }
    }

    /// The kept requests (in feed order) and how many more were seen but not kept.
    pub fn finish(self) -> (Vec<MrsRequest>, u64) {
        (self.requests, self.dropped)
    }

    /// Takes the requests collected so far (live follow hands them on as lines arrive).
    pub fn take(&mut self) -> Vec<MrsRequest> {
        std::mem::take(&mut self.requests)
    }
}

impl RequestSink for MrsCollector {
    type Row = Hint;
    type Block = ();
    type Error = std::convert::Infallible;

    fn wants(&mut self, _source: SourceId, _ts: UtcMs, hint: &Hint) -> bool {
        hint.mrs
    }

    fn request(&mut self, source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Self::Error> {
        if rec.uri_stem.len() < 17 || !is_mrsproxy(rec.uri_stem) {
            return Ok(true);
        }
        if self.requests.len() >= self.cap {
            self.dropped += 1;
            return Ok(true);
        }
        // The client X-Forwarded-For names, without the port some proxies add to it.
        let xff = crate::analyze::handshake::forwarded_parts(
            crate::analyze::handshake::first_forwarded(rec.forwarded_for),
        )
        .0;
        let client = if xff.is_empty() { rec.client_ip } else { xff };
        let user = if rec.username == "-" {
            ""
        } else {
            rec.username
        };
        self.requests.push(MrsRequest {
            source,
            line: rec.line,
            offset: rec.offset,
            ts: rec.ts,
            status: rec.status.unwrap_or(0),
            substatus: rec.substatus.unwrap_or(0),
            win32: rec.win32.unwrap_or(0),
            time_taken: rec.time_taken,
            client: client.to_string(),
            server: rec.server.to_string(),
            server_ip: rec.server_ip.to_string(),
            user: user.to_string(),
            reason: rec.reason.to_string(),
            substatus_logged: rec.substatus.is_some(),
            win32_logged: rec.win32.is_some(),
            win32_cut: rec.raw.and_then(|r| r.win32_cut()).map(str::to_string),
        });
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::handshake::testlog::feed;

    #[test]
    fn keeps_only_mrsproxy_requests_case_insensitively() {
        let mut c = MrsCollector::new();
        feed(
            &mut c,
            2,
            "EX01",
            &[
                "2020-02-20 06:57:42 192.168.2.50 POST /EWS/mrsproxy.svc - 443 miry\\administrator 4.43.0.1 - - 503 0 0 125",
                "2020-02-20 06:57:43 192.168.2.50 POST /EWS/Exchange.asmx - 443 miry\\administrator 4.43.0.1 - - 200 0 0 12",
                "2020-02-20 06:57:44 192.168.2.50 POST /ews/MRSProxy.svc - 443 - 4.43.0.1 - - 401 1 2148074310 3 10.0.5.20",
                "2020-02-20 06:57:45 192.168.2.50 POST /EWS/mrsproxy.svcx - 443 - 4.43.0.1 - - 200 0 0 3",
            ],
        );
        let (reqs, dropped) = c.finish();
        assert_eq!(dropped, 0);
        assert_eq!(reqs.len(), 2);
        assert_eq!(reqs[0].status, 503);
        assert_eq!(reqs[0].user, "miry\\administrator");
        assert_eq!(reqs[0].started(), reqs[0].ts.plus_ms(-125));
        assert_eq!(reqs[1].line, 3);
        assert_eq!(reqs[1].client, "10.0.5.20");
        assert_eq!(reqs[1].win32, 2_148_074_310);
        assert_eq!(reqs[1].source, SourceId(2));
        assert!(is_mrsproxy("/EWS/mrsproxy.svc/"));
        assert!(!is_mrsproxy("/EWS"));
    }

    #[test]
    fn cap_counts_the_rest() {
        let mut c = MrsCollector::with_cap(1);
        let line = "2020-02-20 06:57:42 192.168.2.50 POST /EWS/mrsproxy.svc - 443 - 4.43.0.1 - - 200 0 0 1";
        feed(&mut c, 0, "EX01", &[line, line, line]);
        let (reqs, dropped) = c.finish();
        assert_eq!((reqs.len(), dropped), (1, 2));
    }
}
