//! Class and classroom arithmetic: classes needed per grade at the caps, and where they no longer fit.
