//! One record of an HttpProxy log: a blank line, a `#` directive (the header's values, the
//! `#Fields` list that binds the columns from then on), or a data row, checked and kept when
//! wanted (a row that cannot be read is a counted diagnostic).

use super::{Columns, ProxyHeader, ProxyParser, csv, row};

impl ProxyParser<'_> {
    /// Whether the first line of a record (line ending and byte order mark stripped) is blank
    /// or a `#` directive (read here), so no data row.
    pub(super) fn blank_or_directive(&mut self, first: &str) -> bool {
        if row::trim(first).is_empty() {
            return true;
        }
        let Some(rest) = first.strip_prefix('#') else {
            return false;
        };
        directive(rest, &mut self.log.header, &mut self.cols);
        true
    }

    /// Checks one data record (its line endings stripped) that starts on line `line_no`, `at`
    /// bytes into the text being fed, and keeps its row if wanted. `quoted`: whether it holds
    /// a `"`.
    pub(super) fn record(&mut self, record: &str, quoted: bool, line_no: u64, at: usize) {
        let log = &mut self.log;
        let Some(c) = self.cols.as_ref() else {
            log.stats.bad_line(line_no, &self.no_fields, record);
            return;
        };
        if row::valid_and_not_kept(record, quoted, c, self.keep, &mut self.instants) {
            log.stats.events += 1;
            if log.header.server.is_none() {
                log.header.server = row::plain_value(record, c.server_host_name)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string);
            }
            return;
        }
        let place = (self.source, line_no, self.offset + at as u64);
        let keep = self.keep;
        let built = csv::split(record)
            .map_err(|e| e.reason().to_string())
            .and_then(|fields| {
                let r = row::build(&fields, c, place, keep);
                if r.is_ok() && log.header.server.is_none() {
                    log.header.server = c
                        .server_host_name
                        .and_then(|i| fields.get(i))
                        .map(|v| v.trim())
                        .filter(|v| !v.is_empty())
                        .map(str::to_string);
                }
                r
            });
        match built {
            Ok(r) => {
                log.stats.events += 1;
                log.rows.extend(r);
            }
            Err(reason) => log.stats.bad_line(line_no, &reason, record),
        }
    }
}

fn directive(rest: &str, header: &mut ProxyHeader, cols: &mut Option<Columns>) {
    let Some((name, value)) = rest.split_once(':') else {
        return;
    };
    let value = value.trim();
    match name.trim().to_ascii_lowercase().as_str() {
        "fields" => *cols = Some(Columns::bind(value)),
        "version" => header.version = Some(value.to_string()),
        "log-type" => header.log_type = Some(value.to_string()),
        _ => {}
    }
}
