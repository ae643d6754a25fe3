//! Copying text out of the explorer: the native clipboard first, then OSC 52 through the
//! terminal, then a file — and a report of which path was used, for the status bar.
//!
//! One [`Clipboard`] is created at start-up and kept for the session: on X11 the owning process
//! serves the selection, so a short-lived handle would lose the text. Over SSH there is no
//! native clipboard; OSC 52 asks the user's terminal to set its clipboard (inside tmux the
//! sequence is written plainly, which tmux with `set -g set-clipboard on` takes into its buffer
//! and forwards, and once more wrapped for tmux passthrough). Texts over [`OSC52_MAX`] bytes,
//! or when stdout is no terminal, go to a numbered file in the user's cache folder.

#[cfg(test)]
mod tests;

use crate::tui::error::ShellError;
use base64::Engine;
use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;

/// Largest text sent through OSC 52 (some terminals drop longer sequences).
pub const OSC52_MAX: usize = 64 * 1024;

/// Environment variable forcing a path: `native`, `osc52` or `file`.
pub const ENV_MODE: &str = "HCWLENS_CLIPBOARD";

/// Where a copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyPath {
    /// The system clipboard.
    Native,
    /// An OSC 52 sequence written to the terminal.
    Osc52,
    /// A file.
    File(PathBuf),
}

/// What a copy did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// The path used.
    pub path: CopyPath,
    /// Bytes copied (after escaping).
    pub bytes: usize,
}

impl CopyReport {
    /// A status-bar sentence.
    pub fn message(&self) -> String {
        match &self.path {
            CopyPath::Native => format!("Copied {} bytes to the clipboard", self.bytes),
            CopyPath::Osc52 => format!(
                "Sent {} bytes to the terminal clipboard (OSC 52; tmux needs set-clipboard on)",
                self.bytes
            ),
            CopyPath::File(p) => format!(
                "Clipboard unavailable: wrote {} bytes to {}",
                self.bytes,
                crate::escape::escape_control(&p.display().to_string())
            ),
        }
    }
}

/// Which path to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClipboardMode {
    /// Native, else OSC 52, else a file.
    #[default]
    Auto,
    /// Only the native clipboard.
    Native,
    /// Only OSC 52 (whatever the size or terminal).
    Osc52,
    /// Only a file.
    File,
}

impl ClipboardMode {
    /// `auto`, `native`, `osc52`, `file` (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Some(ClipboardMode::Auto),
            "native" | "system" => Some(ClipboardMode::Native),
            "osc52" | "osc" => Some(ClipboardMode::Osc52),
            "file" => Some(ClipboardMode::File),
            _ => None,
        }
    }
}

/// How the clipboard behaves; [`ClipboardOptions::detect`] fills it from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipboardOptions {
    /// Forced or automatic path.
    pub mode: ClipboardMode,
    /// Open the native clipboard at all (off in tests that must not touch the desktop).
    pub try_native: bool,
    /// The output is a terminal, so OSC 52 can reach one.
    pub terminal: bool,
    /// Running inside tmux.
    pub tmux: bool,
    /// Folder for copy files.
    pub file_dir: PathBuf,
}

impl ClipboardOptions {
    /// From the environment: `HCWLENS_CLIPBOARD` beats `config` (the config file's choice),
    /// `TMUX` says tmux, stdout says terminal; files go to the user's cache folder.
    pub fn detect(config: Option<ClipboardMode>) -> Self {
        use std::io::IsTerminal;
        let env = std::env::var(ENV_MODE)
            .ok()
            .and_then(|v| ClipboardMode::parse(&v));
        ClipboardOptions {
            mode: env.or(config).unwrap_or_default(),
            try_native: true,
            terminal: std::io::stdout().is_terminal(),
            tmux: std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()),
            file_dir: default_dir(),
        }
    }
}

fn default_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "hcwlens")
        .map(|d| d.cache_dir().join("copies"))
        .unwrap_or_else(|| std::env::temp_dir().join("hcwlens"))
}

/// The session's clipboard.
pub struct Clipboard {
    native: Option<arboard::Clipboard>,
    native_error: Option<String>,
    opts: ClipboardOptions,
    counter: u32,
}

impl std::fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clipboard")
            .field("native", &self.native.is_some())
            .field("native_error", &self.native_error)
            .field("opts", &self.opts)
            .finish()
    }
}

impl Clipboard {
    /// Opens the native clipboard if the mode may use it (takes ~0.2 s to fail without one).
    pub fn new(opts: ClipboardOptions) -> Self {
        let wants = matches!(opts.mode, ClipboardMode::Auto | ClipboardMode::Native);
        let (native, native_error) = if wants && opts.try_native {
            match arboard::Clipboard::new() {
                Ok(c) => (Some(c), None),
                Err(e) => (None, Some(one_line(&e.to_string()))),
            }
        } else {
            (None, Some("not tried".to_string()))
        };
        Clipboard {
            native,
            native_error,
            opts,
            counter: 0,
        }
    }

    /// [`Clipboard::new`] with [`ClipboardOptions::detect`].
    pub fn from_env(config: Option<ClipboardMode>) -> Self {
        Self::new(ClipboardOptions::detect(config))
    }

    /// True when a native clipboard is open.
    pub fn has_native(&self) -> bool {
        self.native.is_some()
    }

    /// The options in use.
    pub fn options(&self) -> &ClipboardOptions {
        &self.opts
    }

    /// Copies `text` (control characters escaped, tabs and newlines kept); `out` is the
    /// terminal for OSC 52.
    pub fn copy(&mut self, text: &str, out: &mut dyn Write) -> Result<CopyReport, ShellError> {
        let text = clean(text);
        let bytes = text.len();
        let report = |path| CopyReport { path, bytes };
        match self.opts.mode {
            ClipboardMode::Native => self.native(&text).map(|()| report(CopyPath::Native)),
            ClipboardMode::Osc52 => self.osc52(&text, out).map(|()| report(CopyPath::Osc52)),
            ClipboardMode::File => self.file(&text).map(|p| report(CopyPath::File(p))),
            ClipboardMode::Auto => {
                if self.native(&text).is_ok() {
                    return Ok(report(CopyPath::Native));
                }
                if self.opts.terminal && bytes <= OSC52_MAX && self.osc52(&text, out).is_ok() {
                    return Ok(report(CopyPath::Osc52));
                }
                self.file(&text).map(|p| report(CopyPath::File(p)))
            }
        }
    }

    fn native(&mut self, text: &str) -> Result<(), ShellError> {
        let Some(c) = self.native.as_mut() else {
            let why = self.native_error.as_deref().unwrap_or("unavailable");
            return Err(ShellError::NoClipboard(why.to_string()));
        };
        c.set_text(native_newlines(text).into_owned())
            .map_err(|e| ShellError::Clipboard(one_line(&e.to_string())))
    }

    fn osc52(&self, text: &str, out: &mut dyn Write) -> Result<(), ShellError> {
        let seq = osc52_sequence(text);
        let mut all = seq.clone();
        if self.opts.tmux {
            all.push_str(&tmux_passthrough(&seq));
        }
        out.write_all(all.as_bytes())
            .and_then(|()| out.flush())
            .map_err(ShellError::Osc52)
    }

    fn file(&mut self, text: &str) -> Result<PathBuf, ShellError> {
        let dir = &self.opts.file_dir;
        std::fs::create_dir_all(dir).map_err(|e| ShellError::write(dir, e))?;
        self.counter += 1;
        let path = dir.join(format!("copy-{}-{}.md", std::process::id(), self.counter));
        std::fs::write(&path, text).map_err(|e| ShellError::write(&path, e))?;
        Ok(path)
    }
}

/// `ESC ] 52 ; c ; <base64> BEL`.
pub fn osc52_sequence(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

/// A sequence wrapped for tmux passthrough (`ESC P tmux; … ESC \`, inner ESCs doubled).
pub fn tmux_passthrough(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

/// The text as copied: CRLF made LF, every other control character escaped.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        let lf = text.replace("\r\n", "\n");
        Cow::Owned(crate::escape::escape_keep_newlines(&lf).into_owned())
    } else {
        crate::escape::escape_keep_newlines(text)
    }
}

#[cfg(windows)]
fn native_newlines(text: &str) -> Cow<'_, str> {
    Cow::Owned(text.replace('\n', "\r\n"))
}

#[cfg(not(windows))]
fn native_newlines(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

fn one_line(msg: &str) -> String {
    msg.lines().next().unwrap_or("").trim().to_string()
}
