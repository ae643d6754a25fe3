use super::*;
use crate::time::UtcMs;

const CONFIG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <!-- <site name="Old" id="9"><logFile directory="X:\old" /></site> -->
    <sites>
      <site name="Default Web Site" id="1" serverAutoStart="true">
        <application path="/" applicationPool="DefaultAppPool">
          <virtualDirectory path="/" physicalPath="%SystemDrive%\inetpub\wwwroot" />
        </application>
        <bindings><binding protocol="https" bindingInformation="*:443:" /></bindings>
        <LOGFILE logFormat="W3C" Directory='D:\IISLogs' />
      </site>
      <site id="2" name="Exchange Back End">
        <bindings><binding protocol="https" bindingInformation="*:444:" /></bindings>
      </site>
      <siteDefaults>
        <logFile logFormat="W3C" directory="%SystemDrive%\inetpub\logs\LogFiles" />
        <traceFailedRequestsLogging directory="%SystemDrive%\inetpub\logs\FailedReqLogFiles" />
      </siteDefaults>
    </sites>
  </system.applicationHost>
</configuration>
"#;

#[test]
fn sites_take_their_own_log_directory_else_the_defaults() {
    let sites = site_log_folders(CONFIG);
    assert_eq!(
        sites,
        vec![
            SiteLog {
                name: "Default Web Site".into(),
                id: 1,
                directory: r"D:\IISLogs".into()
            },
            SiteLog {
                name: "Exchange Back End".into(),
                id: 2,
                directory: r"%SystemDrive%\inetpub\logs\LogFiles".into()
            },
        ]
    );
}

#[test]
fn a_config_without_sites_gives_the_two_exchange_sites() {
    let sites = site_log_folders("garbage <sites");
    let ids: Vec<u32> = sites.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![1, 2]);
    assert!(
        sites
            .iter()
            .all(|s| s.directory == iisconfig::DEFAULT_DIRECTORY)
    );
    let custom = site_log_folders(
        r#"<siteDefaults><logFile directory="E:\Logs"/></siteDefaults><site name="x" id="7"/>"#,
    );
    assert_eq!(custom[0].id, 7);
    assert_eq!(custom[0].directory, r"E:\Logs");
}

#[test]
fn paths_resolve_in_a_tree_and_on_a_live_server() {
    let tree = Layout::tree(std::path::Path::new("/c"));
    assert_eq!(
        tree.resolve(r"%SystemDrive%\inetpub\logs\LogFiles"),
        std::path::Path::new("/c/inetpub/logs/LogFiles")
    );
    assert_eq!(
        tree.resolve(r"D:\IISLogs"),
        std::path::Path::new("/c/IISLogs")
    );
    assert_eq!(
        tree.resolve(r"%windir%\System32\LogFiles"),
        std::path::Path::new("/c/Windows/System32/LogFiles")
    );
    let live = Layout::live(Some("E:"), None, Some(r"E:\Exchange\V15\"));
    assert_eq!(
        live.system_root,
        std::path::Path::new("E:\\").join("Windows")
    );
    assert_eq!(live.exchange, std::path::PathBuf::from(r"E:\Exchange\V15\"));
    assert!(!live.tree);
    let default = Layout::live(None, None, None);
    assert!(default.exchange.to_string_lossy().ends_with("V15"));
}

fn found(kind: FileKind, name: &str) -> Found {
    Found {
        kind,
        group: String::new(),
        path: std::path::PathBuf::from(name),
    }
}

#[test]
fn names_give_days_and_hours() {
    let day = |y, m, d, h| UtcMs::from_civil(y, m, d, h, 0, 0, 0).expect("date");
    assert_eq!(
        covered_span(&found(FileKind::Iis, "u_ex241105.log")),
        Some((day(2024, 11, 5, 0), day(2024, 11, 6, 0)))
    );
    assert_eq!(
        covered_span(&found(FileKind::Iis, "u_ex24110513.log")),
        Some((day(2024, 11, 5, 13), day(2024, 11, 5, 14)))
    );
    assert_eq!(
        covered_span(&found(FileKind::HttpProxy, "HttpProxy_2024110513-2.LOG")),
        Some((day(2024, 11, 5, 13), day(2024, 11, 5, 14)))
    );
    assert_eq!(covered_span(&found(FileKind::Iis, "u_ex241399.log")), None);
}

#[test]
fn a_file_without_a_date_in_its_name_is_read_at_both_ends() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("httperr1.log");
    let mut text = String::from(
        "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 09:00:00\r\n#Fields: date time c-ip\r\n",
    );
    text.push_str("2024-11-05 09:12:01 10.0.0.1\r\n");
    for _ in 0..5000 {
        text.push_str("2024-11-05 10:00:00 10.0.0.1 padding padding padding\r\n");
    }
    text.push_str("2024-11-06 01:02:03 10.0.0.1\r\n");
    std::fs::write(&path, text).expect("write");
    let f = Found {
        kind: FileKind::Httperr,
        group: "HTTPERR".into(),
        path,
    };
    let (a, b) = covered_span(&f).expect("span");
    assert_eq!(a.rfc3339()[..19], *"2024-11-05T09:12:01");
    assert_eq!(b.rfc3339()[..19], *"2024-11-06T01:02:04");
}
