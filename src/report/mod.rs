//! The planning report: HTML, Excel and GIS layers assembled from the engines' results.
