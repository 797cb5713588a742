//! Compiles the kiosk's Slint UI. Debug builds keep the element information
//! that UI tests need to find elements by their accessible labels.

fn main() {
    let debug = std::env::var("PROFILE").is_ok_and(|p| p == "debug");
    let config = slint_build::CompilerConfiguration::new().with_debug_info(debug);
    slint_build::compile_with_config("ui/app.slint", config).expect("the kiosk UI compiles");
}
