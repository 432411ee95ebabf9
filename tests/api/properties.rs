//! The state machine under random interleavings: requests, offers, Accept (twice, late,
//! by the wrong person), Decline, timeouts, withdrawals, reassignments, closes, roster
//! changes, pauses, purges and restarts, by several people. After every step and at the
//! end, the promises hold: one active assignment per request, offers only to available
//! supporters on the roster who did not ask, every owed message sent exactly once, and
//! nothing anyone typed stored.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use proptest::prelude::*;

use crate::helpers::*;

const HOUR: Duration = Duration::from_secs(3600);
/// People who ask; USUPN2 is a supporter too, and must never be offered their own request.
const REQUESTERS: [&str; 4] = ["UPROPA1", "UPROPB2", "UPROPC3", "USUPN2"];
const SUPPORTERS: [&str; 3] = ["USUPN1", "USUPN2", "USUPD1"];
const CANARY: &str = "prop-typed-canary-2718";

#[derive(Clone, Debug)]
enum Op {
    Submit { who: usize },
    Accept { pick: usize, wrong_person: bool, twice: bool },
    Decline { pick: usize },
    TimeOut,
    Withdraw { who: usize },
    Reassign { pick: usize },
    Close { pick: usize },
    Conversation { pick: usize },
    RemoveSupporter { who: usize },
    Rejoin { who: usize },
    Pause { who: usize, paused: bool },
    Purge,
    Restart,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..REQUESTERS.len()).prop_map(|who| Op::Submit { who }),
        4 => (0..8usize, any::<bool>(), any::<bool>())
            .prop_map(|(pick, wrong_person, twice)| Op::Accept { pick, wrong_person, twice }),
        2 => (0..8usize).prop_map(|pick| Op::Decline { pick }),
        2 => Just(Op::TimeOut),
        2 => (0..REQUESTERS.len()).prop_map(|who| Op::Withdraw { who }),
        1 => (0..8usize).prop_map(|pick| Op::Reassign { pick }),
        1 => (0..8usize).prop_map(|pick| Op::Close { pick }),
        2 => (0..8usize).prop_map(|pick| Op::Conversation { pick }),
        1 => (0..SUPPORTERS.len()).prop_map(|who| Op::RemoveSupporter { who }),
        1 => (0..SUPPORTERS.len()).prop_map(|who| Op::Rejoin { who }),
        1 => (0..SUPPORTERS.len(), any::<bool>()).prop_map(|(who, paused)| Op::Pause { who, paused }),
        1 => Just(Op::Purge),
        1 => Just(Op::Restart),
    ]
}

fn roster_line(supporter: &str) -> &'static str {
    ROSTER.lines().find(|l| l.starts_with(supporter)).expect("a roster line")
}

async fn ids(app: &TestApp, sql: &'static str) -> Vec<(i64, String)> {
    sqlx::query_as(sql).fetch_all(app.store().pool()).await.unwrap()
}

/// An offer as the check reads it: id, supporter, requester, and the supporter's availability.
type NewOffer = (i64, String, String, Option<String>, Option<i64>);

/// Offers made since `since`: each went to someone on the roster, available, who did
/// not ask for it.
async fn check_new_offers(app: &TestApp, since: &mut i64, offered: &mut BTreeMap<i64, String>) {
    let new: Vec<NewOffer> = sqlx::query_as(
        "SELECT o.id, o.supporter, r.requester, s.availability, s.paused_until_ms FROM offers o \
         JOIN requests r ON r.id = o.request_id LEFT JOIN supporters s ON s.slack_user_id = o.supporter \
         WHERE o.id > ? ORDER BY o.id",
    )
    .bind(*since)
    .fetch_all(app.store().pool())
    .await
    .unwrap();
    let now_ms = app.clock.now_ms();
    for (id, supporter, requester, availability, paused_until) in new {
        assert_ne!(supporter, requester, "offer {id} went to the person who asked");
        let available = match availability.as_deref() {
            Some("available") => true,
            Some("paused") => paused_until.is_some_and(|until| until <= now_ms),
            _ => false,
        };
        assert!(available, "offer {id} went to someone paused or off the roster");
        *since = (*since).max(id);
        offered.insert(id, supporter);
    }
}

async fn check_one_active_assignment(app: &TestApp) {
    let doubled = app
        .count("SELECT COUNT(*) FROM (SELECT request_id FROM assignments WHERE status = 'active' GROUP BY request_id HAVING COUNT(*) > 1)")
        .await;
    assert_eq!(doubled, 0, "a request has two active assignments");
}

async fn run(ops: Vec<Op>) {
    let mut app = spawn_app_with(|s| {
        s.retention.purge_closed_after = 24 * HOUR;
        s.follow_up.requester_after = vec![2 * HOUR];
    })
    .await;
    let coordinator = COORDINATORS[0];
    let mut last_offer = 0;
    let mut offered = BTreeMap::new();
    let mut requests = BTreeSet::new();
    for op in ops {
        let program = app.bot.program().clone();
        match op {
            Op::Submit { who } => {
                let reply = app.request_as_nurse(REQUESTERS[who], CANARY).await;
                assert_eq!(reply.status(), 200);
            }
            Op::Accept { pick, wrong_person, twice } => {
                let pending = ids(&app, "SELECT id, supporter FROM offers WHERE status = 'pending' ORDER BY id").await;
                if let Some((offer, supporter)) = pending.get(pick % pending.len().max(1)).cloned() {
                    let clicker = if wrong_person {
                        SUPPORTERS.iter().find(|s| **s != supporter).unwrap().to_string()
                    } else {
                        supporter
                    };
                    if twice {
                        let (a, b) = tokio::join!(
                            program.accept(OfferId(offer), &clicker),
                            program.accept(OfferId(offer), &clicker)
                        );
                        assert!(!(a.is_ok() && b.is_ok()), "two Accepts of one offer both won");
                    } else {
                        let result = program.accept(OfferId(offer), &clicker).await;
                        assert!(!(wrong_person && result.is_ok()), "the wrong person's Accept won");
                    }
                }
            }
            Op::Decline { pick } => {
                let pending = ids(&app, "SELECT id, supporter FROM offers WHERE status = 'pending' ORDER BY id").await;
                if let Some((offer, supporter)) = pending.get(pick % pending.len().max(1)) {
                    let _ = program.decline(OfferId(*offer), supporter).await;
                }
            }
            Op::TimeOut => {
                app.clock.advance(app.bot.settings().matching.offer_timeout + Duration::from_secs(1));
                app.run_due().await;
            }
            Op::Withdraw { who } => {
                if let Some(request) = app.store().open_request_of(REQUESTERS[who]).await.unwrap() {
                    let _ = program.withdraw(request.id, REQUESTERS[who]).await;
                }
            }
            Op::Reassign { pick } | Op::Close { pick } => {
                let open = ids(&app, "SELECT id, requester FROM requests WHERE status != 'closed' ORDER BY id").await;
                if let Some((request, _)) = open.get(pick % open.len().max(1)) {
                    let _ = match op {
                        Op::Reassign { .. } => program.coordinator_reassign(RequestId(*request), coordinator).await,
                        _ => program.coordinator_close(RequestId(*request), coordinator).await,
                    };
                }
            }
            Op::Conversation { pick } => {
                let active =
                    ids(&app, "SELECT id, supporter FROM assignments WHERE status = 'active' ORDER BY id").await;
                if let Some((assignment, supporter)) = active.get(pick % active.len().max(1)) {
                    let _ = program.conversation_happened(AssignmentId(*assignment), supporter).await;
                }
            }
            Op::RemoveSupporter { who } => {
                let _ = program.remove_supporter(SUPPORTERS[who], coordinator).await;
            }
            Op::Rejoin { who } => {
                let csv = format!("{}\n{}\n", ROSTER.lines().next().unwrap(), roster_line(SUPPORTERS[who]));
                app.import_roster(&csv).await;
            }
            Op::Pause { who, paused } => {
                let _ = program.set_availability(SUPPORTERS[who], SUPPORTERS[who], paused, None).await;
            }
            Op::Purge => {
                app.clock.advance(25 * HOUR);
                program.purge().await.unwrap();
            }
            Op::Restart => app = app.restart().await,
        }
        check_new_offers(&app, &mut last_offer, &mut offered).await;
        check_one_active_assignment(&app).await;
        for (id, _) in ids(&app, "SELECT id, requester FROM requests").await {
            requests.insert(id);
        }
    }

    // Let everything owed go out (retries included).
    for _ in 0..20 {
        app.clock.advance(Duration::from_secs(900));
        app.settle().await;
        if app.count("SELECT COUNT(*) FROM deliveries").await == 0 {
            break;
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM deliveries").await, 0, "an owed message was never sent");

    let posts: Vec<Call> =
        app.fake.calls().into_iter().filter(|c| c.method == "chat.postMessage" && c.args["_ok"] == true).collect();
    // Each offer was posted at most once, and one still pending was posted.
    let pending: BTreeSet<i64> = ids(&app, "SELECT id, supporter FROM offers WHERE status = 'pending'")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    for (offer, supporter) in &offered {
        let sent = posts
            .iter()
            .filter(|c| {
                c.to() == *supporter && c.button("Accept").is_some_and(|(_, value, _)| value == offer.to_string())
            })
            .count();
        assert!(sent <= 1, "offer {offer} was posted {sent} times");
        if pending.contains(offer) {
            assert_eq!(sent, 1, "pending offer {offer} was never posted");
        }
    }
    // Each coordinator got each live request's alert exactly once, and no request's twice.
    let live: BTreeSet<i64> = ids(&app, "SELECT id, requester FROM requests WHERE status != 'closed'")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    for request in &requests {
        for coordinator in COORDINATORS {
            let head = format!("Peer support request #{request} from");
            let sent = posts
                .iter()
                .filter(|c| c.to() == coordinator && c.args["text"].as_str().is_some_and(|t| t.starts_with(&head)))
                .count();
            assert!(sent <= 1, "request {request}'s alert reached {coordinator} {sent} times");
            if live.contains(request) {
                assert_eq!(sent, 1, "request {request}'s alert never reached {coordinator}");
            }
        }
    }
    // Nothing anyone typed is in the database files.
    app.store().checkpoint().await.unwrap();
    assert!(!contains(&app.db_bytes(), CANARY), "typed text reached the database");
}

proptest! {
    // Each case starts the real service; a few dozen cases keep CI within its budget.
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_interleavings_keep_every_promise(ops in prop::collection::vec(op(), 1..30)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(run(ops));
    }
}
