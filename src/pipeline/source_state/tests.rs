use super::{Directives, read_at};

/// What the whole range read at once, line by line, gives (the reference).
fn at_once(path: &std::path::Path, floor: u64, end: u64) -> Directives {
    let (fields, date) = line_by_line(&read_at(path, floor, end - floor));
    Directives { fields, date }
}

/// Every line looked at, from the end (the reference).
fn line_by_line(bytes: &[u8]) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let (mut fields, mut date) = (None, None);
    for l in bytes.split(|&b| b == b'\n').rev() {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        let named = |n: &[u8]| l.len() >= n.len() && l[..n.len()].eq_ignore_ascii_case(n);
        if fields.is_none() && named(b"#Fields:") {
            fields = Some(l.to_vec());
        } else if date.is_none() && named(b"#Date:") {
            date = Some(l.to_vec());
        }
    }
    (fields, date)
}

#[test]
fn only_lines_starting_with_a_hash_are_directives() {
    let cases: [&[u8]; 8] = [
        b"#Fields: a b\n#Date: 1\nx #Fields: no\n",
        b"#Date: 1\r\n#fields: A\r\n2024 GET /#Date:x\r\n",
        b"#Fields: a",
        b"ields: a\n#DATE: 2\n#Fields: b\n#Fields: c",
        b"\n\n#\n#F\n#Fields:\n",
        b"x#Fields: a\n#Software: y\n",
        b"#Date: 1\n#Date: 2\n#Fields: f\n#Date: 3\nrow\n",
        b"",
    ];
    for c in cases {
        assert_eq!(
            super::last_directives(c),
            line_by_line(c),
            "{}",
            String::from_utf8_lossy(c)
        );
    }
}

#[test]
fn reading_backwards_in_pieces_finds_what_reading_the_range_at_once_finds() {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for case in 0..60 {
        let mut text = Vec::new();
        let lines = 1 + next(40);
        for i in 0..lines {
            let line = match next(6) {
                0 => format!("#Fields: date time f{case}x{i} cs-uri-stem"),
                1 => format!("#date: 2024-11-05 0{}:00:00", i % 10),
                2 => format!("#Software: IIS {i}"),
                3 => format!("2024-11-05 10:00:{:02} GET /x#Fields:/{i} -", i % 60),
                _ => format!(
                    "2024-11-05 10:00:{:02} GET /x/{i} {}",
                    i % 60,
                    "y".repeat(next(90) as usize)
                ),
            };
            text.extend_from_slice(line.as_bytes());
            text.extend_from_slice(if next(3) == 0 { b"\r\n" } else { b"\n" });
        }
        let path = dir.path().join(format!("{case}.log"));
        std::fs::write(&path, &text).expect("write");
        let len = text.len() as u64;
        for _ in 0..8 {
            let end = len - next(len / 3 + 1);
            let floor = next(end + 1);
            for piece in [1, 2, 7, 16, 64, 1 << 16] {
                assert_eq!(
                    Directives::back(&path, floor, end, piece),
                    at_once(&path, floor, end),
                    "case {case}, {floor}..{end}, pieces of {piece}"
                );
            }
        }
    }
}
