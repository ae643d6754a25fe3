//! A run across a daylight-saving switch, loaded like any log: its calls land at the UTC
//! instants the IIS log shows, its span rises with file order, and the source names the zone
//! whose rules were followed (a fixed offset cannot describe it).

use hcwlens::analyze::cmdlet::CmdletOutcome;
use hcwlens::pipeline::{LoadOptions, Selector, load};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceKind;
use hcwlens::time::ZoneSpec;

const PAD: &str = "                                      ";

/// A German machine's run starting at 02:58 CEST on 27 October 2024, with a failing call at
/// 02:01 after the clock went back to CET.
fn run() -> String {
    let ctx = "Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=21";
    let mut t = String::from(
        "2024.10.27 02:58:00.100               Current Time Zone: W. Europe Standard Time (02:58:00)\r\n",
    );
    t += "2024.10.27 02:58:00.160         10017 [Client=UX, Thread=1] \r\n";
    t += &format!("{PAD}Process Info\r\n{PAD}Machine Name      | EX01\r\n");
    t += &format!("{PAD}Current Culture   | de-DE\r\n{PAD}Date Time Offset  | 02:00:00\r\n");
    t += "2024.10.27 02:58:01.160         10265 [Client=UX, Page=Welcome, Thread=1] START via Next\r\n";
    t += &format!(
        "2024.10.27 02:01:24.228         10276 [{ctx}] START Test-MigrationServerAvailability -RemoteServer 'mail.contoso.com'\r\n"
    );
    t += &format!("2024.10.27 02:01:29.656         10277 [{ctx}] \r\n");
    t += &format!("{PAD}FINISH Time=5428,0ms Results=1\r\n");
    t += &format!(
        "{PAD}TestMigrationServerAvailabilityOutcome {{ErrorDetail='The remote server returned an error: (401) Unauthorized.' IsValid=1 Result='Failed' SupportsCutover=0}}\r\n"
    );
    t
}

#[test]
fn a_run_across_the_autumn_switch_is_placed_in_order() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("20241027_025800.log"), run()).expect("write");
    for tz in [None, Some("Europe/Berlin")] {
        let opts = LoadOptions {
            zones: tz
                .map(|z| {
                    vec![(
                        Selector::Kind(SourceKind::Hcw),
                        ZoneSpec::parse(z).expect("zone"),
                    )]
                })
                .unwrap_or_default(),
            ..LoadOptions::default()
        };
        let a = load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
        let call = &a.cmdlets[0];
        assert_eq!(call.outcome, CmdletOutcome::Failed);
        assert_eq!(call.start.rfc3339(), "2024-10-27T01:01:24.228Z", "{tz:?}");
        let (first, last) = a.sources[0].span.expect("span");
        assert_eq!(first.rfc3339(), "2024-10-27T00:58:00.100Z", "{tz:?}");
        assert_eq!(last.rfc3339(), "2024-10-27T01:01:29.656Z", "{tz:?}");
        assert_eq!(a.sources[0].zone.label(), "Europe/Berlin", "{tz:?}");
    }
}

/// A run on a German machine wholly in the hour repeated on 27 October 2024 (02:10–02:11
/// local), its header naming the zone but no `Date Time Offset` (nor boot ticks): a failing
/// Test-MigrationServerAvailability at 02:10:24.
fn repeated_hour_run() -> String {
    let ctx = "Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=21";
    let mut t = String::from(
        "2024.10.27 02:10:00.100               Current Time Zone: W. Europe Standard Time (02:10:00)\r\n",
    );
    t += "2024.10.27 02:10:00.160         10017 [Client=UX, Thread=1] \r\n";
    t += &format!("{PAD}Process Info\r\n{PAD}Machine Name      | EX01\r\n");
    t += &format!("{PAD}Current Culture   | de-DE\r\n");
    t += &format!(
        "2024.10.27 02:10:24.228         10276 [{ctx}] START Test-MigrationServerAvailability -RemoteServer 'mail.contoso.com'\r\n"
    );
    t += &format!("2024.10.27 02:10:29.656         10277 [{ctx}] \r\n");
    t += &format!("{PAD}FINISH Time=5428,0ms Results=1\r\n");
    t += &format!(
        "{PAD}TestMigrationServerAvailabilityOutcome {{ErrorDetail='The remote server returned an error: (401) Unauthorized.' IsValid=1 Result='Failed' SupportsCutover=0}}\r\n"
    );
    t
}

/// The IIS log of the MRS proxy requests Exchange Online sent for the call, at `hh:10:25` UTC.
fn iis_at(hour: u32) -> String {
    let mut t = String::from(
        "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-10-27 00:00:00\r\n\
         #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n",
    );
    for (s, st) in [
        (25, "401 2 5"),
        (25, "401 1 2148074254"),
        (26, "401 1 2148074252"),
    ] {
        t += &format!(
            "2024-10-27 {hour:02}:10:{s} 10.0.0.11 POST /EWS/mrsproxy.svc - 443 - 52.1.2.3 - - {st} 15\r\n"
        );
    }
    t
}

/// The run (and an IIS log at `iis_hour` UTC) loaded: the call's start and the HCW source's
/// diagnostics.
fn load_repeated(iis_hour: Option<u32>) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("20241027_021000.log"), repeated_hour_run()).expect("write");
    if let Some(h) = iis_hour {
        let iis = dir.path().join("EX01/W3SVC1");
        std::fs::create_dir_all(&iis).expect("mkdir");
        std::fs::write(iis.join("u_ex241027.log"), iis_at(h)).expect("write");
    }
    let a = load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let hcw = a
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Hcw)
        .expect("HCW source");
    let notes = hcw
        .stats
        .diagnostics
        .iter()
        .map(|d| d.reason.clone())
        .collect();
    (a.cmdlets[0].start.rfc3339(), notes)
}

#[test]
fn a_run_wholly_in_the_repeated_hour_lands_on_its_iis_requests_and_says_so() {
    // IIS saw the call's requests at 01:10 UTC: the second pass (CET, +01:00).
    let (start, notes) = load_repeated(Some(1));
    assert_eq!(start, "2024-10-27T01:10:24.228Z");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("read as its second pass (UTC+01:00), where 1 of 1 test calls line up with IIS mrsproxy requests (0 in the other pass)"),
        "{notes:?}"
    );
    // At 00:10 UTC: the first pass (CEST, +02:00), also said.
    let (start, notes) = load_repeated(Some(0));
    assert_eq!(start, "2024-10-27T00:10:24.228Z");
    assert!(
        notes[0].contains("read as its first pass (UTC+02:00), where 1 of 1"),
        "{notes:?}"
    );
    // No IIS log: the first pass, and the source says the log cannot tell.
    let (start, notes) = load_repeated(None);
    assert_eq!(start, "2024-10-27T00:10:24.228Z");
    assert!(
        notes[0].starts_with("every stamp lies in the hour repeated when daylight saving time ended (Europe/Berlin): read as its first pass (UTC+02:00); the log cannot tell"),
        "{notes:?}"
    );
    assert!(notes[0].ends_with("(--skew hcw=+1h)"), "{notes:?}");
}

#[test]
fn a_followed_run_in_the_repeated_hour_read_again_stays_on_its_iis_requests() {
    use hcwlens::pipeline::Follow;
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("20241027_021000.log");
    std::fs::write(&log, repeated_hour_run()).expect("write");
    let iis = dir.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&iis).expect("mkdir");
    std::fs::write(iis.join("u_ex241027.log"), iis_at(1)).expect("write");
    let root = [dir.path().to_path_buf()];
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let (mut a, mut f) = Follow::load(&root, &opts, &NoProgress).expect("load");
    assert_eq!(a.cmdlets[0].start.rfc3339(), "2024-10-27T01:10:24.228Z");
    // The wizard writes on: the log is read again whole.
    let more =
        "2024.10.27 02:10:40.000         10372 [Client=UX, Page=Configuring, Thread=21] step\r\n";
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open");
    std::io::Write::write_all(&mut file, more.as_bytes()).expect("append");
    drop(file);
    a.apply(f.poll());
    assert_eq!(a.cmdlets[0].start.rfc3339(), "2024-10-27T01:10:24.228Z");
    let last = a.hcw.iter().map(|e| e.ts).max().expect("entries");
    assert_eq!(last.rfc3339(), "2024-10-27T01:10:40.000Z");
    let hcw = a
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Hcw)
        .expect("HCW source");
    assert!(
        hcw.stats.diagnostics[0]
            .reason
            .contains("read as its second pass"),
        "{:?}",
        hcw.stats.diagnostics
    );
}
