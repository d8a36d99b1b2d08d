//! The leader-epoch cache (`leader-epoch-checkpoint`, R-EPOCH-1): `(epoch, start
//! offset)` pairs, both strictly increasing, used to find where two replicas'
//! logs diverge (R-EPOCH-2..4).

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochCache {
    entries: Vec<(u32, u64)>,
}

impl EpochCache {
    pub fn entries(&self) -> &[(u32, u64)] {
        &self.entries
    }

    pub fn latest_epoch(&self) -> Option<u32> {
        self.entries.last().map(|(e, _)| *e)
    }

    /// `LeaderEpochFileCache.assign`: a new epoch (or an earlier start for the latest
    /// one) removes trailing entries that would break monotonicity.
    pub fn assign(&mut self, epoch: u32, start_offset: u64) {
        let needed = match self.entries.last() {
            Some(&(e, s)) => epoch != e || start_offset < s,
            None => true,
        };
        if !needed {
            return;
        }
        while let Some(&(e, s)) = self.entries.last() {
            if e >= epoch || s >= start_offset {
                self.entries.pop();
            } else {
                break;
            }
        }
        self.entries.push((epoch, start_offset));
    }

    /// `endOffsetFor(requestedEpoch)` (R-EPOCH-2), given this replica's LEO.
    /// Returns `None` for UNDEFINED.
    pub fn end_offset_for(&self, requested: u32, log_end_offset: u64) -> Option<(u32, u64)> {
        let latest = self.latest_epoch()?;
        if requested == latest {
            return Some((requested, log_end_offset));
        }
        let higher = self.entries.iter().position(|&(e, _)| e > requested)?;
        let first_higher_start = self.entries[higher].1;
        if higher == 0 {
            return Some((requested, first_higher_start));
        }
        let floor = self.entries[higher - 1].0;
        Some((floor, first_higher_start))
    }

    /// Removes entries starting at or after `end_offset` (truncation, R-EPOCH-1).
    pub fn truncate_from_end(&mut self, end_offset: u64) {
        self.entries.retain(|&(_, s)| s < end_offset);
    }

    /// Drops entries wholly below `start_offset` (log start moved up, R-LOG-5).
    pub fn truncate_from_start(&mut self, start_offset: u64) {
        let covering = self.entries.iter().rposition(|&(_, s)| s <= start_offset);
        if let Some(i) = covering {
            self.entries.drain(..i);
            self.entries[0].1 = start_offset;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(entries: &[(u32, u64)]) -> EpochCache {
        let mut c = EpochCache::default();
        for &(e, s) in entries {
            c.assign(e, s);
        }
        c
    }

    #[test]
    fn end_offset_for_follows_kip_279() {
        // S21: B3's cache (0,0),(2,3), LEO 4.
        let c = cache(&[(0, 0), (2, 3)]);
        assert_eq!(c.end_offset_for(2, 4), Some((2, 4)));
        assert_eq!(c.end_offset_for(1, 4), Some((0, 3)), "floor epoch 0");
        assert_eq!(c.end_offset_for(0, 4), Some((0, 3)));
        assert_eq!(c.end_offset_for(3, 4), None, "no higher epoch: UNDEFINED");
        let late = cache(&[(2, 5)]);
        assert_eq!(
            late.end_offset_for(1, 9),
            Some((1, 5)),
            "nothing at or below"
        );
    }

    #[test]
    fn assign_keeps_both_columns_increasing() {
        let mut c = cache(&[(0, 0), (1, 5), (2, 7)]);
        c.assign(3, 6);
        assert_eq!(c.entries(), &[(0, 0), (1, 5), (3, 6)]);
        c.assign(3, 8);
        assert_eq!(
            c.entries(),
            &[(0, 0), (1, 5), (3, 6)],
            "same epoch later start ignored"
        );
    }

    #[test]
    fn truncation_trims_both_ends() {
        let mut c = cache(&[(0, 0), (1, 5), (2, 7)]);
        c.truncate_from_end(7);
        assert_eq!(c.entries(), &[(0, 0), (1, 5)]);
        c.truncate_from_start(6);
        assert_eq!(c.entries(), &[(1, 6)]);
    }
}
