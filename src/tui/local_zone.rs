//! This machine's time zone, for the "local" display zone. Shell-only: it reads the
//! environment, the system's zone link and, as a last resort, the clock's current offset.

use crate::time::ZoneSpec;

/// The local zone: `TZ`, else the system zone name, else today's fixed offset.
pub fn detect() -> Option<ZoneSpec> {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|tz| ZoneSpec::parse(tz.trim_start_matches(':')));
    if from_env.is_some() {
        return from_env;
    }
    if let Some(z) = system_zone() {
        return Some(z);
    }
    let secs = chrono::Local::now().offset().local_minus_utc();
    Some(ZoneSpec::Fixed(secs))
}

#[cfg(unix)]
fn system_zone() -> Option<ZoneSpec> {
    let linked = std::fs::read_link("/etc/localtime")
        .ok()
        .and_then(|target| {
            let t = target.to_string_lossy().into_owned();
            t.split("zoneinfo/").nth(1).and_then(ZoneSpec::parse)
        });
    if linked.is_some() {
        return linked;
    }
    let name = std::fs::read_to_string("/etc/timezone").ok()?;
    ZoneSpec::parse(name.trim())
}

#[cfg(not(unix))]
fn system_zone() -> Option<ZoneSpec> {
    None
}
