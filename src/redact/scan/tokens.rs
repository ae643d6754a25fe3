//! Values with a shape of their own: ActiveSync `DeviceId=`/`User=` parameters, certificate
//! thumbprints, and .NET type names and PowerShell cmdlet names (kept whole, so that no learned
//! term is found inside them).

use super::{Cand, Found, after, before, re};
use regex::Regex;
use std::sync::LazyLock;

/// `DeviceId=…` and `User=…` in an ActiveSync query string (`&`-separated).
static QUERY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:^|[?&;\s])(deviceid|user)=([^&\s;'\x22<>]+)"));
/// `Microsoft.Exchange.Migration.MigrationServerConnectionFailedException`, `System.IO`.
static DOTNET: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:System|Microsoft|Windows|Newtonsoft|Azure)(?:\.[A-Za-z_][A-Za-z0-9_`]*)+")
});
static THUMBPRINT: LazyLock<Regex> = LazyLock::new(|| re(r"[0-9A-Fa-f]{40}"));
/// `Test-MigrationServerAvailability`, `Get-HybridApplication`: an approved PowerShell verb, a
/// hyphen and a capitalised noun. Only approved verbs, so that `Jean-Pierre` is no cmdlet.
static CMDLET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:Add|Clear|Close|Complete|Connect|Convert|ConvertFrom|ConvertTo|Copy|Disable|Disconnect|Dismount|Enable|Enter|Exit|Export|Find|Format|Get|Grant|Import|Install|Invoke|Mount|Move|New|Open|Out|Read|Receive|Register|Remove|Rename|Repair|Request|Reset|Resolve|Restart|Restore|Resume|Revoke|Save|Search|Select|Send|Set|Show|Start|Stop|Suspend|Sync|Test|Uninstall|Unregister|Update|Upgrade|Use|Wait|Write)-[A-Z][A-Za-z0-9]+",
    )
});

pub(super) fn query_values(text: &str, out: &mut Vec<Cand>) {
    for caps in QUERY.captures_iter(text) {
        let (Some(key), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        if value.as_str() == "-" {
            continue;
        }
        let found = if key.as_str().eq_ignore_ascii_case("deviceid") {
            Found::Device
        } else {
            Found::QueryUser
        };
        out.push(Cand {
            start: value.start(),
            end: value.end(),
            found,
        });
    }
}

/// .NET type and namespace names are kept whole, so that no learned term is found inside them.
pub(super) fn dotnet(text: &str, out: &mut Vec<Cand>) {
    for m in DOTNET.find_iter(text) {
        let end = m.start() + m.as_str().trim_end_matches('.').len();
        let glued = matches!(before(text, m.start()), Some('.' | '/' | '@' | '\\'));
        if glued {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end,
            found: Found::Keep,
        });
    }
}

/// Cmdlet names are kept whole: a learned label must not rewrite `Test-MigrationServer…`.
pub(super) fn cmdlets(text: &str, out: &mut Vec<Cand>) {
    for m in CMDLET.find_iter(text) {
        if matches!(before(text, m.start()), Some('-' | '.' | '/' | '\\'))
            || matches!(after(text, m.end()), Some('@' | '\\'))
        {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end: m.end(),
            found: Found::Keep,
        });
    }
}

pub(super) fn thumbprints(text: &str, out: &mut Vec<Cand>) {
    for m in THUMBPRINT.find_iter(text) {
        let alnum = |c: Option<char>| matches!(c, Some(c) if c.is_ascii_alphanumeric());
        if alnum(before(text, m.start())) || alnum(after(text, m.end())) {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end: m.end(),
            found: Found::Thumbprint,
        });
    }
}
