//! The `peer-support` command line. Everything it does lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use peer_support::app::{Application, shutdown_signal};
use peer_support::cli::{manifest, roster};
use peer_support::clock::Clock;
use peer_support::domain::calendar::Calendar;
use peer_support::domain::program::Program;
use peer_support::domain::report::Report;
use peer_support::settings::{Loaded, Settings, SettingsError};
use peer_support::store::Store;
use peer_support::telemetry;

#[derive(Parser)]
#[command(
    name = "peer-support",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("PEER_SUPPORT_COMMIT"), ")"),
    about = "A Slack bot that runs a hospital's peer support program."
)]
struct Cli {
    /// A TOML configuration file (environment variables PEER_SUPPORT__… override it).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot.
    Serve,
    /// Check the configuration and print it with secrets redacted.
    CheckConfig,
    /// Manage the supporters.
    Roster {
        #[command(subcommand)]
        action: RosterAction,
    },
    /// Print the Slack app manifest for this configuration.
    Manifest,
    /// Delete closed requests past the retention period now; print what was removed.
    Purge,
    /// Write a consistent copy of the database to FILE while the bot runs (owner-only;
    /// an existing FILE is never overwritten).
    Backup {
        /// Where the copy goes; it must not exist yet.
        file: std::path::PathBuf,
    },
    /// Run the real bot against a simulated workspace, with a page to act as each role.
    Demo {
        /// Where the page is served (this machine only).
        #[arg(long, default_value = "127.0.0.1:8025")]
        listen: std::net::SocketAddr,
    },
    /// Print a month's program counts (counts from 1 to 4 show as "fewer than 5").
    Report {
        /// The month, YYYY-MM (default: this month in the program's time zone).
        #[arg(long)]
        month: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Csv,
    Json,
}

#[derive(Subcommand)]
enum RosterAction {
    /// Add or update supporters from a CSV file (all rows or none).
    Import {
        /// The CSV file: a header naming its columns (only slack_user_id is required),
        /// then one supporter per row.
        file: PathBuf,
        /// Only check the file; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the roster.
    List,
    /// Print the roster as CSV, every column, for editing and `roster import`.
    Export,
    /// Remove a supporter who has left; their pending offers pass to the next candidate.
    Remove {
        /// The supporter's Slack member ID (U… or W…; in Slack, their profile's ⋮ menu,
        /// "Copy member ID").
        slack_user_id: String,
    },
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    telemetry::init();
    // A program's traffic needs few threads; on a big server the defaults (one worker per
    // core, 512 blocking threads) would only cost memory.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .max_blocking_threads(16)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("peer-support: could not start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli))
}

/// glibc gives each thread that allocates its own heap arena; with the runtime's
/// workers and SQLite's connection threads that multiplies resident memory for no gain
/// in a service this size. One arena keeps it small (its lock is not contended here).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    const M_ARENA_MAX: i32 = -8;
    // SAFETY: mallopt only sets an allocator tunable; it is called before any thread starts.
    unsafe {
        mallopt(M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

/// The settings, or every problem with them and exit 1.
fn load(cli: &Cli) -> Result<Loaded, ExitCode> {
    Settings::load_checked(cli.config.as_deref(), None).map_err(|e| {
        match e {
            SettingsError::Invalid(problems) => {
                eprintln!("peer-support: the configuration has problems:");
                for p in problems {
                    eprintln!("  - {p}");
                }
            }
            e => eprintln!("peer-support: {e}"),
        }
        ExitCode::FAILURE
    })
}

async fn open_store(settings: &Settings) -> Result<Store, ExitCode> {
    Store::open(&settings.database.url).await.map_err(|e| {
        eprintln!("peer-support: {e}");
        ExitCode::FAILURE
    })
}

async fn run(cli: Cli) -> ExitCode {
    let Loaded { settings, secrets, warnings } = match load(&cli) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    for warning in &warnings {
        eprintln!("peer-support: warning: {warning}");
    }
    let now_ms = Clock::system().now_ms();
    match &cli.command {
        Command::Serve => {
            if let Err(SettingsError::Invalid(problems)) = settings.validate() {
                eprintln!("peer-support cannot start yet. Please set:");
                for p in problems {
                    eprintln!("  - {p}");
                }
                eprintln!(
                    "\nCreate the Slack app from manifest/manifest.json (README, \"Setting up Slack\"), then put \
                     its tokens in a config file (--config FILE) or the variables above.\n\
                     To look around without Slack first, run: peer-support demo"
                );
                return ExitCode::from(2);
            }
            for p in settings.deploy_problems() {
                eprintln!("peer-support: warning: {p}");
            }
            let app = match Application::build(settings, Clock::system()).await {
                Ok(app) => app,
                Err(e) => {
                    eprintln!("peer-support: {e:#}");
                    return ExitCode::FAILURE;
                }
            };
            let stop = app.stop_handle();
            tokio::spawn(async move {
                shutdown_signal().await;
                stop.stop();
            });
            match app.run_until_stopped().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("peer-support: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::CheckConfig => {
            let mut problems = match settings.validate() {
                Ok(()) => Vec::new(),
                Err(SettingsError::Invalid(problems)) => problems,
                Err(e) => vec![e.to_string()],
            };
            problems.extend(settings.deploy_problems());
            let messages_dir = settings.program.messages_dir.as_str();
            problems.extend(peer_support::i18n::Catalog::problems(
                &settings.program.default_locale,
                (!messages_dir.is_empty()).then(|| std::path::Path::new(messages_dir)),
            ));
            println!("{}", settings.redacted_toml());
            println!("# Where each secret came from (never what it is):");
            for origin in &secrets {
                println!("#   {origin}");
            }
            if problems.is_empty() {
                eprintln!("configuration is valid");
                ExitCode::SUCCESS
            } else {
                eprintln!("configuration has problems:");
                for p in problems {
                    eprintln!("  - {p}");
                }
                ExitCode::FAILURE
            }
        }
        Command::Manifest => {
            println!("{}", serde_json::to_string_pretty(&manifest::manifest(&settings)).expect("JSON"));
            ExitCode::SUCCESS
        }
        Command::Roster { action } => roster_command(action, &settings, now_ms).await,
        Command::Demo { listen } => match peer_support::demo::run(*listen).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("peer-support demo: {e:#}");
                ExitCode::FAILURE
            }
        },
        Command::Report { month, format } => {
            let month = match month {
                Some(m) if chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok() => m.clone(),
                Some(m) => {
                    eprintln!("peer-support: --month {m:?} is not a month like 2026-11");
                    return ExitCode::from(2);
                }
                None => match settings.parse_calendar() {
                    Ok(cal) => chrono::Utc::now().with_timezone(&cal.timezone).format("%Y-%m").to_string(),
                    Err(e) => {
                        eprintln!("peer-support: {e}");
                        return ExitCode::from(2);
                    }
                },
            };
            let store = match open_store(&settings).await {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.counts_for_month(&month).await {
                Ok(counts) => {
                    let report = Report::from_counts(&month, &counts);
                    match format {
                        ReportFormat::Text => print!("{}", report.to_text()),
                        ReportFormat::Csv => print!("{}", report.to_csv()),
                        ReportFormat::Json => {
                            println!("{}", serde_json::to_string_pretty(&report.to_json()).expect("JSON"))
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("peer-support: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Backup { file } => {
            if file.exists() {
                eprintln!(
                    "peer-support: {} already exists; nothing was written. Choose a new file name.",
                    file.display()
                );
                return ExitCode::FAILURE;
            }
            let store = match open_store(&settings).await {
                Ok(s) => s,
                Err(code) => return code,
            };
            match store.backup_to(file).await {
                Ok(()) => {
                    println!("backed up to {} (owner-only)", file.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("peer-support: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Purge => {
            let store = match open_store(&settings).await {
                Ok(s) => s,
                Err(code) => return code,
            };
            // The same rule the running bot applies: its edits of Slack messages are
            // queued, and a running (or the next started) bot sends them.
            let calendar = match settings.parse_calendar() {
                Ok(c) => Calendar::new(c, settings.sla.business_hours_only),
                Err(e) => {
                    eprintln!("peer-support: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let retention = settings.retention.purge_closed_after;
            let program = Program::new(store, std::sync::Arc::new(settings), calendar, Clock::system());
            match program.purge().await {
                Ok(p) => {
                    println!(
                        "purged {} closed request(s) older than {}: {} offer(s), {} assignment(s), {} unused feedback question(s)",
                        p.requests,
                        humantime::format_duration(retention),
                        p.offers,
                        p.assignments,
                        p.feedback_tokens
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("peer-support: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

async fn roster_command(action: &RosterAction, settings: &Settings, now_ms: i64) -> ExitCode {
    match action {
        RosterAction::Import { file, dry_run } => {
            let entries = match roster::read_roster(file, &settings.program.interests) {
                Ok(entries) => entries,
                Err(roster::RosterError::BadRows(bad)) => {
                    eprintln!("{}: {} row(s) need fixing; nothing was changed:", file.display(), bad.len());
                    for row in bad {
                        eprintln!("  line {}: {}", row.line, row.reasons.join("; "));
                    }
                    return ExitCode::FAILURE;
                }
                Err(e) => {
                    eprintln!("{}: {e}; nothing was changed", file.display());
                    return ExitCode::FAILURE;
                }
            };
            if *dry_run {
                println!("{}: all {} row(s) are valid (dry run: nothing was changed)", file.display(), entries.len());
                return ExitCode::SUCCESS;
            }
            let store = match open_store(settings).await {
                Ok(s) => s,
                Err(code) => return code,
            };
            match roster::import(&store, &entries, now_ms, settings.follow_up.supporter_check_in).await {
                Ok(counts) => {
                    println!("roster imported: {} added, {} updated", counts.added, counts.updated);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("peer-support: could not import the roster ({e}); nothing was changed");
                    ExitCode::FAILURE
                }
            }
        }
        RosterAction::List => match open_store(settings).await {
            Ok(store) => match store.list_supporters().await {
                Ok(list) => {
                    print!("{}", roster::format_roster(&list, now_ms));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("peer-support: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(code) => code,
        },
        RosterAction::Export => match open_store(settings).await {
            Ok(store) => match store.list_supporters().await {
                Ok(list) => {
                    print!("{}", roster::export_roster(&list));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("peer-support: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(code) => code,
        },
        RosterAction::Remove { slack_user_id } => match open_store(settings).await {
            Ok(store) => match roster::remove(&store, slack_user_id, now_ms).await {
                Ok(r) if r.removed => {
                    println!(
                        "removed {slack_user_id}: {} pending offer(s) will pass to the next candidate; {} active assignment(s) for a coordinator to reassign",
                        r.offers_passed_on, r.active_assignments
                    );
                    ExitCode::SUCCESS
                }
                Ok(_) => {
                    eprintln!("{slack_user_id} is not on the roster");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("peer-support: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(code) => code,
        },
    }
}
