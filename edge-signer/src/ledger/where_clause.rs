//! A SQL `WHERE` clause built condition by condition, with its bound arguments numbered in the
//! order they were added (`?1`, `?2`, …): the filters of the merchant's transaction list and of
//! the delivery and notification logs.

use super::Arg;

/// Conditions joined with `AND`, and the values their placeholders take.
#[derive(Debug, Default)]
pub(crate) struct WhereClause {
    conditions: Vec<String>,
    args: Vec<Arg>,
}

impl WhereClause {
    /// Adds `condition`, whose `?` placeholders take `values` in order (each numbered after
    /// the arguments already bound). A placeholder without a value is left as `?`.
    pub(crate) fn and(&mut self, condition: &str, values: Vec<Arg>) {
        let mut pieces = condition.split('?');
        let mut numbered = pieces.next().unwrap_or("").to_owned();
        let mut values = values.into_iter();
        for piece in pieces {
            match values.next() {
                Some(value) => {
                    self.args.push(value);
                    numbered.push_str(&format!("?{}", self.args.len()));
                }
                None => numbered.push('?'),
            }
            numbered.push_str(piece);
        }
        self.conditions.push(numbered);
    }

    /// `WHERE a AND b …` (empty without conditions) and the arguments in placeholder order.
    pub(crate) fn finish(self) -> (String, Vec<Arg>) {
        let clause = if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        };
        (clause, self.args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_conditions() {
        let mut clause = WhereClause::default();
        clause.and("t.status = ?", vec!["Open".into()]);
        clause.and("t.created_at BETWEEN ? AND ?", vec![Arg::Int(1), Arg::Int(2)]);
        let (sql, args) = clause.finish();
        assert_eq!(sql, "WHERE t.status = ?1 AND t.created_at BETWEEN ?2 AND ?3");
        assert_eq!(args, vec![Arg::Text("Open".into()), Arg::Int(1), Arg::Int(2)]);
    }

    #[test]
    fn no_condition_is_no_clause() {
        assert_eq!(WhereClause::default().finish(), (String::new(), Vec::new()));
    }
}
