//! Paints the network map's messages in flight (produce requests, acks,
//! fetches, fetch responses with their record count, offset commits) on the
//! canvas laid over the map, in the map's coordinates. The glyphs are the
//! visual language's (filled envelope = produce, white envelope with a green
//! flap = ack, dot = fetch request, box with a count = fetch response, diamond
//! = offset commit, red = about to be dropped on a cut link), in the theme's
//! colours, read from the stylesheet.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, CssStyleDeclaration, HtmlCanvasElement};

use super::network_map::{Flight, HEIGHT, WIDTH};

/// Clears the canvas and paints `flights` on it. Does nothing where the
/// browser offers no 2D canvas.
pub fn draw(canvas: &HtmlCanvasElement, flights: &[Flight]) {
    let Some(context) = context_2d(canvas) else {
        return;
    };
    fit_to_box(canvas);
    let scale = f64::from(canvas.width()) / WIDTH;
    context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).ok();
    context.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    if flights.is_empty() {
        return;
    }
    let Some(colours) = Colours::of(canvas) else {
        return;
    };
    context.set_line_width(1.0);
    context.set_text_align("center");
    context.set_font("8px sans-serif");
    for flight in flights {
        context
            .set_transform(scale, 0.0, 0.0, scale, flight.x * scale, flight.y * scale)
            .ok();
        glyph(&context, &colours, flight);
    }
}

fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()?
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()
}

/// Sizes the canvas's pixels to its box on screen (device pixels, so glyphs
/// stay sharp); the box has the map's proportions.
fn fit_to_box(canvas: &HtmlCanvasElement) {
    let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
    let width = (f64::from(canvas.client_width()) * ratio).round() as u32;
    let height = (width as f64 * HEIGHT / WIDTH).round() as u32;
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
}

/// The stylesheet's colours for the glyphs (they follow the light or dark theme).
struct Colours {
    ink: String,
    card: String,
    produce: String,
    fetch_response: String,
    ack: String,
    fetch: String,
    heartbeat: String,
    control: String,
    commit: String,
    doomed: String,
}

impl Colours {
    fn of(canvas: &HtmlCanvasElement) -> Option<Self> {
        let style: CssStyleDeclaration = gloo::utils::window()
            .get_computed_style(canvas)
            .ok()
            .flatten()?;
        let var = |name: &str| {
            style
                .get_property_value(name)
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        Some(Colours {
            ink: var("--ink"),
            card: var("--card"),
            produce: var("--c0"),
            fetch_response: var("--c1"),
            ack: var("--green"),
            fetch: var("--muted"),
            heartbeat: var("--grey"),
            control: var("--violet"),
            commit: var("--c4"),
            doomed: var("--red"),
        })
    }
}

/// One glyph, centred on the origin, in map units (as the SVG legend draws them).
fn glyph(context: &CanvasRenderingContext2d, colours: &Colours, flight: &Flight) {
    let fill = |normal: &str| {
        context.set_fill_style_str(if flight.doomed {
            &colours.doomed
        } else {
            normal
        })
    };
    match flight.glyph {
        "produce" | "ack" => {
            let (body, flap) = if flight.glyph == "produce" {
                (&colours.produce, &colours.card)
            } else {
                (&colours.card, &colours.ack)
            };
            fill(body);
            context.set_stroke_style_str(&colours.ink);
            context.fill_rect(-7.0, -5.0, 14.0, 10.0);
            context.stroke_rect(-7.0, -5.0, 14.0, 10.0);
            context.begin_path();
            context.move_to(-7.0, -5.0);
            context.line_to(0.0, 1.0);
            context.line_to(7.0, -5.0);
            context.set_stroke_style_str(flap);
            context.stroke();
        }
        "fetch-response" if flight.records > 0 => {
            fill(&colours.fetch_response);
            context.set_stroke_style_str(&colours.ink);
            context.fill_rect(-9.0, -5.0, 18.0, 10.0);
            context.stroke_rect(-9.0, -5.0, 18.0, 10.0);
            context.set_fill_style_str("#fff");
            context
                .fill_text(&flight.records.to_string(), 0.0, 3.0)
                .ok();
        }
        "commit" => {
            fill(&colours.commit);
            context.rotate(std::f64::consts::FRAC_PI_4).ok();
            context.set_stroke_style_str(&colours.ink);
            context.fill_rect(-4.0, -4.0, 8.0, 8.0);
            context.stroke_rect(-4.0, -4.0, 8.0, 8.0);
        }
        other => {
            fill(match other {
                "heartbeat" => &colours.heartbeat,
                "control" => &colours.control,
                "fetch-response" => &colours.fetch_response,
                _ => &colours.fetch,
            });
            context.begin_path();
            context.arc(0.0, 0.0, 3.5, 0.0, std::f64::consts::TAU).ok();
            context.fill();
        }
    }
}
