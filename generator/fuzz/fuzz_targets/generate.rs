//! Arbitrary bytes, read as a YAML spec and as a JSON spec, never make the generator panic.
//!
//! Like `tests/no_panic/`: a panic, an `Error::Emit` (the generator's own "generated code does
//! not parse") or an `Ok` whose code `syn` rejects is a crash. Run with `fuzz/run.sh`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for file in ["fuzz.yaml", "fuzz.json"] {
        match oagen::Config::new().generate_text(file, &text) {
            Ok(generated) => {
                if let Err(error) = syn::parse_file(&generated.code) {
                    panic!("{file}: Ok, but the generated code does not parse: {error}");
                }
            }
            Err(error @ oagen::Error::Emit { .. }) => panic!("{file}: {error}"),
            Err(_) => {}
        }
    }
});
