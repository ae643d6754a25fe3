//! Test support: turns real-shaped IIS W3C lines (Exchange default field set) into records.
//!
//! Fields: `date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
//! cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken`, optionally
//! followed by the custom fields `X-Forwarded-For` and `REMOTE_PORT`.

use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;

fn dash(s: &str) -> &str {
    if s == "-" { "" } else { s }
}

/// Parses `YYYY-MM-DD HH:MM:SS` into an instant.
pub fn at(date: &str, time: &str) -> UtcMs {
    let d: Vec<u32> = date.split('-').map(|p| p.parse().unwrap_or(0)).collect();
    let t: Vec<u32> = time.split(':').map(|p| p.parse().unwrap_or(0)).collect();
    UtcMs::from_civil(d[0] as i32, d[1], d[2], t[0], t[1], t[2], 0).expect("valid stamp")
}

/// One record from a line; `server` is the source's server label.
pub fn rec<'a>(line_no: u64, server: &'a str, line: &'a str) -> W3cRecord<'a> {
    let f: Vec<&str> = line.split(' ').collect();
    assert!(f.len() >= 15, "short test line: {line}");
    W3cRecord {
        line: line_no,
        offset: line_no * 200,
        ts: at(f[0], f[1]),
        server,
        server_ip: dash(f[2]),
        method: dash(f[3]),
        uri_stem: dash(f[4]),
        uri_query: dash(f[5]),
        server_port: dash(f[6]),
        username: dash(f[7]),
        client_ip: dash(f[8]),
        user_agent: dash(f[9]),
        referer: dash(f[10]),
        status: f[11].parse().ok(),
        substatus: f[12].parse().ok(),
        win32: f[13].parse().ok(),
        time_taken: f[14].parse().ok(),
        forwarded_for: f.get(15).map_or("", |s| dash(s)),
        client_port: f.get(16).map_or("", |s| dash(s)),
        text: line,
        ..Default::default()
    }
}

/// Feeds lines (numbered from 1) of one source to a sink.
pub fn feed(sink: &mut impl RequestSink, source: u16, server: &str, lines: &[&str]) {
    for (i, l) in lines.iter().enumerate() {
        if sink
            .request(SourceId(source), &rec(i as u64 + 1, server, l))
            .ok()
            != Some(true)
        {
            return;
        }
    }
}

/// Feeds owned lines (numbered from 1) of one source to a sink.
pub fn feed_owned(sink: &mut impl RequestSink, source: u16, server: &str, lines: &[String]) {
    for (i, l) in lines.iter().enumerate() {
        if sink
            .request(SourceId(source), &rec(i as u64 + 1, server, l))
            .ok()
            != Some(true)
        {
            return;
        }
    }
}
