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
