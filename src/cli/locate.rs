//! `catchment locate`: the generic location engine on plain demand and site tables.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use catchment::siting::tables::{
    read_costs, read_demand, read_sites, Coords, PointTable, TableError,
};
use catchment::siting::{
    project_local_m, solve, LocateError, Metric, Options, Outcome, Problem, Weighting,
};

use super::common::hinted;

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
    let metric: Metric = args
        .metric
        .parse()
        .map_err(|m: String| hinted(m, "pass --metric euclidean, euclidean-floor or haversine"))?;
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
    let problem = build_problem(&args, &demand, &sites, cost)?;
    let started = Instant::now();
    let outcome = solve(&problem, &Options::default()).map_err(locate_error)?;
    let runtime_s = started.elapsed().as_secs_f64();
    write_outputs(staging.staging(), &problem, &demand, &sites, &outcome)?;
    super::common::commit_out(staging)?;
    let summary = summary(&problem, &outcome, runtime_s, &out, note);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&summary);
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

/// The cost matrix and, when lon/lat were projected, a note saying so.
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
    if demand.coords != sites.coords {
        return Err(hinted(
            format!(
                "{} has {} coordinates but {} has {}",
                args.demand.display(),
                coords_name(demand.coords),
                args.sites.display(),
                coords_name(sites.coords)
            ),
            "give both tables x, y (metres) or both lon, lat (degrees)",
        ));
    }
    match (metric, demand.coords) {
        (Metric::Haversine, Coords::LonLat) => {
            Ok((metric.matrix(&demand.points, &sites.points), None))
        }
        (Metric::Haversine, _) => Err(hinted(
            "--metric haversine needs lon, lat columns",
            "use --metric euclidean for planar x, y",
        )),
        (_, Coords::LonLat) => {
            let all: Vec<[f64; 2]> = demand.points.iter().chain(&sites.points).copied().collect();
            let n = all.len() as f64;
            let origin = [
                all.iter().map(|p| p[0]).sum::<f64>() / n,
                all.iter().map(|p| p[1]).sum::<f64>() / n,
            ];
            let d = project_local_m(&demand.points, origin);
            let s = project_local_m(&sites.points, origin);
            let note =
                "lon/lat projected to local planar metres (equirectangular about the mean point)";
            Ok((metric.matrix(&d, &s), Some(note.to_string())))
        }
        _ => Ok((metric.matrix(&demand.points, &sites.points), None)),
    }
}

fn coords_name(c: Coords) -> &'static str {
    match c {
        Coords::Planar => "x, y",
        Coords::LonLat => "lon, lat",
        Coords::None => "no",
    }
}

fn build_problem(
    args: &Args,
    demand: &PointTable,
    sites: &PointTable,
    cost: Vec<f64>,
) -> anyhow::Result<Problem> {
    let weighting = if args.unweighted {
        Weighting::Unweighted
    } else {
        Weighting::DemandWeighted
    };
    let mut p = Problem::new(
        demand.ids.clone(),
        sites.ids.clone(),
        demand.demand.clone(),
        cost,
        weighting,
        args.p,
    );
    p.capacity = match args.capacity {
        Some(q) if !q.is_finite() || q < 0.0 => {
            return Err(hinted(
                format!("--capacity {q} is not a number ≥ 0"),
                "pass a capacity in demand units, e.g. --capacity 120",
            ))
        }
        Some(q) => Some(vec![q; sites.ids.len()]),
        None => sites.capacity.clone(),
    };
    p.fixed_cost = sites.fixed_cost.clone().unwrap_or_default();
    p.must_open = sites.must_open.clone().unwrap_or_default();
    if args.self_service {
        let index: std::collections::HashMap<&str, usize> = demand
            .ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        p.self_point = sites
            .ids
            .iter()
            .map(|s| index.get(s.as_str()).copied())
            .collect();
    }
    Ok(p)
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
    demand: &PointTable,
    sites: &PointTable,
    outcome: &Outcome,
) -> anyhow::Result<()> {
    let s = &outcome.solution;
    let m = p.n_sites();
    let mut load = vec![0.0; m];
    let mut served = vec![0usize; m];
    let mut assign_cost = vec![0.0; m];
    for (i, &j) in s.assignment.iter().enumerate() {
        load[j] += p.demand[i];
        served[j] += 1;
        assign_cost[j] += p.assign_cost(i, j);
    }
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
    for &j in &s.open {
        let (x, y) = sites
            .points
            .get(j)
            .map_or((String::new(), String::new()), |pt| {
                (fmt(pt[0]), fmt(pt[1]))
            });
        let cap = p.capacity.as_ref().map_or(String::new(), |c| fmt(c[j]));
        rows.push(vec![
            p.site_ids[j].clone(),
            x,
            y,
            served[j].to_string(),
            fmt(load[j]),
            cap,
            fmt(p.fixed(j)),
            fmt(assign_cost[j]),
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
    for (i, &j) in s.assignment.iter().enumerate() {
        rows.push(vec![
            demand.ids[i].clone(),
            p.site_ids[j].clone(),
            fmt(p.demand[i]),
            fmt(p.cost[i * m + j]),
            fmt(p.assign_cost(i, j)),
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
    let m = p.n_sites();
    let s = &o.solution;
    let total_demand = p.total_demand();
    let demand_distance: f64 = s
        .assignment
        .iter()
        .enumerate()
        .map(|(i, &j)| p.demand[i] * p.cost[i * m + j])
        .sum();
    let kind = match p.kind() {
        catchment::siting::Kind::PMedian => "p-median",
        catchment::siting::Kind::CapacitatedPMedian => "capacitated p-median (single-source)",
        catchment::siting::Kind::FacilityLocation => "facility location (single-source)",
    };
    serde_json::json!({
        "problem": kind,
        "weighted": p.weighting == Weighting::DemandWeighted,
        "demand_points": p.n_demand(),
        "candidate_sites": m,
        "p": p.p,
        "open_sites": s.open.iter().map(|&j| p.site_ids[j].clone()).collect::<Vec<_>>(),
        "objective": s.objective,
        "lower_bound": o.lower_bound,
        "gap": o.gap,
        "mean_cost_per_demand": if total_demand > 0.0 { demand_distance / total_demand } else { 0.0 },
        "method": o.method,
        "bound_method": o.bound_method,
        "runtime_s": runtime_s,
        "out": out.display().to_string(),
        "note": note,
    })
}

fn print_summary(v: &serde_json::Value) {
    println!(
        "problem:      {} ({} demand points, {} candidate sites)",
        v["problem"].as_str().unwrap_or(""),
        v["demand_points"],
        v["candidate_sites"]
    );
    println!(
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
    println!("objective:    {}", v["objective"]);
    println!(
        "lower bound:  {}  ({})",
        v["lower_bound"],
        v["bound_method"].as_str().unwrap_or("")
    );
    println!(
        "gap:          {:.4} %",
        v["gap"].as_f64().unwrap_or(0.0) * 100.0
    );
    println!(
        "mean cost per unit of demand: {}",
        v["mean_cost_per_demand"]
    );
    println!(
        "runtime:      {:.3} s ({})",
        v["runtime_s"].as_f64().unwrap_or(0.0),
        v["method"].as_str().unwrap_or("")
    );
    if let Some(note) = v["note"].as_str() {
        println!("note:         {note}");
    }
    println!(
        "wrote {}/open_sites.csv and assignment.csv",
        v["out"].as_str().unwrap_or("")
    );
}
