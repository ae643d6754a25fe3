//! What the parser shows of each parsed block to a [`BlockHook`]: per-block work that runs on the
//! parsing threads (the pipeline works out per-request hints and index chunks there), while the
//! sink is fed in file order on one thread. The parser knows the hook only through this trait.

use super::fields::Text;
use super::line::{Raw, Rec};

/// A text column of a parsed row.
pub use super::fields::Text as Column;
/// A numeric field of a parsed row.
pub use super::line::Num as Number;

/// Work done on every parsed block, on the thread that parsed it.
pub trait BlockHook: Sync {
    /// What the hook makes of one data line (handed to [`crate::record::RequestSink::wants`]).
    type Row: Default + Send;
    /// What the hook makes of one block (handed to [`crate::record::RequestSink::block`]).
    type Block: Default + Send;

    /// Works out `per_row` (cleared, one value per row of `rows`, in order) and `out` (the
    /// storage of an earlier block, to clear and refill) from a block's rows.
    fn block(&self, rows: &Rows<'_>, per_row: &mut Vec<Self::Row>, out: &mut Self::Block);

    /// Whether the hook needs [`Rows::first_line`]: the reader then counts the lines of each
    /// block as it hands it out (a pass over the text while it holds the reader).
    fn counts_lines(&self) -> bool {
        false
    }
}

/// The hook that does nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHook;

impl BlockHook for NoHook {
    type Row = ();
    type Block = ();

    fn block(&self, _rows: &Rows<'_>, _per_row: &mut Vec<()>, _out: &mut ()) {}
}

/// The data lines of one parsed block.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    pub(super) text: &'a str,
    pub(super) recs: &'a [Rec],
    /// Number spans of the records with unread numbers, by record index (ascending).
    pub(super) raws: &'a [(u32, Raw)],
    pub(super) first_line: Option<u64>,
}

impl<'a> Rows<'a> {
    /// The block text every span indexes.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Number of data lines.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// The lines of the stream before the block, when known (always when the hook
    /// [counts lines](BlockHook::counts_lines)): [`Row::line`] plus this is the line number in
    /// the file.
    pub fn first_line(&self) -> Option<u64> {
        self.first_line
    }

    /// True when the block has no data line.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// The byte spans of one column in block order (empty when not logged or `-`): the hook's
    /// column-at-a-time reads, without building a [`Row`] each.
    pub fn spans(&self, col: Column) -> impl Iterator<Item = (u32, u32)> + Clone + 'a {
        let c = col as usize;
        self.recs.iter().map(move |rec| {
            let s = rec.cols[c];
            (s.start, s.end)
        })
    }

    /// The rows in block order.
    pub fn iter(&self) -> impl Iterator<Item = Row<'a>> + Clone + 'a {
        let (text, raws) = (self.text, self.raws);
        let mut raws = raws.iter().peekable();
        self.recs.iter().enumerate().map(move |(i, rec)| {
            let raw = if rec.bad == 0 {
                None
            } else {
                while raws.next_if(|x| (x.0 as usize) < i).is_some() {}
                raws.next_if(|x| x.0 as usize == i).map(|x| &x.1)
            };
            Row { text, rec, raw }
        })
    }
}

/// One parsed data line: numbers and spans of the block text.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    text: &'a str,
    rec: &'a Rec,
    raw: Option<&'a Raw>,
}

impl<'a> Row<'a> {
    /// `date` + `time` as logged, in milliseconds since the epoch.
    pub fn ts(&self) -> i64 {
        self.rec.ts
    }

    /// Line number within the block (1-based).
    pub fn line(&self) -> u64 {
        self.rec.line
    }

    /// Stream offset of the line.
    pub fn offset(&self) -> u64 {
        self.rec.offset
    }

    /// `sc-status`.
    pub fn status(&self) -> Option<u16> {
        self.rec.status
    }

    /// `sc-substatus`.
    pub fn substatus(&self) -> Option<u16> {
        self.rec.substatus
    }

    /// `sc-win32-status`.
    pub fn win32(&self) -> Option<u32> {
        self.rec.win32
    }

    /// `time-taken`.
    pub fn time_taken(&self) -> Option<u32> {
        self.rec.time_taken
    }

    /// Byte span of a column in the block text (empty when not logged or `-`).
    pub fn span(&self, col: Column) -> (u32, u32) {
        let s = self.rec.cols[col as usize];
        (s.start, s.end)
    }

    /// The text of a column (empty when not logged or `-`).
    pub fn str(&self, col: Text) -> &'a str {
        let (a, b) = self.span(col);
        self.text.get(a as usize..b as usize).unwrap_or("")
    }

    /// The bytes of a column (empty when not logged or `-`): [`Row::str`] without the
    /// character boundary checks, for per-row work that compares bytes.
    pub fn bytes(&self, col: Text) -> &'a [u8] {
        let (a, b) = self.span(col);
        self.text
            .as_bytes()
            .get(a as usize..b as usize)
            .unwrap_or_default()
    }

    /// False when the line's `#Fields` list has no `cs-username` (its empty user is then not
    /// known, rather than `-`).
    pub fn user_logged(&self) -> bool {
        !self.rec.no_user
    }

    /// True when the field was logged but is not a number that fits (its value is then `None`).
    pub fn unread(&self, n: Number) -> bool {
        self.rec.bad & (1 << n as u8) != 0
    }

    /// Whether number `n` is the last value of the input's last line, which no line break ends,
    /// and may be cut off there (`2148` of `2148074310`): [`unread`](Row::unread) too, its
    /// text kept as logged.
    #[inline]
    pub fn cut(&self, n: Number) -> bool {
        self.rec.cut & (1 << n as u8) != 0
    }

    /// The digits logged of number `n` when the log ends inside it ([`Row::cut`]).
    #[cold]
    pub fn cut_bytes(&self, n: Number) -> Option<&'a [u8]> {
        if !self.cut(n) {
            return None;
        }
        let (a, b) = self.unread_span(n);
        self.text.as_bytes().get(a as usize..b as usize)
    }

    /// True when some number of the row is [`unread`](Row::unread).
    #[inline]
    pub fn any_unread(&self) -> bool {
        self.rec.bad != 0
    }

    /// Byte span of the logged text of an [`unread`](Row::unread) number, else `(0, 0)`.
    pub fn unread_span(&self, n: Number) -> (u32, u32) {
        match self.raw {
            Some(raw) if self.unread(n) => (raw[n as usize].start, raw[n as usize].end),
            _ => (0, 0),
        }
    }
}
