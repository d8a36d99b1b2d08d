//! Leader election rules of the KRaft controller (`PartitionChangeBuilder`) and
//! Kafka's replica placement for new topics.

use crate::engine::event::ElectionKind;

/// R-ELECT-1: the first replica in assignment order that is active and in the
/// ISR; else, when allowed, R-ELECT-2: the first active replica (unclean).
pub fn elect_leader(
    replicas: &[u32],
    isr: &[u32],
    is_active: impl Fn(u32) -> bool,
    unclean_allowed: bool,
) -> Option<(u32, ElectionKind)> {
    if let Some(&clean) = replicas.iter().find(|&&r| isr.contains(&r) && is_active(r)) {
        return Some((clean, ElectionKind::Clean));
    }
    if unclean_allowed {
        if let Some(&unclean) = replicas.iter().find(|&&r| is_active(r)) {
            return Some((unclean, ElectionKind::Unclean));
        }
    }
    None
}

/// R-ELECT-4: the preferred leader, `replicas[0]`, if it is active and in the ISR.
pub fn preferred_leader(
    replicas: &[u32],
    isr: &[u32],
    is_active: impl Fn(u32) -> bool,
) -> Option<u32> {
    let preferred = *replicas.first()?;
    (isr.contains(&preferred) && is_active(preferred)).then_some(preferred)
}

/// The ISR without `broker`, keeping it when it is the last member (R-ELECT-3).
pub fn isr_without(isr: &[u32], broker: u32) -> Vec<u32> {
    let rest: Vec<u32> = isr.iter().copied().filter(|&r| r != broker).collect();
    if rest.is_empty() {
        isr.to_vec()
    } else {
        rest
    }
}

/// Kafka's round-robin placement without racks (`assignReplicasToBrokers`), with
/// the start index and replica shift fixed at 0 instead of random, so placements
/// are predictable: partition 0 of a 3-broker, RF 3 topic gets `[1, 2, 3]`.
pub fn round_robin_assignment(
    brokers: &[u32],
    partitions: u32,
    replication_factor: u32,
) -> Vec<Vec<u32>> {
    let n = brokers.len();
    if n == 0 {
        return Vec::new();
    }
    let mut shift = 0usize;
    (0..partitions as usize)
        .map(|p| {
            if p > 0 && p % n == 0 {
                shift += 1;
            }
            let first = p % n;
            let mut replicas = vec![brokers[first]];
            for j in 0..(replication_factor as usize).saturating_sub(1) {
                let step = 1 + (shift + j) % (n - 1).max(1);
                replicas.push(brokers[(first + step) % n]);
            }
            replicas
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_election_follows_assignment_order_not_isr_order_s10() {
        let active = |b: u32| b != 3;
        assert_eq!(
            elect_leader(&[3, 1, 2], &[2, 1], active, false),
            Some((1, ElectionKind::Clean))
        );
        assert_eq!(
            elect_leader(&[3, 1, 2], &[3, 2], active, false),
            Some((2, ElectionKind::Clean))
        );
    }

    #[test]
    fn unclean_election_only_when_allowed() {
        let active = |b: u32| b == 3;
        assert_eq!(elect_leader(&[1, 2, 3], &[2], active, false), None);
        assert_eq!(
            elect_leader(&[1, 2, 3], &[2], active, true),
            Some((3, ElectionKind::Unclean))
        );
    }

    #[test]
    fn the_last_isr_member_is_kept() {
        assert_eq!(isr_without(&[1, 2], 1), vec![2]);
        assert_eq!(isr_without(&[2], 2), vec![2]);
    }

    #[test]
    fn placement_is_kafkas_round_robin() {
        let a = round_robin_assignment(&[1, 2, 3], 4, 3);
        assert_eq!(
            a,
            vec![vec![1, 2, 3], vec![2, 3, 1], vec![3, 1, 2], vec![1, 3, 2]]
        );
        assert_eq!(round_robin_assignment(&[1], 2, 1), vec![vec![1], vec![1]]);
    }
}
