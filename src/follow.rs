//! Live follow: noticing that a loaded file grew, shrank, was replaced or went away.
//!
//! A [`Follower`] watches one path. Each [`Follower::poll`] opens the file read-only (sharing
//! read, write and delete, see [`file`]), looks at it through that handle, and closes it again,
//! so the follower never stops IIS from rotating or deleting a log. It deals in raw bytes and
//! complete lines only: decoding and parsing stay with the caller, who also owns the clock and
//! decides when to poll.
//!
//! What one poll can say ([`FollowEvent`]):
//! - `Appended`: new complete lines, starting at a line boundary. A line is complete when its
//!   newline has been written (`\n`, so `\r\n` too; in a W3C log a bare CR too, and a CR that
//!   ends what has been written after a bare CR: [`LineUnit::ByteOrCr`]). An unterminated last
//!   line stays pending, however many polls it takes; it is re-read, not buffered, so a writer
//!   that rewrites the tail in place is seen as the tail ends up. One poll reads at most the
//!   read cap ([`DEFAULT_READ_CAP`]); [`Follower::has_more`] then says to poll again right away.
//!   The one exception to "ends with a newline": a single line longer than the read cap is
//!   handed over in cap-sized pieces (`lines == 0`) so it cannot stall the follower.
//! - `Truncated`: the same file is now shorter than what was consumed.
//! - `Rotated`: the path names another file (identity changed), or the file's first bytes are
//!   no longer the ones already delivered (replaced, or truncated and regrown between polls).
//! - `Vanished`: the path is gone. Reported once; the follower keeps its place, and if the
//!   same file comes back it carries on, while a new file there is `Rotated`.
//!
//! After `Truncated` or `Rotated` the follower starts over at offset 0 of whatever the path now
//! names, so the next polls deliver the new content from line 1. Lines written to a rotated-away
//! file after the last poll are not seen: the follower holds no handle between polls.

mod file;
mod lines;
mod set;
#[cfg(test)]
mod tests;

pub use file::FileId;
pub use lines::{LineUnit, Position};
pub use set::FollowSet;

use crate::read::open_shared;
use file::read_range;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The most one poll reads (64 MiB), so a caller's poll never stalls on a big backlog.
pub const DEFAULT_READ_CAP: usize = 64 << 20;

/// How many of a file's first bytes are kept to recognise it again.
pub const HEAD_LEN: usize = 1024;

/// What one poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowEvent {
    /// Nothing new (or only more of an unterminated last line).
    Unchanged,
    /// New complete lines.
    Appended {
        /// Raw file bytes, starting at a line boundary and ending with a newline.
        bytes: Vec<u8>,
        /// File offset of `bytes[0]`.
        start_offset: u64,
        /// 1-based physical line number of the first line in `bytes`.
        first_line_no: u64,
        /// Number of line ends in `bytes` (0 only for a piece of an over-long line).
        lines: u64,
    },
    /// The file shrank below what was consumed: reload it.
    Truncated,
    /// The path now names a different file: reload it.
    Rotated,
    /// The path no longer exists: keep what was loaded.
    Vanished,
}

/// What the file looked like at the last read that reached its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
}

/// Follows one file as it grows.
#[derive(Debug)]
pub struct Follower {
    path: PathBuf,
    unit: LineUnit,
    cap: usize,
    at: Position,
    id: Option<FileId>,
    head: Vec<u8>,
    seen: Option<Seen>,
    pending: u64,
    more: bool,
    vanished: bool,
    /// The line end before `at` is a bare CR ([`LineUnit::ByteOrCr`]).
    bare: bool,
}

impl Follower {
    /// Follows `path` from its start: the first polls deliver what is already there.
    pub fn new(path: impl Into<PathBuf>, unit: LineUnit) -> Follower {
        Follower {
            path: path.into(),
            unit,
            cap: DEFAULT_READ_CAP,
            at: Position::START,
            id: None,
            head: Vec::new(),
            seen: None,
            pending: 0,
            more: true,
            vanished: false,
            bare: false,
        }
    }

    /// Follows `path` after a load that consumed everything before `at`.
    ///
    /// `head` is the file's first bytes as the load saw them (any length; at most [`HEAD_LEN`]
    /// bytes before `at.offset` are kept): if the file was replaced since, the first poll says
    /// `Rotated`. The identity is taken now, so call this right after the load.
    pub fn resume(
        path: impl Into<PathBuf>,
        unit: LineUnit,
        at: Position,
        head: &[u8],
    ) -> io::Result<Follower> {
        let mut f = Follower::new(path, unit);
        let mut file = open_shared(&f.path)?;
        f.id = FileId::of(&file);
        f.at = at;
        if unit == LineUnit::ByteOrCr && at.offset > 0 {
            f.bare = read_range(&mut file, at.offset - 1, 1)? == b"\r";
        }
        let keep = head.len().min(HEAD_LEN);
        let keep = keep.min(usize::try_from(at.offset).unwrap_or(keep));
        f.head = head[..keep].to_vec();
        Ok(f)
    }

    /// Sets the most one poll reads (at least one code unit).
    pub fn with_read_cap(mut self, cap: usize) -> Follower {
        self.cap = self.unit.align_down(cap.max(self.unit.width()));
        self
    }

    /// The followed path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the next delivered line starts.
    pub fn position(&self) -> Position {
        self.at
    }

    /// How lines end in this file.
    pub fn unit(&self) -> LineUnit {
        self.unit
    }

    /// The most one poll reads.
    pub fn read_cap(&self) -> usize {
        self.cap
    }

    /// Bytes of an unterminated last line waiting for its newline.
    pub fn pending_len(&self) -> u64 {
        self.pending
    }

    /// True when polling again right away would deliver more (the last poll stopped at the
    /// read cap, or the follower just started over).
    pub fn has_more(&self) -> bool {
        self.more
    }

    /// True while the path is gone.
    pub fn is_vanished(&self) -> bool {
        self.vanished
    }

    /// Looks at the file once. On error nothing changes: poll again later.
    pub fn poll(&mut self) -> io::Result<FollowEvent> {
        let mut file = match open_shared(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(self.gone()),
            Err(e) => return Err(e),
        };
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Ok(self.gone());
        }
        let id = FileId::of(&file);
        let seen = Seen {
            len: meta.len(),
            modified: meta.modified().ok(),
        };
        if let Some(event) = self.replaced(&mut file, id, seen)? {
            self.restart(id);
            return Ok(event);
        }
        self.vanished = false;
        self.id = id;
        if self.seen == Some(seen) {
            return Ok(FollowEvent::Unchanged);
        }
        self.read_new(&mut file, seen)
    }

    fn gone(&mut self) -> FollowEvent {
        if std::mem::replace(&mut self.vanished, true) {
            FollowEvent::Unchanged
        } else {
            self.more = false;
            FollowEvent::Vanished
        }
    }

    /// `Rotated` or `Truncated` when the file is not the one consumed so far.
    fn replaced(
        &self,
        file: &mut File,
        id: Option<FileId>,
        seen: Seen,
    ) -> io::Result<Option<FollowEvent>> {
        if matches!((self.id, id), (Some(old), Some(new)) if old != new) {
            return Ok(Some(FollowEvent::Rotated));
        }
        if seen.len < self.at.offset {
            return Ok(Some(FollowEvent::Truncated));
        }
        if self.head.is_empty() || self.seen == Some(seen) {
            return Ok(None);
        }
        let now = read_range(file, 0, self.head.len() as u64)?;
        Ok(if now.len() < self.head.len() {
            Some(FollowEvent::Truncated)
        } else if now != self.head {
            Some(FollowEvent::Rotated)
        } else {
            None
        })
    }

    fn restart(&mut self, id: Option<FileId>) {
        let (unit, cap) = (self.unit, self.cap);
        *self = Follower::new(std::mem::take(&mut self.path), unit);
        self.cap = cap;
        self.id = id;
    }

    fn read_new(&mut self, file: &mut File, seen: Seen) -> io::Result<FollowEvent> {
        let mut start = self.at;
        let want = (seen.len - start.offset).min(self.cap as u64);
        let mut buf = read_range(file, start.offset, want)?;
        if self.bare && buf.first() == Some(&b'\n') {
            // The LF of a CRLF whose CR ended what had been written, taken then for a bare CR
            // (after another one): the line end it completes was delivered.
            if self.head.len() < HEAD_LEN && start.offset == self.head.len() as u64 {
                self.head.push(b'\n');
            }
            buf.remove(0);
            start.offset += 1;
            self.at = start;
            self.bare = false;
        }
        let read = buf.len();
        let reached_end = start.offset + read as u64 >= seen.len;
        let mut end = self.unit.last_line_end_after(&buf, self.bare);
        if end == 0 && read >= self.cap {
            end = self.unit.align_down(read);
        }
        self.seen = reached_end.then_some(seen);
        self.more = !reached_end;
        self.pending = if reached_end { (read - end) as u64 } else { 0 };
        if end == 0 {
            return Ok(FollowEvent::Unchanged);
        }
        buf.truncate(end);
        let lines = self.unit.count_lines(&buf);
        self.bare = self.unit == LineUnit::ByteOrCr && buf.last() == Some(&b'\r');
        if self.head.len() < HEAD_LEN && start.offset == self.head.len() as u64 {
            let take = (HEAD_LEN - self.head.len()).min(end);
            self.head.extend_from_slice(&buf[..take]);
        }
        self.at = Position {
            offset: start.offset + end as u64,
            line_no: start.line_no + lines,
        };
        Ok(FollowEvent::Appended {
            bytes: buf,
            start_offset: start.offset,
            first_line_no: start.line_no,
            lines,
        })
    }
}
