//! Small ordered maps and sets kept as one vector sorted by key.
//!
//! `BTreeMap` gives every key and value type its own copy of a large body of
//! code (node splitting, merging, stealing, subtree cloning), tens of kilobytes
//! of wasm across the program. Most maps of the simulation are small (keyed by
//! broker, partition, member, topic or request id): for them a vector sorted by
//! key behaves the same — lookups by binary search, iteration in key order, so
//! every output stays deterministic and identical — and compiles to a fraction
//! of the code. The keys are kept apart from the values, so a search reads
//! only the compact key vector. Inserting or removing shifts the entries after
//! it, so maps that
//! grow large with inserts in the middle (the ledger, the event queue) stay
//! `BTreeMap`s.
//!
//! Only the parts of the `BTreeMap`/`BTreeSet` API that the program uses are
//! here, with the same names and meaning.

use std::borrow::Borrow;
use std::ops::{Bound, Index, RangeBounds};

/// An ordered map: the entries sorted by key, each key at most once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V> {
    keys: Vec<K>,
    /// `values[i]` is the value of `keys[i]`.
    values: Vec<V>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K, V> VecMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        Self {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.keys.iter().zip(&self.values)
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.keys.iter()
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.values.iter()
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> {
        self.values.iter_mut()
    }

    /// Keeps only the entries for which `keep` returns true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let mut index = 0;
        while index < self.keys.len() {
            if keep(&self.keys[index], &mut self.values[index]) {
                index += 1;
            } else {
                self.keys.remove(index);
                self.values.remove(index);
            }
        }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// Where `key` is (`Ok`) or would be inserted to keep the order (`Err`).
    fn search<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.keys.binary_search_by(|probe| probe.borrow().cmp(key))
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(key).ok()?;
        Some(&self.values[index])
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(key).ok()?;
        Some(&mut self.values[index])
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.search(key).is_ok()
    }

    /// Sets the value of `key`, returning the value it replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.search(&key) {
            Ok(index) => Some(std::mem::replace(&mut self.values[index], value)),
            Err(index) => {
                self.keys.insert(index, key);
                self.values.insert(index, value);
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let index = self.search(key).ok()?;
        self.keys.remove(index);
        Some(self.values.remove(index))
    }

    /// The entry of `key`, to read, or to insert a value if it is absent.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let position = self.search(&key);
        Entry {
            map: self,
            key,
            position,
        }
    }

    /// The entries whose keys fall in `range`, values mutable.
    pub fn range_mut<Q, R>(&mut self, range: R) -> impl DoubleEndedIterator<Item = (&K, &mut V)>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
        R: RangeBounds<Q>,
    {
        let (start, end) = self.bounds(&range);
        self.keys[start..end]
            .iter()
            .zip(&mut self.values[start..end])
    }

    /// The positions of the first entry in `range` and of the first after it.
    fn bounds<Q, R>(&self, range: &R) -> (usize, usize)
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
        R: RangeBounds<Q>,
    {
        let start = match range.start_bound() {
            Bound::Included(low) => self.keys.partition_point(|key| key.borrow() < low),
            Bound::Excluded(low) => self.keys.partition_point(|key| key.borrow() <= low),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(high) => self.keys.partition_point(|key| key.borrow() <= high),
            Bound::Excluded(high) => self.keys.partition_point(|key| key.borrow() < high),
            Bound::Unbounded => self.keys.len(),
        };
        (start, end.max(start))
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> Index<&Q> for VecMap<K, V> {
    type Output = V;

    /// The value of `key`; panics if it is absent, as `BTreeMap` does.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for the key")
    }
}

/// A key's place in a [`VecMap`], from [`VecMap::entry`].
pub struct Entry<'a, K, V> {
    map: &'a mut VecMap<K, V>,
    key: K,
    position: Result<usize, usize>,
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value of the key, inserting `make()` first if it has none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        let index = match self.position {
            Ok(index) => index,
            Err(index) => {
                self.map.keys.insert(index, self.key);
                self.map.values.insert(index, make());
                index
            }
        };
        &mut self.map.values[index]
    }

    /// The value of the key, inserting `value` first if it has none.
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    /// The value of the key, inserting the default value first if it has none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    /// Inserts each entry in turn: a later value for the same key replaces an
    /// earlier one, as in `BTreeMap`.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::new();
        map.extend(entries);
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::iter::Zip<std::vec::IntoIter<K>, std::vec::IntoIter<V>>;

    /// The entries in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter().zip(self.values)
    }
}

/// An ordered set: the elements sorted, each at most once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecSet<T> {
    map: VecMap<T, ()>,
}

impl<T> Default for VecSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> VecSet<T> {
    /// An empty set.
    pub const fn new() -> Self {
        Self { map: VecMap::new() }
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// The elements in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.map.keys()
    }
}

impl<T: Ord> VecSet<T> {
    pub fn contains<Q>(&self, element: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.contains_key(element)
    }

    /// Adds `element`, returning whether it was absent.
    pub fn insert(&mut self, element: T) -> bool {
        self.map.insert(element, ()).is_none()
    }

    /// Removes `element`, returning whether it was present.
    pub fn remove<Q>(&mut self, element: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.remove(element).is_some()
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, elements: I) {
        self.map
            .extend(elements.into_iter().map(|element| (element, ())));
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(elements: I) -> Self {
        let mut set = Self::new();
        set.extend(elements);
        set
    }
}

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    /// The elements in order.
    fn into_iter(self) -> Self::IntoIter {
        self.map.keys.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, K>, std::slice::Iter<'a, V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter().zip(&self.values)
    }
}

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.keys.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_in_key_order_whatever_the_insertion_order() {
        let map: VecMap<u32, char> = [(3, 'c'), (1, 'a'), (2, 'b')].into_iter().collect();
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            vec![(&1, &'a'), (&2, &'b'), (&3, &'c')]
        );
        assert_eq!(map.keys().rev().collect::<Vec<_>>(), vec![&3, &2, &1]);
        assert_eq!(map.into_iter().map(|(_, v)| v).collect::<String>(), "abc");
    }

    #[test]
    fn insert_replaces_the_value_of_a_present_key() {
        let mut map = VecMap::new();
        assert_eq!(map.insert("b", 1), None);
        assert_eq!(map.insert("a", 2), None);
        assert_eq!(map.insert("b", 3), Some(1));
        assert_eq!(map.len(), 2);
        assert_eq!(map.get("b"), Some(&3));
        let later_wins: VecMap<u8, u8> = [(1, 1), (1, 2)].into_iter().collect();
        assert_eq!(later_wins.get(&1), Some(&2));
    }

    #[test]
    fn remove_get_and_entry_find_keys_by_borrowed_form() {
        let mut map: VecMap<String, u32> = VecMap::new();
        *map.entry("x".to_string()).or_default() += 5;
        *map.entry("x".to_string()).or_insert(100) += 1;
        *map.entry("w".to_string()).or_insert_with(|| 7) += 1;
        assert_eq!(map.get("x"), Some(&6));
        assert_eq!(map.iter().next(), Some((&"w".to_string(), &8)));
        *map.get_mut("w").unwrap() = 0;
        assert!(map.contains_key("w"));
        assert_eq!(map.remove("w"), Some(0));
        assert_eq!(map.remove("w"), None);
        assert!(!map.contains_key("w"));
        assert_eq!(map.iter().next_back(), Some((&"x".to_string(), &6)));
    }

    #[test]
    fn range_and_retain_keep_the_order() {
        let mut map: VecMap<u32, u32> = (0..10).map(|k| (k, k * 10)).collect();
        assert_eq!(
            map.range_mut(3..5).map(|(k, _)| *k).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert_eq!(map.range_mut(8..).count(), 2);
        assert_eq!(map.range_mut(..=1).count(), 2);
        assert_eq!(map.range_mut(7..=7).count(), 1);
        for (_, value) in map.range_mut(0..2) {
            *value += 1;
        }
        assert_eq!(map.get(&1), Some(&11));
        map.retain(|key, _| key % 3 == 0);
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), vec![0, 3, 6, 9]);
        assert_eq!(
            map.values().copied().collect::<Vec<_>>(),
            vec![1, 30, 60, 90]
        );
    }

    #[test]
    fn a_set_holds_each_element_once_in_order() {
        let mut set: VecSet<u32> = [5, 1, 5, 3].into_iter().collect();
        assert_eq!(set.iter().copied().collect::<Vec<_>>(), vec![1, 3, 5]);
        assert!(!set.insert(3));
        assert!(set.insert(4));
        assert!(set.remove(&1));
        assert!(!set.remove(&1));
        assert!(set.contains(&4));
        assert_eq!(set.into_iter().collect::<Vec<_>>(), vec![3, 4, 5]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        #[test]
        fn behaves_like_a_btree_map(
            operations in proptest::collection::vec((any::<bool>(), 0u8..20, any::<u16>()), 0..120)
        ) {
            let mut ours = VecMap::new();
            let mut btree = BTreeMap::new();
            for (is_insert, key, value) in operations {
                if is_insert {
                    prop_assert_eq!(ours.insert(key, value), btree.insert(key, value));
                } else {
                    prop_assert_eq!(ours.remove(&key), btree.remove(&key));
                }
                prop_assert_eq!(ours.iter().collect::<Vec<_>>(), btree.iter().collect::<Vec<_>>());
                prop_assert_eq!(
                    ours.range_mut(5..=12).map(|(k, v)| (*k, *v)).collect::<Vec<_>>(),
                    btree.range_mut(5..=12).map(|(k, v)| (*k, *v)).collect::<Vec<_>>()
                );
            }
        }
    }
}
