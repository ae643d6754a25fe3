//! Accounts that identify nobody, and `DOMAIN\name` shapes that are no account: generic and
//! built-in accounts, service accounts named after their job, well-known principals, Exchange
//! objects named after their server.

use super::public::is_public_word;

/// Exchange objects named `SERVER\object` (`E2016-01\EWS (Default Web Site)`, receive
/// connectors `E2016-01\Client Frontend E2016-01`): the server is private, the object is not.
const EXCHANGE_OBJECTS: &[&str] = &[
    "api",
    "autodiscover",
    "client",
    "default",
    "ecp",
    "ews",
    "mapi",
    "microsoft-server-activesync",
    "oab",
    "outbound",
    "owa",
    "powershell",
    "powershell-proxy",
    "pushnotifications",
    "rpc",
    "rpcwithcert",
];

/// Account names that identify nobody.
const GENERIC_USERS: &[&str] = &[
    "administrator",
    "admin",
    "system",
    "guest",
    "anonymous",
    "exchange",
    "network service",
    "local service",
];

/// Words of Exchange hybrid that hcwlens' own texts (titles, explanations, remedies, the HCW
/// code table) and Microsoft's messages use: a service account named after one of them
/// (`CONTOSO\migration`, `hybrid`, `mrsproxy`) names its job, not a person, and hunting the
/// bare word would rewrite `Migration Endpoint`, `the Hybrid Agent` or `mrsproxy handshakes`.
/// Such accounts are generic: the name stays, its domain is redacted.
const PRODUCT_WORDS: &[&str] = &[
    "activesync",
    "agent",
    "autodiscover",
    "connector",
    "ecp",
    "endpoint",
    "ews",
    "federation",
    "hcw",
    "hybrid",
    "mailbox",
    "mapi",
    "migration",
    "modern",
    "mrs",
    "mrsproxy",
    "oab",
    "oauth",
    "organization",
    "owa",
    "proxy",
    "smtp",
    "sync",
    "tenant",
    "transport",
    "wizard",
];

/// NetBIOS "domains" of well-known principals (`NT AUTHORITY\SYSTEM`, `BUILTIN\Users`).
const WELL_KNOWN_DOMAINS: &[&str] = &[
    "authority",
    "builtin",
    "apppool",
    "service",
    "nt",
    "font driver host",
    "window manager",
];

/// True when `SERVER\name` names an Exchange object rather than an account (lowercase input).
pub fn is_exchange_object(name: &str) -> bool {
    EXCHANGE_OBJECTS.contains(&name)
}

/// True for profile folders shared by everyone (`C:\Users\Public`), lowercase input.
pub fn is_generic_profile(name: &str) -> bool {
    matches!(name, "public" | "default" | "default user" | "all users") || is_generic_user(name)
}

/// True when a learned account name is worth redacting wherever it appears.
pub fn is_learnable_user(user: &str) -> bool {
    let lower = user.to_lowercase();
    user.chars().count() >= 3 && !is_generic_user(&lower) && !is_public_word(&lower)
}

/// True for an account that identifies nobody (`administrator`, `guest`, a service account
/// named after its job such as `migration`), lowercase input: kept wherever it stands, in
/// `DOMAIN\name` only the domain is redacted.
pub fn is_generic_user(user: &str) -> bool {
    GENERIC_USERS.contains(&user) || PRODUCT_WORDS.contains(&user)
}

/// True for `NT AUTHORITY`, `BUILTIN` and similar principal prefixes (lowercase input).
pub fn is_well_known_domain(domain: &str) -> bool {
    WELL_KNOWN_DOMAINS.contains(&domain)
}
