//! `catchment locate`: the generic location engine on plain demand and site tables.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use catchment::io::locate_tables::{read_costs, read_demand, read_sites, PointTable, TableError};
use catchment::locate::build::{build_problem, cost_matrix, BuildError, BuildOptions};
use catchment::locate::results::{assignment_rows, mean_cost_per_demand, open_site_rows};
use catchment::locate::{
    solve, LocateError, Metric, Options, Outcome, Problem, UnknownMetric, Weighting,
};

use super::common::{hinted, print_line, print_out};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Demand table: id, x, y, demand (or lon, lat).
    #[arg(long)]
    pub demand: PathBuf,
    /// Site table: id, x, y, optional capacity, fixed_cost and existing (1 = must stay open).
    #[arg(long)]
    pub sites: PathBuf,
    /// Long-form cost matrix: demand_id, site_id, cost (spopt: DestinationName, name, distance).
    #[arg(long)]
    pub costs: Option<PathBuf>,
    /// Number of sites to open; without it, facility location (fixed + assignment cost).
    #[arg(long)]
    pub p: Option<usize>,
    /// Capacity of every site (overrides the sites table).
    #[arg(long)]
    pub capacity: Option<f64>,
    /// euclidean, euclidean-floor or haversine.
    #[arg(long, default_value = "euclidean")]
    pub metric: String,
    /// Output folder [default: ./locate_out]: new, empty or an earlier locate output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also replace an earlier output of another catchment command in --out.
    #[arg(long)]
    pub force: bool,
    /// Print a machine-readable summary to stdout.
    #[arg(long)]
    pub json: bool,
    /// Cost = distance, not demand × distance (OR-Library pmedcap convention); demand then only
    /// counts against capacity.
    #[arg(long)]
    pub unweighted: bool,
    /// An open site serves the demand point with the same id itself (pmedcap convention).
    #[arg(long)]
    pub self_service: bool,
    /// Id column of the demand table (default `id`).
    #[arg(long)]
    pub demand_id_column: Option<String>,
    /// Demand column of the demand table (default `demand`, `weight`, `students` or `population`).
    #[arg(long)]
    pub demand_column: Option<String>,
    /// Id column of the site table (default `id`).
    #[arg(long)]
    pub site_id_column: Option<String>,
}

/// Default output folder.
const DEFAULT_OUT: &str = "locate_out";

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let metric: Metric = args.metric.parse().map_err(|m: UnknownMetric| {
        hinted(
            m.to_string(),
            "pass --metric euclidean, euclidean-floor or haversine",
        )
    })?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
    let staging = super::common::out_dir(&out, "locate", None, args.force)?;
    let need_coords = args.costs.is_none();
    let demand = read_demand(
        &args.demand,
        args.demand_id_column.as_deref(),
        args.demand_column.as_deref(),
        need_coords,
    )
    .map_err(table_error)?;
    let sites = read_sites(&args.sites, args.site_id_column.as_deref(), need_coords)
        .map_err(table_error)?;
    let (cost, note) = costs(&args, metric, &demand, &sites)?;
    let problem =
        build_problem(&demand, &sites, cost, &build_options(&args)).map_err(build_error)?;
    let started = Instant::now();
    let outcome = solve(&problem, &Options::default()).map_err(locate_error)?;
    let runtime_s = started.elapsed().as_secs_f64();
    write_outputs(staging.staging(), &problem, &sites, &outcome)?;
    super::common::commit_out(staging)?;
    let summary = summary(&problem, &outcome, runtime_s, &out, note);
    if args.json {
        print_line(serde_json::to_string_pretty(&summary)?)?;
    } else {
        print_out(&summary_text(&summary))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn table_error(e: TableError) -> anyhow::Error {
    let hint = match &e {
        TableError::MissingColumn { .. } => {
            "rename the column, or name it with --demand-id-column / --demand-column / --site-id-column"
        }
        TableError::UnknownId { .. } | TableError::MissingCost { .. } => {
            "the cost matrix must list every (demand point, site) pair using the ids of the two tables"
        }
        TableError::DuplicateId { .. } => "give every row a distinct id",
        TableError::Read { .. } => "check the path",
        _ => "fix the value in the file and run again",
    };
    hinted(e.to_string(), hint)
}

fn locate_error(e: LocateError) -> anyhow::Error {
    let hint = match &e {
        LocateError::PCapacityShort { .. } | LocateError::CapacityShort { .. } => {
            "raise --capacity or --p, or add sites"
        }
        LocateError::PointTooLarge { .. } => "raise the capacity or split the demand point",
        LocateError::BadP { .. } => "choose --p between 1 and the number of sites",
        LocateError::TooManyMustOpen { .. } => "raise --p to at least the number of existing sites",
        _ => "check the input tables",
    };
    hinted(e.to_string(), hint)
}

/// The cost matrix (read, or computed from the coordinates) and, when lon/lat were projected, a
/// note saying so.
fn costs(
    args: &Args,
    metric: Metric,
    demand: &PointTable,
    sites: &PointTable,
) -> anyhow::Result<(Vec<f64>, Option<String>)> {
    if let Some(path) = &args.costs {
        return Ok((
            read_costs(path, &demand.ids, &sites.ids).map_err(table_error)?,
            None,
        ));
    }
    let (d, s) = (args.demand.display(), args.sites.display());
    cost_matrix(metric, demand, sites, &d.to_string(), &s.to_string()).map_err(build_error)
}

fn build_options(args: &Args) -> BuildOptions {
    BuildOptions {
        p: args.p,
        capacity: args.capacity,
        weighting: if args.unweighted {
            Weighting::Unweighted
        } else {
            Weighting::DemandWeighted
        },
        self_service: args.self_service,
    }
}

/// The binary's words for a build error: the flags it concerns, and what to do.
fn build_error(e: BuildError) -> anyhow::Error {
    match e {
        BuildError::CoordsDiffer { .. } => hinted(
            e.to_string(),
            "give both tables x, y (metres) or both lon, lat (degrees)",
        ),
        BuildError::HaversineNeedsLonLat => hinted(
            "--metric haversine needs lon, lat columns",
            "use --metric euclidean for planar x, y",
        ),
        BuildError::BadCapacity { value } => hinted(
            format!("--capacity {value} is not a number ≥ 0"),
            "pass a capacity in demand units, e.g. --capacity 120",
        ),
    }
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn write_outputs(
    out: &Path,
    p: &Problem,
    sites: &PointTable,
    outcome: &Outcome,
) -> anyhow::Result<()> {
    let mut rows = vec![vec![
        "site_id".into(),
        "x_or_lon".into(),
        "y_or_lat".into(),
        "points_served".into(),
        "demand_served".into(),
        "capacity".into(),
        "fixed_cost".into(),
        "assignment_cost".into(),
    ]];
    for r in open_site_rows(p, &sites.points, outcome) {
        let (x, y) = r.point.map_or((String::new(), String::new()), |pt| {
            (fmt(pt[0]), fmt(pt[1]))
        });
        rows.push(vec![
            r.site_id,
            x,
            y,
            r.points_served.to_string(),
            fmt(r.demand_served),
            r.capacity.map_or(String::new(), fmt),
            fmt(r.fixed_cost),
            fmt(r.assignment_cost),
        ]);
    }
    let open_path = out.join("open_sites.csv");
    catchment::io::write_csv_bom(&open_path, &rows)
        .with_context(|| format!("cannot write {}", open_path.display()))?;
    let mut rows = vec![vec![
        "demand_id".into(),
        "site_id".into(),
        "demand".into(),
        "cost".into(),
        "weighted_cost".into(),
    ]];
    for r in assignment_rows(p, outcome) {
        rows.push(vec![
            r.demand_id,
            r.site_id,
            fmt(r.demand),
            fmt(r.cost),
            fmt(r.weighted_cost),
        ]);
    }
    let assign_path = out.join("assignment.csv");
    catchment::io::write_csv_bom(&assign_path, &rows)
        .with_context(|| format!("cannot write {}", assign_path.display()))?;
    Ok(())
}

fn summary(
    p: &Problem,
    o: &Outcome,
    runtime_s: f64,
    out: &Path,
    note: Option<String>,
) -> serde_json::Value {
    let s = &o.solution;
    serde_json::json!({
        "problem": p.kind().describe(),
        "weighted": p.weighting == Weighting::DemandWeighted,
        "demand_points": p.n_demand(),
        "candidate_sites": p.n_sites(),
        "p": p.p,
        "open_sites": s.open.iter().map(|&j| p.site_ids[j].clone()).collect::<Vec<_>>(),
        "objective": s.objective,
        "lower_bound": o.lower_bound,
        "gap": o.gap,
        "mean_cost_per_demand": mean_cost_per_demand(p, o),
        "method": o.method,
        "bound_method": o.bound_method,
        "runtime_s": runtime_s,
        "out": out.display().to_string(),
        "note": note,
    })
}

/// The text summary of a run.
fn summary_text(v: &serde_json::Value) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "problem:      {} ({} demand points, {} candidate sites)",
        v["problem"].as_str().unwrap_or(""),
        v["demand_points"],
        v["candidate_sites"]
    );
    let _ = writeln!(
        s,
        "open sites:   {}",
        v["open_sites"]
            .as_array()
            .map(|a| a
                .iter()
                .filter_map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "))
            .unwrap_or_default()
    );
    let _ = writeln!(s, "objective:    {}", v["objective"]);
    let _ = writeln!(
        s,
        "lower bound:  {}  ({})",
        v["lower_bound"],
        v["bound_method"].as_str().unwrap_or("")
    );
    let _ = writeln!(
        s,
        "gap:          {:.4} %",
        v["gap"].as_f64().unwrap_or(0.0) * 100.0
    );
    let _ = writeln!(
        s,
        "mean cost per unit of demand: {}",
        v["mean_cost_per_demand"]
    );
    let _ = writeln!(
        s,
        "runtime:      {:.3} s ({})",
        v["runtime_s"].as_f64().unwrap_or(0.0),
        v["method"].as_str().unwrap_or("")
    );
    if let Some(note) = v["note"].as_str() {
        let _ = writeln!(s, "note:         {note}");
    }
    let _ = writeln!(
        s,
        "wrote {}/open_sites.csv and assignment.csv",
        v["out"].as_str().unwrap_or("")
    );
    s
}
