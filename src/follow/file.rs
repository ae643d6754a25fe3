//! Opening a followed file without getting in the writer's way, and telling files apart.
//!
//! The file is opened read-only for one poll and closed again. On Windows the share mode is
//! READ | WRITE | DELETE (`read::open_shared`) so IIS (or HCW) can keep writing, rename or
//! delete it meanwhile.
//! Size and identity come from the open handle: on Windows the directory entry that
//! `fs::metadata(path)` reads is updated lazily and lags behind a file IIS is writing.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// Which file a path named when it was looked at, read from an open handle.
///
/// Unix: device and inode. Windows: volume serial number and file index
/// (`GetFileInformationByHandle`), the pair `same-file` compares. Not the creation time: Wine
/// reports one that changes as the file grows, and NTFS "tunnelling" gives a file created
/// under a just-vacated name the old one. A file index is only promised to stay the same
/// while the file exists, so the follower also compares the first bytes of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId(u64, u64);

impl FileId {
    /// The identity of the open `file`, where the platform has one.
    pub fn of(file: &File) -> Option<FileId> {
        platform_id(file)
    }
}

#[cfg(unix)]
fn platform_id(file: &File) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata().ok()?;
    Some(FileId(meta.dev(), meta.ino()))
}

#[cfg(windows)]
fn platform_id(file: &File) -> Option<FileId> {
    let info = winapi_util::file::information(file).ok()?;
    Some(FileId(info.volume_serial_number(), info.file_index()))
}

#[cfg(not(any(unix, windows)))]
fn platform_id(_file: &File) -> Option<FileId> {
    None
}

/// Reads up to `len` bytes starting at `offset` (fewer if the file ends first).
pub fn read_range(file: &mut File, offset: u64, len: u64) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(offset))?;
    let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.by_ref().take(len).read_to_end(&mut buf)?;
    Ok(buf)
}
