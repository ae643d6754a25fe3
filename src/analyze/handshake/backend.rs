//! The Exchange Back End site. Every Exchange server runs two IIS sites: the front end (Default
//! Web Site, `W3SVC1`, ports 80/443) that clients talk to, and the back end (Exchange Back End,
//! `W3SVC2`, ports 81/444) that only the front ends talk to: the front end authenticates the
//! client and proxies the request on, so the back end logs the same call again with the front
//! end's address as `c-ip`. Its authentication legs are the front end's hop, not a client's
//! handshake: grouping them too counted every call twice and listed the front end as a client
//! of the user (the client's handshake is in the front end's log).

/// Whether a request was logged by the Exchange Back End site, from its `s-port`.
pub fn is_back_end_hop(server_port: &str) -> bool {
    matches!(server_port, "444" | "81")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_back_end_ports_are_the_back_end() {
        assert!(is_back_end_hop("444"));
        assert!(is_back_end_hop("81"));
        for port in ["443", "80", "", "-", "4444", "8443"] {
            assert!(!is_back_end_hop(port), "{port}");
        }
    }
}
