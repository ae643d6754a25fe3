//! Requests copied out of the parser's buffer in batches, so that a second thread turns them
//! into JSON while the parser goes on: the feeding thread copies each line once (its fields are
//! kept as spans of the copy) and says what to do with it; the writer thread serialises, holds
//! handshake legs until their tag comes, and writes, in the order it was told.

use super::out::Out;
use super::request::{self, Context, Tag};
use crate::record::{RawNumbers, W3cRecord};
use crate::source::SourceKind;
use crate::time::UtcMs;
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, SyncSender};

/// Bytes of copied text per batch.
const BATCH_TEXT: usize = 1 << 18;
/// Fields kept as spans: the record's strings, then the raw numbers.
const FIELDS: usize = 18;

/// A request whose strings are spans of the batch text.
#[derive(Debug, Clone, Copy)]
pub struct Packed {
    spans: [(u32, u32); FIELDS],
    line: u64,
    ts: i64,
    status: Option<u16>,
    substatus: Option<u16>,
    win32: Option<u32>,
    time_taken: Option<u32>,
    raw: bool,
    text: (u32, u32),
}

/// What the writer thread does, in order.
#[derive(Debug)]
pub enum Item {
    /// The next requests come from this file.
    File { kind: SourceKind, path: String },
    /// Write a request.
    Write(Packed),
    /// Serialise a request and hold it until a [`Item::Tag`] or [`Item::Release`] names its line.
    Hold(Packed, &'static str),
    /// Write the held lines with this handshake tag.
    Tag(Vec<u64>, Box<Tag>),
    /// Write a held line without a tag.
    Release(u64),
    /// Write the lines still held, in line order (end of a file).
    EndFile,
    /// Write an object serialised already.
    Raw(Vec<u8>),
}

/// A batch of items and the text their requests point into.
#[derive(Debug, Default)]
pub struct Batch {
    text: String,
    items: Vec<Item>,
}

/// The feeding side: fills batches and sends them, reusing the ones that come back.
pub struct Feed {
    batch: Batch,
    tx: SyncSender<Batch>,
    back: Receiver<Batch>,
}

fn span(text: &mut String, v: &str) -> (u32, u32) {
    let start = u32::try_from(text.len()).unwrap_or(u32::MAX);
    text.push_str(v);
    (start, u32::try_from(v.len()).unwrap_or(0))
}

impl Feed {
    pub fn new(tx: SyncSender<Batch>, back: Receiver<Batch>) -> Self {
        Feed {
            batch: Batch::default(),
            tx,
            back,
        }
    }

    /// Copies a request into the batch.
    pub fn pack(&mut self, r: &W3cRecord<'_>) -> Packed {
        let t = &mut self.batch.text;
        let base = t.len();
        let text = span(t, r.text);
        // Fields are slices of the line; find them in the copy, else copy them too.
        let line = r.text.as_ptr() as usize;
        let at = |t: &mut String, v: &str| -> (u32, u32) {
            let off = (v.as_ptr() as usize).wrapping_sub(line);
            if off <= r.text.len() && off + v.len() <= r.text.len() {
                (
                    u32::try_from(base + off).unwrap_or(u32::MAX),
                    u32::try_from(v.len()).unwrap_or(0),
                )
            } else {
                span(t, v)
            }
        };
        let raw = r.raw.copied().unwrap_or_default();
        let fields = [
            r.server,
            r.server_ip,
            r.method,
            r.uri_stem,
            r.uri_query,
            r.server_port,
            r.username,
            r.client_ip,
            r.client_port,
            r.forwarded_for,
            r.user_agent,
            r.referer,
            r.host,
            r.reason,
            raw.status,
            raw.substatus,
            raw.win32,
            raw.time_taken,
        ];
        let mut spans = [(0, 0); FIELDS];
        for (s, f) in spans.iter_mut().zip(fields) {
            *s = at(t, f);
        }
        Packed {
            spans,
            line: r.line,
            ts: r.ts.0,
            status: r.status,
            substatus: r.substatus,
            win32: r.win32,
            time_taken: r.time_taken,
            raw: r.raw.is_some(),
            text,
        }
    }

    /// Adds an item; sends the batch when it is full.
    pub fn push(&mut self, item: Item) {
        self.batch.items.push(item);
        if self.batch.text.len() >= BATCH_TEXT || self.batch.items.len() >= 8192 {
            self.send();
        }
    }

    /// Sends what is batched.
    pub fn send(&mut self) {
        if self.batch.items.is_empty() {
            return;
        }
        let next = self.back.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.batch, next);
        // The writer only stops early when the output failed; the parser then stops too.
        let _ = self.tx.send(full);
    }
}

fn field<'a>(text: &'a str, p: &Packed, i: usize) -> &'a str {
    let (a, n) = p.spans[i];
    text.get(a as usize..a as usize + n as usize).unwrap_or("")
}

fn raw_of<'a>(text: &'a str, p: &Packed) -> RawNumbers<'a> {
    RawNumbers {
        status: field(text, p, 14),
        substatus: field(text, p, 15),
        win32: field(text, p, 16),
        time_taken: field(text, p, 17),
    }
}

fn unpack<'a>(text: &'a str, p: &Packed) -> W3cRecord<'a> {
    let s = |i: usize| field(text, p, i);
    W3cRecord {
        line: p.line,
        offset: 0,
        ts: UtcMs(p.ts),
        server: s(0),
        server_ip: s(1),
        method: s(2),
        uri_stem: s(3),
        uri_query: s(4),
        server_port: s(5),
        username: s(6),
        client_ip: s(7),
        client_port: s(8),
        forwarded_for: s(9),
        user_agent: s(10),
        referer: s(11),
        host: s(12),
        status: p.status,
        substatus: p.substatus,
        win32: p.win32,
        time_taken: p.time_taken,
        reason: s(13),
        raw: None,
        text: text
            .get(p.text.0 as usize..(p.text.0 + p.text.1) as usize)
            .unwrap_or(""),
    }
}

/// The writer thread's loop: serialises and writes every batch, sends it back for reuse.
pub fn write_all(rx: Receiver<Batch>, back: std::sync::mpsc::Sender<Batch>, out: &mut Out<'_>) {
    let mut kind = SourceKind::Iis;
    let mut path = String::new();
    let mut stamp = (i64::MIN, String::new());
    let mut held: HashMap<u64, (Vec<u8>, &'static str)> = HashMap::new();
    for mut batch in rx {
        for item in &batch.items {
            let p = match item {
                Item::File { kind: k, path: f } => {
                    kind = *k;
                    path.clone_from(f);
                    continue;
                }
                Item::Write(p) => (p, None),
                Item::Hold(p, leg) => (p, Some(*leg)),
                Item::Tag(lines, tag) => {
                    for l in lines {
                        if let Some((mut json, leg)) = held.remove(l) {
                            let _ = request::add_tag(&mut json, leg, tag);
                            out.raw(&json);
                        }
                    }
                    continue;
                }
                Item::Release(l) => {
                    if let Some((json, _)) = held.remove(l) {
                        out.raw(&json);
                    }
                    continue;
                }
                Item::EndFile => {
                    let mut rest: Vec<(u64, (Vec<u8>, &'static str))> = held.drain().collect();
                    rest.sort_by_key(|(l, _)| *l);
                    for (_, (json, _)) in rest {
                        out.raw(&json);
                    }
                    continue;
                }
                Item::Raw(json) => {
                    out.raw(json);
                    continue;
                }
            };
            let (p, hold) = p;
            if stamp.0 != p.ts {
                stamp = (p.ts, UtcMs(p.ts).rfc3339());
            }
            let raw = raw_of(&batch.text, p);
            let mut rec = unpack(&batch.text, p);
            if p.raw {
                rec.raw = Some(&raw);
            }
            let cx = Context {
                kind,
                file: &path,
                timestamp: &stamp.1,
            };
            match hold {
                None => out.line(|b| {
                    request::write(b, &rec, &cx);
                    Ok(())
                }),
                Some(leg) => {
                    let mut json = Vec::with_capacity(rec.text.len() + 640);
                    request::write(&mut json, &rec, &cx);
                    held.insert(p.line, (json, leg));
                }
            }
        }
        batch.text.clear();
        batch.items.clear();
        if back.send(batch).is_err() {
            break;
        }
    }
}
