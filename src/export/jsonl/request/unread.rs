//! The numbers of a request that were not read as numbers, as logged: `"unparsed":{…}` (text
//! that is not a number that fits) and `"cut_off":{…}` (the last value of a last line the log
//! ends inside: its digits so far).

use super::super::string::text;

/// `"unparsed":{…}`: the numeric fields whose text was not a number that fits, as logged;
/// `"cut_off":{…}`: the one the log ends inside (`cut`), its digits so far, as logged.
pub(super) fn unparsed(
    out: &mut Vec<u8>,
    unread: &[&[u8]; 4],
    cut: Option<crate::parse::w3c::Number>,
) {
    let cut = cut.map(|n| n as usize);
    if unread
        .iter()
        .enumerate()
        .any(|(k, v)| !v.is_empty() && Some(k) != cut)
    {
        members(out, b",\"unparsed\":{", unread, |k| Some(k) != cut);
    }
    if let Some(k) = cut {
        members(out, b",\"cut_off\":{", unread, |at| at == k);
    }
}

/// `head` then the members of `unread` that are logged and `keep`, then `}`.
fn members(out: &mut Vec<u8>, head: &[u8], unread: &[&[u8]; 4], keep: impl Fn(usize) -> bool) {
    out.extend_from_slice(head);
    let mut first = true;
    for (k, (key, v)) in [
        &b"\"status\":"[..],
        b"\"substatus\":",
        b"\"win32_status\":",
        b"\"time_taken\":",
    ]
    .into_iter()
    .zip(unread.iter().copied())
    .enumerate()
    {
        if v.is_empty() || !keep(k) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(key);
        text(out, v);
    }
    out.push(b'}');
}
