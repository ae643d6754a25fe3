//! What redaction keeps of names: public Microsoft service hosts, tenant-specific service
//! suffixes whose prefix alone is private, endings that are file types rather than top-level
//! domains, generic DNS labels. Accounts that identify nobody are in [`super::accounts`].

/// Public hosts kept verbatim (exact, lowercase).
const PUBLIC_HOSTS: &[&str] = &[
    "outlook.office365.com",
    "outlook.office.com",
    "outlook.com",
    "office365.com",
    "office.com",
    "smtp.office365.com",
    "login.windows.net",
    "graph.windows.net",
    "login.microsoftonline.com",
    "login.microsoft.com",
    "graph.microsoft.com",
    "ps.outlook.com",
    "ps.compliance.protection.outlook.com",
    "autodiscover-s.outlook.com",
    "autodiscover.outlook.com",
    "shell.suite.office.com",
    "mshybridservice.trafficmanager.net",
    "aka.ms",
    "microsoft.com",
    "sts.windows.net",
    "accounts.accesscontrol.windows.net",
    "shcwreleaseprod.blob.core.windows.net",
    "github.com",
    "go.microsoft.com",
];

/// Suffixes under which every host is a public Microsoft service.
const PUBLIC_SUFFIXES: &[&str] = &[
    "microsoft.com",
    "microsoftonline.com",
    "microsoftonline-p.com",
    "office365.com",
    "office365.us",
    "office.com",
    "office.net",
    "outlook.com",
    "apps.mil",
    "w3.org",
    "xmlsoap.org",
    "openxmlformats.org",
    "github.com",
    "github.io",
    "githubusercontent.com",
    "live.com",
    "live.net",
    "azure.com",
    "azure.net",
    "windowsazure.com",
    "msft.net",
    "msftauth.net",
    "msauth.net",
    "msocsp.com",
    "digicert.com",
    "letsencrypt.org",
    "verisign.com",
    "globalsign.com",
    "sectigo.com",
    "entrust.net",
    "powershellgallery.com",
    "nuget.org",
    "visualstudio.com",
    "windowsupdate.com",
    "schemas.microsoft.com",
];

/// Service suffixes whose leftmost part names the tenant: only that part is redacted. More
/// specific suffixes come first; these are checked before [`PUBLIC_SUFFIXES`].
const SERVICE_SUFFIXES: &[&str] = &[
    "resource.mailboxmigration.his.msappproxy.net",
    "msappproxy.net",
    "mail.protection.outlook.com",
    "mail.onmicrosoft.com",
    "onmicrosoft.com",
    "sharepoint.com",
];

/// Last labels that are file types or code, not top-level domains (`mrsproxy.svc`, `web.config`).
const NOT_TLDS: &[&str] = &[
    "7z",
    "ai",
    "asmx",
    "ashx",
    "asp",
    "aspx",
    "axd",
    "bak",
    "bat",
    "bin",
    "bmp",
    "boot",
    "cab",
    "cc",
    "cer",
    "cfg",
    "chk",
    "class",
    "cmd",
    "config",
    "crt",
    "cs",
    "css",
    "csv",
    "dat",
    "db",
    "dll",
    "doc",
    "docx",
    "drv",
    "eas",
    "edb",
    "eml",
    "err",
    "etl",
    "evt",
    "evtx",
    "exe",
    "gif",
    "go",
    "gz",
    "htm",
    "html",
    "ico",
    "inf",
    "ini",
    "iso",
    "jar",
    "java",
    "jpeg",
    "jpg",
    "jrs",
    "js",
    "json",
    "key",
    "ldf",
    "lnk",
    "lock",
    "log",
    "manifest",
    "md",
    "mdb",
    "mdf",
    "msi",
    "old",
    "ost",
    "out",
    "owa",
    "pdb",
    "pdf",
    "pem",
    "pfx",
    "php",
    "pid",
    "pl",
    "png",
    "pptx",
    "ps",
    "psd",
    "pst",
    "py",
    "rar",
    "rb",
    "reg",
    "resources",
    "resx",
    "rs",
    "sh",
    "sql",
    "stm",
    "svc",
    "svg",
    "sys",
    "tar",
    "tmp",
    "toml",
    "ts",
    "tsv",
    "txt",
    "vb",
    "vbs",
    "vhd",
    "vhdx",
    "wav",
    "wsdl",
    "wsf",
    "xhcw",
    "xls",
    "xlsx",
    "xml",
    "xsd",
    "xsl",
    "xslt",
    "yaml",
    "yml",
    "zip",
];

/// First labels of .NET names (`System.IO`, `Microsoft.Exchange.Net`), compared case-sensitively.
const DOTNET_ROOTS: &[&str] = &[
    "System",
    "Microsoft",
    "Windows",
    "Newtonsoft",
    "Azure",
    "ASP",
    "ADO",
    "VB",
];

/// MIME top-level types: `application/vnd.ms-excel` is not a host.
const MIME_TYPES: &[&str] = &[
    "application/",
    "text/",
    "image/",
    "audio/",
    "video/",
    "font/",
    "model/",
    "message/",
    "multipart/",
];

/// DNS labels too generic to hunt for on their own once learned.
const GENERIC_LABELS: &[&str] = &[
    "admin",
    "adfs",
    "api",
    "apps",
    "autodiscover",
    "azure",
    "blob",
    "cloudapp",
    "com",
    "core",
    "corp",
    "dev",
    "domain",
    "edu",
    "ews",
    "exch",
    "exchange",
    "gov",
    "his",
    "home",
    "hybrid",
    "internal",
    "intranet",
    "lab",
    "lan",
    "local",
    "login",
    "mail",
    "mailboxmigration",
    "msappproxy",
    "net",
    "onmicrosoft",
    "org",
    "owa",
    "portal",
    "prod",
    "protection",
    "remote",
    "resource",
    "server",
    "servers",
    "smtp",
    "sts",
    "test",
    "trafficmanager",
    "users",
    "vpn",
    "webmail",
    "windows",
    "www",
];

/// True for a public Microsoft host (exact or under a public suffix), lowercase input.
pub fn is_public_host(host: &str) -> bool {
    PUBLIC_HOSTS.contains(&host) || PUBLIC_SUFFIXES.iter().any(|s| has_suffix(host, s))
}

/// The service suffix `host` ends with (lowercase input), if any.
pub fn service_suffix(host: &str) -> Option<&'static str> {
    SERVICE_SUFFIXES
        .iter()
        .copied()
        .find(|s| has_suffix(host, s))
}

/// True when `label` (the last of a dotted name) can be a top-level domain.
pub fn can_be_tld(label: &str) -> bool {
    let len_ok = (2..=24).contains(&label.len());
    let alpha = label.bytes().all(|b| b.is_ascii_alphabetic());
    let one_case = label.bytes().all(|b| b.is_ascii_lowercase())
        || label.bytes().all(|b| b.is_ascii_uppercase());
    len_ok && alpha && one_case && !NOT_TLDS.contains(&label.to_ascii_lowercase().as_str())
}

/// True when the first label marks a .NET type or namespace name.
pub fn is_dotnet_root(first_label: &str) -> bool {
    DOTNET_ROOTS.contains(&first_label)
}

/// True when the text before a dotted name ends in a MIME type prefix.
pub fn is_mime_context(before: &str) -> bool {
    let mut cut = before.len().saturating_sub(16);
    while !before.is_char_boundary(cut) {
        cut += 1;
    }
    let tail = before[cut..].to_ascii_lowercase();
    MIME_TYPES.iter().any(|m| tail.ends_with(m))
}

/// True when a learned DNS label is worth redacting wherever it appears.
pub fn is_learnable_label(label: &str) -> bool {
    let lower = label.to_lowercase();
    label.chars().count() >= 3
        && !label.bytes().all(|b| b.is_ascii_digit())
        && !GENERIC_LABELS.contains(&lower.as_str())
        && !is_public_word(&lower)
}

/// True when `word` (lowercase) is a label of a public host or service suffix, or a .NET root:
/// `microsoft`, `outlook`, `github`, `system` name nobody's organisation.
pub fn is_public_word(word: &str) -> bool {
    let in_names = |names: &[&str]| names.iter().any(|n| n.split('.').any(|l| l == word));
    in_names(PUBLIC_HOSTS)
        || in_names(PUBLIC_SUFFIXES)
        || in_names(SERVICE_SUFFIXES)
        || DOTNET_ROOTS.iter().any(|r| r.eq_ignore_ascii_case(word))
}

fn has_suffix(host: &str, suffix: &str) -> bool {
    host.len() > suffix.len()
        && host.ends_with(suffix)
        && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
}
