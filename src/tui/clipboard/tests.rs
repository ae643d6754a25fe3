use super::*;

fn opts(
    mode: ClipboardMode,
    terminal: bool,
    tmux: bool,
    dir: &std::path::Path,
) -> ClipboardOptions {
    ClipboardOptions {
        mode,
        try_native: false,
        terminal,
        tmux,
        file_dir: dir.to_path_buf(),
    }
}

#[test]
fn osc52_sequence_is_base64_between_osc_and_bel() {
    assert_eq!(osc52_sequence("hi"), "\x1b]52;c;aGk=\x07");
    assert_eq!(
        tmux_passthrough("\x1b]52;c;aGk=\x07"),
        "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
    );
}

#[test]
fn forced_osc52_writes_the_escaped_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Clipboard::new(opts(ClipboardMode::Osc52, false, false, dir.path()));
    let mut out = Vec::new();
    let r = c.copy("a\x1b]52;c;evil\x07\tb\r\nc", &mut out).unwrap();
    assert_eq!(r.path, CopyPath::Osc52);
    let clean = "a\\x1B]52;c;evil\\x07\tb\nc";
    assert_eq!(r.bytes, clean.len());
    assert_eq!(String::from_utf8(out).unwrap(), osc52_sequence(clean));
}

#[test]
fn tmux_gets_plain_and_passthrough() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Clipboard::new(opts(ClipboardMode::Auto, true, true, dir.path()));
    let mut out = Vec::new();
    let r = c.copy("x", &mut out).unwrap();
    assert_eq!(r.path, CopyPath::Osc52);
    let seq = osc52_sequence("x");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("{seq}{}", tmux_passthrough(&seq))
    );
}

#[test]
fn auto_falls_back_to_a_numbered_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Clipboard::new(opts(ClipboardMode::Auto, false, false, dir.path()));
    let mut out = Vec::new();
    let a = c.copy("first", &mut out).unwrap();
    let b = c.copy("second", &mut out).unwrap();
    assert!(out.is_empty(), "nothing written to a non-terminal");
    let (CopyPath::File(pa), CopyPath::File(pb)) = (&a.path, &b.path) else {
        panic!("expected files, got {a:?} {b:?}");
    };
    assert_ne!(pa, pb);
    assert!(pa.starts_with(dir.path()));
    assert_eq!(std::fs::read_to_string(pb).unwrap(), "second");
    assert!(a.message().contains("wrote 5 bytes to"));
}

#[test]
fn large_text_goes_to_a_file_even_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Clipboard::new(opts(ClipboardMode::Auto, true, false, dir.path()));
    let big = "x".repeat(OSC52_MAX + 1);
    let mut out = Vec::new();
    let r = c.copy(&big, &mut out).unwrap();
    assert!(matches!(r.path, CopyPath::File(_)));
    assert!(out.is_empty());
    let small = c.copy("y", &mut out).unwrap();
    assert_eq!(small.path, CopyPath::Osc52);
}

#[test]
fn forced_native_without_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Clipboard::new(opts(ClipboardMode::Native, true, false, dir.path()));
    let err = c.copy("x", &mut Vec::new()).unwrap_err();
    assert!(matches!(err, ShellError::NoClipboard(_)), "{err}");
    assert!(err.to_string().starts_with("no native clipboard"), "{err}");
}

#[test]
fn modes_parse() {
    assert_eq!(ClipboardMode::parse(" OSC52 "), Some(ClipboardMode::Osc52));
    assert_eq!(ClipboardMode::parse("file"), Some(ClipboardMode::File));
    assert_eq!(ClipboardMode::parse("native"), Some(ClipboardMode::Native));
    assert_eq!(ClipboardMode::parse("nope"), None);
}
