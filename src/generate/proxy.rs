//! Exchange HttpProxy logs for a generated IIS file (`hcwlens generate --httpproxy`): one CSV
//! row per proxied request, that is per IIS line whose query carries a `cafeReqId`, with that id
//! as `RequestId`, in hourly `HttpProxy/<Protocol>/HttpProxy_YYYYMMDDHH-1.LOG` files next to
//! the server's `W3SVC1` folder. Deterministic: everything comes from the IIS line.

use crate::analyze::proxyjoin::cafe_req_id;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The columns written (a subset of the 74 of Exchange 2019, bound by `#Fields` as the real
/// files are).
const FIELDS: &str = "DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,\
ClientRequestId,Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated,\
AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,\
BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer,TargetServerVersion,RoutingType,\
RoutingHint,RequestBytes,ResponseBytes,TotalRequestTime,UrlQuery,BackEndGenericInfo,GenericInfo,\
GenericErrors,EdgeTraceId,DatabaseGuid,RoutingStatus";

/// The HttpProxy protocol folder of a URI stem, `None` for what the front end does not proxy.
fn protocol(stem: &str) -> Option<&'static str> {
    let lower = stem.to_ascii_lowercase();
    let table = [
        ("/ews/", "Ews"),
        ("/mapi/", "Mapi"),
        ("/autodiscover/", "Autodiscover"),
        ("/microsoft-server-activesync", "Eas"),
        ("/owa/", "Owa"),
        ("/oab/", "Oab"),
        ("/ecp/", "Ecp"),
        ("/rpc/", "RpcHttp"),
        ("/powershell", "PowerShell"),
    ];
    table
        .iter()
        .find(|(prefix, _)| lower.starts_with(prefix))
        .map(|(_, p)| *p)
}

struct Hourly {
    hour: String,
    out: BufWriter<File>,
}

/// Writes the HttpProxy logs of the IIS file `iis` (default Exchange `#Fields`) under
/// `server_dir/HttpProxy`, for front end `server`; returns the files written, sorted.
pub fn httpproxy_for_iis(iis: &Path, server_dir: &Path, server: &str) -> io::Result<Vec<PathBuf>> {
    let reader = BufReader::with_capacity(1 << 20, crate::read::open_shared(iis)?);
    let mut open: BTreeMap<&'static str, Hourly> = BTreeMap::new();
    let mut written = Vec::new();
    let mut row = String::with_capacity(512);
    for line in reader.split(b'\n') {
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split(' ').collect();
        if f.len() < 15 {
            continue;
        }
        let (Some(proto), Some(id)) = (protocol(f[4]), cafe_req_id(f[5])) else {
            continue;
        };
        let hour = format!("{}{}", f[0].replace('-', ""), &f[1][..2.min(f[1].len())]);
        let slot = match open.get_mut(proto) {
            Some(h) if h.hour == hour => h,
            _ => {
                let folder = server_dir.join("HttpProxy").join(proto);
                fs::create_dir_all(&folder)?;
                let path = folder.join(format!("HttpProxy_{hour}-1.LOG"));
                let mut out = BufWriter::with_capacity(1 << 18, File::create(&path)?);
                write!(
                    out,
                    "#Software: Microsoft Exchange Server\r\n#Version: 15.02.1544.004\r\n\
                     #Log-type: HttpProxy Logs\r\n#Date: {}T{}.000Z\r\n#Fields: {FIELDS}\r\n",
                    f[0], f[1]
                )?;
                written.push(path);
                if let Some(mut old) = open.insert(proto, Hourly { hour, out }) {
                    old.out.flush()?;
                }
                open.get_mut(proto).ok_or(io::ErrorKind::Other)?
            }
        };
        row.clear();
        push_row(&mut row, &f, id, proto, server);
        slot.out.write_all(row.as_bytes())?;
    }
    for (_, mut h) in open {
        h.out.flush()?;
    }
    written.sort();
    Ok(written)
}

/// One CSV row for the IIS fields `f` (default Exchange order).
fn push_row(row: &mut String, f: &[&str], id: &str, proto: &str, server: &str) {
    use std::fmt::Write as _;
    let (status, user, taken) = (f[11], f[7], f[14]);
    let authed = user != "-";
    // Milliseconds the IIS line does not have, stable per request.
    let ms = id
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 1000;
    let auth = if f[13] == "0" && !authed {
        ""
    } else {
        "Negotiate"
    };
    let ua = f[9].replace('+', " ");
    let ua = if ua.contains(',') || ua.contains('"') {
        format!("\"{}\"", ua.replace('"', "\"\""))
    } else {
        ua
    };
    let proxied = status != "401";
    let _ = write!(
        row,
        "{}T{}.{ms:03}Z,{id},15,2,1544,4,,{proto},mail.contoso.com,{},,{auth},{},{},,,{ua},{},{server},{status},{},,{},{},{},{},,,{},{},{taken},,,,,,,\r\n",
        f[0],
        f[1],
        f[4],
        if authed { "true" } else { "false" },
        if authed {
            user.replace("%5C", "\\")
        } else {
            String::new()
        },
        f[8],
        if proxied { status } else { "" },
        f[3],
        if proxied { "ProxyRequest" } else { "" },
        if proxied { "ex02.contoso.com" } else { "" },
        if proxied { "15.02.1544.004" } else { "" },
        200 + id.len() * 7,
        if proxied { 1800 } else { 0 },
    );
}

#[cfg(test)]
mod tests;
