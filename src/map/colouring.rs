//! Zone colouring: neighbouring zones never share a colour.
//!
//! Adjacency: two zones are neighbours when they share a border, i.e. at least two distinct points
//! of one lie within `tol_m` of the other's edges (shared vertices or T-junctions). Touching at a
//! single point does not count, as in the four-colour theorem. The graph (petgraph) is coloured by
//! DSatur; among the colours a zone may take, the least used so far is chosen, so the palette is used
//! evenly. If that needs more colours than the palette has, plain DSatur (smallest colour) is used.

use geo::MultiPolygon;
use petgraph::graph::{NodeIndex, UnGraph};
use rstar::primitives::{GeomWithData, Line};
use rstar::RTree;
use std::collections::{BTreeMap, BTreeSet};

/// The zone adjacency graph: node `i` is zone `i`.
pub fn zone_adjacency(zones: &[MultiPolygon<f64>], tol_m: f64) -> UnGraph<(), ()> {
    let mut segments = Vec::new();
    for (z, mp) in zones.iter().enumerate() {
        for poly in &mp.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for l in ring.lines() {
                    let seg = Line::new([l.start.x, l.start.y], [l.end.x, l.end.y]);
                    segments.push(GeomWithData::new(seg, z));
                }
            }
        }
    }
    let tree = RTree::bulk_load(segments);
    let snap = |v: f64| (v / tol_m.max(1e-9)).round() as i64;
    let mut contacts: BTreeMap<(usize, usize), BTreeSet<(i64, i64)>> = BTreeMap::new();
    for (z, mp) in zones.iter().enumerate() {
        for poly in &mp.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for c in &ring.0 {
                    for seg in tree.locate_within_distance([c.x, c.y], tol_m * tol_m) {
                        if seg.data != z {
                            let key = (z.min(seg.data), z.max(seg.data));
                            contacts
                                .entry(key)
                                .or_default()
                                .insert((snap(c.x), snap(c.y)));
                        }
                    }
                }
            }
        }
    }
    let mut g = UnGraph::<(), ()>::with_capacity(zones.len(), contacts.len());
    for _ in zones {
        g.add_node(());
    }
    for ((a, b), pts) in contacts {
        if pts.len() >= 2 {
            g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
    }
    g
}

/// Colour classes (0-based) for the nodes so that no edge joins two equal classes, using at most
/// `palette` classes when DSatur can.
pub fn colour_graph(g: &UnGraph<(), ()>, palette: usize) -> Vec<usize> {
    if let Some(c) = dsatur(g, Some(palette.max(1))) {
        return c;
    }
    dsatur(g, None).unwrap_or_default()
}

/// DSatur. With `balanced = Some(k)`, pick the least-used allowed colour below `k` (fail if none);
/// with `None`, pick the smallest allowed colour (never fails).
fn dsatur(g: &UnGraph<(), ()>, balanced: Option<usize>) -> Option<Vec<usize>> {
    let n = g.node_count();
    let mut colour: Vec<Option<usize>> = vec![None; n];
    let mut used: Vec<usize> = Vec::new();
    for _ in 0..n {
        let v = next_vertex(g, &colour)?;
        let taken: BTreeSet<usize> = g
            .neighbors(NodeIndex::new(v))
            .filter_map(|u| colour[u.index()])
            .collect();
        let c = match balanced {
            Some(k) => (0..k)
                .filter(|c| !taken.contains(c))
                .min_by_key(|c| (used.get(*c).copied().unwrap_or(0), *c))?,
            None => (0..).find(|c| !taken.contains(c)).unwrap_or(0),
        };
        if used.len() <= c {
            used.resize(c + 1, 0);
        }
        used[c] += 1;
        colour[v] = Some(c);
    }
    Some(colour.into_iter().map(|c| c.unwrap_or(0)).collect())
}

/// The uncoloured vertex with the most distinct neighbour colours, then the highest degree, then
/// the lowest index.
fn next_vertex(g: &UnGraph<(), ()>, colour: &[Option<usize>]) -> Option<usize> {
    (0..g.node_count())
        .filter(|v| colour[*v].is_none())
        .max_by_key(|v| {
            let ns: Vec<NodeIndex> = g.neighbors(NodeIndex::new(*v)).collect();
            let sat: BTreeSet<usize> = ns.iter().filter_map(|u| colour[u.index()]).collect();
            (sat.len(), ns.len(), std::cmp::Reverse(*v))
        })
}

/// Colour classes for zones: [`zone_adjacency`] then [`colour_graph`].
pub fn colour_zones(zones: &[MultiPolygon<f64>], tol_m: f64, palette: usize) -> Vec<usize> {
    colour_graph(&zone_adjacency(zones, tol_m), palette)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s)],
        ])
    }

    #[test]
    fn grid_neighbours_differ_and_corners_do_not_count() {
        let zones: Vec<_> = (0..9)
            .map(|i| square((i % 3) as f64 * 10.0, (i / 3) as f64 * 10.0, 10.0))
            .collect();
        let g = zone_adjacency(&zones, 0.01);
        // A 3x3 grid has 12 shared edges; diagonal corner contacts are not edges.
        assert_eq!(g.edge_count(), 12);
        let c = colour_graph(&g, 8);
        for e in g.edge_indices() {
            let (a, b) = g.edge_endpoints(e).unwrap();
            assert_ne!(c[a.index()], c[b.index()]);
        }
    }

    #[test]
    fn t_junctions_count_as_shared_border() {
        // One tall zone on the left, two short ones on the right: the right zones' corners lie on
        // the middle of the left zone's edge, which has no vertex there.
        let left = square(0.0, 0.0, 20.0);
        let zones = vec![left, square(20.0, 0.0, 10.0), square(20.0, 10.0, 10.0)];
        let g = zone_adjacency(&zones, 0.01);
        assert_eq!(g.edge_count(), 3);
        let c = colour_graph(&g, 8);
        assert_eq!(c.iter().collect::<BTreeSet<_>>().len(), 3);
    }

    #[test]
    fn wheel_needs_four_colours_and_gets_a_proper_colouring_with_palette_three() {
        // K4 as a graph; with only 3 balanced colours DSatur falls back to plain DSatur.
        let mut g = UnGraph::<(), ()>::new_undirected();
        let n: Vec<_> = (0..4).map(|_| g.add_node(())).collect();
        for i in 0..4 {
            for j in i + 1..4 {
                g.add_edge(n[i], n[j], ());
            }
        }
        let c = colour_graph(&g, 3);
        assert_eq!(c.iter().collect::<BTreeSet<_>>().len(), 4);
    }
}
