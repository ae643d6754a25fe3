//! The text report's handshake counts under "Failed and abandoned handshakes": they count every
//! handshake (successes too), which the list says, and handshakes of one uri abandoned at the
//! anonymous leg and at the challenge are two rows that say so (they read "Abandoned  x1"
//! twice, with a double space, before).

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;

const HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2025-04-01 10:00:00\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n";

#[test]
fn the_counts_say_they_are_every_handshake_and_where_abandoned_ones_stopped() {
    let l = |t: &str, ip: &str, user: &str, st: &str| {
        format!(
            "2025-04-01 {t} 10.0.0.11 POST /EWS/Exchange.asmx - 443 {user} {ip} Agent/1.0 - {st} 1\n"
        )
    };
    let log = [
        HEAD.to_string(),
        l("10:00:00", "10.1.0.1", "-", "401 2 5"),
        l("10:01:00", "10.1.0.2", "-", "401 2 5"),
        l("10:01:00", "10.1.0.2", "-", "401 1 2148074254"),
        l("10:02:00", "10.1.0.3", "-", "401 2 5"),
        l("10:02:00", "10.1.0.3", "-", "401 1 2148074254"),
        l("10:02:01", "10.1.0.3", "CONTOSO\\amy", "200 0 0"),
    ]
    .concat();
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("u_ex250401.log"), log).expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let text = hcwlens::report::text::render(&a);
    let counts = "Every handshake, by uri and how it ended:\n\n\
                  - /EWS/Exchange.asmx Success x1\n\
                  - /EWS/Exchange.asmx Abandoned at the anonymous leg x1\n\
                  - /EWS/Exchange.asmx Abandoned at the challenge x1\n";
    assert!(text.contains(counts), "{text}");
}

#[test]
fn with_none_failed_the_counts_are_followed_by_what_is_none() {
    let log = [
        HEAD,
        "2025-04-01 10:02:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.1.0.3 Agent/1.0 - 401 2 5 1\n",
        "2025-04-01 10:02:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 - 10.1.0.3 Agent/1.0 - 401 1 2148074254 1\n",
        "2025-04-01 10:02:01 10.0.0.11 POST /EWS/Exchange.asmx - 443 CONTOSO\\amy 10.1.0.3 Agent/1.0 - 200 0 0 1\n",
    ]
    .concat();
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("u_ex250401.log"), log).expect("write");
    let a = load(
        &[tmp.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let text = hcwlens::report::text::render(&a);
    // A bare "None." under a list of successes read as if the list were nothing.
    assert!(
        text.contains("- /EWS/Exchange.asmx Success x1\n\nNone failed or abandoned.\n"),
        "{text}"
    );
}
