//! A broker's replicas by partition, remembering which partitions were handed
//! out for change since the invariants last looked: every mutable access marks
//! its partitions, so a step that only reads (a consumer's fetch) marks none,
//! and the invariants re-check only what a step may have changed.
//!
//! The mark is conservative: a partition is marked even if the step, once it
//! had mutable access, changed nothing.

use std::collections::btree_map::{Iter, Keys, Values};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::{Index, RangeInclusive};

use super::replica::Replica;
use crate::engine::ids::Tp;

#[derive(Clone, Debug, Default)]
pub struct Replicas {
    by_tp: BTreeMap<Tp, Replica>,
    changed: BTreeSet<Tp>,
}

/// Two brokers' replicas are equal when they hold the same replicas; which
/// ones are marked changed is bookkeeping, not state.
impl PartialEq for Replicas {
    fn eq(&self, other: &Self) -> bool {
        self.by_tp == other.by_tp
    }
}

impl Eq for Replicas {}

impl Replicas {
    pub fn get(&self, tp: &Tp) -> Option<&Replica> {
        self.by_tp.get(tp)
    }

    pub fn contains_key(&self, tp: &Tp) -> bool {
        self.by_tp.contains_key(tp)
    }

    pub fn iter(&self) -> Iter<'_, Tp, Replica> {
        self.by_tp.iter()
    }

    pub fn keys(&self) -> Keys<'_, Tp, Replica> {
        self.by_tp.keys()
    }

    pub fn values(&self) -> Values<'_, Tp, Replica> {
        self.by_tp.values()
    }

    /// Marks `tp` changed.
    pub fn get_mut(&mut self, tp: &Tp) -> Option<&mut Replica> {
        let replica = self.by_tp.get_mut(tp)?;
        self.changed.insert(*tp);
        Some(replica)
    }

    /// Marks `tp` changed.
    pub fn insert(&mut self, tp: Tp, replica: Replica) {
        self.changed.insert(tp);
        self.by_tp.insert(tp, replica);
    }

    /// Marks every partition changed.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Replica> {
        self.changed.extend(self.by_tp.keys().copied());
        self.by_tp.values_mut()
    }

    /// Marks the partitions in `range` changed.
    pub fn range_mut(
        &mut self,
        range: RangeInclusive<Tp>,
    ) -> impl Iterator<Item = (&Tp, &mut Replica)> {
        self.changed
            .extend(self.by_tp.range(range.clone()).map(|(tp, _)| *tp));
        self.by_tp.range_mut(range)
    }

    /// The partitions marked since the last call, which clears the marks.
    pub fn take_changed(&mut self) -> BTreeSet<Tp> {
        std::mem::take(&mut self.changed)
    }
}

impl Index<&Tp> for Replicas {
    type Output = Replica;

    /// Panics if there is no replica of `tp`, as indexing a map does.
    fn index(&self, tp: &Tp) -> &Replica {
        &self.by_tp[tp]
    }
}

impl<'a> IntoIterator for &'a Replicas {
    type Item = (&'a Tp, &'a Replica);
    type IntoIter = Iter<'a, Tp, Replica>;

    fn into_iter(self) -> Self::IntoIter {
        self.by_tp.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{ConfigMap, LogConfig, BROKER_CONFIGS, TOPIC_CONFIGS};

    fn replica() -> Replica {
        let config = LogConfig::resolve(
            &ConfigMap::new(TOPIC_CONFIGS),
            &ConfigMap::new(BROKER_CONFIGS),
        );
        Replica::new(config, 0)
    }

    fn two_replicas() -> Replicas {
        let mut replicas = Replicas::default();
        for partition in 0..2 {
            replicas.insert(Tp::new(0, partition), replica());
        }
        replicas.take_changed();
        replicas
    }

    #[test]
    fn reading_marks_nothing() {
        let mut replicas = two_replicas();
        let tp = Tp::new(0, 1);
        assert!(replicas.get(&tp).is_some());
        assert_eq!(replicas.iter().count(), 2);
        assert_eq!(replicas[&tp].log.log_end_offset(), 0);
        assert!(replicas.take_changed().is_empty());
    }

    #[test]
    fn mutable_access_marks_what_it_reaches_until_taken() {
        let mut replicas = two_replicas();
        let (first, second) = (Tp::new(0, 0), Tp::new(0, 1));
        assert!(replicas.get_mut(&second).is_some());
        assert!(replicas.get_mut(&Tp::new(9, 9)).is_none());
        assert_eq!(replicas.take_changed(), BTreeSet::from([second]));
        assert!(replicas.take_changed().is_empty());

        assert_eq!(replicas.range_mut(first..=first).count(), 1);
        assert_eq!(replicas.take_changed(), BTreeSet::from([first]));

        assert_eq!(replicas.values_mut().count(), 2);
        assert_eq!(replicas.take_changed(), BTreeSet::from([first, second]));

        replicas.insert(Tp::new(1, 0), replica());
        assert_eq!(replicas.take_changed(), BTreeSet::from([Tp::new(1, 0)]));
    }

    #[test]
    fn equality_ignores_the_marks() {
        let mut marked = two_replicas();
        marked.get_mut(&Tp::new(0, 0));
        assert_eq!(marked, two_replicas());
    }
}
