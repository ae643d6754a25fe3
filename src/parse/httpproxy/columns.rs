//! Binding the HttpProxy columns by name from `#Fields`: builds differ in which columns they
//! write and where, so a position is never assumed.

/// The position of each column the parser reads, for one `#Fields` line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// How many names `#Fields` lists (a row must have exactly this many values).
    pub count: usize,
    pub date_time: Option<usize>,
    pub request_id: Option<usize>,
    pub protocol: Option<usize>,
    pub url_host: Option<usize>,
    pub url_stem: Option<usize>,
    pub url_query: Option<usize>,
    pub authentication_type: Option<usize>,
    pub is_authenticated: Option<usize>,
    pub authenticated_user: Option<usize>,
    pub client_ip: Option<usize>,
    pub server_host_name: Option<usize>,
    pub http_status: Option<usize>,
    pub backend_status: Option<usize>,
    pub target_server: Option<usize>,
    pub generic_errors: Option<usize>,
    pub generic_info: Option<usize>,
    pub method: Option<usize>,
    pub user_agent: Option<usize>,
}

impl Columns {
    /// Binds the comma-separated names of a `#Fields:` value (case-insensitive).
    pub fn bind(names: &str) -> Columns {
        let mut c = Columns::default();
        for (i, name) in names.split(',').enumerate() {
            c.count = i + 1;
            let slot = match name.trim().to_ascii_lowercase().as_str() {
                "datetime" => &mut c.date_time,
                "requestid" => &mut c.request_id,
                "protocol" => &mut c.protocol,
                "urlhost" => &mut c.url_host,
                "urlstem" => &mut c.url_stem,
                "urlquery" => &mut c.url_query,
                "authenticationtype" => &mut c.authentication_type,
                "isauthenticated" => &mut c.is_authenticated,
                "authenticateduser" => &mut c.authenticated_user,
                "clientipaddress" => &mut c.client_ip,
                "serverhostname" => &mut c.server_host_name,
                "httpstatus" => &mut c.http_status,
                "backendstatus" => &mut c.backend_status,
                "targetserver" => &mut c.target_server,
                "genericerrors" => &mut c.generic_errors,
                "genericinfo" => &mut c.generic_info,
                "method" => &mut c.method,
                "useragent" => &mut c.user_agent,
                _ => continue,
            };
            // The first column of a name wins if a build ever repeats one.
            slot.get_or_insert(i);
        }
        c
    }
}
