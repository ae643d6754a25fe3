use super::*;
use crate::time::UtcMs;

fn small(seed: u64, bytes: u64) -> GenOptions {
    GenOptions {
        seed,
        bytes,
        ..GenOptions::default()
    }
}

fn render(opts: &GenOptions, server: u32, day: u32) -> Vec<u8> {
    let mut buf = Vec::new();
    let n = generate_w3c(opts, server, day, &mut buf).expect("in-memory write");
    assert_eq!(n, buf.len() as u64, "returned count matches bytes written");
    buf
}

fn text(buf: &[u8]) -> &str {
    std::str::from_utf8(buf).expect("generator writes UTF-8")
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = render(&small(7, 300_000), 0, 0);
    let b = render(&small(7, 300_000), 0, 0);
    let c = render(&small(8, 300_000), 0, 0);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn servers_and_days_differ() {
    let opts = GenOptions {
        servers: 2,
        days: 2,
        ..small(3, 400_000)
    };
    let s0 = render(&opts, 0, 0);
    let s1 = render(&opts, 1, 0);
    let d1 = render(&opts, 0, 1);
    assert_ne!(s0, s1);
    assert_ne!(s0, d1);
    assert!(
        text(&s1).contains(" 10.0.1.12 "),
        "second server writes its own s-ip"
    );
    assert!(
        text(&d1).contains("\r\n2024-11-06 "),
        "day 1 is the next UTC date"
    );
}

#[test]
fn size_is_roughly_honoured() {
    for target in [50_000u64, 1_000_000, 4_000_000] {
        let buf = render(&small(1, target), 0, 0);
        let len = buf.len() as u64;
        assert!(len >= target, "{len} < {target}");
        assert!(len < target + 40_000, "{len} overshoots {target}");
    }
}

#[test]
fn header_then_fifteen_fields_in_time_order() {
    let buf = render(&small(11, 2_000_000), 0, 0);
    let t = text(&buf);
    let mut lines = t.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("#Software: Microsoft Internet Information Services 10.0")
    );
    assert_eq!(lines.next(), Some("#Version: 1.0"));
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("#Date: 2024-11-05 "))
    );
    let fields = lines.next().expect("fields line");
    assert_eq!(fields.strip_prefix("#Fields: "), Some(FIELDS));
    let mut last = String::new();
    let mut count = 0;
    for line in lines.filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 15, "{line}");
        assert_eq!(cols[0], "2024-11-05");
        let stamp = format!("{} {}", cols[0], cols[1]);
        assert!(stamp >= last, "time went backwards at {line}");
        last = stamp;
        assert!(cols[11].parse::<u16>().is_ok(), "status in {line}");
        assert!(cols[13].parse::<u32>().is_ok(), "win32 in {line}");
        assert!(cols.iter().all(|c| !c.is_empty()), "empty field in {line}");
        count += 1;
    }
    assert!(count > 5_000, "only {count} lines");
    assert!(!t.contains('\n') || t.matches('\n').count() == t.matches("\r\n").count());
}

#[test]
fn lines_look_like_front_end_lines() {
    let buf = render(&small(5, 3_000_000), 0, 0);
    let t = text(&buf);
    let data: Vec<&str> = t.split("\r\n").filter(|l| !l.starts_with('#')).collect();
    let total: usize = data.iter().map(|l| l.len()).sum();
    let avg = total / data.len().max(1);
    assert!((200..=400).contains(&avg), "average line length {avg}");
    for needle in [
        "/mapi/emsmdb/",
        "/mapi/nspi/",
        "/EWS/Exchange.asmx",
        "/Microsoft-Server-ActiveSync/default.eas",
        "/owa/service.svc",
        "/Autodiscover/Autodiscover.xml",
        "/OAB/",
        "/owa/healthcheck.htm",
        " 401 2 5 ",
        " 401 1 2148074254 ",
        " 401 1 2148074248 ",
    ] {
        assert!(t.contains(needle), "no {needle}");
    }
}

#[test]
fn agent_failures_only_on_the_published_server() {
    let opts = GenOptions {
        servers: 2,
        ..small(2, 12_000_000)
    };
    let first = render(&opts, 0, 0);
    let second = render(&opts, 1, 0);
    let bad = |b: &[u8]| {
        text(b)
            .split("\r\n")
            .filter(|l| l.contains("/EWS/mrsproxy.svc") && l.contains(" 401 1 2148074310 "))
            .map(|l| l.split(' ').nth(8).unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let on_first = bad(&first);
    assert!(!on_first.is_empty(), "no channel-binding failures on EX01");
    assert!(on_first.iter().all(|ip| ip == "10.0.5.20"));
    assert!(bad(&second).is_empty());
}

#[test]
fn handshake_legs_come_in_order() {
    let buf = render(&small(9, 3_000_000), 0, 0);
    let t = text(&buf);
    // Every NTLM success from a client is preceded by a challenge for the same client and URI.
    let mut challenged = std::collections::HashSet::new();
    let mut checked = 0;
    for l in t.split("\r\n").filter(|l| !l.starts_with('#')) {
        let c: Vec<&str> = l.split(' ').collect();
        if c.len() != 15 || c[4] != "/mapi/emsmdb/" {
            continue;
        }
        let key = (
            c[8].to_string(),
            c[5].split("&cafeReqId").next().map(str::to_string),
        );
        if c[11] == "401" && c[13] == "2148074254" {
            challenged.insert(key);
        } else if c[11] == "401" && c[13] == "2148074310" {
            panic!("mapi channel-binding failure in generated load: {l}");
        } else if c[11] == "200" && challenged.remove(&key) {
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} NTLM handshakes completed");
}

#[test]
fn tree_layout_and_rotation() {
    let dir = std::env::temp_dir().join(format!("hcwlens-gen-tree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let opts = GenOptions {
        servers: 2,
        days: 2,
        start: UtcMs::from_civil(2024, 12, 31, 0, 0, 0, 0).expect("valid date"),
        ..small(4, 200_000)
    };
    let paths = generate_tree(&opts, &dir).expect("write tree");
    let rel: Vec<String> = paths
        .iter()
        .map(|p| {
            p.strip_prefix(&dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        rel,
        [
            "EX01/W3SVC1/u_ex241231.log",
            "EX01/W3SVC1/u_ex250101.log",
            "EX02/W3SVC1/u_ex241231.log",
            "EX02/W3SVC1/u_ex250101.log",
        ]
    );
    for p in &paths {
        let bytes = std::fs::read(p).expect("read back");
        assert!(bytes.len() >= 50_000, "{} too small", p.display());
        let day = if p.to_string_lossy().contains("250101") {
            "2025-01-01"
        } else {
            "2024-12-31"
        };
        let t = text(&bytes);
        assert!(
            t.split("\r\n")
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .all(|l| l.starts_with(day)),
            "{} crosses midnight",
            p.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn start_inside_the_day_is_respected() {
    let opts = GenOptions {
        start: UtcMs::from_civil(2024, 11, 5, 13, 0, 0, 0).expect("valid date"),
        ..small(1, 100_000)
    };
    let buf = render(&opts, 0, 0);
    let first = text(&buf)
        .split("\r\n")
        .find(|l| !l.starts_with('#'))
        .unwrap_or("")
        .to_string();
    assert!(first.starts_with("2024-11-05 13:00:0"), "{first}");
}

#[test]
fn parses_sizes() {
    assert_eq!(parse_size("1G"), Some(1 << 30));
    assert_eq!(parse_size("100M"), Some(100 << 20));
    assert_eq!(parse_size("20m"), Some(20 << 20));
    assert_eq!(parse_size("512KiB"), Some(512 << 10));
    assert_eq!(parse_size("1.5GB"), Some(3 << 29));
    assert_eq!(parse_size("4096"), Some(4096));
    assert_eq!(parse_size("10Q"), None);
    assert_eq!(parse_size(""), None);
    assert_eq!(parse_size("-1G"), None);
}

#[test]
fn clock_maps_monotonically_within_bounds() {
    let mut c = clock::Clock::new(3600, 7200);
    let mut last = 0;
    for i in 0..=1000 {
        let s = c.second_at(f64::from(i) / 1000.0);
        assert!((3600..7200).contains(&s));
        assert!(s >= last);
        last = s;
    }
    assert_eq!(clock::civil_from_days(0), (1970, 1, 1));
    assert_eq!(clock::civil_from_days(20_032), (2024, 11, 5));
    assert_eq!(clock::civil_from_days(11_016), (2000, 2, 29));
}

/// Throughput check for release builds, timed from outside (the domain never reads the clock):
/// `time cargo test --release --lib generate::tests::throughput -- --ignored`.
#[test]
#[ignore]
fn throughput_release() {
    let opts = small(1, 1 << 30);
    let n = generate_w3c(&opts, 0, 0, &mut io::sink()).expect("sink");
    assert!(n >= 1 << 30);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn any_options_give_well_formed_files(
            seed in any::<u64>(),
            bytes in 0u64..60_000,
            servers in 1u32..4,
            days in 1u32..3,
            start_s in -2_000_000_000i64..4_000_000_000,
        ) {
            let opts = GenOptions { seed, bytes, servers, days, start: UtcMs(start_s * 1000) };
            let server = seed as u32 % servers;
            let day = (seed >> 32) as u32 % days;
            let buf = render(&opts, server, day);
            let t = text(&buf);
            prop_assert!(t.starts_with("#Software: "));
            prop_assert!(buf.len() as u64 >= opts.bytes_per_file());
            for line in t.split("\r\n").filter(|l| !l.is_empty() && !l.starts_with('#')) {
                prop_assert_eq!(line.split(' ').count(), 15, "{}", line);
            }
        }

        #[test]
        fn parse_size_never_panics(text in "\\PC{0,12}") {
            let _ = parse_size(&text);
        }

        #[test]
        fn parse_size_reads_plain_and_suffixed_numbers(n in 0u64..100_000) {
            prop_assert_eq!(parse_size(&n.to_string()), Some(n));
            prop_assert_eq!(parse_size(&format!("{n}K")), Some(n << 10));
            prop_assert_eq!(parse_size(&format!("{n} MiB")), Some(n << 20));
        }
    }
}
