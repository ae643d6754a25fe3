//! [`FieldLookup`] over merged IIS request indexes: each index is an id space, so field rules
//! compare interned ids. A server rule matches every spelling of its machine
//! ([`crate::source::server_filter_keeps`]): `EX01` keeps the rows that log `ex01.contoso.com`
//! and those named after an `EX01/W3SVC1` folder; a folder label keeps its own rows, and the
//! rows of that site's logs that log the machine's name.

use super::{FieldAt, FieldLookup, FilterField};
use crate::index::{Field, Merged, RequestIndex};
use crate::source::SourceKind;
use std::borrow::Cow;

/// Field access for the rows of a [`Merged`] view (row = merged position).
#[derive(Debug, Clone, Copy)]
pub struct MergedFields<'a> {
    /// The indexes, one id space each.
    pub indexes: &'a [std::sync::Arc<RequestIndex>],
    /// The merged order.
    pub merged: &'a Merged,
    /// The load's machines, one name each ([`crate::pipeline::Analysis::machines`]).
    pub machines: &'a [String],
    /// The loaded sources: the site folder of an index's log
    /// ([`crate::source::server_filter_keeps`]).
    pub sources: &'a [crate::source::SourceInfo],
}

/// The request-index column of a filter field (None for fields the index does not hold).
pub fn index_field(field: FilterField) -> Option<Field> {
    Some(match field {
        FilterField::ClientIp => Field::Client,
        FilterField::Uri => Field::Uri,
        FilterField::User => Field::User,
        FilterField::Method => Field::Method,
        FilterField::Agent => Field::Agent,
        FilterField::Server => Field::Server,
        FilterField::Status | FilterField::Cmdlet | FilterField::Thread => return None,
    })
}

impl FieldLookup for MergedFields<'_> {
    fn field_at(&self, row: usize, field: FilterField) -> Option<FieldAt<'_>> {
        let (k, r) = self.merged.get(row)?;
        let idx = self.indexes.get(usize::from(k))?;
        let r = r as usize;
        if field == FilterField::Status {
            let (s, sub, w) = idx.status(r);
            return Some(FieldAt::Text(Cow::Owned(format!("{s} {sub} {w}"))));
        }
        let f = index_field(field)?;
        Some(FieldAt::Id {
            space: usize::from(k),
            id: idx.field_id(f, r),
            text: idx.field(f, r),
        })
    }

    fn resolve(&self, field: FilterField, value: &str) -> Vec<Vec<u32>> {
        if index_field(field).is_none() {
            return Vec::new();
        }
        let value = if value == "-" { "" } else { value };
        if field == FilterField::Server {
            return self
                .indexes
                .iter()
                .map(|idx| self.spellings(idx, value))
                .collect();
        }
        self.indexes
            .iter()
            .map(|idx| idx.strings.lookup(value).into_iter().collect())
            .collect()
    }
}

impl MergedFields<'_> {
    /// The ids of the server column of `idx` a `server=value` rule keeps
    /// ([`crate::source::server_filter_keeps`]), each spelling and folder the index logs.
    fn spellings(&self, idx: &RequestIndex, value: &str) -> Vec<u32> {
        let folder = crate::source::by_id(self.sources, idx.source)
            .filter(|s| matches!(s.kind, SourceKind::Iis | SourceKind::W3c))
            .map_or("", |s| s.stats.folder.as_str());
        idx.field_ids(Field::Server)
            .iter()
            .copied()
            .filter(|&id| {
                crate::source::server_filter_keeps(
                    self.machines,
                    idx.strings.get(id),
                    folder,
                    value,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{FilterStack, Rule, RuleKind};
    use crate::read::text::LineText;
    use crate::record::W3cRecord;
    use crate::source::SourceId;
    use crate::time::UtcMs;
    use std::sync::Arc;

    /// Rows of `servers` in their order, each its own second, one index per list.
    fn indexes(lists: &[&[&'static str]]) -> Vec<Arc<RequestIndex>> {
        let mut line = 0;
        let mut out = Vec::new();
        for (k, servers) in lists.iter().enumerate() {
            let mut idx = RequestIndex::new(SourceId(k as u16), LineText::None);
            for &server in *servers {
                line += 1;
                idx.push(&W3cRecord {
                    line,
                    ts: UtcMs(line as i64 * 1000),
                    server,
                    ..Default::default()
                });
            }
            out.push(Arc::new(idx));
        }
        out
    }

    fn kept(kind: RuleKind, value: &str, machines: &[String]) -> Vec<usize> {
        let indexes = indexes(&[&["ex01.contoso.com", "EX02"], &["EX01", "ex01", "EX01-DR"]]);
        let merged = Merged::build(&indexes);
        let fields = MergedFields {
            indexes: &indexes,
            merged: &merged,
            machines,
            sources: &[],
        };
        let mut s = FilterStack::new();
        s.push(Rule::field(kind, FilterField::Server, value));
        s.prepare(&fields);
        (0..merged.len())
            .filter(|&r| s.matches(r, "", &fields))
            .collect()
    }

    #[test]
    fn a_server_rule_matches_every_spelling_of_its_machine() {
        let machines = ["EX01".to_string(), "EX02".to_string()];
        assert_eq!(kept(RuleKind::Include, "EX01", &machines), vec![0, 2, 3]);
        assert_eq!(
            kept(RuleKind::Include, "ex01.contoso.com", &machines),
            vec![0, 2, 3]
        );
        assert_eq!(kept(RuleKind::Exclude, "EX01", &machines), vec![1, 4]);
        assert_eq!(kept(RuleKind::Include, "EX01-DR", &machines), vec![4]);
        // Without machines to name, a server is its spelling.
        assert_eq!(kept(RuleKind::Include, "EX01", &[]), vec![2]);
    }
}
