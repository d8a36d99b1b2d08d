//! The rebalance protocol a consumer runs (`ConsumerCoordinator`'s protocol selection) and
//! the group coordinator's choice of one assignor for the whole group
//! (`GroupMetadata.selectProtocol`: candidate protocols + vote).

use super::Assignor;

/// Kafka's `ConsumerPartitionAssignor.RebalanceProtocol`, ordered EAGER < COOPERATIVE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RebalanceProtocol {
    /// Revoke every owned partition before rejoining (range, roundrobin, sticky).
    Eager,
    /// Revoke only the partitions that move (cooperative-sticky), in a second rebalance.
    Cooperative,
}

/// R-ASSIGN-3: the rebalance protocol of a consumer configured with `strategies`
/// (`partition.assignment.strategy`): the highest protocol supported by every configured
/// assignor. The default `[range, cooperative-sticky]` gives EAGER; `[cooperative-sticky]`
/// gives COOPERATIVE. Kafka rejects an empty strategy list at configuration time; here
/// an empty list gives EAGER.
pub fn rebalance_protocol(strategies: &[Assignor]) -> RebalanceProtocol {
    let common = |protocol: &RebalanceProtocol| {
        !strategies.is_empty()
            && strategies
                .iter()
                .all(|assignor| assignor.supported_protocols().contains(protocol))
    };
    [RebalanceProtocol::Cooperative, RebalanceProtocol::Eager]
        .into_iter()
        .find(common)
        .unwrap_or(RebalanceProtocol::Eager)
}

/// R-GROUP-3: the assignor the coordinator picks for the group, from each member's
/// strategy list in preference order. Candidates are the assignors every member lists;
/// each member votes for its first candidate and the candidate with the most votes wins.
/// `None` when there are no members or no common assignor (Kafka rejects such a join
/// with INCONSISTENT_GROUP_PROTOCOL).
///
/// Simplification: Kafka breaks a tie in votes by hash-map iteration order; here the
/// tied assignor voted for by the earliest member in `member_strategies` wins.
pub fn select_assignor(member_strategies: &[Vec<Assignor>]) -> Option<Assignor> {
    let candidates: Vec<Assignor> = Assignor::ALL
        .into_iter()
        .filter(|assignor| member_strategies.iter().all(|s| s.contains(assignor)))
        .collect();
    let votes: Vec<Assignor> = member_strategies
        .iter()
        .filter_map(|strategies| strategies.iter().copied().find(|a| candidates.contains(a)))
        .collect();
    let count = |assignor: Assignor| votes.iter().filter(|&&v| v == assignor).count();
    let most = votes.iter().map(|&v| count(v)).max()?;
    votes.iter().copied().find(|&v| count(v) == most)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Assignor::{CooperativeSticky, Range, RoundRobin, Sticky};

    #[test]
    fn default_strategy_runs_eager() {
        assert_eq!(
            rebalance_protocol(&[Range, CooperativeSticky]),
            RebalanceProtocol::Eager
        );
        assert_eq!(
            rebalance_protocol(&[CooperativeSticky]),
            RebalanceProtocol::Cooperative
        );
        assert_eq!(rebalance_protocol(&[Sticky]), RebalanceProtocol::Eager);
        assert_eq!(rebalance_protocol(&[]), RebalanceProtocol::Eager);
    }

    #[test]
    fn default_strategy_selects_range() {
        let default = vec![Range, CooperativeSticky];
        assert_eq!(
            select_assignor(&[default.clone(), default.clone(), default]),
            Some(Range)
        );
    }

    #[test]
    fn only_common_assignors_are_candidates() {
        // m2 prefers roundrobin but m1 lacks it; cooperative-sticky is the only common one.
        let members = [
            vec![Range, CooperativeSticky],
            vec![RoundRobin, CooperativeSticky],
        ];
        assert_eq!(select_assignor(&members), Some(CooperativeSticky));
        assert_eq!(select_assignor(&[vec![Range], vec![RoundRobin]]), None);
        assert_eq!(select_assignor(&[]), None);
    }

    #[test]
    fn most_first_choice_votes_win() {
        let members = [
            vec![Sticky, Range],
            vec![Range, Sticky],
            vec![Range, Sticky],
        ];
        assert_eq!(select_assignor(&members), Some(Range));
        // A tie goes to the earliest member's vote (deterministic simplification).
        assert_eq!(
            select_assignor(&[vec![Sticky, Range], vec![Range, Sticky]]),
            Some(Sticky)
        );
    }

    #[test]
    fn names_round_trip() {
        for assignor in Assignor::ALL {
            assert_eq!(Assignor::from_name(assignor.name()), Some(assignor));
        }
        assert_eq!(
            Assignor::from_name("cooperative-sticky"),
            Some(CooperativeSticky)
        );
        assert_eq!(Assignor::from_name("Range"), None);
    }
}
