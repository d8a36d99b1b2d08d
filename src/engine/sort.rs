//! Stable sorting with one copy of the sort code for the whole program.
//!
//! `slice::sort_by` is generic, so every element type and comparator gets its
//! own copy of the standard library's stable sort, several kilobytes of wasm
//! each. These helpers instead sort the positions `0..len` with a single
//! non-generic instance, comparing the elements at those positions, and then
//! move the elements into that order. The result is exactly that of
//! `slice::sort_by`: a stable sort's output is fully determined by the
//! comparison, ties keeping their original order.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    move_into_order(items, order);
}

/// Sorts `items` stably by the key `key` extracts, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in their natural order, like `slice::sort`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` sorted stably by `compare`: the only instance of the
/// standard library's sort that these helpers need.
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `items` so that position `i` holds the element that was at
/// `order[i]`, following each cycle of the permutation with swaps.
fn move_into_order<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut current = start;
        loop {
            let source = order[current];
            order[current] = current;
            if source == start {
                break;
            }
            items.swap(current, source);
            current = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_keeps_ties_in_their_original_order() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e'), (2, 'f')];
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(
            items,
            vec![(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c'), (2, 'f')]
        );
    }

    #[test]
    fn sort_by_key_and_sort_order_like_the_standard_library() {
        let mut by_key = vec!["ccc", "a", "bb", "dd", "e"];
        sort_by_key(&mut by_key, |s| s.len());
        assert_eq!(by_key, vec!["a", "e", "bb", "dd", "ccc"]);
        let mut natural = vec![5, 3, 9, 3, 0];
        sort(&mut natural);
        assert_eq!(natural, vec![0, 3, 3, 5, 9]);
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut single = vec![String::from("only")];
        sort(&mut single);
        assert_eq!(single, vec!["only"]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sort_by_matches_the_standard_librarys_stable_sort(
            items in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)
        ) {
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }
}
