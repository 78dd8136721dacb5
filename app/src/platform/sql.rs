//! Building `$n` placeholder lists for statements whose length depends on the data:
//! `IN (...)` lists and multi-row `VALUES`. Every value is still bound, never spliced in.

/// `$first, $first+1, ...` for an `IN (...)` list of `count` bound values.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// The `VALUES` list for `rows` rows, each starting with the same `shared` values
/// (`$1`..`$shared`, bound once) followed by `per_row` values of its own, bound row by row
/// after the shared ones. `values(2, 1, 1)` is `($1, $2), ($1, $3)`.
pub fn values(rows: usize, shared: usize, per_row: usize) -> String {
    (0..rows)
        .map(|row| {
            let own = (0..per_row).map(|n| format!("${}", shared + row * per_row + n + 1));
            let all: Vec<String> = (1..=shared).map(|n| format!("${n}")).chain(own).collect();
            format!("({})", all.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_lists_number_their_values() {
        assert_eq!(placeholders(1, 3), "$1, $2, $3");
        assert_eq!(placeholders(4, 1), "$4");
    }

    #[test]
    fn values_share_the_first_placeholders() {
        assert_eq!(values(2, 1, 1), "($1, $2), ($1, $3)");
        assert_eq!(values(2, 2, 2), "($1, $2, $3, $4), ($1, $2, $5, $6)");
        assert_eq!(values(1, 0, 3), "($1, $2, $3)");
    }
}
