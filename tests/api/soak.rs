//! The crash soak, shorter, against the debug binary: killed with SIGKILL at random
//! moments under load, the bot still sends everything it owes, and nothing twice outside
//! the crash window. `cargo bench --bench soak` runs it longer on the release build.

#[path = "../../bench/soak.rs"]
#[allow(dead_code)]
mod soak_bench;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_random_moments_the_bot_loses_nothing_it_owes() {
    peer_support::app::install_crypto_provider();
    let report = soak_bench::run_soak(6).await;
    assert_eq!(report["lost"], 0);
    assert!(report["owed"].as_u64().unwrap() > 50, "the soak did real work: {report}");
    assert!(report["requests"].as_u64().unwrap() > 10);
}
