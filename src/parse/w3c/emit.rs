//! Handing parsed batches to the sink in file order: records are built (borrowing the batch
//! text) only for the lines the sink wants, and block counts are merged into the source's.

use super::Target;
use super::batch::Batch;
use super::fields::Text;
use super::line::{Num, Raw, Rec};
use crate::record::{RawNumbers, RequestSink, W3cRecord};
use crate::source::SourceStats;
use crate::time::UtcMs;

/// Adds a batch's counts (line numbers relative to the batch) to the source's.
pub(super) fn merge(stats: &mut SourceStats, part: &SourceStats) {
    stats.absorb(part, stats.lines, 0);
}

/// Hands a batch and its records to the sink; `line_base` is the number of lines before the
/// batch. `Ok(false)` when the sink asked to stop.
pub(super) fn emit<S: RequestSink>(
    batch: &Batch<S::Row, S::Block>,
    line_base: u64,
    target: &Target<'_>,
    sink: &mut S,
) -> Result<bool, S::Error> {
    let text = batch.text.as_str();
    if !sink.block(target.source, &batch.block, text, line_base)? {
        return Ok(false);
    }
    if target.label.is_empty() && !batch.stats.server_ip.is_empty() {
        let _ = target.first_ip.set(batch.stats.server_ip.clone());
    }
    let mut raws = batch.raws.iter().peekable();
    for (i, r) in batch.recs.iter().enumerate() {
        let raw = if r.bad == 0 {
            None
        } else {
            while raws.next_if(|x| (x.0 as usize) < i).is_some() {}
            raws.next_if(|x| x.0 as usize == i)
                .map(|x| raw_numbers(text, r, &x.1))
        };
        let Some(row) = batch.rows.get(i) else {
            continue;
        };
        if !sink.wants(target.source, UtcMs(r.ts), row) {
            continue;
        }
        let line = text
            .get(r.text.start as usize..r.text.end as usize)
            .unwrap_or("");
        let col = |t: Text| {
            let s = r.cols[t as usize];
            if s.start == s.end {
                return "";
            }
            text.get(s.start as usize..s.end as usize).unwrap_or("")
        };
        let server_ip = col(Text::ServerIp);
        let mut server = col(Text::Server);
        if server.is_empty() {
            server = if target.label.is_empty() {
                unlabelled(target, server_ip)
            } else {
                target.label
            };
        }
        let rec = W3cRecord {
            line: line_base + r.line,
            offset: r.offset,
            ts: UtcMs(r.ts),
            server,
            server_ip,
            method: col(Text::Method),
            uri_stem: col(Text::UriStem),
            uri_query: col(Text::UriQuery),
            server_port: col(Text::ServerPort),
            username: col(Text::Username),
            user_unlogged: r.no_user,
            client_ip: col(Text::ClientIp),
            client_port: col(Text::ClientPort),
            forwarded_for: col(Text::ForwardedFor),
            user_agent: col(Text::UserAgent),
            referer: col(Text::Referer),
            host: col(Text::Host),
            status: r.status,
            substatus: r.substatus,
            win32: r.win32,
            time_taken: r.time_taken,
            reason: col(Text::Reason),
            site: col(Text::Site),
            raw: raw.as_ref(),
            text: line,
        };
        if !sink.request(target.source, &rec)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The server of a row that logs no `s-computername` in a file without a label: its `s-ip`,
/// noting when that is not the file's first (a dual-stack server, several bindings), so
/// the pipeline can read the file again under one name.
#[inline]
fn unlabelled<'a>(target: &Target<'_>, server_ip: &'a str) -> &'a str {
    if target.first_ip.get().is_some_and(|f| f != server_ip) && !server_ip.is_empty() {
        target.other_ip.set(true);
    }
    server_ip
}

/// The logged text of a record's numeric fields that were not numbers that fit.
fn raw_numbers<'a>(text: &'a str, r: &Rec, raw: &Raw) -> RawNumbers<'a> {
    let get = |n: Num| {
        if r.bad & (1 << n as u8) == 0 {
            return "";
        }
        let s = raw[n as usize];
        text.get(s.start as usize..s.end as usize).unwrap_or("")
    };
    RawNumbers {
        status: get(Num::Status),
        substatus: get(Num::Substatus),
        win32: get(Num::Win32),
        time_taken: get(Num::TimeTaken),
        cut: Num::ALL.into_iter().find(|&n| r.cut & (1 << n as u8) != 0),
    }
}
