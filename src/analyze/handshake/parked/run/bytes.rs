//! One parked handshake as bytes: a tag byte, its key's index and its legs as variable-length
//! differences (the format [`super::Run`] describes), written and read back.

use super::Entry;
use crate::analyze::handshake::Unlogged;
use crate::analyze::handshake::pending::PendingLeg;
use crate::codes::sspi::SEC_E_NO_CREDENTIALS;

const CHALLENGED: u8 = 1;
const UNTIED: u8 = 1 << 1;
const SECOND: u8 = 1 << 2;
const CONCURRENT: u8 = 1 << 3;
const FIRST_CODES: u8 = 4;
const SECOND_CODES: u8 = 6;

/// What the next entry's first leg is written against.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Base {
    pub ts: i64,
    pub line: u64,
    pub offset: u64,
}

/// Writes `e` (its first leg against `last`) to `buf`; what the next entry is written against.
pub(super) fn write(buf: &mut Vec<u8>, e: &Entry, last: &Base) -> Base {
    let mut tag = (code_class(&e.first) << FIRST_CODES)
        | e.second.map_or(0, |s| code_class(&s) << SECOND_CODES);
    for (on, bit) in [
        (e.challenged, CHALLENGED),
        (e.untied, UNTIED),
        (e.second.is_some(), SECOND),
        (e.concurrent > 0, CONCURRENT),
    ] {
        if on {
            tag |= bit;
        }
    }
    buf.push(tag);
    put(buf, u64::from(e.key));
    let base = Base {
        ts: e.first.ts,
        line: e.first.line,
        offset: e.first.offset,
    };
    put_leg(buf, &e.first, last);
    if let Some(s) = &e.second {
        put_leg(buf, s, &base);
    }
    if e.concurrent > 0 {
        put(buf, u64::from(e.concurrent));
    }
    base
}

/// Which codes a leg logged: 0 the challenge `401 1 2148074254`, 1 the anonymous `401 2 5`,
/// 2 others (written out), 3 others with codes the line did not log (written out, and which).
fn code_class(l: &PendingLeg) -> u8 {
    match (l.status, l.substatus, l.win32) {
        _ if l.unlogged != Unlogged::default() => 3,
        (401, 1, Some(SEC_E_NO_CREDENTIALS)) => 0,
        (401, 2, Some(5)) => 1,
        _ => 2,
    }
}

fn put(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// A difference, as a zigzag varint (small either way).
fn put_diff(buf: &mut Vec<u8>, now: u64, before: u64) {
    let d = now.wrapping_sub(before) as i64;
    put(buf, ((d << 1) ^ (d >> 63)) as u64);
}

fn put_leg(buf: &mut Vec<u8>, l: &PendingLeg, base: &Base) {
    put_diff(buf, l.ts as u64, base.ts as u64);
    put_diff(buf, l.line, base.line);
    put_diff(buf, l.offset, base.offset);
    let class = code_class(l);
    if class >= 2 {
        put(buf, u64::from(l.status));
        put(buf, u64::from(l.substatus));
        put(buf, l.win32.map_or(0, |w| u64::from(w) + 1));
    }
    if class == 3 {
        buf.push(l.unlogged.bits());
    }
}

fn get(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *buf.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

fn get_diff(buf: &[u8], pos: &mut usize, before: u64) -> Option<u64> {
    let z = get(buf, pos)?;
    let d = ((z >> 1) as i64) ^ -((z & 1) as i64);
    Some(before.wrapping_add(d as u64))
}

fn get_leg(buf: &[u8], pos: &mut usize, base: &Base, class: u8) -> Option<PendingLeg> {
    let ts = get_diff(buf, pos, base.ts as u64)? as i64;
    let line = get_diff(buf, pos, base.line)?;
    let offset = get_diff(buf, pos, base.offset)?;
    let (status, substatus, win32) = match class {
        0 => (401, 1, Some(SEC_E_NO_CREDENTIALS)),
        1 => (401, 2, Some(5)),
        _ => {
            let status = u16::try_from(get(buf, pos)?).ok()?;
            let substatus = u16::try_from(get(buf, pos)?).ok()?;
            let win32 = match get(buf, pos)? {
                0 => None,
                w => Some(u32::try_from(w - 1).ok()?),
            };
            (status, substatus, win32)
        }
    };
    let unlogged = if class == 3 {
        let bits = *buf.get(*pos)?;
        *pos += 1;
        Unlogged::from_bits(bits)
    } else {
        Unlogged::default()
    };
    Some(PendingLeg {
        line,
        offset,
        ts,
        status,
        substatus,
        win32,
        unlogged,
    })
}

/// The entry at `pos` (moved past it), its first leg read against `base` (then set to it).
pub(super) fn read(buf: &[u8], pos: &mut usize, base: &mut Base) -> Option<Entry> {
    let tag = *buf.get(*pos)?;
    *pos += 1;
    let key = u32::try_from(get(buf, pos)?).ok()?;
    let first = get_leg(buf, pos, base, (tag >> FIRST_CODES) & 3)?;
    *base = Base {
        ts: first.ts,
        line: first.line,
        offset: first.offset,
    };
    let second = if tag & SECOND != 0 {
        Some(get_leg(buf, pos, base, (tag >> SECOND_CODES) & 3)?)
    } else {
        None
    };
    let concurrent = if tag & CONCURRENT != 0 {
        u32::try_from(get(buf, pos)?).ok()?
    } else {
        0
    };
    Some(Entry {
        key,
        first,
        second,
        challenged: tag & CHALLENGED != 0,
        untied: tag & UNTIED != 0,
        concurrent,
    })
}
