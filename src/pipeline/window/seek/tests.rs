use super::*;
use crate::record::W3cRecord;
use crate::source::SourceId;
use crate::time::UtcMs;
use proptest::prelude::*;
use std::io::Write;

const IIS: &str = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip \
                   cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
const MOVED: &str = "s-ip cs-uri-stem date time cs-method cs-uri-query s-port cs-username c-ip \
                     cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

const DAY: i64 = 20_032 * 86_400_000;

/// One data line in the order `fields` names.
fn line(fields: &str, ts: i64, n: usize) -> String {
    let secs = (ts - DAY) / 1000;
    let (date, time) = (
        "2024-11-05".to_string(),
        format!(
            "{:02}:{:02}:{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        ),
    );
    let uri = format!("/EWS/e{n}.svc");
    let rest = "- 443 - 10.0.0.9 Agent/1.0 - 401 1 2148074254 3";
    if fields == IIS {
        format!("{date} {time} 10.0.0.1 POST {uri} {rest}\n")
    } else {
        format!("10.0.0.1 {uri} {date} {time} POST {rest}\n")
    }
}

/// A file of `gaps.len()` lines from 00:00 on, the `#Fields` list switching at `switches`
/// (line indices), with a header block (and a repeated one at each switch).
fn write_log(gaps: &[i64], switches: &[usize]) -> (tempfile::NamedTempFile, i64) {
    let mut f = tempfile::NamedTempFile::new().expect("temp");
    let mut text =
        format!("#Software: Microsoft Internet Information Services 10.0\n#Fields: {IIS}\n");
    let mut fields = IIS;
    let mut ts = DAY;
    for (n, gap) in gaps.iter().enumerate() {
        if switches.contains(&n) {
            fields = if fields == IIS { MOVED } else { IIS };
            text.push_str(&format!(
                "#Software: IIS\n#Date: 2024-11-05 00:00:00\n#Fields: {fields}\n"
            ));
        }
        ts += gap;
        text.push_str(&line(fields, ts, n));
    }
    f.write_all(text.as_bytes()).expect("write");
    (f, ts)
}

type Row = (u64, u64, i64, String, Option<u16>);

/// The rows inside `w` read from the whole file, or from the planned part when `seek`.
fn rows(path: &std::path::Path, w: &Window, seek: bool) -> (Vec<Row>, bool) {
    let o = crate::read::open(path).expect("open");
    let shift = |t: i64| t;
    let part = if seek {
        plan(&o.file, o.len, w, &shift, 256).expect("plan")
    } else {
        None
    };
    let seeked = part.is_some();
    let mut out = Vec::new();
    let mut sink = |_: SourceId, r: &W3cRecord<'_>| {
        if w.contains(r.ts) {
            out.push((r.line, r.offset, r.ts.0, r.uri_stem.to_string(), r.status));
        }
    };
    let mut parser = crate::parse::w3c::W3cParser::new(SourceId(0));
    if let Some((r, e)) = part {
        parser = parser.part(r, e);
    }
    parser.opened(o, &mut sink).expect("parse");
    (out, seeked)
}

#[test]
fn seeking_past_a_fields_change_reads_the_columns_in_effect() {
    let gaps = vec![1000; 3000];
    let (f, _) = write_log(&gaps, &[1000, 2000]);
    // 00:25 to 00:30 (and the 5 minutes' slack before) lies after the first switch (00:16:41),
    // in the moved column order.
    let w = Window {
        since: Some(UtcMs(DAY + 1_500_000)),
        until: Some(UtcMs(DAY + 1_800_000)),
    };
    let (whole, _) = rows(f.path(), &w, false);
    let (part, seeked) = rows(f.path(), &w, true);
    assert!(seeked, "the file is read from the window, not whole");
    assert_eq!(whole.len(), 300);
    assert_eq!(part, whole);
    assert!(whole[0].3.starts_with("/EWS/e1499"), "{:?}", whole[0]);
    let o = crate::read::open(f.path()).expect("open");
    let (resume, end) = plan(&o.file, o.len, &w, &|t| t, 256)
        .expect("plan")
        .expect("a part");
    assert!(resume.offset > 0 && end < o.len, "{resume:?} {end}");
    let fields = String::from_utf8(resume.fields.unwrap_or_default()).expect("utf8");
    assert_eq!(fields, format!("#Fields: {MOVED}"));
}

#[test]
fn dateless_parts_and_unprobeable_files_are_read_whole() {
    let mut f = tempfile::NamedTempFile::new().expect("temp");
    let mut text = String::from("#Date: 2024-11-05 00:00:00\n#Fields: time s-ip cs-uri-stem\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "00:{:02}:{:02} 10.0.0.1 /x\n",
            i / 60 % 60,
            i % 60
        ));
    }
    f.write_all(text.as_bytes()).expect("write");
    let o = crate::read::open(f.path()).expect("open");
    let w = Window {
        since: Some(UtcMs(DAY + 600_000)),
        until: None,
    };
    assert_eq!(plan(&o.file, o.len, &w, &|t| t, 256).expect("plan"), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn a_seek_reads_what_a_linear_scan_reads(
        gaps in proptest::collection::vec(prop_oneof![Just(0i64), 1i64..5000], 50..1500),
        switches in proptest::collection::vec(0usize..1500, 0..4),
        a in 0f64..1.2,
        len in 0f64..0.6,
        open_start in any::<bool>(),
        open_end in any::<bool>(),
    ) {
        let (f, last) = write_log(&gaps, &switches);
        let span = (last - DAY) as f64;
        let since = DAY + (a * span) as i64 - 60_000;
        let until = since + (len * span) as i64 + 1;
        let w = Window {
            since: (!open_start).then_some(UtcMs(since)),
            until: (!open_end).then_some(UtcMs(until)),
        };
        let (whole, _) = rows(f.path(), &w, false);
        let (part, _) = rows(f.path(), &w, true);
        prop_assert_eq!(part, whole);
    }
}
