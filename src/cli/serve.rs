//! `catchment serve`: the zone editor in the browser (the library's `serve` module does the work).

use super::common::{hinted, open_project, parse_stage, print_line, resolve_options};
use catchment::options::Flags;
use catchment::serve::{api::App, http, Editor, EditorInput, ServeError, Start};
use catchment::zones::cells::DEFAULT_CELL_M;
use catchment::zones::Method;
use std::path::PathBuf;
use std::process::ExitCode;

/// Start a local web page to draft attendance zones by moving planning units between schools,
/// with live class counts, caps and distances; save drafts for `plan --zones DRAFT`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder; without it, the built-in Linxi sample.
    pub dir: Option<PathBuf>,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// School level: primary, junior or kindergarten.
    #[arg(long, default_value = "primary")]
    pub level: String,
    /// First draft: current (today's schools), nearest, capacitated or contiguous.
    #[arg(long, default_value = "capacitated")]
    pub start: String,
    /// Listen on this address instead of 127.0.0.1; a random token printed at start is then
    /// required on every request.
    #[arg(long)]
    pub host: Option<String>,
    /// Folder the drafts are saved in [default: DIR/out/drafts, or ./catchment-drafts for the
    /// built-in sample].
    #[arg(long)]
    pub drafts: Option<PathBuf>,
    /// For a project without planning units: side of the square demand cells the pupils are
    /// aggregated into, metres.
    #[arg(long, default_value_t = DEFAULT_CELL_M)]
    pub cell_m: f64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stage = parse_stage(&args.level)?;
    let start = Start::parse(&args.start).ok_or_else(|| {
        hinted(
            format!("--start '{}': unknown start point", args.start),
            "use current, nearest, capacitated or contiguous",
        )
    })?;
    let project = open_project(args.dir.as_deref())?;
    let options = resolve_options(&project, &Flags::default())?;
    let opts = options.zone_options(stage, Method::Capacitated);
    let editor = EditorInput::from_project(project, stage, args.cell_m)
        .and_then(|input| Editor::from_input(input, opts, start))
        .map_err(|e| {
            let hint = match &e {
                ServeError::Cells(_) => {
                    "add a units file (villages and communities), or give a larger --cell-m"
                }
                _ => "check the schools and units tables (`catchment check DIR`)",
            };
            hinted(e.to_string(), hint)
        })?;
    let drafts = args.drafts.unwrap_or_else(|| match &args.dir {
        Some(d) => d.join("out").join("drafts"),
        None => PathBuf::from("catchment-drafts"),
    });
    let (host, token) = match &args.host {
        Some(h) => (h.clone(), Some(http::random_token())),
        None => ("127.0.0.1".to_string(), None),
    };
    let listener = http::bind(&host, args.port, token).map_err(|e| {
        hinted(
            e.to_string(),
            "give another --port (0 picks a free one), or stop the other server",
        )
    })?;
    let mut app = App::new(editor, drafts.clone(), args.dir.clone());
    print_line(format!(
        "catchment serve: {} zones of {}, drafts saved in {}",
        stage,
        app.editor.input.name,
        drafts.display()
    ))?;
    if let Some(t) = &listener.token {
        print_line(format!("token: {t} (required on every request)"))?;
    }
    print_line(format!("open {}", listener.url()))?;
    listener.run(&mut app);
    Ok(ExitCode::SUCCESS)
}
