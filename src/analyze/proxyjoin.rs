//! Joining front-end IIS lines to the Exchange HttpProxy rows of the same requests.
//!
//! Exchange's front end writes the proxy's request id into the IIS line's `cs-uri-query`
//! (`…&cafeReqId=4e73377c-eca8-4fc9-9383-88765ed99457;`). Only the legs of kept failed and
//! abandoned handshakes are joined, after loading, by reading their lines back (a small read at
//! each, `lines.rs`): the IIS hot path never looks for the id, and nothing is read at all when
//! no HttpProxy log is loaded.

use crate::analyze::handshake::{Handshake, HandshakeOutcome};
use crate::parse::httpproxy::ProxyRequest;
use crate::read::text::LineText;
use crate::source::SourceId;
use std::collections::HashMap;

mod lines;
#[cfg(test)]
mod tests;

/// One IIS line joined to its HttpProxy row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProxyLink {
    /// The IIS source.
    pub source: SourceId,
    /// The IIS line (1-based).
    pub line: u64,
    /// Index into the analysis' HttpProxy rows.
    pub proxy: usize,
}

/// Links ordered by IIS line, for lookup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyLinks(Vec<ProxyLink>);

impl ProxyLinks {
    /// Builds the lookup from links in any order.
    pub fn new(mut links: Vec<ProxyLink>) -> Self {
        links.sort_unstable();
        links.dedup_by_key(|l| (l.source, l.line));
        ProxyLinks(links)
    }

    /// The HttpProxy row index joined to an IIS line.
    pub fn get(&self, source: SourceId, line: u64) -> Option<usize> {
        let i = self
            .0
            .binary_search_by(|l| (l.source, l.line).cmp(&(source, line)))
            .ok()?;
        Some(self.0[i].proxy)
    }

    /// How many lines are joined.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing is joined.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The `cafeReqId` an Exchange front-end IIS line carries, if any (the first one on the line).
pub fn cafe_req_id(line: &str) -> Option<&str> {
    cafe_req_id_bytes(line.as_bytes())
}

/// [`cafe_req_id`] over a line's bytes as stored (the key and the id are ASCII).
fn cafe_req_id_bytes(b: &[u8]) -> Option<&str> {
    const KEY: &[u8] = b"cafereqid";
    // The first `=` the key's letters (in any case) come right before.
    let start = memchr::memchr_iter(b'=', b)
        .find(|&eq| eq >= KEY.len() && b[eq - KEY.len()..eq].eq_ignore_ascii_case(KEY))?
        + 1;
    let len = b[start..]
        .iter()
        .take_while(|c| c.is_ascii_hexdigit() || **c == b'-')
        .count();
    let id = std::str::from_utf8(&b[start..start + len]).ok()?;
    (len > 0).then_some(id)
}

/// The request id an IIS leg's line carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegId {
    /// The IIS source.
    pub source: SourceId,
    /// The IIS line (1-based).
    pub line: u64,
    /// Its `cafeReqId`, lower case.
    pub id: String,
}

/// The `cafeReqId` of every leg of the failed and abandoned handshakes, read back through
/// `texts` (by source id), each file front to back in runs of [`RUN`] legs shared out to a few
/// threads (the reads are small and many: tens of thousands on a busy day).
pub fn leg_request_ids(handshakes: &[Handshake], texts: &[LineText]) -> Vec<LegId> {
    let mut by_source: HashMap<SourceId, Vec<(u64, u64)>> = HashMap::new();
    for h in handshakes
        .iter()
        .filter(|h| h.outcome != HandshakeOutcome::Success)
    {
        for l in &h.legs {
            by_source
                .entry(l.source)
                .or_default()
                .push((l.offset(), u64::from(l.line)));
        }
    }
    let mut sources: Vec<_> = by_source.into_iter().collect();
    sources.sort_unstable_by_key(|(source, _)| *source);
    let mut runs: Vec<Run> = Vec::new();
    for (source, legs) in &mut sources {
        let Some(text) = texts.get(usize::from(source.0)) else {
            continue;
        };
        legs.sort_unstable();
        legs.dedup();
        runs.extend(legs.chunks(RUN).map(|run| (*source, text, run)));
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(runs.len());
    if threads <= 1 {
        return runs.into_iter().flat_map(read_run).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&run) = runs.get(k) else {
                return done;
            };
            done.push((k, read_run(run)));
        }
    };
    let mut done: Vec<(usize, Vec<LegId>)> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            match h.join() {
                Ok(ids) => all.extend(ids),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    done.sort_unstable_by_key(|(k, _)| *k);
    done.into_iter().flat_map(|(_, ids)| ids).collect()
}

/// Legs read back per job of [`leg_request_ids`].
const RUN: usize = 2048;

/// One job of [`leg_request_ids`]: legs of one source, `(offset, line)` by ascending offset.
type Run<'a> = (SourceId, &'a LineText, &'a [(u64, u64)]);

/// The ids of one run of legs.
fn read_run((source, text, legs): Run<'_>) -> Vec<LegId> {
    let offsets: Vec<u64> = legs.iter().map(|&(offset, _)| offset).collect();
    let mut out = Vec::with_capacity(legs.len());
    lines::each_line(text, &offsets, &mut |k, line| {
        if let (Some(id), Some(&(_, line))) = (cafe_req_id_bytes(line), legs.get(k)) {
            out.push(LegId {
                source,
                line,
                id: id.to_ascii_lowercase(),
            });
        }
    });
    out
}

/// Links each leg to the HttpProxy row of its request id (ids compared whatever their case; the
/// first row of an id wins). The legs' ids are indexed, not the rows': a day of HttpProxy logs
/// holds a row for every proxied request, the failed and abandoned legs are a share of them, and
/// each row is then looked up once without a copy of its id.
pub fn link(legs: &[LegId], proxy: &[ProxyRequest]) -> ProxyLinks {
    if legs.is_empty() || proxy.is_empty() {
        return ProxyLinks::default();
    }
    // Leg ids are lower case already ([`read_run`]); each id's legs, and the row found for it.
    let mut wanted: HashMap<&str, (Vec<usize>, Option<usize>), rustc_hash::FxBuildHasher> =
        HashMap::with_capacity_and_hasher(legs.len(), rustc_hash::FxBuildHasher);
    for (k, l) in legs.iter().enumerate() {
        wanted.entry(l.id.as_str()).or_default().0.push(k);
    }
    let mut left = wanted.len();
    let mut lower = String::new();
    for (i, r) in proxy.iter().enumerate() {
        if r.request_id.is_empty() {
            continue;
        }
        let id = if r.request_id.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(&r.request_id);
            lower.make_ascii_lowercase();
            lower.as_str()
        } else {
            r.request_id.as_str()
        };
        if let Some((_, row @ None)) = wanted.get_mut(id) {
            *row = Some(i);
            left -= 1;
            if left == 0 {
                break;
            }
        }
    }
    ProxyLinks::new(
        wanted
            .into_values()
            .filter_map(|(ks, row)| Some((ks, row?)))
            .flat_map(|(ks, row)| {
                ks.into_iter().map(move |k| ProxyLink {
                    source: legs[k].source,
                    line: legs[k].line,
                    proxy: row,
                })
            })
            .collect(),
    )
}

/// Joins the legs of failed and abandoned handshakes to HttpProxy rows through the `cafeReqId`
/// of their IIS lines; reads nothing when there are no HttpProxy rows.
pub fn join(handshakes: &[Handshake], texts: &[LineText], proxy: &[ProxyRequest]) -> ProxyLinks {
    if proxy.is_empty() {
        return ProxyLinks::default();
    }
    link(&leg_request_ids(handshakes, texts), proxy)
}

/// The front end's view of a request in one line: `HttpProxy: NTLM, not authenticated, 401 to
/// the client; back end EX02.contoso.com answered 401; errors: …`.
pub fn describe(r: &ProxyRequest) -> String {
    let mut parts = Vec::new();
    let auth = if r.authentication_type.is_empty() {
        "no authentication type"
    } else {
        &r.authentication_type
    };
    let who = match (r.is_authenticated, r.authenticated_user.is_empty()) {
        (Some(true), false) => format!("authenticated as {}", r.authenticated_user),
        (Some(true), true) => "authenticated".to_string(),
        (Some(false), true) => "not authenticated".to_string(),
        (Some(false), false) => format!("not authenticated (as {})", r.authenticated_user),
        (None, false) => format!("user {}", r.authenticated_user),
        (None, true) => String::new(),
    };
    parts.push(if who.is_empty() {
        auth.to_string()
    } else {
        format!("{auth}, {who}")
    });
    if let Some(s) = r.http_status {
        parts.push(format!("{s} to the client"));
    }
    let back_end = match (r.target_server.is_empty(), r.backend_status) {
        (false, Some(s)) => format!("back end {} answered {s}", r.target_server),
        (false, None) => format!("back end {} (no answer logged)", r.target_server),
        (true, Some(s)) => format!("back end answered {s}"),
        (true, None) => "not proxied to a back end".to_string(),
    };
    parts.push(back_end);
    if !r.generic_errors.is_empty() {
        parts.push(format!("errors: {}", r.generic_errors));
    }
    format!("HttpProxy {}: {}", r.request_id, parts.join("; "))
}
