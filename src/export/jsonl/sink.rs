//! The [`RequestSink`] behind `export`: every request of one W3C file goes out as the JSON line
//! the parsing threads wrote for it (`hook.rs`), with its line number put in, and the requests
//! the handshake grouper and the MRS collector want (as in the report) become records for them.
//!
//! A request that could be a leg of an NTLM/Negotiate handshake is held back until the grouper
//! decides its handshake (closed by a final leg, or abandoned once the log's clock passes its
//! horizon); then every leg goes out with the same `hcwlens.handshake.id` and the outcome. Only
//! open handshakes' legs are held, so memory stays flat however long the file is; lines
//! therefore leave in file order except handshake legs, which leave when their handshake ends
//! (`@timestamp` and `hcwlens.line` order them). The grouper hands over each handshake as it is
//! decided (`Decided`: its legs' lines, outcome and confidence), without building successful
//! ones; failed and abandoned ones come whole too, for the findings. Lines leave from the block buffer they were
//! written in (runs of them at a time, see `out.rs`); a held leg is copied out only when its
//! handshake is still open as the next block comes. A handshake left open in the file's last
//! seconds is handed to the next file's sink (`carry.rs`), which joins it with its rest; a
//! failed or abandoned one waits for the end of the W3C files, when the report's cross-file
//! step has run (`split.rs`).

use super::carry::{self, Carry};
use super::hook::{Clock, Written};
use super::ids::FileIds;
use super::kept::Kept;
use super::out::Out;
use super::request::{Frame, Memo};
use super::split::Waiting;
use crate::analyze::handshake::{
    Decided, GroupResult, Handshake, HandshakeGrouper, HandshakeOutcome, WINDOW_MS,
};
use crate::analyze::mrs::{MrsCollector, MrsRequest};
use crate::time::UtcMs;
use rustc_hash::FxHashMap;

/// Buffers of written legs kept for reuse, and the largest kept.
const SPARE_BUFFERS: usize = 256;
const SPARE_BYTES: usize = 16 * 1024;

/// What a file's sink hands back when the file is done.
pub struct FileResult {
    /// The grouper's counts and users (its handshakes already written and moved to `kept`).
    pub group: GroupResult,
    pub mrs: Vec<MrsRequest>,
    pub mrs_dropped: u64,
    pub span: Option<(UtcMs, UtcMs)>,
    pub requests: u64,
    /// Requests outside the time window, not written.
    pub outside: u64,
    /// Handshakes left open in the file's last seconds, for the next file (`carry.rs`).
    pub carried: Vec<Carry>,
}

/// Where a held leg's object is (without its line feed).
enum Place {
    /// In the current block's buffer.
    Block(usize, usize),
    /// Copied out (its block has gone, or it was written here).
    Copied(Vec<u8>),
}

/// A leg of an open handshake, written, and its role.
struct Held {
    place: Place,
    role: &'static str,
}

/// The sink of one W3C file.
pub struct FileSink<'o, 'w> {
    out: &'o mut Out<'w>,
    clock: Clock,
    /// For a record whose row the hook did not write (never expected).
    frame: Frame,
    memo: Memo,
    /// The middles of the handshake ids (`:<file>:` escaped).
    ids: FileIds,
    /// By server of the grouper's decisions: its machine's one name, once looked up.
    shown: Vec<Option<String>>,
    grouper: HandshakeGrouper,
    mrs: MrsCollector,
    /// The lines before the current block, and whether the hook numbered its lines from
    /// another count (never expected: they are then renumbered here).
    line_base: u64,
    renumber: bool,
    /// The lines of the current block passed on as written next: their span in the block's
    /// buffer and how many.
    run: (usize, usize, u64),
    /// The row the record handed to `request` next belongs to.
    row: Written,
    wants_group: bool,
    wants_mrs: bool,
    /// Legs of open handshakes, written, by line.
    held: FxHashMap<u64, Held>,
    spare: Vec<Vec<u8>>,
    /// The handshakes just decided (a buffer reused).
    decided: Vec<Decided>,
    /// The tag of the handshake being closed.
    rendered: Vec<u8>,
    kept: &'o mut Kept,
    /// Handshakes that may be half of one split over two servers, for the end (`split.rs`).
    waiting: &'o mut Waiting,
    /// The file read (as the grouper's legs name it).
    source: crate::source::SourceId,
    span: Option<(UtcMs, UtcMs)>,
    requests: u64,
    outside: u64,
    /// Handshakes the file before left open in its last seconds (`carry.rs`).
    carried: Vec<Carry>,
    /// The latest instant handed to the grouper.
    latest: i64,
    /// The IIS site of the folder the file was read from (`W3SVC2`: the Exchange Back End).
    folder_site: Option<u32>,
}

impl<'o, 'w> FileSink<'o, 'w> {
    /// A sink for the file its handshake ids name by `ids`, written with `frame`, its
    /// instants moved by `clock`.
    pub fn new(
        out: &'o mut Out<'w>,
        kept: &'o mut Kept,
        waiting: &'o mut Waiting,
        ids: FileIds,
        frame: Frame,
        clock: Clock,
        carried: Vec<Carry>,
    ) -> Self {
        FileSink {
            out,
            clock,
            frame,
            memo: Memo::default(),
            ids,
            shown: Vec::new(),
            grouper: HandshakeGrouper::new(false).deciding(),
            mrs: MrsCollector::default(),
            line_base: 0,
            renumber: false,
            run: (0, 0, 0),
            row: Written::default(),
            wants_group: false,
            wants_mrs: false,
            held: FxHashMap::default(),
            spare: Vec::new(),
            decided: Vec::new(),
            rendered: Vec::new(),
            kept,
            waiting,
            source: crate::source::SourceId(0),
            span: None,
            requests: 0,
            outside: 0,
            carried,
            latest: i64::MIN,
            folder_site: None,
        }
    }

    /// The sink of a file read from the folder of IIS site `site` ([`crate::read::site_id`]):
    /// without `s-port`, the folder tells the Exchange Back End's hops apart.
    pub fn in_site(mut self, site: Option<u32>) -> Self {
        self.folder_site = site;
        self
    }

    /// The sink of the file the parser reads as `source`.
    pub fn of_source(mut self, source: crate::source::SourceId) -> Self {
        self.source = source;
        self
    }

    /// Writes what is still held and returns what the findings need.
    pub fn finish(mut self) -> FileResult {
        self.end_run();
        // The handshakes still open end with the log, in the order of their first legs.
        self.grouper.close_open();
        let mut whole = self.grouper.drain_kept().into_iter();
        let mut decided = std::mem::take(&mut self.decided);
        self.grouper.take_decided(&mut decided);
        let mut ended: Vec<(Decided, Option<Handshake>)> = decided
            .iter()
            .map(|d| (*d, if d.kept { whole.next() } else { None }))
            .collect();
        ended.sort_unstable_by_key(|(d, _)| (d.start, d.lines[0]));
        // Left open in the file's last seconds: the next file may hold the rest.
        let tail = self.latest.saturating_sub(WINDOW_MS);
        let mut carried = Vec::new();
        for (d, h) in ended {
            if d.outcome == HandshakeOutcome::Abandoned && !d.rest && d.last_ts >= tail {
                carried.push(self.carry(d, h));
            } else {
                self.close(&d, h);
            }
        }
        // What the file before left open and nothing here continued goes out as decided.
        let old = std::mem::take(&mut self.carried);
        carry::release(self.out, self.kept, self.waiting, old, &mut self.rendered);
        let grouper = std::mem::replace(&mut self.grouper, HandshakeGrouper::new(false));
        let group = grouper.finish_unresolved();
        // Legs of no handshake (never expected): out untagged, in file order.
        let mut rest: Vec<(u64, Held)> = self.held.drain().collect();
        rest.sort_by_key(|(line, _)| *line);
        for (_, held) in rest {
            self.plain(held.place);
        }
        let (mrs, mrs_dropped) = std::mem::take(&mut self.mrs).finish();
        FileResult {
            group,
            mrs,
            mrs_dropped,
            span: self.span,
            requests: self.requests,
            outside: self.outside,
            carried,
        }
    }

    /// A handshake left open at the file's end, its legs taken out of the block.
    fn carry(&mut self, d: Decided, whole: Option<Handshake>) -> Carry {
        let json = self.out.block();
        let mut legs = Vec::with_capacity(usize::from(d.legs));
        let n = d.leg_lines().len();
        for (k, line) in d.leg_lines().iter().enumerate() {
            let Some(held) = self.held.remove(line) else {
                continue;
            };
            let copy = match held.place {
                Place::Block(a, b) => json.get(a..b).unwrap_or_default().to_vec(),
                Place::Copied(json) => json,
            };
            legs.push((copy, close::role_in(&d, k, n, held.role), *line));
        }
        let server = shown_server(&mut self.shown, &self.grouper, &self.frame, d.server);
        Carry {
            decided: d,
            source: self.source,
            id_middle: self.ids.middle(server).to_vec(),
            server: server.to_string(),
            legs,
            client: whole
                .as_ref()
                .filter(|h| h.untied)
                .map(|h| Box::from(h.client.as_str())),
            whole,
        }
    }

    /// Passes the current run of lines on.
    fn end_run(&mut self) {
        let (start, end, lines) = std::mem::take(&mut self.run);
        if lines > 0 {
            self.out.run(start..end, lines);
        }
    }

    /// The line number of `row`.
    fn line_of(&self, row: &Written) -> u64 {
        self.line_base + u64::from(row.line)
    }

    /// Appends `row`'s object (without its line feed) with its right line number to `to`.
    fn renumbered(&self, row: &Written, to: &mut Vec<u8>) {
        let json = self.out.block();
        let (start, end) = (row.start as usize, (row.end as usize).saturating_sub(1));
        let (a, b) = (row.number.0 as usize, row.number.1 as usize);
        to.extend_from_slice(json.get(start..a).unwrap_or_default());
        super::json::number(to, self.line_of(row));
        to.extend_from_slice(json.get(b..end).unwrap_or_default());
    }

    /// Lines of the blocks that go out when their block goes: copied.
    fn keep_held(&mut self) {
        let json = self.out.block();
        for held in self.held.values_mut() {
            if let Place::Block(a, b) = held.place {
                let mut copy = self.spare.pop().unwrap_or_default();
                copy.extend_from_slice(json.get(a..b).unwrap_or_default());
                held.place = Place::Copied(copy);
            }
        }
    }
}

mod close;
mod feed;

/// The one name of the machine of decided server `id` ([`crate::source::shown_name`]), as the
/// handshake's id and `server` give it; looked up once per server of the file.
fn shown_server<'s>(
    shown: &'s mut Vec<Option<String>>,
    grouper: &HandshakeGrouper,
    frame: &Frame,
    id: u32,
) -> &'s str {
    let i = id as usize;
    if shown.len() <= i {
        shown.resize(i + 1, None);
    }
    shown[i].get_or_insert_with(|| {
        crate::source::shown_name(frame.machines(), grouper.decided_server(id)).to_string()
    })
}
