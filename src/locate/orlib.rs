//! Reader for the OR-Library capacitated p-median instances (Osman & Christofides `pmedcapNN.txt`),
//! with their convention: every node is a customer and a candidate median, a median serves its own
//! demand, and the objective is Σ floor(Euclidean distance), unweighted (demand only uses capacity).

use super::{Metric, Problem, Weighting};

/// A parsed instance and its published optimum.
#[derive(Debug, Clone)]
pub struct OrLibInstance {
    pub number: u32,
    pub best_known: f64,
    pub problem: Problem,
}

/// Why a pmedcap file cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OrLibError {
    #[error("line {line}: expected {expected}, found `{found}`")]
    Format {
        line: usize,
        expected: &'static str,
        found: String,
    },
    #[error("expected {expected} node lines, found {found}")]
    Count { expected: usize, found: usize },
}

fn numbers(
    line: &str,
    no: usize,
    want: usize,
    expected: &'static str,
) -> Result<Vec<f64>, OrLibError> {
    let v: Result<Vec<f64>, _> = line.split_whitespace().map(str::parse::<f64>).collect();
    match v {
        Ok(v) if v.len() >= want => Ok(v),
        _ => Err(OrLibError::Format {
            line: no,
            expected,
            found: line.trim().to_string(),
        }),
    }
}

/// Parse the text of a `pmedcapNN.txt` file.
pub fn parse_pmedcap(text: &str) -> Result<OrLibInstance, OrLibError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let mut next = |want, expected| match lines.next() {
        Some((k, l)) => numbers(l, k + 1, want, expected),
        None => Err(OrLibError::Format {
            line: 0,
            expected,
            found: "end of file".into(),
        }),
    };
    let head = next(2, "`instance_no best_known`")?;
    let dims = next(3, "`n p capacity`")?;
    let (n, p, cap) = (dims[0] as usize, dims[1] as usize, dims[2]);
    let mut xy = Vec::with_capacity(n);
    let mut demand = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    for k in 0..n {
        let v = next(4, "`id x y demand`").map_err(|e| match e {
            OrLibError::Format { line: 0, .. } => OrLibError::Count {
                expected: n,
                found: k,
            },
            e => e,
        })?;
        ids.push(format!("{}", v[0] as i64));
        xy.push([v[1], v[2]]);
        demand.push(v[3]);
    }
    let cost = Metric::EuclideanFloor.matrix(&xy, &xy);
    let mut problem = Problem::new(
        ids.clone(),
        ids,
        demand,
        cost,
        Weighting::Unweighted,
        Some(p),
    );
    problem.capacity = Some(vec![cap; n]);
    problem.self_point = (0..n).map(Some).collect();
    Ok(OrLibInstance {
        number: head[0] as u32,
        best_known: head[1],
        problem,
    })
}
