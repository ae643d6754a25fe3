//! The reader side of the pool: the block reader and the column map in effect at its position,
//! shared by the threads that take turns at it ([`Feed::take`]).

use super::super::batch::{lines_in, scan_directives};
use super::super::block::{Block, BlockReader};
use super::super::fields::Maps;
use std::io::{self, Read};

/// The reader and what is known at its current position.
pub(super) struct Feed<'r, R> {
    pub blocks: &'r mut BlockReader<R>,
    pub maps: Maps,
    pub seq: u64,
    pub failed: Option<io::Error>,
    /// Lines before the next block, counted when the hook asks for them.
    pub lines: Option<u64>,
}

/// A block taken from the feed.
pub(super) struct Taken {
    pub seq: u64,
    pub block: Block,
    pub maps: Maps,
    pub first_line: Option<u64>,
}

impl<R: Read> Feed<'_, R> {
    pub fn take(&mut self, buf: Vec<u8>) -> Option<Taken> {
        if self.failed.is_some() {
            return None;
        }
        let block = match self.blocks.next(buf) {
            Ok(Some(block)) => block,
            Ok(None) => return None,
            Err(e) => {
                self.failed = Some(e);
                return None;
            }
        };
        let maps = self.maps.clone();
        if let Block::Data { data, .. } = &block {
            scan_directives(data, &mut self.maps);
        }
        let first_line = self.lines;
        if let Some(n) = &mut self.lines {
            *n += match &block {
                Block::Data { data, .. } => lines_in(data),
                Block::Overlong { .. } => 1,
            };
        }
        let seq = self.seq;
        self.seq += 1;
        Some(Taken {
            seq,
            block,
            maps,
            first_line,
        })
    }
}
