//! [`FieldLookup`] over merged IIS request indexes: each index is an id space, so field rules
//! compare interned ids.

use super::{FieldAt, FieldLookup, FilterField};
use crate::index::{Field, Merged, RequestIndex};
use std::borrow::Cow;

/// Field access for the rows of a [`Merged`] view (row = merged position).
#[derive(Debug, Clone, Copy)]
pub struct MergedFields<'a> {
    /// The indexes, one id space each.
    pub indexes: &'a [std::sync::Arc<RequestIndex>],
    /// The merged order.
    pub merged: &'a Merged,
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

    fn resolve(&self, field: FilterField, value: &str) -> Vec<Option<u32>> {
        if index_field(field).is_none() {
            return Vec::new();
        }
        self.indexes
            .iter()
            .map(|idx| idx.strings.lookup(if value == "-" { "" } else { value }))
            .collect()
    }
}
