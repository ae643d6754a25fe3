//! What a block's parse hands on: the [`Batch`] (its text, records, hook output and counts),
//! filled by the hook once per block, the server named by its first lines, and the batch of a
//! line too long to keep. Once per block, out of the per-line loop.

use super::BatchParser;
use crate::parse::w3c::fields::Text;
use crate::parse::w3c::hook::{BlockHook, Rows};
use crate::parse::w3c::line::{Raw, Rec};
use crate::source::SourceStats;

/// A block's text and its records; spans index `text`, line numbers count from the block start.
#[derive(Debug, Default)]
pub(in crate::parse::w3c) struct Batch<R, B> {
    pub text: String,
    pub recs: Vec<Rec>,
    /// The text spans of the numbers of records with [`Rec::bad`] set, by record index.
    pub raws: Vec<(u32, Raw)>,
    /// What the hook made of each record, in order.
    pub rows: Vec<R>,
    /// What the hook made of the block.
    pub block: B,
    /// Stream offset just after the block.
    pub end: u64,
    /// Counts of this block; diagnostic line numbers relative to the block.
    pub stats: SourceStats,
    /// Lines of the stream before the block, when counted ([`Rows::first_line`]).
    pub first_line: Option<u64>,
}

impl<R, B> Batch<R, B> {
    /// Hands back the batch's storage: text bytes for the next block, and the batch itself,
    /// whose records and hook output the next parse clears and fills.
    pub fn recycle(mut self) -> (Vec<u8>, Self) {
        let text = std::mem::take(&mut self.text).into_bytes();
        (text, self)
    }

    /// The records as the hook sees them.
    pub fn view(&self) -> Rows<'_> {
        Rows {
            text: &self.text,
            recs: &self.recs,
            raws: &self.raws,
            first_line: self.first_line,
        }
    }
}

impl BatchParser {
    /// A batch for a line too long to keep.
    pub fn overlong<H: BlockHook>(
        head: &[u8],
        base: u64,
        hook: &H,
        batch: &mut Batch<H::Row, H::Block>,
    ) {
        batch.recs.clear();
        batch.raws.clear();
        batch.text.clear();
        run_hook(hook, batch);
        batch.end = base;
        batch.stats = SourceStats {
            lines: 1,
            ..SourceStats::default()
        };
        batch.stats.bad_line(
            1,
            "line longer than 4 MiB; skipped",
            &String::from_utf8_lossy(head),
        );
    }
}

/// Fills the batch's per-row and per-block hook output: exactly one row value per record.
pub(super) fn run_hook<H: BlockHook>(hook: &H, batch: &mut Batch<H::Row, H::Block>) {
    let mut rows = std::mem::take(&mut batch.rows);
    let mut block = std::mem::take(&mut batch.block);
    rows.clear();
    hook.block(&batch.view(), &mut rows, &mut block);
    rows.resize_with(batch.recs.len(), H::Row::default);
    batch.rows = rows;
    batch.block = block;
}

/// The first value of a text column among the first `first` records of a block (a column a
/// file logs is on its first lines), to name the source's server.
pub(super) fn first_value(text: &[u8], recs: &[Rec], col: Text, first: usize) -> String {
    recs.iter()
        .take(first)
        .map(|r| r.cols[col as usize])
        .find(|s| s.start != s.end)
        .and_then(|s| text.get(s.start as usize..s.end as usize))
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_default()
}
