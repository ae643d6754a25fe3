//! Exported Windows Security event logs (`.evtx`): the logon events that explain an NTLM
//! failure seen in IIS.
//!
//! The binary format is read by the `evtx` crate; each record becomes a JSON value, and
//! [`map::map_record`] (a pure function, fuzzed) turns it into a typed [`SecurityEvent`] for
//! 4624, 4625 and 4776. Other event ids are only counted. A record that cannot be read is a
//! counted diagnostic.

pub mod event;
pub mod file;
pub mod map;

pub use event::{SecurityEvent, SecurityEventKind};
pub use file::{EvtxRead, read_evtx};
pub use map::{Mapped, map_record};

/// The first eight bytes of every EVTX file.
pub const MAGIC: &[u8; 8] = b"ElfFile\0";

#[cfg(test)]
mod tests;
