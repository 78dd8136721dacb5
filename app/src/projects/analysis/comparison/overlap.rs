//! Coder comparison, as a pure function: for two coders and each code, the passages
//! (transcript and paragraph) each coded with it, those both coded, and their agreement:
//! passages both coded as a share of passages either coded (a percentage, rounded to the
//! nearest whole number). Uncoded text does not count, so a long transcript with little
//! coding cannot make agreement look high (the trouble QualCoder's users met with kappa).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// One paragraph of one transcript: (transcript's id, paragraph number).
pub type Passage = (i64, i64);

/// One coder's coding: (code's id, passage), in any order, repeats allowed.
pub type Coding = Vec<(i64, Passage)>;

/// One code's line in the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlapRow {
    pub code_id: i64,
    pub code: String,
    /// Passages only the first coder coded with it.
    pub only_a: Vec<Passage>,
    /// Passages only the second coder coded with it.
    pub only_b: Vec<Passage>,
    /// Passages both coded with it.
    pub both: Vec<Passage>,
    /// Both / either, as a whole percentage; `None` when neither used the code.
    pub agreement: Option<u32>,
}

impl OverlapRow {
    pub fn a_total(&self) -> usize {
        self.only_a.len() + self.both.len()
    }
    pub fn b_total(&self) -> usize {
        self.only_b.len() + self.both.len()
    }
    pub fn either(&self) -> usize {
        self.only_a.len() + self.only_b.len() + self.both.len()
    }
}

/// `both` as a share of `either`, rounded half up; `None` when `either` is 0.
pub fn percent(both: usize, either: usize) -> Option<u32> {
    (either > 0).then(|| ((both * 200 + either) / (either * 2)) as u32)
}

fn passages_of(coding: &[(i64, Passage)], code_id: i64) -> BTreeSet<Passage> {
    coding.iter().filter(|(c, _)| *c == code_id).map(|(_, p)| *p).collect()
}

/// The comparison, one row per code in the order given, and the overall agreement over
/// every (code, passage) pair.
pub fn compare(codes: &[(i64, String)], a: &[(i64, Passage)], b: &[(i64, Passage)]) -> (Vec<OverlapRow>, Option<u32>) {
    let mut both_all = 0;
    let mut either_all = 0;
    let rows = codes
        .iter()
        .map(|(code_id, name)| {
            let pa = passages_of(a, *code_id);
            let pb = passages_of(b, *code_id);
            let both: Vec<Passage> = pa.intersection(&pb).copied().collect();
            let only_a: Vec<Passage> = pa.difference(&pb).copied().collect();
            let only_b: Vec<Passage> = pb.difference(&pa).copied().collect();
            let either = both.len() + only_a.len() + only_b.len();
            both_all += both.len();
            either_all += either;
            OverlapRow { code_id: *code_id, code: name.clone(), agreement: percent(both.len(), either), only_a, only_b, both }
        })
        .collect();
    (rows, percent(both_all, either_all))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand. Transcript 10 has paragraphs 1-6, transcript 20 paragraphs 1-3.
    /// Code 1 "Getting there": Priya coded 10/3, 10/4, 20/2; Tom coded 10/4, 20/2, 20/3.
    ///   both {10/4, 20/2} = 2; either {10/3, 10/4, 20/2, 20/3} = 4; 2/4 = 50%.
    /// Code 2 "Peer tutors": Priya 10/5 (twice: two highlights), Tom 10/5, 10/6.
    ///   both {10/5} = 1; either {10/5, 10/6} = 2; 1/2 = 50%.
    /// Code 3 "Small print": only Tom, 20/1: both 0, either 1: 0%.
    /// Code 4 "Unused": nobody: no figure.
    /// Overall: both 2 + 1 + 0 = 3; either 4 + 2 + 1 = 7; 3/7 = 42.86% -> 43%.
    #[test]
    fn agreement_matches_the_worked_example() {
        let codes = vec![(1, "Getting there".to_string()), (2, "Peer tutors".into()), (3, "Small print".into()), (4, "Unused".into())];
        let priya = vec![(1, (10, 3)), (1, (10, 4)), (1, (20, 2)), (2, (10, 5)), (2, (10, 5))];
        let tom = vec![(1, (20, 3)), (1, (10, 4)), (1, (20, 2)), (2, (10, 5)), (2, (10, 6)), (3, (20, 1))];
        let (rows, overall) = compare(&codes, &priya, &tom);
        assert_eq!(rows[0].both, vec![(10, 4), (20, 2)]);
        assert_eq!(rows[0].only_a, vec![(10, 3)]);
        assert_eq!(rows[0].only_b, vec![(20, 3)]);
        assert_eq!((rows[0].a_total(), rows[0].b_total(), rows[0].either()), (3, 3, 4));
        assert_eq!(rows[0].agreement, Some(50));
        assert_eq!((rows[1].a_total(), rows[1].b_total(), rows[1].agreement), (1, 2, Some(50)));
        assert_eq!((rows[2].a_total(), rows[2].b_total(), rows[2].agreement), (0, 1, Some(0)));
        assert_eq!((rows[3].either(), rows[3].agreement), (0, None));
        assert_eq!(overall, Some(43));
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 8), Some(13), "12.5 rounds up");
        assert_eq!(percent(3, 3), Some(100));
        assert_eq!(percent(0, 0), None);
    }
}
