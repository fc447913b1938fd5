//! Maps and charts for publication (PNG and SVG, Chinese or English labels).
