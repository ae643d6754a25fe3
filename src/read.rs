//! Opening input files: read-only and without blocking writers (IIS keeps writing its current
//! log), recognising kind and encoding from content (a `u_ex…` name rules out a Windows-1252
//! guess: IIS writes those in UTF-8), and decoding small files whole.

mod binary;
mod detect;
pub mod edges;
mod encoding;
pub mod ends;
mod label;
pub mod text;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::source::TextEncoding;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

pub use detect::{Detected, Sniffed, sniff};
pub(crate) use encoding::without_cut_tail;
pub use encoding::{LineDecoding, decode};
pub use label::{
    folder_server, head_addresses, head_computer, head_value, is_folder_label, server_label,
    site_id,
};

/// How many bytes at the start of a file decide its kind and encoding.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// An input file, opened and recognised.
#[derive(Debug)]
pub struct Opened {
    /// The path as given.
    pub path: PathBuf,
    /// The open handle, positioned at the start.
    pub file: File,
    /// Size in bytes when opened.
    pub len: u64,
    /// How its text is encoded.
    pub encoding: TextEncoding,
    /// What it is.
    pub kind: Detected,
    /// Server label for W3C files without `s-computername` (see [`server_label`]).
    pub server_label: String,
    /// W3C: the `s-computername` its first data lines log ([`head_computer`]; empty when
    /// none), or the one the other files of its site folder log (the pipeline's load).
    pub logged_server: String,
    /// W3C: the server addresses (`s-ip`) its first data lines log ([`head_addresses`]).
    pub server_ips: Vec<String>,
}

/// How many server addresses of a file's head [`Opened::server_ips`] keeps (a server has a
/// few: IPv4, IPv6, a link-local one).
pub const HEAD_ADDRESSES: usize = 8;

/// Opens `path` read-only, sharing it with writers, and recognises it from its content.
pub fn open(path: &Path) -> Result<Opened> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    if meta.is_dir() {
        return Err(Error::Unreadable {
            path: path.to_path_buf(),
            reason: "is a folder, not a file".to_string(),
        });
    }
    let file = open_shared(path).map_err(|e| Error::io(path, &e))?;
    let len = file.metadata().map_or(meta.len(), |m| m.len());
    let (head, complete) = read_head(&file, len).map_err(|e| Error::io(path, &e))?;
    let Sniffed { encoding, kind } = sniff(&head, complete);
    let head = binary::after_zeroed_head(&head);
    let encoding = encoding::by_name(path, encoding);
    let server_label = match kind {
        Detected::Iis | Detected::Httperr | Detected::W3c => server_label(path, &kind),
        _ => String::new(),
    };
    let bytes = matches!(
        encoding,
        TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Windows1252
    );
    let logged_server = match kind {
        Detected::Iis | Detected::W3c if bytes => head_computer(head),
        _ => String::new(),
    };
    let server_ips = match kind {
        Detected::Iis | Detected::W3c | Detected::Httperr if bytes => {
            head_addresses(head, HEAD_ADDRESSES)
        }
        _ => Vec::new(),
    };
    Ok(Opened {
        path: path.to_path_buf(),
        file,
        len,
        encoding,
        kind,
        server_label,
        logged_server,
        server_ips,
    })
}

/// Most bytes of a zeroed head looked past for the text behind it.
const ZEROED_LIMIT: u64 = 64 << 20;

/// The first [`SNIFF_BYTES`] of a file, or of its text behind a zeroed head longer than that
/// (the clusters a crash left unwritten, IIS's new header behind them), and whether that is
/// the rest of the file. Leaves the file positioned at its start.
fn read_head(file: &File, len: u64) -> std::io::Result<(Vec<u8>, bool)> {
    let mut reader = file;
    let mut at = 0u64;
    let mut head = Vec::with_capacity(SNIFF_BYTES.min(usize::try_from(len).unwrap_or(0)));
    loop {
        head.clear();
        reader.take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
        let complete = head.len() < SNIFF_BYTES;
        let nuls = head.iter().take_while(|&&b| b == 0).count();
        if nuls < head.len() || complete || at >= ZEROED_LIMIT {
            if at > 0 && nuls < head.len() {
                // Sniff from the last NULs, so the head still reads as a zeroed one.
                let from = at + (nuls as u64 & !1) - binary::ZEROED_HEAD as u64;
                reader.seek(SeekFrom::Start(from))?;
                head.clear();
                reader.take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
            }
            reader.seek(SeekFrom::Start(0))?;
            let complete = head.len() < SNIFF_BYTES;
            return Ok((head, complete));
        }
        at += head.len() as u64;
    }
}

/// Reads and decodes a whole file (meant for small files), byte order mark removed.
pub fn read_text(opened: &Opened) -> Result<String> {
    let mut reader = &opened.file;
    let mut bytes = Vec::with_capacity(usize::try_from(opened.len).unwrap_or(0));
    reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.read_to_end(&mut bytes))
        .map_err(|e| Error::io(&opened.path, &e))?;
    Ok(decode(bytes, opened.encoding))
}

/// Opens a log read-only: the one way hcwlens opens a log (`tests/log_open.rs`). On Windows it
/// shares read, write and delete, said explicitly (it is also the standard library's default),
/// so IIS keeps writing and a clean-up script can delete or move the log while it is held.
pub fn open_shared(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_SHARE_READ: u32 = 0x1;
        const FILE_SHARE_WRITE: u32 = 0x2;
        const FILE_SHARE_DELETE: u32 = 0x4;
        options.share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    }
    options.open(path)
}
